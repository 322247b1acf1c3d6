import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance, startApi } from '../support/api-instance';
import { hkCreditorSide, newUetr, szDebtorSide, szHk } from '../support/payments';
import { call, settledSubmission } from '../support/write-api';
import { publishCountTable } from '../support/count-tables';
import { countsTable, recordCount } from './fault-counts';

const NODE_SCRIPT = path.resolve(__dirname, '..', '..', 'network', 'scripts', 'node.sh');
const node = (action: 'kill' | 'start', name: string): void => {
  execFileSync(NODE_SCRIPT, [action, name], { stdio: 'inherit' });
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Load {
  uetrs: string[];
  submissions: { api: ApiInstance; id: string; items: number }[];
}

/** Spacing of a sustained load's requests: 16 requests per bank span about 5 s, longer than each outage below. */
const SUSTAINED_SPACING_MS = 300;

/**
 * Both banks post their sides of `pairs` payments, in requests of `perRequest` sides, one request of each bank
 * every `spacingMs` (0: all at once), so that a fault injected meanwhile meets sides still arriving and in flight.
 */
async function postPairs(sz: ApiInstance, hk: ApiInstance, pairs: number, perRequest: number, spacingMs = 0): Promise<Load> {
  const uetrs = Array.from({ length: pairs }, () => newUetr());
  const requests: Promise<{ api: ApiInstance; id: string; items: number }>[] = [];
  for (let start = 0; start < pairs; start += perRequest) {
    if (start > 0 && spacingMs > 0) await sleep(spacingMs);
    const chunk = uetrs.slice(start, start + perRequest);
    for (const [api, make] of [[sz, szDebtorSide], [hk, hkCreditorSide]] as const) {
      requests.push(call(api, 'POST', '/payments', { json: { sides: chunk.map((uetr) => make(uetr)) } }).then((answer) => {
        assert.equal(answer.status, 202, JSON.stringify(answer.body));
        return { api, id: answer.body.submissionId as string, items: (answer.body.items as unknown[]).length };
      }));
    }
  }
  return { uetrs, submissions: await Promise.all(requests) };
}

/**
 * Counts what became of every accepted side: committed per the outbox, reconciled (MATCHED with both sides)
 * and never written twice (each payment's key history has exactly two versions: one per side) per the ledger.
 */
async function countOutcome(scenario: string, load: Load, regulator: OrgConnection): Promise<void> {
  let committed = 0;
  for (const submission of load.submissions) {
    const settled = await settledSubmission(submission.api, submission.id, 240_000);
    committed += settled.items.filter((item) => item.status === 'COMMITTED').length;
  }
  const accepted = load.submissions.reduce((sum, submission) => sum + submission.items, 0);
  let reconciled = 0;
  let presentSides = 0;
  let duplicated = 0;
  for (let start = 0; start < load.uetrs.length; start += 50) {
    await Promise.all(load.uetrs.slice(start, start + 50).map(async (uetr) => {
      const record = await szHk(regulator).getPayment(uetr);
      presentSides += Object.keys(record.sides).length;
      if (record.status === 'MATCHED') reconciled += 1;
      const history = await szHk(regulator).getPaymentHistory(uetr);
      duplicated += Math.max(0, history.versions.length - 2);
    }));
  }
  const count = { scenario, accepted, committed, reconciled, lost: accepted - presentSides, duplicated };
  recordCount(count);
  assert.deepEqual({ lost: count.lost, duplicated: count.duplicated, committed, reconciled },
    { lost: 0, duplicated: 0, committed: accepted, reconciled: load.uetrs.length });
}

describe('faults: every accepted side ends committed exactly once and reconciled', function () {
  this.timeout(600_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let regulator: OrgConnection;

  before(async () => {
    const outbox = { OUTBOX_BATCH_SIZE: '100', OUTBOX_LINGER_MS: '50' };
    [sz, hk] = await Promise.all([startApi('SZBank', { port: 3301, env: outbox }), startApi('HKBank', { port: 3302, env: outbox })]);
    regulator = connectAs('Regulator');
  });
  after(async () => {
    regulator?.close();
    await Promise.all([sz?.dispose(), hk?.dispose()]);
    publishCountTable('Faults: accepted, committed, lost, duplicated', countsTable());
  });

  it('1,000 pairs whose two sides both banks post at the same time', async () => {
    await countOutcome('1,000 concurrent pairs', await postPairs(sz, hk, 1000, 100), regulator);
  });

  it('a peer killed and restarted during sustained load', async () => {
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    node('kill', 'peer-HKBank');
    await sleep(3000);
    node('start', 'peer-HKBank');
    await countOutcome('peer killed and restarted', await loading, regulator);
  });

  it('the API killed mid-batch and started again', async () => {
    const load = await postPairs(sz, hk, 400, 50);
    sz.kill();
    await sleep(500);
    await sz.restart();
    await countOutcome('API killed mid-batch', load, regulator);
  });

  it('the orderer down for a few seconds', async () => {
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    node('kill', 'orderer');
    await sleep(3000);
    node('start', 'orderer');
    await countOutcome('orderer killed and restarted', await loading, regulator);
  });

  it('the chaincode service killed and restarted', async () => {
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    node('kill', 'chaincode');
    await sleep(3000);
    node('start', 'chaincode');
    await countOutcome('chaincode service killed', await loading, regulator);
  });
});
