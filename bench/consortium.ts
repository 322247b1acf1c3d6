import { execFileSync } from 'node:child_process';
import { EndorseError } from '@hyperledger/fabric-gateway';
import * as path from 'node:path';
import { connectAs, OrgConnection } from '../network/client/org-gateway';
import { stateDir } from '../network/client/network-map';
import { newUetrs, pairSide, submitPairSides } from '../test/support/pair-ledger';
import { networkProcesses, residentKiB } from './harness/processes';
import { writeResults } from './harness/results';
import { Summary, ratio, summarize } from './harness/stats';
import { formatNumber, printTable } from './harness/table';

/**
 * The consortium's network in its three shapes, each on a fresh network of the benchmark's own
 * (BAYRECON_STATE_DIR, BAYRECON_PORT_OFFSET), figures printed and never asserted:
 *   node -r ts-node/register/transpile-only bench/consortium.ts [--quick] [--only=raft,bft,hosts]
 * For one Raft node on one machine, SmartBFT on one machine and SmartBFT on the hosts topology (root only):
 * - `make up` from nothing (network to its first commits, then every API answering), and the memory of the
 *   network's processes after up (CAs, orderers, peers, chaincode services; the APIs apart): their RSS summed, and
 *   their PSS summed, which counts the code pages that processes of one binary share once, as the machine holds them;
 * - throughput at batch 500 of one pair (SZBank and HKBank each sending their sides), and of the three pairs at once;
 * - commit latency of single-side transactions paced at half of the one-pair peak;
 * - `make stop` then `make up` on the existing state: to the first commit, and to every API answering;
 * and every figure of the BFT shapes as a ratio against Raft measured in the same run.
 */
const SCRIPTS = path.resolve(__dirname, '..', 'network', 'scripts');
const BATCH = 500;
const PAIRS: [string, string][] = [['SZBank', 'HKBank'], ['SZBank', 'MOBank'], ['HKBank', 'MOBank']];

interface Shape {
  name: 'raft' | 'bft' | 'hosts';
  env: Record<string, string>;
}
const SHAPES: Shape[] = [
  { name: 'raft', env: { TOPOLOGY: 'single', ORDERING: 'raft' } },
  { name: 'bft', env: { TOPOLOGY: 'single', ORDERING: 'bft' } },
  { name: 'hosts', env: { TOPOLOGY: 'hosts', ORDERING: 'bft' } },
];

interface Memory {
  rssMiB: number;
  pssMiB: number;
  /** RSS of each node, in MiB. */
  rssByNode: Record<string, number>;
}

interface ShapeResult {
  upSeconds: number;
  apisSeconds: number;
  /** The network's nodes after up.sh, before the APIs start. */
  network: Memory;
  /** The API instances once every one answers. */
  apis: Memory;
  onePairSidesPerSecond: number;
  threePairsSidesPerSecond: number;
  latencyMs: Summary;
  resumeToCommitSeconds: number;
  resumeToApisSeconds: number;
  batchesResent: number;
}

function script(name: string, args: string[], env: Record<string, string>): number {
  const started = Date.now();
  execFileSync(path.join(SCRIPTS, name), args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return (Date.now() - started) / 1000;
}

/** The resident memory of the network's processes of the roles asked for (through the pid files), in MiB. */
function memoryOf(roles: string[]): Memory {
  const memory: Memory = { rssMiB: 0, pssMiB: 0, rssByNode: {} };
  for (const node of networkProcesses(stateDir()).filter((process) => roles.includes(process.role))) {
    const resident = residentKiB(node.pid);
    if (resident === undefined) continue;
    memory.rssByNode[node.name] = Math.round(resident.total / 102.4) / 10;
    memory.rssMiB += resident.total / 1024;
    memory.pssMiB += resident.proportional / 1024;
  }
  return memory;
}

/**
 * Both banks of each pair send 500-side batches, `inFlight` each, for `ms`: the debtor agent's bank its sides of fresh
 * payments, the creditor agent's bank its sides of the payments whose debtor side has committed (as a counterparty's
 * back office posts what it received), so that payments match and the two banks' batches do not race for one key.
 * Sides committed per second.
 */
/** Batches of the shape being measured sent again after their endorsements differed (see saturate). */
let resent = 0;

async function saturate(connections: Map<string, OrgConnection>, pairs: [string, string][], inFlight: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let sides = 0;
  const started = Date.now();
  await Promise.all(pairs.flatMap(([debtor, creditor]) => {
    const committed: string[][] = [];
    // A batch whose endorsements differ (two peers a block apart, as a client meets them under load) is sent again,
    // as the outbox does: an identical resend is a no-op for what did commit. Its sides count once.
    const send = async (bank: string, counterparty: string, side: 'DEBTOR_AGENT' | 'CREDITOR_AGENT', uetrs: string[]) => {
      const connection = connections.get(bank) as OrgConnection;
      const batch = uetrs.map((uetr) => pairSide(connection.directory, connection.mspId, `${counterparty}MSP`, uetr, side));
      for (let attempt = 1; ; attempt += 1) {
        try {
          await submitPairSides(connection, batch);
          break;
        } catch (error) {
          if (!(error instanceof EndorseError) || attempt === 3) throw error;
          resent += 1;
        }
      }
      sides += uetrs.length;
    };
    const debtorWorker = async () => {
      while (Date.now() < deadline) {
        const uetrs = newUetrs(BATCH);
        await send(debtor, creditor, 'DEBTOR_AGENT', uetrs);
        committed.push(uetrs);
      }
    };
    const creditorWorker = async () => {
      while (Date.now() < deadline) {
        const uetrs = committed.shift();
        if (uetrs === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
        else await send(creditor, debtor, 'CREDITOR_AGENT', uetrs);
      }
    };
    return Array.from({ length: inFlight }, () => [debtorWorker(), creditorWorker()]).flat();
  }));
  return (sides * 1000) / (Date.now() - started);
}

/** Single-side transactions of one pair paced at `perSecond`, for `ms`: each one's proposal-to-commit time. */
async function pacedLatency(connection: OrgConnection, counterparty: string, perSecond: number, ms: number): Promise<Summary> {
  const latencies: number[] = [];
  const sent: Promise<void>[] = [];
  const interval = 1000 / perSecond;
  for (let at = Date.now(), end = at + ms; at < end; at += interval) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
    const started = Date.now();
    sent.push(submitPairSides(connection, [pairSide(connection.directory, connection.mspId, `${counterparty}MSP`, newUetrs(1)[0], 'DEBTOR_AGENT')])
      .then(() => { latencies.push(Date.now() - started); }));
  }
  await Promise.all(sent);
  return summarize(latencies);
}

async function measure(shape: Shape, quick: boolean): Promise<ShapeResult> {
  const loadMs = quick ? 15_000 : 45_000;
  console.log(`\n== ${shape.name}: ${JSON.stringify(shape.env)}`);
  script('down.sh', [], shape.env);
  const upSeconds = script('up.sh', [], shape.env);
  const network = memoryOf(['ca', 'orderer', 'peer', 'chaincode', 'bench-chaincode']);
  const apisSeconds = script('apis.sh', ['start'], shape.env);
  const apis = memoryOf(['api']);
  console.log(`  up ${formatNumber(upSeconds)} s, APIs ${formatNumber(apisSeconds)} s more`);
  console.log(`  after up: network RSS ${formatNumber(network.rssMiB)} MiB, PSS ${formatNumber(network.pssMiB)} MiB; APIs RSS ${formatNumber(apis.rssMiB)} MiB`);
  const connections = new Map(['SZBank', 'HKBank', 'MOBank'].map((org): [string, OrgConnection] => [org, connectAs(org, { deadlineMs: 120_000 })]));
  let onePair = Number.NaN;
  let threePairs = Number.NaN;
  let latency = summarize([]);
  resent = 0;
  try {
    await saturate(connections, [PAIRS[0]], 1, 5_000);
    onePair = await saturate(connections, [PAIRS[0]], 4, loadMs);
    console.log(`  one pair at batch ${BATCH}: ${formatNumber(onePair)} sides/s`);
    threePairs = await saturate(connections, PAIRS, 2, loadMs);
    console.log(`  three pairs at once: ${formatNumber(threePairs)} sides/s (${resent} batches of the load runs sent again after differing endorsements)`);
    latency = await pacedLatency(connections.get('SZBank') as OrgConnection, 'HKBank', Math.max(1, Math.round(onePair / 2 / 50)), loadMs);
    console.log(`  commit latency at half of peak: p50 ${formatNumber(latency.p50)} ms, p99 ${formatNumber(latency.p99)} ms`);
  } finally {
    connections.forEach((connection) => connection.close());
  }
  script('stop.sh', [], shape.env);
  const resumeToCommitSeconds = script('up.sh', [], shape.env);
  const resumeToApisSeconds = resumeToCommitSeconds + script('apis.sh', ['start'], shape.env);
  console.log(`  resumed: first commits ${formatNumber(resumeToCommitSeconds)} s, every API ${formatNumber(resumeToApisSeconds)} s`);
  const result: ShapeResult = {
    upSeconds, apisSeconds, network, apis,
    onePairSidesPerSecond: onePair, threePairsSidesPerSecond: threePairs, latencyMs: latency, resumeToCommitSeconds, resumeToApisSeconds,
    batchesResent: resent,
  };
  script('down.sh', [], shape.env);
  return result;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const startedAt = new Date();
  const shapes = SHAPES.filter((shape) => (only === undefined || only.includes(shape.name)) && (shape.name !== 'hosts' || process.getuid?.() === 0));
  const results: Record<string, ShapeResult> = {};
  for (const shape of shapes) results[shape.name] = await measure(shape, quick);
  const raft = results.raft;
  const row = (name: string, figure: (result: ShapeResult) => number, unit: string): string[] => [
    `${name} (${unit})`, ...shapes.map((shape) => formatNumber(figure(results[shape.name]))),
    ...shapes.filter((shape) => shape.name !== 'raft').map((shape) => formatNumber(ratio(figure(results[shape.name]), raft === undefined ? undefined : figure(raft)), 2)),
  ];
  console.log('');
  printTable(['figure', ...shapes.map((shape) => shape.name), ...shapes.filter((shape) => shape.name !== 'raft').map((shape) => `${shape.name}/raft`)], [
    row('make up from nothing, to first commits', (result) => result.upSeconds, 's'),
    row('make up from nothing, to every API', (result) => result.upSeconds + result.apisSeconds, 's'),
    row('network after up: RSS summed', (result) => result.network.rssMiB, 'MiB'),
    row('network after up: PSS summed (shared code once)', (result) => result.network.pssMiB, 'MiB'),
    row('the APIs after up: RSS summed', (result) => result.apis.rssMiB, 'MiB'),
    row('one pair, batch 500', (result) => result.onePairSidesPerSecond, 'sides/s'),
    row('three pairs at once, batch 500', (result) => result.threePairsSidesPerSecond, 'sides/s'),
    row('commit p50 at half of peak', (result) => result.latencyMs.p50, 'ms'),
    row('commit p99 at half of peak', (result) => result.latencyMs.p99, 'ms'),
    row('make up on existing state, to first commits', (result) => result.resumeToCommitSeconds, 's'),
    row('make up on existing state, to every API', (result) => result.resumeToApisSeconds, 's'),
  ]);
  console.log(`\nresults: ${writeResults(startedAt, { startedAt: startedAt.toISOString(), quick, results }, 'consortium-')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
