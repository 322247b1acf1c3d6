import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { PaymentsChangedEvent } from '@bayrecon/common';
import { readNetworkMap } from '../../network/client/network-map';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance, apiCli, startApis } from '../support/api-instance';
import { hkCreditorSide, newUetr, submitSides, szDebtorSide, szHkChannel } from '../support/payments';
import { endOfDayReport, getJson, ProjectionStatusBody, uniqueSettlementDate, waitFor, waitForBlock } from '../support/read-side';

interface PaymentView {
  uetr: string; corridor: string; status: string; differingFields: string[]; breakSince: string | null; breakAgeHours: number | null;
  lastTransactionId: string; lastBlockNumber: number;
}
interface Page { items: PaymentView[]; nextCursor: string | null }
interface PaymentEvent { uetr: string; status: string; previousStatus: string | null; transactionId: string; blockNumber: number }
interface ErrorBody { error: { status: number; code: string; problems: { path?: string; reason: string }[] } }

/**
 * The read side over HTTP: real API processes of SZBank, MOBank, the HKMA (a regulator of the SZ-HK pair) and the
 * AMCM (Macau's, which is not) on the running network, payments written straight through the gateway (as SZBank
 * and HKBank), then read back from each instance's projection.
 */
describe('API read side: projection, queries and the regulator\'s reports', function () {
  this.timeout(300_000);
  const date = uniqueSettlementDate();
  const [matched, discrepancy, pending] = [newUetr(), newUetr(), newUetr()];
  let sz: OrgConnection;
  let hk: OrgConnection;
  let szApi: ApiInstance;
  let moApi: ApiInstance;
  let regulatorApi: ApiInstance;
  let amcmApi: ApiInstance;
  const submitted: PaymentsChangedEvent[] = [];

  const listed = async (api: ApiInstance, query: string): Promise<Page> => {
    const { status, body } = await getJson<Page>(api, `/payments?${query}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  };
  const uetrsOf = (page: Page) => page.items.map((item) => item.uetr).sort();

  before(async () => {
    sz = connectAs('SZBank');
    hk = connectAs('HKBank');
    [szApi, moApi, regulatorApi, amcmApi] = await startApis([
      ['SZBank', { port: 3201 }], ['MOBank', { port: 3203 }], ['HKMA', { port: 3205 }], ['AMCM', { port: 3206 }],
    ]);
    const at = { interbankSettlementDate: date };
    submitted.push(await submitSides(sz, [szDebtorSide(matched, at), szDebtorSide(discrepancy, at), szDebtorSide(pending, at)]));
    submitted.push(await submitSides(hk, [hkCreditorSide(matched, at),
      hkCreditorSide(discrepancy, { ...at, interbankSettlementAmount: { amount: '125000.00', currency: 'HKD' } })]));
    // Both transactions: the first alone already lists three payments.
    await waitFor('SZBank\'s projection to show the day\'s three payments after HKBank\'s sides', async () => {
      const items = (await listed(szApi, `settlementDate=${date}`)).items;
      const afterHkBank = items.filter((item) => item.lastTransactionId === submitted[1].txId);
      return items.length === 3 && afterHkBank.length === 2 ? true : undefined;
    });
  });

  after(async () => {
    await Promise.all([szApi, moApi, regulatorApi, amcmApi].filter(Boolean).map((api) => api.dispose()));
    sz?.close();
    hk?.close();
  });

  it('a bank lists its payments by status, corridor, counterparty and settlement date, with break ages', async () => {
    const all = await listed(szApi, `settlementDate=${date}`);
    assert.deepEqual(uetrsOf(all), [matched, discrepancy, pending].sort());
    const byUetr = new Map(all.items.map((item) => [item.uetr, item]));
    assert.equal(byUetr.get(matched)?.status, 'MATCHED');
    assert.equal(byUetr.get(matched)?.breakSince, null);
    assert.equal(byUetr.get(discrepancy)?.status, 'DISCREPANCY');
    assert.deepEqual(byUetr.get(discrepancy)?.differingFields, ['interbankSettlementAmount']);
    assert.equal(byUetr.get(pending)?.status, 'PENDING_COUNTERPARTY');
    assert.equal(byUetr.get(matched)?.lastTransactionId, submitted[1].txId);

    assert.deepEqual(uetrsOf(await listed(szApi, `settlementDate=${date}&status=MATCHED`)), [matched]);
    assert.deepEqual(uetrsOf(await listed(szApi, `settlementDate=${date}&status=DISCREPANCY,PENDING_COUNTERPARTY`)), [discrepancy, pending].sort());
    assert.equal((await listed(szApi, `settlementDate=${date}&corridor=SZ->HK&counterparty=HKBank`)).items.length, 3);
    assert.equal((await listed(szApi, `settlementDate=${date}&corridor=HK->SZ`)).items.length, 0);
    assert.equal((await listed(szApi, `settlementDate=${date}&counterparty=MOBankMSP`)).items.length, 0);

    const breaks = await getJson<Page>(szApi, `/breaks?settlementDate=${date}`);
    assert.equal(breaks.status, 200);
    assert.deepEqual(uetrsOf(breaks.body), [discrepancy, pending].sort());
    for (const item of breaks.body.items) {
      assert.ok(item.breakSince !== null && item.breakAgeHours !== null && item.breakAgeHours >= 0 && item.breakAgeHours < 1, JSON.stringify(item));
    }
    assert.equal((await getJson<Page>(szApi, `/breaks?settlementDate=${date}&minBreakAgeHours=1`)).body.items.length, 0, 'these breaks are minutes old');
  });

  it('pages with a keyset cursor: every payment once, in a stable order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await listed(szApi, `settlementDate=${date}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 1);
      seen.push(...page.items.map((item) => item.uetr));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    assert.equal(seen.length, 3);
    assert.deepEqual([...seen].sort(), [matched, discrepancy, pending].sort());
    const onePage = await listed(szApi, `settlementDate=${date}&limit=1000`);
    assert.deepEqual(onePage.items.map((item) => item.uetr), seen, 'the pages concatenate to the one-page listing');
    assert.equal(onePage.nextCursor, null);
  });

  it('refuses invalid query parameters with 400 and a reason per parameter', async () => {
    const { status, body } = await getJson<ErrorBody>(szApi, '/payments?limit=1001&status=PAID&corridor=SZ-HK&settlementDate=2026-13-01&counterparty=not-an-org&minBreakAgeHours=-1&cursor=!&colour=red');
    assert.equal(status, 400);
    assert.equal(body.error.code, 'INVALID_INPUT');
    const paths = new Set(body.error.problems.map((problem) => problem.path));
    for (const name of ['limit', 'status', 'corridor', 'settlementDate', 'counterparty', 'minBreakAgeHours', 'cursor', 'colour']) {
      assert.ok(paths.has(name), `no problem reported for ${name}: ${JSON.stringify(body.error.problems)}`);
    }
    const notABreak = await getJson<ErrorBody>(szApi, '/breaks?status=MATCHED');
    assert.equal(notABreak.status, 400);
    assert.match(notABreak.body.error.problems[0].reason, /MATCHED is not a break status/);
    const badCursor = await getJson<ErrorBody>(szApi, '/payments?cursor=bm90LWEtY3Vyc29y');
    assert.equal(badCursor.status, 400);
  });

  it('needs a key of the instance', async () => {
    assert.equal((await fetch(`${szApi.url}/payments`)).status, 401);
    assert.equal((await fetch(`${szApi.url}/payments`, { headers: moApi.headers('viewer') })).status, 401);
  });

  it('MOBank\'s and the AMCM\'s instances follow no channel of the SZ-HK pair and hold or list none of its payments', async () => {
    const channel = szHkChannel();
    assert.ok((await getJson<ProjectionStatusBody>(szApi, '/projection/status')).body.channels[channel] !== undefined, `SZBank's projection follows ${channel}`);
    for (const outsider of [moApi, amcmApi]) {
      const { body: status } = await getJson<ProjectionStatusBody>(outsider, '/projection/status');
      assert.ok(status.channels[channel] === undefined, `${outsider.org}'s projection follows ${channel}: ${JSON.stringify(Object.keys(status.channels))}`);
      assert.equal((await listed(outsider, `settlementDate=${date}`)).items.length, 0);
      assert.equal((await listed(outsider, 'corridor=SZ->HK&limit=1000')).items.length, 0);
      assert.equal((await getJson<ErrorBody>(outsider, `/payments/${matched}/events`)).status, 404);
      assert.equal((await getJson<ErrorBody>(outsider, `/payments/${matched}`)).status, 404);
    }
    const flows = await getJson<{ flows: unknown[] }>(amcmApi, `/regulator/flows?from=${date}&to=${date}`);
    assert.deepEqual([flows.status, flows.body.flows], [200, []], 'the AMCM reports no flow of the SZ-HK corridor');
  });

  it('the regulator sees the day\'s flows and the ageing of its breaks per corridor', async () => {
    await waitFor('the regulator\'s projection to show the day\'s payments', async () =>
      ((await listed(regulatorApi, `settlementDate=${date}`)).items.length === 3 ? true : undefined));
    const flows = await getJson<{ flows: { corridor: string; settlementDate: string; payments: number; matched: number; breaks: Record<string, number> }[] }>(
      regulatorApi, `/regulator/flows?from=${date}&to=${date}`);
    assert.equal(flows.status, 200);
    assert.deepEqual(flows.body.flows, [{
      corridor: 'SZ->HK', settlementDate: date, payments: 3, matched: 1, matchedWithinTolerance: 0, resolved: 0,
      breaks: { total: 2, PENDING_COUNTERPARTY: 1, DISCREPANCY: 1, UNMATCHED: 0 },
    }]);
    assert.equal((await getJson<ErrorBody>(regulatorApi, '/regulator/flows?from=2031-02-02&to=2031-01-01')).status, 400);

    const ageing = await getJson<{ buckets: string[]; corridors: { corridor: string; total: number; buckets: Record<string, number> }[] }>(regulatorApi, '/regulator/breaks/ageing');
    assert.equal(ageing.status, 200);
    assert.deepEqual(ageing.body.buckets, ['<1h', '1-4h', '4-24h', '>24h']);
    const szHk = ageing.body.corridors.find((row) => row.corridor === 'SZ->HK');
    assert.ok(szHk !== undefined && szHk.buckets['<1h'] >= 2, JSON.stringify(szHk));
    assert.equal(Object.values(szHk.buckets).reduce((sum, count) => sum + count, 0), szHk.total);
  });

  it('the regulator reads a payment\'s full history from the ledger', async () => {
    const { status, body } = await getJson<{ uetr: string; versions: { txId: string; record: { status: string } }[] }>(
      regulatorApi, `/regulator/payments/${discrepancy}/history`);
    assert.equal(status, 200);
    assert.deepEqual(body.versions.map((version) => version.txId).sort(), [submitted[0].txId, submitted[1].txId].sort());
    assert.deepEqual(body.versions.map((version) => version.record.status).sort(), ['DISCREPANCY', 'PENDING_COUNTERPARTY']);
    assert.equal((await getJson<ErrorBody>(regulatorApi, `/regulator/payments/${newUetr()}/history`)).status, 404);
    assert.equal((await getJson<ErrorBody>(regulatorApi, '/regulator/payments/not-a-uetr/history')).status, 400);
  });

  it('the end-of-day report lists every UETR of the day with its status, block and transaction, in JSON and CSV', async () => {
    const json = await getJson<{ settlementDate: string; totals: { payments: number }; payments: { uetr: string; status: string; blockNumber: number; transactionId: string }[] }>(
      regulatorApi, `/regulator/reports/end-of-day?date=${date}&corridor=SZ->HK`);
    assert.equal(json.status, 200);
    assert.equal(json.body.totals.payments, 3);
    assert.deepEqual(json.body.payments.map((line) => line.uetr), [matched, discrepancy, pending].sort());
    const { body: events } = await getJson<PaymentEvent[]>(regulatorApi, `/payments/${matched}/events`);
    const last = events[events.length - 1];
    const line = json.body.payments.find((row) => row.uetr === matched);
    assert.deepEqual(line && [line.status, line.transactionId, line.blockNumber], ['MATCHED', submitted[1].txId, last.blockNumber]);

    const byAccept = await fetch(`${regulatorApi.url}/regulator/reports/end-of-day?date=${date}&corridor=SZ->HK`, { headers: { ...regulatorApi.headers('viewer'), accept: 'text/csv' } });
    const byFormat = await fetch(`${regulatorApi.url}/regulator/reports/end-of-day?date=${date}&corridor=SZ->HK&format=csv`, { headers: regulatorApi.headers('viewer') });
    assert.match(byAccept.headers.get('content-type') ?? '', /^text\/csv/);
    const csv = await byAccept.text();
    assert.equal(await byFormat.text(), csv);
    const rows = csv.trimEnd().split('\r\n');
    assert.equal(rows.length, 4);
    assert.match(rows[0], /^settlement_date,corridor,uetr,.*,status,.*,block_number,transaction_id$/);
    assert.ok(rows.some((row) => row.includes(matched) && row.endsWith(`,${last.blockNumber},${submitted[1].txId}`)), csv);
    assert.equal((await getJson<ErrorBody>(regulatorApi, '/regulator/reports/end-of-day')).status, 400, 'the date is required');
  });

  it('the regulator\'s instance has no write route, and a bank\'s instance no regulator route', async () => {
    for (const [method, path] of [['POST', '/payments'], ['POST', '/payments/xml'], ['POST', '/documents/anchors'], ['PUT', '/payments'], ['DELETE', '/payments']]) {
      const response = await fetch(`${regulatorApi.url}${path}`, { method, headers: { ...regulatorApi.headers('submitter'), 'content-type': 'application/json' }, body: '{}' });
      assert.equal(response.status, 404, `${method} ${path}`);
    }
    assert.equal((await getJson<ErrorBody>(szApi, '/regulator/flows')).status, 404);
  });

  it('reads through blocks without events of bayrecon, so a caught-up projection reports no lag', async () => {
    // A heartbeat (on the consortium channel) writes state and emits no event: its block moves no checkpoint.
    const { commit: { blockNumber } } = await sz.heartbeats().beat();
    const consortium = readNetworkMap().consortiumChannel;
    const status = await waitFor('SZBank\'s projection to read the heartbeat\'s block', async () => {
      const { body } = await getJson<ProjectionStatusBody>(szApi, '/projection/status');
      const channel = body.channels[consortium];
      return (channel.readThroughBlock ?? -1) >= Number(blockNumber) ? channel : undefined;
    });
    assert.ok((status.checkpoint.blockNumber ?? -1) < Number(blockNumber), 'the heartbeat\'s block carries no event of bayrecon');
    await waitFor('SZBank\'s projection to report no lag on any channel', async () => {
      const { body } = await getJson<ProjectionStatusBody>(szApi, '/projection/status');
      return body.lagBlocks === 0 && Object.values(body.channels).every((channel) => channel.lagBlocks === 0) ? true : undefined;
    });
  });

  it('resumes after a restart without applying anything twice, catching up on what committed while it was down', async () => {
    const before = new Map<string, PaymentEvent[]>();
    for (const uetr of [matched, discrepancy, pending]) before.set(uetr, (await getJson<PaymentEvent[]>(szApi, `/payments/${uetr}/events`)).body);
    szApi.kill();
    const late = newUetr();
    const whileDown = await submitSides(sz, [szDebtorSide(late, { interbankSettlementDate: date })]);
    await submitSides(hk, [hkCreditorSide(pending, { interbankSettlementDate: date })]);
    await szApi.restart();
    await waitFor('the restarted projection to catch up', async () => {
      const events = (await getJson<PaymentEvent[]>(szApi, `/payments/${pending}/events`)).body;
      return Array.isArray(events) && events.length === 2 ? true : undefined;
    });
    for (const uetr of [matched, discrepancy]) {
      assert.deepEqual((await getJson<PaymentEvent[]>(szApi, `/payments/${uetr}/events`)).body, before.get(uetr), `events of ${uetr} changed`);
    }
    const pendingEvents = (await getJson<PaymentEvent[]>(szApi, `/payments/${pending}/events`)).body;
    assert.deepEqual(pendingEvents.map((event) => [event.previousStatus, event.status]), [[null, 'PENDING_COUNTERPARTY'], ['PENDING_COUNTERPARTY', 'MATCHED']]);
    const lateEvents = (await getJson<PaymentEvent[]>(szApi, `/payments/${late}/events`)).body;
    assert.deepEqual(lateEvents.map((event) => event.transactionId), [whileDown.txId]);
  });

  it('a rebuild from the genesis block gives a byte-identical end-of-day report', async () => {
    const report = (format: 'csv' | 'json') => endOfDayReport(regulatorApi, date, format);
    const { body: pendingEvents } = await getJson<PaymentEvent[]>(szApi, `/payments/${pending}/events`);
    await waitForBlock(regulatorApi, szHkChannel(), Math.max(...pendingEvents.map((event) => event.blockNumber)));
    const [csvBefore, jsonBefore] = [await report('csv'), await report('json')];
    assert.equal(csvBefore.trimEnd().split('\r\n').length, 5, csvBefore);
    const { body: status } = await getJson<ProjectionStatusBody>(regulatorApi, '/projection/status');
    await regulatorApi.stop();
    assert.match(apiCli(regulatorApi.env, ['rebuild-projection']), /replays from the genesis block/);
    // What the restarted instance serves must come from the replay: the wipe left no row and no checkpoint.
    const database = new Database(regulatorApi.env.SQLITE_PATH, { readonly: true });
    try {
      const count = (table: string): number => (database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      assert.deepEqual([count('payments'), count('payment_events')], [0, 0], 'the rebuild wiped the projected payments');
      const checkpoints = database.prepare('SELECT block_number AS blockNumber, transaction_id AS transactionId FROM projection_checkpoints').all();
      assert.ok(checkpoints.length > 0, 'the instance had checkpoints to reset');
      assert.deepEqual([...new Set(checkpoints.map((row) => JSON.stringify(row)))], [JSON.stringify({ blockNumber: null, transactionId: null })],
        'the rebuild reset every channel\'s checkpoint');
    } finally {
      database.close();
    }
    await regulatorApi.restart();
    for (const [channel, { checkpoint }] of Object.entries(status.channels)) {
      if (checkpoint.blockNumber !== null) await waitForBlock(regulatorApi, channel, checkpoint.blockNumber);
    }
    assert.equal(await report('csv'), csvBefore);
    assert.equal(await report('json'), jsonBefore);
  });
});
