import { strict as assert } from 'node:assert';
import { NetworkMap, OrgName, readNetworkMap } from '../../network/client/network-map';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance, startApis } from '../support/api-instance';
import { chainHeight, hkCreditorSide, newUetr, szDebtorSide, szHk, szHkChannel } from '../support/payments';
import { call, settledSubmissions } from '../support/write-api';
import { publishCountTable } from '../support/count-tables';
import { runNetworkScript } from '../support/network-scripts';
import { AcceptedSide, readLedgerTransactions, sideEvidence } from '../support/ledger-evidence';
import { refusedAs } from '../../api/src/fabric/ledger-errors';
import { FaultCount, countsTable, recordCount } from './fault-counts';
import { LogMark, batchFailuresSince, markLog, pendingSides } from './in-flight';

/** Kills or starts a node (a start waits until it answers). */
const node = (action: 'kill' | 'start', name: string): Promise<void> => runNetworkScript('node.sh', action, name);
/** Starts nodes again side by side. */
const startAll = (names: readonly string[]): Promise<void[]> => Promise.all(names.map((name) => node('start', name)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The orderers of the SZ-HK pair's channel, the leader of its consensus last: on BFT, the channel's members'
 * (the leader from SmartBFT's `consensus_smartbft_view_leader_id` metric on a running one); on Raft, the one node.
 */
async function pairOrderers(network: NetworkMap): Promise<OrgName[]> {
  const channel = szHkChannel(network);
  const orderers = network.channels[channel].orderers;
  if (network.ordering !== 'bft') return orderers;
  // SmartBFT numbers the consenters 1.. in the order of the channel's consenter mapping.
  const metrics = await (await fetch(`http://${network.orgs[orderers[0]].ordererOperations}/metrics`)).text();
  const line = metrics.split('\n').find((text) => text.startsWith('consensus_smartbft_view_leader_id') && text.includes(`channel="${channel}"`));
  const leader = line === undefined ? NaN : Number(line.trim().split(/\s+/).pop());
  if (!Number.isInteger(leader) || leader < 1 || leader > orderers.length) throw new Error(`no leader of ${channel} in the metrics of ${orderers[0]}'s orderer: ${line}`);
  return [...orderers.filter((_, index) => index + 1 !== leader), orderers[leader - 1]];
}

interface Load {
  uetrs: string[];
  submissions: { api: ApiInstance; id: string; items: number }[];
}

/** Batches of 100 sides, so that a load is many transactions and a fault meets some in flight. */
const OUTBOX = { OUTBOX_BATCH_SIZE: '100', OUTBOX_LINGER_MS: '50' };

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

/** Where a scenario starts: the pair channel's height on the reader's peer, and the instances' logs. */
interface ScenarioStart {
  fromBlock: bigint;
  marks: LogMark[];
}

/** The outcome a scenario must show: every side once and reconciled, or (the mutation check) sides lost. */
type Expectation = 'nothing lost' | 'sides lost';

/**
 * Counts what became of every accepted side from the pair channel's blocks since the scenario started (valid
 * transactions of each side's own bank, and the chaincode's events in them), the payments' status from the ledger,
 * and the work in flight at the fault from the instances' databases and logs. A payment with neither side on the
 * ledger counts as lost.
 */
async function countOutcome(scenario: string, load: Load, start: ScenarioStart, reader: OrgConnection, pendingAtFault: number | undefined,
  expectation: Expectation = 'nothing lost'): Promise<FaultCount> {
  const accepted: AcceptedSide[] = [];
  let outboxCommitted = 0;
  (await settledSubmissions(load.submissions)).forEach((settled, index) => {
    outboxCommitted += settled.items.filter((item) => item.status === 'COMMITTED').length;
    accepted.push(...settled.items.map((item) => ({ uetr: item.uetr, mspId: `${load.submissions[index].api.org}MSP` })));
  });
  const evidence = sideEvidence(accepted, await readLedgerTransactions(reader, szHkChannel(), start.fromBlock));
  let reconciled = 0;
  for (let from = 0; from < load.uetrs.length; from += 50) {
    await Promise.all(load.uetrs.slice(from, from + 50).map(async (uetr) => {
      try {
        if ((await szHk(reader).getPayment(uetr)).status === 'MATCHED') reconciled += 1;
      } catch (error) {
        if (!refusedAs(error, 'NOT_FOUND')) throw error;
      }
    }));
  }
  const failures = batchFailuresSince(start.marks);
  const count: FaultCount = {
    scenario, accepted: accepted.length, committed: evidence.committed, committedTwice: evidence.committedTwice,
    resendsAbsorbed: evidence.resendsAbsorbed, lost: evidence.lost, reconciled, pendingAtFault, batchesRetried: failures.retried,
    invalidTransactions: evidence.invalidTransactions,
  };
  recordCount(count);
  if (failures.errors.length > 0) console.log(`      errors the outboxes recorded: ${failures.errors.join(' | ')}`);
  if (expectation === 'sides lost') {
    assert.ok(count.lost > 0, `the outbox marked batches committed without sending them, yet the ledger shows no side lost: ${JSON.stringify(count)}`);
    return count;
  }
  assert.deepEqual({ lost: count.lost, committedTwice: count.committedTwice, committed: count.committed, reconciled, outboxCommitted },
    { lost: 0, committedTwice: 0, committed: accepted.length, reconciled: load.uetrs.length, outboxCommitted: accepted.length });
  if (pendingAtFault !== undefined) assert.ok(pendingAtFault > 0, 'the fault came when no side was pending: it tested nothing in flight');
  return count;
}

describe('faults: every accepted side ends committed exactly once and reconciled', function () {
  this.timeout(600_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let regulator: OrgConnection;
  let network: NetworkMap;

  before(async () => {
    network = readNetworkMap();
    [sz, hk] = await startApis([['SZBank', { port: 3301, env: OUTBOX }], ['HKBank', { port: 3302, env: OUTBOX }]]);
    // The HKMA is a member of the SZ-HK pair's channel: its peer holds the blocks, and it may read every payment.
    regulator = connectAs('HKMA', { network });
  });
  after(async () => {
    regulator?.close();
    await Promise.all([sz?.dispose(), hk?.dispose()]);
    publishCountTable('Faults: each accepted side on the ledger (from the pair channel\'s blocks), and the work the fault met in flight', countsTable());
  });

  /** Where a scenario on these instances starts. */
  const begin = async (apis: readonly ApiInstance[] = [sz, hk]): Promise<ScenarioStart> => ({
    fromBlock: await chainHeight(regulator, szHkChannel(network)), marks: apis.map(markLog),
  });
  const pendingNow = (apis: readonly ApiInstance[] = [sz, hk]): number => apis.reduce((sum, api) => sum + pendingSides(api), 0);

  it('1,000 pairs whose two sides both banks post at the same time', async () => {
    const start = await begin();
    await countOutcome('1,000 concurrent pairs', await postPairs(sz, hk, 1000, 100), start, regulator, undefined);
  });

  it('a peer killed and restarted during sustained load', async () => {
    const start = await begin();
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    await node('kill', 'peer-HKBank');
    const pending = pendingNow();
    await sleep(3000);
    await node('start', 'peer-HKBank');
    await countOutcome('peer killed and restarted', await loading, start, regulator, pending);
  });

  it('the API killed mid-batch and started again', async () => {
    const start = await begin();
    const load = await postPairs(sz, hk, 400, 50);
    sz.kill();
    await sleep(300);
    const pending = pendingNow();
    await sz.restart();
    await countOutcome('API killed mid-batch', load, start, regulator, pending);
  });

  /** The SZ-HK pair's chain height on HKBank's peer. */
  const pairHeight = async (): Promise<bigint> => {
    const hkBank = connectAs('HKBank', { network });
    try {
      return await chainHeight(hkBank, szHkChannel(network));
    } finally {
      hkBank.close();
    }
  };

  it('one orderer of the pair\'s channel down for a few seconds: on BFT (f = 1) the others keep committing', async () => {
    const [follower] = await pairOrderers(network);
    const start = await begin();
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    await node('kill', `orderer-${follower}`);
    const pending = pendingNow();
    const heightAtKill = await pairHeight();
    await sleep(3000);
    const heightBeforeRestart = await pairHeight();
    await node('start', `orderer-${follower}`);
    if (network.ordering === 'bft') {
      assert.ok(heightBeforeRestart > heightAtKill, `no block committed on ${szHkChannel(network)} while ${follower}'s orderer was down (height ${heightAtKill})`);
    }
    const scenario = network.ordering === 'bft' ? `orderer of ${follower} killed (BFT, f = 1)` : 'orderer killed and restarted';
    await countOutcome(scenario, await loading, start, regulator, pending);
  });

  it('two of the pair\'s four orderers down (no BFT quorum): commits stop, nothing is lost, and all commit once they are back', async function () {
    if (network.ordering !== 'bft') this.skip();
    // Two followers, so that the leader stays and the restarted nodes rejoin its view.
    const [first, second] = await pairOrderers(network);
    const start = await begin();
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    await node('kill', `orderer-${first}`);
    await node('kill', `orderer-${second}`);
    const pending = pendingNow();
    // A block the orderers had agreed on before the kill may still reach the peers: wait for it first.
    await sleep(1500);
    const heightAtKill = await pairHeight();
    await sleep(4000);
    const heightBeforeRestart = await pairHeight();
    await startAll([`orderer-${first}`, `orderer-${second}`]);
    assert.equal(heightBeforeRestart, heightAtKill, `blocks committed on ${szHkChannel(network)} with two of its four orderers down`);
    await countOutcome(`orderers of ${first} and ${second} killed (BFT, no quorum)`, await loading, start, regulator, pending);
  });

  it('the chaincode service killed and restarted', async () => {
    // The single-host topology's one shared service, or on the hosts topology HKBank's own.
    const service = network.chaincodeService === null ? 'chaincode-HKBank' : 'chaincode';
    const start = await begin();
    const loading = postPairs(sz, hk, 400, 25, SUSTAINED_SPACING_MS);
    await sleep(500);
    await node('kill', service);
    const pending = pendingNow();
    await sleep(3000);
    await node('start', service);
    await countOutcome('chaincode service killed', await loading, start, regulator, pending);
  });

  it('the table can go red: with SZBank\'s outbox marking every 3rd batch committed without sending it, the ledger shows sides lost', async () => {
    // A test-only switch of the outbox (BAYRECON_TEST_OUTBOX_DROP_EVERY); the counting above is unchanged.
    const mutated = await startApis([
      ['SZBank', { port: 3341, env: { ...OUTBOX, OUTBOX_BATCH_SIZE: '10', BAYRECON_TEST_OUTBOX_DROP_EVERY: '3' } }],
      ['HKBank', { port: 3342, env: { ...OUTBOX, OUTBOX_BATCH_SIZE: '10' } }],
    ]);
    try {
      const start = await begin(mutated);
      const count = await countOutcome('mutation check: every 3rd batch of SZBank not sent (must show lost)', await postPairs(mutated[0], mutated[1], 100, 10),
        start, regulator, undefined, 'sides lost');
      assert.ok(count.reconciled < 100, `${count.reconciled} of 100 payments reconciled with sides never sent`);
    } finally {
      await Promise.all(mutated.map((api) => api.dispose()));
    }
  });
});
