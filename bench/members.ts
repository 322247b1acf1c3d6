/**
 * How the consortium scales with its members: the running network that BAYRECON_STATE_DIR names, from its genesis
 * three banks, grows to five and then eight banks with `add-bank.sh` (and each new bank's API), and at each size
 * it measures, in one run, figures printed and never asserted:
 * - the time to admit each bank, split into add-bank.sh's steps (its "step NAME: N s" lines), while every pair
 *   carries the background load below (the slowest background batch during the admission shows a pause);
 * - RSS of every node (orderer, peer, CA, chaincode service, API) and in total;
 * - the SZBank-HKBank pair's throughput at batch 500 (both banks sending, 2 batches in flight each), while every
 *   other pair carries the same per-pair background load at every size (`--pair-load` payments a second, both
 *   sides, in batches every 5 s), as a ratio against the 3-bank size of the same run;
 * - the regulators' projection lag: from the commit of an SZ-HK payment's second side to its MATCHED event in the
 *   PBOC's and the HKMA's projections (their API instances), and the most blocks any regulator's projection was
 *   behind its peer during the throughput run;
 * - the per-batch cost of keeping UETRs unique across SZBank's pairs: the question each other pair is asked
 *   (`uetrsTaken` of 500 UETRs through SZBank's peer), one pair after the other as the chaincode asks them and side
 *   by side as the API's outbox does, against the endorsement of a 500-side SZ-HK batch, the background load stopped.
 * Results go to bench/results/members-<time>.json.
 *
 *   node -r ts-node/register/transpile-only bench/members.ts [--quick] [--pair-load=N]
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { CHAINCODE_NAME, PAYMENT_TRANSACTIONS, PaymentSide, transactionName } from '@bayrecon/common';
import { readNetworkMap, stateDir } from '../network/client/network-map';
import { OrgConnection, connectAs } from '../network/client/org-gateway';
import { newUetrs, pairSide, submitPairSides } from '../test/support/pair-ledger';
import { CommitTracker } from './harness/commits';
import { machineState } from './harness/machine';
import { networkProcesses, rssKiB, tenthsOfMiB } from './harness/processes';
import { progress } from './harness/report';
import { writeResults } from './harness/results';
import { Summary, ratio, summarize } from './harness/stats';
import { RetryLog, submitUntilCommitted } from './harness/submit';
import { formatNumber, printTable } from './harness/table';

const SCRIPTS = path.resolve(__dirname, '..', 'network', 'scripts');
const BATCH = 500;
const MEASURED: [string, string] = ['SZBank', 'HKBank'];
const REGULATORS = ['PBOC', 'HKMA', 'AMCM'];
const BACKGROUND_PERIOD_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The banks admitted, in order, and the sizes measured: 3 (genesis), 5 and 8 banks. */
interface Admission { org: string; jurisdiction: string; bic8: string; name: string }
const ADMISSIONS: Admission[] = [
  { org: 'GZBank', jurisdiction: 'GZ', bic8: 'GZBKCNGZ', name: 'Guangzhou Bank (fictional)' },
  { org: 'KLBank', jurisdiction: 'HK', bic8: 'KLBKHKHH', name: 'Kowloon Bank (fictional)' },
  { org: 'ZHBank', jurisdiction: 'ZH', bic8: 'ZHBKCNZH', name: 'Zhuhai Bank (fictional)' },
  { org: 'TPBank', jurisdiction: 'MO', bic8: 'TPBKMOMX', name: 'Taipa Bank (fictional)' },
  { org: 'WCBank', jurisdiction: 'HK', bic8: 'WCBKHKHH', name: 'Wan Chai Bank (fictional)' },
];
const SIZES: { banks: number; admit: Admission[] }[] = [
  { banks: 3, admit: [] }, { banks: 5, admit: ADMISSIONS.slice(0, 2) }, { banks: 8, admit: ADMISSIONS.slice(2) },
];

interface Options { quick: boolean; pairLoad: number }

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, pairLoad: 2 };
  for (const arg of argv) {
    const load = /^--pair-load=(\d+(?:\.\d+)?)$/.exec(arg);
    if (arg === '--quick') options.quick = true;
    else if (load !== null) options.pairLoad = Number(load[1]);
    else throw new Error(`unknown argument '${arg}' (known: --quick, --pair-load=N)`);
  }
  return options;
}

// ---- the network's own API instances, read with a viewer key of each

interface Viewer { org: string; url: string; key: string }

function viewerOf(org: string): Viewer {
  const url = readNetworkMap().orgs[org]?.apiUrl;
  if (url === undefined) throw new Error(`${org} has no API instance in the network map`);
  const { key } = JSON.parse(execFileSync(path.join(SCRIPTS, 'api.sh'), ['cli', org, 'create-key', '--role', 'viewer', '--label', 'bench-members'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { key: string };
  return { org, url, key };
}

async function getJson(viewer: Viewer, route: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${viewer.url}${route}`, { headers: { authorization: `Bearer ${viewer.key}` } });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** Milliseconds until the instance's projection shows the payment MATCHED, or NaN after `timeoutMs`. */
async function matchedAfter(viewer: Viewer, uetr: string, since: number, timeoutMs = 60_000): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
    const answer = await getJson(viewer, `/payments/${uetr}/events`);
    if (answer.status === 200 && (answer.body as { status: string }[]).some((event) => event.status === 'MATCHED')) return Date.now() - since;
  }
  return Number.NaN;
}

// ---- the banks' connections and their pairs

interface Banks { connections: Map<string, OrgConnection>; pairs: [string, string][] }

function connectBanks(previous?: Banks): Banks {
  previous?.connections.forEach((connection) => connection.close());
  const network = readNetworkMap();
  const any = connectAs('SZBank', { network, deadlineMs: 120_000 });
  const banks = any.directory.banks.map((bank) => bank.name);
  const connections = new Map(banks.map((bank): [string, OrgConnection] => [bank, bank === 'SZBank' ? any : connectAs(bank, { network, deadlineMs: 120_000 })]));
  const pairs = any.directory.allBankPairs().map((pair) => pair.orgs.map((org) => org.replace(/MSP$/, '')) as [string, string]);
  return { connections, pairs };
}

const samePair = (a: [string, string], b: [string, string]) => [...a].sort().join() === [...b].sort().join();

/** One payment batch of a pair, both banks' sides, the second after the first committed: its commit-to-commit time. */
async function payPair(banks: Banks, [debtor, creditor]: [string, string], count: number): Promise<{ ms: number; committedAt: number; uetrs: string[] }> {
  const started = Date.now();
  const uetrs = newUetrs(count);
  for (const [bank, counterparty, side] of [[debtor, creditor, 'DEBTOR_AGENT'], [creditor, debtor, 'CREDITOR_AGENT']] as const) {
    const connection = banks.connections.get(bank) as OrgConnection;
    await submitPairSides(connection, uetrs.map((uetr) => pairSide(connection.directory, connection.mspId, `${counterparty}MSP`, uetr, side)));
  }
  return { ms: Date.now() - started, committedAt: Date.now(), uetrs };
}

/** The gateway's error with each endorser's detail, for the log. */
function describe(error: unknown): string {
  const details = (error as { details?: { mspId?: string; message: string }[] }).details ?? [];
  return [error instanceof Error ? error.message : String(error), ...details.map((detail) => `${detail.mspId ?? ''}: ${detail.message}`)].join('; ');
}

async function warmUp(banks: Banks, pair: [string, string]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await payPair(banks, pair, 10);
      return;
    } catch (error) {
      progress(`warming up ${pair.join('-')}, attempt ${attempt}: ${describe(error)}`);
      if (attempt === 10) throw error;
      await sleep(5_000);
    }
  }
}

/**
 * Every pair but the measured one pays `perSecond` payments a second (both sides), a batch every 5 s, until
 * stopped; the time each batch took, from its first side's proposal to its second side's commit, is kept.
 */
class BackgroundLoad {
  private stopped = false;
  private readonly runs: Promise<void>[];
  readonly batchMs: { at: number; ms: number }[] = [];
  failures = 0;

  constructor(banks: Banks, perSecond: number) {
    const count = Math.max(1, Math.round((perSecond * BACKGROUND_PERIOD_MS) / 1000));
    const others = banks.pairs.filter((pair) => !samePair(pair, MEASURED));
    this.runs = others.map(async (pair, index) => {
      // Spread the pairs' batches over the period, so the load is steady rather than in bursts.
      await sleep((index * BACKGROUND_PERIOD_MS) / Math.max(1, others.length));
      while (!this.stopped) {
        const started = Date.now();
        try {
          const { ms } = await payPair(banks, pair, count);
          this.batchMs.push({ at: started, ms });
        } catch (error) {
          this.failures += 1;
          if (this.failures <= 3) progress(`background batch of ${pair.join('-')} failed: ${describe(error)}`);
        }
        await sleep(Math.max(0, BACKGROUND_PERIOD_MS - (Date.now() - started)));
      }
    });
  }

  /** The batches that started in a window. */
  between(from: number, to: number): number[] {
    return this.batchMs.filter(({ at }) => at >= from && at <= to).map(({ ms }) => ms);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.runs);
  }
}

// ---- figures of one size

interface SizeResult {
  banks: number;
  pairs: number;
  channels: number;
  szBankPairs: number;
  rssMiB: number;
  rssByNode: Record<string, number>;
  rssByRole: Record<string, number>;
  sidesPerSecond: number;
  /** Batches of the measured pair sent again after a failed endorsement. */
  measuredFailures: number;
  backgroundPairs: number;
  backgroundFailures: number;
  backgroundBatchMs: Summary;
  regulatorLagMs: Record<string, Summary>;
  regulatorMaxLagBlocks: Record<string, number | null>;
  /** perBatchMs: the other pairs asked one after the other, as the chaincode asks them; side by side, as the outbox does. */
  uetrCheck: { otherPairs: number; perQueryMs: Summary; perBatchMs: Summary; perBatchSideBySideMs: Summary; endorseMs: Summary };
  load: string;
}

interface AdmissionResult { org: string; seconds: number; apiSeconds: number; steps: Record<string, number>; backgroundBatchMs: Summary; backgroundFailures: number }

function rss(): { total: number; byNode: Record<string, number>; byRole: Record<string, number> } {
  const byNode: Record<string, number> = {};
  const byRole: Record<string, number> = {};
  for (const process of networkProcesses(stateDir())) {
    const kib = rssKiB(process.pid);
    if (kib === undefined) continue;
    byNode[process.name] = tenthsOfMiB(kib);
    byRole[process.role] = (byRole[process.role] ?? 0) + kib / 1024;
  }
  return { total: Object.values(byNode).reduce((sum, mib) => sum + mib, 0), byNode, byRole };
}

/** The measured pair at batch 500 for `ms`: sides committed per second, and an SZ-HK payment's regulators' lag every few seconds. */
async function measuredPair(banks: Banks, viewers: Viewer[], ms: number): Promise<{ sidesPerSecond: number; lags: Record<string, number[]>; maxLagBlocks: Record<string, number | null>; failures: number }> {
  const [debtor, creditor] = MEASURED;
  const deadline = Date.now() + ms;
  const committed: string[][] = [];
  const lags: Record<string, number[]> = { PBOC: [], HKMA: [] };
  const maxLagBlocks: Record<string, number | null> = Object.fromEntries(viewers.map((viewer) => [viewer.org, 0]));
  let sides = 0;
  let failures = 0;
  // A batch the peers could not endorse in time on a busy machine (the chaincode's execute timeout) is sent again:
  // sending the same sides again is a no-op for what did commit. Each failure is counted.
  const send = async (bank: string, counterparty: string, side: 'DEBTOR_AGENT' | 'CREDITOR_AGENT', uetrs: string[]) => {
    const connection = banks.connections.get(bank) as OrgConnection;
    const batch = uetrs.map((uetr) => pairSide(connection.directory, connection.mspId, `${counterparty}MSP`, uetr, side));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await submitPairSides(connection, batch);
        break;
      } catch (error) {
        failures += 1;
        progress(`${bank} batch of ${batch.length}, attempt ${attempt}: ${describe(error)}`);
        if (attempt === 3) throw error;
      }
    }
    sides += uetrs.length;
  };
  const probes: Promise<void>[] = [];
  let lastProbe = 0;
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
      if (uetrs === undefined) { await sleep(50); continue; }
      await send(creditor, debtor, 'CREDITOR_AGENT', uetrs);
      if (Date.now() - lastProbe > 4_000) {
        lastProbe = Date.now();
        const at = Date.now();
        for (const viewer of viewers.filter((v) => v.org in lags)) {
          probes.push(matchedAfter(viewer, uetrs[uetrs.length - 1], at).then((lag) => { lags[viewer.org].push(lag); }));
        }
      }
    }
  };
  const blocksWatch = (async () => {
    while (Date.now() < deadline) {
      for (const viewer of viewers) {
        const answer = await getJson(viewer, '/projection/status').catch(() => undefined);
        const lag = (answer?.body as { lagBlocks?: number | null } | undefined)?.lagBlocks;
        if (lag === null || lag === undefined) maxLagBlocks[viewer.org] = maxLagBlocks[viewer.org] ?? null;
        else maxLagBlocks[viewer.org] = Math.max(maxLagBlocks[viewer.org] ?? 0, lag);
      }
      await sleep(2_000);
    }
  })();
  const started = Date.now();
  await Promise.all([debtorWorker(), debtorWorker(), creditorWorker(), creditorWorker(), blocksWatch]);
  const sidesPerSecond = (sides * 1000) / (Date.now() - started);
  await Promise.all(probes);
  return { sidesPerSecond, lags, maxLagBlocks, failures };
}

/** The UETR check of SZBank's batches: one `uetrsTaken` of 500 UETRs per other pair of SZBank, and the endorsement it is part of. */
async function uetrCheck(banks: Banks, rounds: number): Promise<SizeResult['uetrCheck']> {
  const sz = banks.connections.get('SZBank') as OrgConnection;
  const hk = banks.connections.get('HKBank') as OrgConnection;
  const directory = sz.directory;
  const channel = directory.bankPair('SZBankMSP', 'HKBankMSP').channel;
  const others = directory.bankPairsOf('SZBankMSP').filter((pair) => pair.channel !== channel)
    .map((pair) => sz.gateway.getNetwork(pair.channel).getContract(CHAINCODE_NAME));
  const trackers = [await CommitTracker.open(sz, channel), await CommitTracker.open(hk, channel)];
  const retries = new RetryLog();
  const perQuery: number[] = [];
  const perBatch: number[] = [];
  const perBatchSideBySide: number[] = [];
  const endorse: number[] = [];
  try {
    for (let round = 0; round <= rounds; round += 1) {
      const uetrs = newUetrs(BATCH);
      const question = JSON.stringify(uetrs);
      const batchStarted = performance.now();
      const queries: number[] = [];
      for (const other of others) {
        const started = performance.now();
        await other.evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.uetrsTaken), question);
        queries.push(performance.now() - started);
      }
      const batchMs = performance.now() - batchStarted;
      const parallelStarted = performance.now();
      await Promise.all(others.map((other) => other.evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.uetrsTaken), question)));
      const parallelMs = performance.now() - parallelStarted;
      const sides: PaymentSide[] = uetrs.map((uetr) => pairSide(directory, 'SZBankMSP', 'HKBankMSP', uetr, 'DEBTOR_AGENT'));
      const outcome = await submitUntilCommitted({
        label: 'SZBank submitSides', send: (commit) => sz.payments('SZBankMSP', 'HKBankMSP', commit).submitSides(sides),
        tracker: trackers[0], alsoCommittedOn: [trackers[1]], wait: 'events',
      }, retries);
      // The first round warms the services and the peers' caches.
      if (round === 0) continue;
      perQuery.push(...queries);
      perBatch.push(batchMs);
      perBatchSideBySide.push(parallelMs);
      endorse.push(outcome.phasesMs.endorse);
    }
  } finally {
    trackers.forEach((tracker) => tracker.close());
  }
  return {
    otherPairs: others.length, perQueryMs: summarize(perQuery), perBatchMs: summarize(perBatch),
    perBatchSideBySideMs: summarize(perBatchSideBySide), endorseMs: summarize(endorse),
  };
}

const loadLine = (): string => `load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`;

async function measureSize(banks: Banks, options: Options): Promise<SizeResult> {
  const size = banks.connections.size;
  console.log(`\n== ${size} banks, ${banks.pairs.length} pairs (${loadLine()})`);
  const viewers = REGULATORS.map(viewerOf);
  // Every pair's channel serves a batch first (a new pair's first transaction sets its pair key); a pair just made
  // may need a moment more on a busy machine (gossip telling each peer where the chaincode runs).
  await Promise.all(banks.pairs.map((pair) => warmUp(banks, pair)));
  const memory = rss();
  progress(`RSS ${formatNumber(memory.total)} MiB in all`);
  const background = new BackgroundLoad(banks, options.pairLoad);
  const loadMs = options.quick ? 15_000 : 40_000;
  let pair: Awaited<ReturnType<typeof measuredPair>>;
  let load: string;
  const started = Date.now();
  try {
    await measuredPair(banks, [], 5_000);
    pair = await measuredPair(banks, viewers, loadMs);
    load = loadLine();
  } finally {
    await background.stop();
  }
  progress(`SZ-HK at batch ${BATCH}: ${formatNumber(pair.sidesPerSecond)} sides/s beside ${banks.pairs.length - 1} pairs at ${options.pairLoad} payments/s each (${load})`);
  const uetr = await uetrCheck(banks, options.quick ? 3 : 6);
  progress(`UETR check: ${uetr.otherPairs} other pairs, ${formatNumber(uetr.perBatchMs.p50)} ms a batch against an endorsement of ${formatNumber(uetr.endorseMs.p50)} ms`);
  const channels = new Set(banks.pairs.map((p) => p.join('-'))).size + 1;
  return {
    banks: size, pairs: banks.pairs.length, channels, szBankPairs: banks.pairs.filter((p) => p.includes('SZBank')).length,
    rssMiB: memory.total, rssByNode: memory.byNode, rssByRole: memory.byRole,
    sidesPerSecond: pair.sidesPerSecond, measuredFailures: pair.failures, backgroundPairs: banks.pairs.length - 1, backgroundFailures: background.failures,
    backgroundBatchMs: summarize(background.between(started, Date.now())),
    regulatorLagMs: Object.fromEntries(Object.entries(pair.lags).map(([org, values]) => [org, summarize(values.filter(Number.isFinite))])),
    regulatorMaxLagBlocks: pair.maxLagBlocks, uetrCheck: uetr, load,
  };
}

/** add-bank.sh then api.sh start for one bank, its output's step lines read; the background load runs throughout. */
async function admit(banks: Banks, admission: Admission, options: Options): Promise<AdmissionResult> {
  console.log(`\n-- admitting ${admission.org} (${admission.jurisdiction}, ${admission.bic8}; ${loadLine()})`);
  const background = new BackgroundLoad(banks, options.pairLoad);
  const started = Date.now();
  const steps: Record<string, number> = {};
  let apiSeconds = Number.NaN;
  try {
    await run('add-bank.sh', [admission.org, admission.jurisdiction, admission.bic8, admission.name], (line) => {
      const step = /^\[network\] step ([a-z-]+): ([\d.]+) s$/.exec(line);
      if (step !== null) steps[step[1]] = Number(step[2]);
    });
    const apiStarted = Date.now();
    await run('api.sh', ['start', admission.org], () => undefined);
    apiSeconds = (Date.now() - apiStarted) / 1000;
  } finally {
    await background.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  progress(`${admission.org} admitted in ${formatNumber(seconds)} s (its API ${formatNumber(apiSeconds)} s of it)`);
  return { org: admission.org, seconds, apiSeconds, steps, backgroundBatchMs: summarize(background.between(started, Date.now())), backgroundFailures: background.failures };
}

function run(script: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(path.join(SCRIPTS, script), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) { console.log(`    ${line}`); onLine(line); }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} ${args.join(' ')} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const machine = machineState();
  const sizes: SizeResult[] = [];
  const admissions: AdmissionResult[] = [];
  const failures: string[] = [];
  let banks = connectBanks();
  try {
    for (const size of SIZES) {
      for (const admission of size.admit) {
        admissions.push(await admit(banks, admission, options));
        banks = connectBanks(banks);
      }
      try {
        sizes.push(await measureSize(banks, options));
      } catch (error) {
        failures.push(`${banks.connections.size} banks: ${describe(error)}`);
        console.error(`measuring ${banks.connections.size} banks failed: ${describe(error)}`);
      }
    }
  } finally {
    banks.connections.forEach((connection) => connection.close());
    const file = writeResults(startedAt, { benchmark: 'members', startedAt: startedAt.toISOString(), machine, options, sizes, admissions, failures }, 'members-');
    console.log(`\nresults: ${file}`);
  }
  const base = sizes[0];
  console.log('');
  printTable(['figure', ...sizes.map((s) => `${s.banks} banks`), ...sizes.slice(1).map((s) => `${s.banks}/3`)], [
    ['pairs (channels besides the consortium\'s)', ...sizes.map((s) => String(s.pairs)), '', ''],
    ['network RSS, every node and API (MiB)', ...sizes.map((s) => formatNumber(s.rssMiB)), ...sizes.slice(1).map((s) => formatNumber(ratio(s.rssMiB, base.rssMiB), 2))],
    ...['peer', 'orderer', 'api', 'chaincode', 'ca'].map((role) => [`  of which ${role}s (MiB)`, ...sizes.map((s) => formatNumber(s.rssByRole[role] ?? 0)), '', '']),
    [`SZ-HK at batch ${BATCH}, others at ${options.pairLoad} payments/s each (sides/s)`, ...sizes.map((s) => formatNumber(s.sidesPerSecond)),
      ...sizes.slice(1).map((s) => formatNumber(ratio(s.sidesPerSecond, base.sidesPerSecond), 2))],
    ['background pair batch, p50 (ms)', ...sizes.map((s) => formatNumber(s.backgroundBatchMs.p50)), '', ''],
    ['batches sent again: SZ-HK / background', ...sizes.map((s) => `${s.measuredFailures} / ${s.backgroundFailures}`), '', ''],
    ['PBOC projection lag, p50 (ms)', ...sizes.map((s) => formatNumber(s.regulatorLagMs.PBOC?.p50 ?? Number.NaN)), '', ''],
    ['HKMA projection lag, p50 (ms)', ...sizes.map((s) => formatNumber(s.regulatorLagMs.HKMA?.p50 ?? Number.NaN)), '', ''],
    ...REGULATORS.map((org) => [`${org} projection, most blocks behind`, ...sizes.map((s) => String(s.regulatorMaxLagBlocks[org] ?? 'n/a')), '', '']),
    ['SZBank\'s other pairs asked per batch', ...sizes.map((s) => String(s.uetrCheck.otherPairs)), '', ''],
    ['UETR check per batch of 500, one pair after the other (chaincode), p50 (ms)', ...sizes.map((s) => formatNumber(s.uetrCheck.perBatchMs.p50)), '', ''],
    ['UETR check per batch of 500, side by side (outbox), p50 (ms)', ...sizes.map((s) => formatNumber(s.uetrCheck.perBatchSideBySideMs.p50)), '', ''],
    ['  per other pair, p50 (ms)', ...sizes.map((s) => formatNumber(s.uetrCheck.perQueryMs.p50)), '', ''],
    ['endorsement of the batch, p50 (ms)', ...sizes.map((s) => formatNumber(s.uetrCheck.endorseMs.p50)), '', ''],
    ['check / endorsement', ...sizes.map((s) => formatNumber(ratio(s.uetrCheck.perBatchMs.p50, s.uetrCheck.endorseMs.p50), 2)), '', ''],
  ]);
  console.log('');
  const stepNames = [...new Set(admissions.flatMap((a) => Object.keys(a.steps)))];
  printTable(['admission (s)', ...admissions.map((a) => a.org)], [
    ...stepNames.map((name) => [name, ...admissions.map((a) => formatNumber(a.steps[name] ?? Number.NaN, 1))]),
    ['API instance', ...admissions.map((a) => formatNumber(a.apiSeconds, 1))],
    ['in all', ...admissions.map((a) => formatNumber(a.seconds, 1))],
    ['slowest background batch meanwhile (ms)', ...admissions.map((a) => formatNumber(a.backgroundBatchMs.max))],
    ['background batches failed', ...admissions.map((a) => String(a.backgroundFailures))],
  ]);
  for (const failure of failures) console.log(`not measured: ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
