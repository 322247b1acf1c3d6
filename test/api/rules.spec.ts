import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { ApiInstance, startApi } from '../support/api-instance';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const PAIR = 'HKBank-SZBank';
const usd = (amount: string) => ({ amount, currency: 'USD' });
const SENT = '482731.66';

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Calls an instance with its submitter key (or viewer key). */
async function call(api: ApiInstance, method: string, route: string, json?: unknown, role: 'submitter' | 'viewer' = 'submitter'): Promise<Answer> {
  const response = await fetch(`${api.url}${route}`, {
    method, headers: { ...api.headers(role), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

/** Polls until `check` holds, for at most a minute. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A weekday of 2025 that no earlier run of this suite is likely to have used, so the dry run sees this run's payments. */
function freshWeekday(): string {
  for (;;) {
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(Math.random() * 365) * 86_400_000);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day.toISOString().slice(0, 10);
  }
}

/** The pair's USD rules of a version: `below` less and nothing more, equal value dates. */
function usdRules(version: number, below: string): Record<string, unknown> {
  return {
    pair: [HK, SZ], version, calendars: ['CN-2026.1', 'HK-2026.1'],
    currencies: { USD: { amount: { above: { absolute: '0' }, below: { absolute: below } }, charges: { deductibleUnder: [] }, valueDate: { businessDaysBefore: 0, businessDaysAfter: 0 } } },
  };
}

describe('API: matching rules over HTTP (real API processes on the network)', function () {
  this.timeout(300_000);
  this.bail(true);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let hkma: ApiInstance;
  let mo: ApiInstance;
  let version: number;
  const date = freshWeekday();
  const uetrs = { exact: randomUUID(), within: randomUUID(), over: randomUUID(), far: randomUUID() };

  function side(uetr: string, name: 'DEBTOR_AGENT' | 'CREDITOR_AGENT', amount = SENT): Record<string, unknown> {
    return {
      uetr, side: name, counterpartyOrg: name === 'DEBTOR_AGENT' ? HK : SZ, messageType: 'pacs.008', endToEndId: `E2E-${uetr.slice(0, 8)}`,
      instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: 'HKBKHKHHXXX', debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: 'HKBKHKHHXXX',
      interbankSettlementAmount: usd(amount), interbankSettlementDate: date, chargeBearer: 'SHAR', debtorName: 'Shenzhen Precision Parts Co Ltd',
    };
  }

  /** The payment's status in an instance's projection, once it has one with both sides in. */
  async function projectedStatus(api: ApiInstance, uetr: string): Promise<string> {
    let status = '';
    await eventually(`${uetr} in ${api.org}'s projection`, async () => {
      const answer = await call(api, 'GET', `/payments/${uetr}/events`, undefined, 'viewer');
      const last = answer.status === 200 ? answer.body.at(-1) : undefined;
      status = last?.sidesPresent.length === 2 ? last.status : '';
      return status !== '';
    });
    return status;
  }

  before(async () => {
    // One after the other: four instances booting at once on a busy machine can each take longer than the start-up wait.
    sz = await startApi('SZBank', { port: 3121 });
    hk = await startApi('HKBank', { port: 3122 });
    hkma = await startApi('HKMA', { port: 3123 });
    mo = await startApi('MOBank', { port: 3124 });
  });
  after(async () => {
    await Promise.all([sz, hk, hkma, mo].filter(Boolean).map((api) => api.dispose()));
  });

  it('proposes and accepts a rule set: 201 and 200 with the transaction, 400 naming a bad field, 403 outside the pair, 404 on a regulator\'s instance', async () => {
    const current = await call(hkma, 'GET', `/rule-sets/${PAIR}`, undefined, 'viewer');
    assert.equal(current.status, 200, JSON.stringify(current.body));
    assert.equal(current.body.channel, 'pair-hkbank-szbank');
    version = (current.body.effective?.ruleSet.version ?? 0) + 1;

    const bad = await call(sz, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version, '5.001') });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.problems.map((problem: { path: string }) => problem.path), ['ruleSet.currencies.USD.amount.below.absolute']);
    assert.equal((await call(sz, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version, '5.00'), note: 'x' })).status, 400);
    assert.equal((await call(sz, 'POST', '/rule-sets/HKBank/proposals', { ruleSet: usdRules(version, '5.00') })).status, 400);
    assert.equal((await call(mo, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version, '5.00') })).status, 403);
    assert.equal((await call(mo, 'GET', `/rule-sets/${PAIR}`, undefined, 'viewer')).status, 403);
    assert.equal((await call(hkma, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version, '5.00') })).status, 404);
    assert.equal((await call(sz, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version, '5.00') }, 'viewer')).status, 403);

    const proposed = await call(sz, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version, '5.00') });
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body));
    assert.match(proposed.body.transactionId, /^[0-9a-f]{64}$/);
    const { digest } = proposed.body.proposal;
    const own = await call(sz, 'POST', `/rule-sets/${PAIR}/proposals/${version}/accept`, { digest });
    assert.equal(own.status, 403, 'a bank does not accept its own proposal');
    assert.equal(own.body.error.refusal, 'FORBIDDEN');
    assert.equal((await call(hk, 'POST', `/rule-sets/${PAIR}/proposals/${version}/accept`, { digest: 'f'.repeat(64) })).status, 422);
    const accepted = await call(hk, 'POST', `/rule-sets/${PAIR}/proposals/${version}/accept`, { digest });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.deepEqual([accepted.body.agreed.proposedBy, accepted.body.agreed.acceptedBy], [SZ, HK]);
    await eventually('the regulator reads the new version', async () => (await call(hkma, 'GET', `/rule-sets/${PAIR}`, undefined, 'viewer')).body.effective?.digest === digest);
  });

  it('matches within tolerance through both banks\' outboxes, and filters payments and breaks by reason code', async () => {
    const sent = [
      await call(sz, 'POST', '/payments', { sides: Object.values(uetrs).map((uetr) => side(uetr, 'DEBTOR_AGENT')) }),
      await call(hk, 'POST', '/payments', {
        sides: [
          side(uetrs.exact, 'CREDITOR_AGENT'), side(uetrs.within, 'CREDITOR_AGENT', '482728.23'), side(uetrs.over, 'CREDITOR_AGENT', '482720.00'),
          side(uetrs.far, 'CREDITOR_AGENT', '482000.00'),
        ],
      }),
    ];
    assert.deepEqual(sent.map((answer) => answer.status), [202, 202], JSON.stringify(sent.map((answer) => answer.body)));
    assert.deepEqual(await Promise.all([uetrs.exact, uetrs.within, uetrs.over, uetrs.far].map((uetr) => projectedStatus(sz, uetr))),
      ['MATCHED', 'MATCHED_WITHIN_TOLERANCE', 'DISCREPANCY', 'DISCREPANCY']);
    const listed = async (route: string) => {
      const answer = await call(sz, 'GET', route, undefined, 'viewer');
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.items;
    };
    const within = await listed(`/payments?reason=AMOUNT_WITHIN_TOLERANCE&settlementDate=${date}`);
    assert.deepEqual(within.map((item: { uetr: string; ruleSetVersion: number; reasons: unknown[] }) => [item.uetr, item.ruleSetVersion, item.reasons]),
      [[uetrs.within, version, [{ field: 'interbankSettlementAmount', code: 'AMOUNT_WITHIN_TOLERANCE' }]]]);
    const over = (await listed(`/payments?reason=AMOUNT_OVER_TOLERANCE&settlementDate=${date}`)).map((item: { uetr: string }) => item.uetr).sort();
    assert.deepEqual(over, [uetrs.over, uetrs.far].sort());
    const breaks = (await listed(`/breaks?reason=AMOUNT_OVER_TOLERANCE,AMOUNT_WITHIN_TOLERANCE&settlementDate=${date}`)).map((item: { uetr: string }) => item.uetr).sort();
    assert.deepEqual(breaks, [uetrs.over, uetrs.far].sort(), 'a match within tolerance is no break');
    const unknown = await call(sz, 'GET', '/payments?reason=CLOSE_ENOUGH', undefined, 'viewer');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.problems[0].path, 'reason');
    assert.equal((await call(sz, 'GET', '/breaks?status=MATCHED_WITHIN_TOLERANCE', undefined, 'viewer')).status, 400);
    const view = await call(sz, 'GET', `/payments/${uetrs.within}`, undefined, 'viewer');
    assert.equal(view.body.payment.decision.ruleSetVersion, version);
    assert.equal(view.body.details.differences.find((difference: { field: string }) => difference.field === 'interbankSettlementAmount').residual, '-3.43');
  });

  it('dry-runs a wider rule set over the settlement date on the regulator\'s instance too, writing nothing', async () => {
    const dryRun = await call(hkma, 'POST', `/rule-sets/${PAIR}/dry-run`, { ruleSet: usdRules(version + 1, '20.00'), settlementDate: date }, 'viewer');
    assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body));
    assert.equal(dryRun.body.ruleSetVersion, version + 1);
    assert.ok(dryRun.body.evaluated >= 4, `evaluated ${dryRun.body.evaluated}`);
    const toWithin = dryRun.body.transitions.find((transition: { from: string; to: string }) => transition.from === 'DISCREPANCY' && transition.to === 'MATCHED_WITHIN_TOLERANCE');
    assert.ok(toWithin?.uetrs.includes(uetrs.over) && !toWithin.uetrs.includes(uetrs.far), JSON.stringify(dryRun.body.transitions));
    assert.equal((await call(hkma, 'GET', `/rule-sets/${PAIR}`, undefined, 'viewer')).body.effective.ruleSet.version, version, 'nothing agreed');
    assert.equal((await call(sz, 'POST', `/rule-sets/${PAIR}/dry-run`, { ruleSet: usdRules(version + 1, '20.00'), settlementDate: '2025-02-30x' })).status, 400);
    assert.equal((await call(mo, 'POST', `/rule-sets/${PAIR}/dry-run`, { ruleSet: usdRules(version + 1, '20.00'), settlementDate: date })).status, 403);
  });

  it('decides a payment again under a new version once both banks ask for it', async () => {
    const proposed = await call(hk, 'POST', `/rule-sets/${PAIR}/proposals`, { ruleSet: usdRules(version + 1, '20.00') });
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body));
    assert.equal((await call(sz, 'POST', `/rule-sets/${PAIR}/proposals/${version + 1}/accept`, { digest: proposed.body.proposal.digest })).status, 200);
    assert.equal(await projectedStatus(hkma, uetrs.over), 'DISCREPANCY', 'a new version rewrites no decision');
    const exact = await call(sz, 'POST', `/rule-sets/${PAIR}/reevaluations`, { ruleSetVersion: version + 1, uetrs: [uetrs.exact] });
    assert.equal(exact.status, 422, 'an exact match has nothing to decide');
    assert.match(exact.body.error.problems[0].reason, /is MATCHED/);
    assert.equal((await call(sz, 'POST', `/rule-sets/${PAIR}/reevaluations`, { ruleSetVersion: version + 1, uetrs: ['not-a-uetr'] })).status, 400);
    assert.equal((await call(sz, 'POST', `/rule-sets/${PAIR}/reevaluations`, { ruleSetVersion: version, uetrs: [uetrs.over] })).status, 422);
    const first = await call(sz, 'POST', `/rule-sets/${PAIR}/reevaluations`, { ruleSetVersion: version + 1, uetrs: [uetrs.over] });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.changes[0].status, 'DISCREPANCY');
    const second = await call(hk, 'POST', `/rule-sets/${PAIR}/reevaluations`, { ruleSetVersion: version + 1, uetrs: [uetrs.over] });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.changes[0].status, 'MATCHED_WITHIN_TOLERANCE');
    await eventually('the regulator\'s projection', async () => (await call(hkma, 'GET', `/payments?settlementDate=${date}&reason=AMOUNT_WITHIN_TOLERANCE`, undefined, 'viewer')).body.items.length === 2);
  });

  it('counts matches within tolerance per corridor in the regulator\'s reports, and ages breaks by reason code', async () => {
    const report = await call(hkma, 'GET', `/regulator/reports/end-of-day?date=${date}&corridor=SZ-%3EHK`, undefined, 'viewer');
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const corridor = report.body.corridors.find((row: { corridor: string }) => row.corridor === 'SZ->HK');
    assert.ok(corridor.matchedWithinTolerance.total >= 2);
    assert.ok(corridor.matchedWithinTolerance.byRuleSetVersion[String(version)] >= 1 && corridor.matchedWithinTolerance.byRuleSetVersion[String(version + 1)] >= 1);
    const line = report.body.payments.find((entry: { uetr: string }) => entry.uetr === uetrs.over);
    assert.deepEqual([line.status, line.ruleSetVersion, line.reasons], ['MATCHED_WITHIN_TOLERANCE', version + 1, ['interbankSettlementAmount:AMOUNT_WITHIN_TOLERANCE']]);
    const flows = await call(hkma, 'GET', `/regulator/flows?from=${date}&to=${date}&corridor=SZ-%3EHK`, undefined, 'viewer');
    assert.ok(flows.body.flows[0].matchedWithinTolerance >= 2, JSON.stringify(flows.body));
    const ageing = await call(hkma, 'GET', '/regulator/breaks/ageing?corridor=SZ-%3EHK', undefined, 'viewer');
    assert.equal(ageing.status, 200);
    const overTolerance = ageing.body.reasons.find((row: { corridor: string; reason: string }) => row.corridor === 'SZ->HK' && row.reason === 'AMOUNT_OVER_TOLERANCE');
    assert.ok(overTolerance?.total >= 1, JSON.stringify(ageing.body.reasons));
  });

  it('documents the routes exactly in OpenAPI: patterns, nullable values, error statuses', async () => {
    const document = await (await fetch(`${sz.url}/docs-json`)).json() as { paths: Record<string, Record<string, { parameters?: { name: string; schema?: { pattern?: string } }[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };
    const read = document.paths['/rule-sets/{pair}'].get;
    assert.equal(read.parameters?.find((parameter) => parameter.name === 'pair')?.schema?.pattern, '^[A-Z][A-Za-z0-9]{1,19}-[A-Z][A-Za-z0-9]{1,19}$');
    assert.deepEqual(Object.keys(read.responses).sort(), ['200', '400', '401', '403', '503']);
    assert.deepEqual(Object.keys(document.paths['/rule-sets/{pair}/proposals'].post.responses).sort(), ['201', '400', '401', '403', '413', '422', '503']);
    assert.deepEqual(Object.keys(document.paths['/rule-sets/{pair}/proposals/{version}/accept'].post.responses).sort(), ['200', '400', '401', '403', '404', '413', '422', '503']);
    assert.ok(document.paths['/rule-sets/{pair}/reevaluations'].post.responses['422']);
    assert.ok(document.paths['/payments'].get.parameters?.find((parameter) => parameter.name === 'reason')?.schema?.pattern?.includes('AMOUNT_OVER_TOLERANCE'));
    const sets = document.components.schemas.PairRuleSetsDto.properties;
    assert.equal(sets.effective.nullable, true);
    assert.equal(sets.proposal.nullable, true);
    assert.equal(document.components.schemas.PaymentView.properties.ruleSetVersion.nullable, true);
    assert.equal(document.components.schemas.AcceptRuleSetDto.properties.digest.pattern, '^[0-9a-f]{64}$');
    const regulators = await (await fetch(`${hkma.url}/docs-json`)).json() as { paths: Record<string, unknown> };
    assert.ok(regulators.paths['/rule-sets/{pair}'] !== undefined && regulators.paths['/rule-sets/{pair}/proposals'] === undefined, 'no write route on a regulator\'s instance');
  });
});
