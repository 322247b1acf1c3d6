import { NetworkMap, peerOrg, peerOrgs } from '../../network/client/network-map';

/**
 * The nodes' own timings of the steps a transaction goes through after the API sends it: each peer's block
 * processing (validation and commit), its state database and block store commits, gossip's commit of a block
 * with its private data, and a Raft orderer's persistence (the WAL's fsync; a SmartBFT node has no such metric).
 * Each is a Prometheus histogram on the node's operations endpoint; a snapshot before and after a run tells how
 * many of those steps took longer than a second during it, which a stall of the ledger shows as and a stall of an
 * API or the client does not.
 */
const STEPS = [
  'ledger_block_processing_time',
  'ledger_statedb_commit_time',
  'ledger_blockstorage_and_pvtdata_commit_time',
  'gossip_privdata_commit_block_duration',
  'gossip_privdata_fetch_duration',
  'gossip_state_commit_duration',
  'endorser_proposal_duration',
  'consensus_etcdraft_data_persist_duration',
];

/** Cumulative count of each node's observations per histogram and bucket: `node metric{labels}` → le → count. */
type Snapshot = Map<string, Map<string, number>>;

export interface SlowLedgerStep {
  node: string;
  metric: string;
  /** Observations during the run, and those over one second (Prometheus buckets `le="1"` and `+Inf`). */
  count: number;
  overOneSecond: number;
}

async function scrape(node: string, operations: string): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  const answer = await fetch(`http://${operations}/metrics`);
  if (!answer.ok) throw new Error(`${node} /metrics: HTTP ${answer.status}`);
  for (const line of (await answer.text()).split('\n')) {
    const match = /^(\w+)_bucket\{(.*)\} (\S+)$/.exec(line);
    if (match === null || !STEPS.includes(match[1])) continue;
    const le = /le="([^"]*)"/.exec(match[2])?.[1];
    if (le === undefined) continue;
    const series = `${node} ${match[1]}{${match[2].replace(/,?le="[^"]*"/, '')}}`;
    if (!snapshot.has(series)) snapshot.set(series, new Map());
    snapshot.get(series)!.set(le, Number(match[3]));
  }
  return snapshot;
}

/** Takes a snapshot of every node now; `since()` on it gives the steps over a second since then. */
export async function snapshotLedgerSteps(network: NetworkMap): Promise<{ since(): Promise<SlowLedgerStep[]> }> {
  const nodes = [
    ...Object.entries(network.orgs).flatMap(([org, endpoints]) => (endpoints.ordererOperations === undefined ? [] : [{ node: `orderer-${org}`, operations: endpoints.ordererOperations }])),
    ...peerOrgs(network).map((org) => ({ node: `peer-${org}`, operations: peerOrg(network, org).peerOperations })),
  ];
  const all = async (): Promise<Snapshot> => new Map((await Promise.all(nodes.map(({ node, operations }) => scrape(node, operations))))
    .flatMap((snapshot) => [...snapshot]));
  const before = await all();
  return {
    async since(): Promise<SlowLedgerStep[]> {
      const after = await all();
      const steps: SlowLedgerStep[] = [];
      for (const [series, buckets] of after) {
        const earlier = before.get(series);
        const delta = (le: string): number => (buckets.get(le) ?? 0) - (earlier?.get(le) ?? 0);
        const count = delta('+Inf');
        if (count === 0) continue;
        const [node, metric] = series.split(' ');
        steps.push({ node, metric, count, overOneSecond: count - delta('1') });
      }
      return steps;
    },
  };
}
