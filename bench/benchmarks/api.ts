import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PaymentSide } from '@bayrecon/common';
import { DEFAULT_OUTBOX_CONCURRENCY } from '../../api/src/config/app-config';
import { EventLoopWatchdog } from '../../api/src/logging/event-loop-watchdog';
import { ApiInstance, startApi } from '../../test/support/api-instance';
import { call } from '../../test/support/write-api';
import { hkCreditorSide, szDebtorSide } from '../../test/support/payments';
import {
  apiPid, apiProcesses, ApiLog, MatchedStream, OutboxOutcomes, postSides, SentBatch, projectionCaughtUp, reconfigure, SettledSubmissions, waitSettled,
} from '../harness/api-client';
import { limiterOf, topProcesses } from '../harness/limits';
import { runLoad, LoadSource } from '../harness/load';
import {
  CpuProfile, CpuSampler, CpuTimeline, NetworkProcess, Quiet, describeQuiet, residentKiB, residentSplit, tenthsOfMiB,
  untilQuiet,
} from '../harness/processes';
import { progress, Report } from '../harness/report';
import { paymentRun } from '../harness/gateway-runs';
import { BenchSession } from '../harness/session';
import { SlowLedgerStep, snapshotLedgerSteps } from '../harness/slow-ledger-steps';
import { perSecond, ratio, Summary, summarize } from '../harness/stats';
import { formatNumber } from '../harness/table';

const API_MAIN = path.resolve(__dirname, '..', '..', 'api', 'dist', 'main.js');
/** Ports of the benchmark's own API instances (the benchmark network's +20000, beside 3001-3004). */
const PORTS = { SZBank: 23101, HKBank: 23102 } as const;

/** How the two banks post: SZBank's sides, committed, then HKBank's; or both at once (same UETRs in flight). */
export type PostingMode = 'sequential' | 'concurrent';

export interface OutboxRunSpec {
  batchSize: number;
  /** OUTBOX_CONCURRENCY; undefined is the API's default (4). */
  concurrency?: number;
  mode: PostingMode;
}

export interface ApiConfig {
  runs: OutboxRunSpec[];
  /** Pairs per outbox run (2 sides each). */
  pairs: number;
  /** Sides per POST /payments. */
  sidesPerRequest: number;
  /** Bound of one outbox run, from the first 202. */
  runTimeoutMs: number;
  /** Gateway reference runs (when the throughput benchmark did not run): duration and in-flight per batch size. */
  gatewayMs: number;
  gatewayInFlight: Record<number, number>;
  /** Paced latency run: how long pairs are started, and how long one may take to match before it counts as lost. */
  latencyMs: number;
  latencyTimeoutMs: number;
  /** Pairs in flight (each bank posting its side, one side per request) when the single-side peak is measured. */
  peakPairsInFlight: number;
  /**
   * Latency loads: a fraction of the single-side peak MATCHED rate (0.5: half of the peak), and how long after
   * SZBank's side HKBank posts the same payment's side (0: both at the same moment).
   */
  latencyRuns: { fraction: number; counterpartyDelayMs: number }[];
}

export interface OutboxRunResult {
  label: string;
  spec: OutboxRunSpec;
  sides: number;
  /** First 202 to every side COMMITTED (GET /submissions), and to every UETR MATCHED (SSE on SZBank's instance). */
  committedMs: number;
  matchedMs: number;
  committedSidesPerSecond: number;
  matchedSidesPerSecond: number;
  matched: number;
  settled: { szBank: SettledSubmissions; hkBank: SettledSubmissions };
  outbox: { szBank: OutboxOutcomes; hkBank: OutboxOutcomes };
  /** GET /payments/:uetr (ledger) of a sample of the UETRs. */
  sample: { read: number; matched: number };
  cpu: CpuProfile;
  limiter: string;
}

export interface LatencyResult {
  fraction: number;
  counterpartyDelayMs: number;
  /** The pace asked for; undefined for the closed-loop peak run. */
  pairsPerSecond?: number;
  pairs: number;
  matched: number;
  /** MATCHED pairs per second over the whole run, from the first pair started to the last pair done. */
  matchedPairsPerSecond: number;
  /** Later of the two 202s to MATCHED on SZBank's SSE stream (ms). */
  latencyMs: Summary;
  /** p50 of the first and the last third of the pairs (by start): a queue that grows shows here. */
  p50FirstThirdMs: number;
  p50LastThirdMs: number;
  /** p99 of each third of the pairs (by start), and when the slowest pair started: whether the tail is one stall. */
  p99ByThirdMs: [number, number, number];
  slowestStartedAtS: number;
  outbox: { szBank: OutboxOutcomes; hkBank: OutboxOutcomes };
  stalls: LatencyStalls;
  cpu: CpuProfile;
  limiter: string;
  /** How long the network took to go quiet after the run before (paced runs only: see untilQuiet). */
  quiet?: Quiet;
}

/** Where a run's slow pairs lost their time: in an API instance, in the benchmark's client or on the ledger. */
export interface LatencyStalls {
  /**
   * Event-loop blocks of 200 ms or more, seconds after the run's start, with the CPU the process used meanwhile
   * and the processes that used the most CPU in that window (% of one core; the machine's busy % of all cores).
   */
  eventLoopBlocked: Record<'szBank' | 'hkBank' | 'client', EventLoopStall[]>;
  /** The nodes' own timings with steps over a second during the run (Prometheus histograms; see slow-ledger-steps). */
  ledgerSteps: SlowLedgerStep[];
  slowestPairs: PairTimeline[];
}

interface EventLoopStall {
  atS: number;
  ms: number;
  cpuMs: number;
  machineBusyPercent: number;
  busiest: { name: string; cpuPercent: number }[];
}

/**
 * One pair, in ms from its later 202: when each side's batch left its API (the outbox's log) and when its
 * transaction reached SZBank's peer, and when the pair MATCHED.
 */
export interface PairTimeline {
  startedAtS: number;
  latencyMs: number;
  szBankSide?: SideCommitTime;
  hkBankSide?: SideCommitTime;
}

interface SideCommitTime {
  /** Undefined when the API's log has no committed batch of that transaction. */
  sentMs?: number;
  batchSize?: number;
  blockNumber: number;
  committedMs: number;
}

/** The pairs whose diagnosis a latency run prints: the few slowest are where the p99 comes from. */
const SLOWEST_PAIRS_TRACED = 5;
const STALL_MS = 200;

interface Apis {
  sz: ApiInstance;
  hk: ApiInstance;
}

const modeLabel = (mode: PostingMode): string => (mode === 'sequential' ? 'SZBank then HKBank' : 'both banks at once');
const runLabel = (spec: OutboxRunSpec): string =>
  `outbox batch ${spec.batchSize}, concurrency ${spec.concurrency ?? `${DEFAULT_OUTBOX_CONCURRENCY} (default)`}, ${modeLabel(spec.mode)}`;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/**
 * The API benchmarks on the benchmark network: sides/s through SZBank's and HKBank's API instances (POST /payments,
 * outbox, ledger, projection) at a few outbox settings, both banks posting one after the other and at once, each
 * against the gateway-direct figure of the same batch size measured in this run; then the latency from the
 * second bank's 202 to the pair MATCHED in SZBank's projection (its SSE stream), at half (and a quarter) of the
 * outbox's peak.
 */
export async function apiBenchmarks(
  report: Report, session: BenchSession, config: ApiConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<{ ran: boolean; reason?: string; runs?: OutboxRunResult[]; latency?: LatencyResult[]; rssMiB?: Record<string, number> }> {
  const reason = apiNotReady();
  if (reason !== undefined) {
    report.note(`API benchmarks not run: ${reason}`);
    return { ran: false, reason };
  }
  const apis = await startApis();
  try {
    const runs = await outboxBenchmark(report, session, apis, config, processes, cores);
    const rssMiB = apiFootprint(report, apis);
    const latency = await latencyBenchmark(report, session, apis, config, processes, cores);
    return { ran: true, runs, latency, rssMiB };
  } finally {
    await Promise.all([apis.sz.dispose(), apis.hk.dispose()]);
  }
}

/** Why the API cannot be benchmarked, or undefined when it can. */
function apiNotReady(): string | undefined {
  if (!existsSync(API_MAIN)) return `${path.relative(process.cwd(), API_MAIN)} is not built (npx tsc -p api/tsconfig.build.json)`;
  const dist = path.dirname(API_MAIN);
  const sources = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  const routes = sources.some((file) => /Controller\)\(['"`]payments['"`]\)|Post\)\(['"`]payments['"`]\)/.test(readFileSync(path.join(dist, file), 'utf8')));
  return routes ? undefined : 'the built API has no POST /payments route';
}

/** SZBank's and HKBank's instances, each with its own SQLite database, caught up with the ledger. */
async function startApis(): Promise<Apis> {
  const started = await Promise.allSettled([startApi('SZBank', { port: PORTS.SZBank }), startApi('HKBank', { port: PORTS.HKBank })]);
  const running = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  try {
    const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const [sz, hk] = running;
    const waiting = (org: string) => (lag: number | null) => progress(`${org}'s projection replays the ledger: ${lag ?? '?'} blocks behind`);
    await Promise.all([projectionCaughtUp(sz, 600_000, waiting('SZBank')), projectionCaughtUp(hk, 600_000, waiting('HKBank'))]);
    return { sz, hk };
  } catch (error) {
    await Promise.all(running.map((api) => api.dispose()));
    throw error;
  }
}

const outboxSettings = (spec: { batchSize?: number; concurrency?: number }): Record<string, string | undefined> => ({
  OUTBOX_BATCH_SIZE: spec.batchSize === undefined ? undefined : String(spec.batchSize),
  OUTBOX_CONCURRENCY: spec.concurrency === undefined ? undefined : String(spec.concurrency),
});

/** Every configured outbox run, each beside the gateway-direct figure of its batch size. */
async function outboxBenchmark(
  report: Report, session: BenchSession, apis: Apis, config: ApiConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<OutboxRunResult[]> {
  const runs: OutboxRunResult[] = [];
  for (const spec of config.runs) {
    const gateway = await gatewayReference(report, session, spec.batchSize, config, processes, cores);
    await Promise.all([reconfigure(apis.sz, outboxSettings(spec)), reconfigure(apis.hk, outboxSettings(spec))]);
    const run = await outboxRun(apis, spec, config, processes, cores);
    runs.push(run);
    logOutboxRun(run);
    const rejected = run.settled.szBank.rejected + run.settled.hkBank.rejected;
    report.figure('api', `API sides/s MATCHED, ${runLabel(spec)}`, run.matchedSidesPerSecond, 'sides/s',
      `${run.sides} sides; committed ${formatNumber(run.committedSidesPerSecond)} sides/s; MATCHED ${run.matched}/${run.sides / 2}; `
      + `retried batches ${retriedBatches(run)}; rejected ${rejected}`);
    report.figure('api', `API / gateway, ${runLabel(spec)}`, ratio(run.matchedSidesPerSecond, gateway), 'x',
      `gateway direct batch ${spec.batchSize}: ${formatNumber(gateway ?? Number.NaN)} sides/s`);
  }
  const overall = runs.filter((run) => Number.isFinite(run.matchedSidesPerSecond))
    .sort((a, b) => b.matchedSidesPerSecond - a.matchedSidesPerSecond)[0];
  if (overall !== undefined) report.figure('api', 'API best sides/s MATCHED', overall.matchedSidesPerSecond, 'sides/s', overall.label);
  for (const sequential of runs.filter((run) => run.spec.mode === 'sequential')) {
    const concurrent = runs.find((run) => run.spec.mode === 'concurrent' && run.spec.batchSize === sequential.spec.batchSize
      && run.spec.concurrency === sequential.spec.concurrency);
    if (concurrent === undefined) continue;
    report.figure('api', `SZBank then HKBank / both at once, outbox batch ${sequential.spec.batchSize}, concurrency ${sequential.spec.concurrency ?? DEFAULT_OUTBOX_CONCURRENCY}`,
      ratio(sequential.matchedSidesPerSecond, concurrent.matchedSidesPerSecond), 'x', 'what the two banks\' batches colliding on the same UETR keys cost');
  }
  return runs;
}

const retriedBatches = (run: OutboxRunResult): number =>
  [run.outbox.szBank, run.outbox.hkBank].reduce((sum, log) => sum + Object.entries(log.batches)
    .filter(([outcome]) => outcome !== 'COMMITTED').reduce((count, [, batches]) => count + batches, 0), 0);

/**
 * The gateway-direct sides/s at a batch size: the throughput benchmark's figure of this run, or a run of its own
 * here (SZBank's debtor sides, then HKBank's once they committed, as there), so the ratio is of one run.
 */
async function gatewayReference(
  report: Report, session: BenchSession, batchSize: number, config: ApiConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<number | undefined> {
  const name = `bayrecon sides/s, batch ${batchSize}`;
  const measured = report.value('throughput', name) ?? report.value('api', `gateway direct ${name}`);
  if (measured !== undefined) return measured;
  const run = await paymentRun(session, {
    batchSize, inFlight: config.gatewayInFlight[batchSize] ?? 8, durationMs: config.gatewayMs, maxItems: 1e9, wait: 'events',
  }, processes, cores);
  session.forget();
  progress(`gateway direct, batch ${batchSize}: ${run.items} sides in ${formatNumber(run.elapsedMs / 1000, 1)} s, retries ${run.retries.count}; cpu: ${topProcesses(run.cpu)}`);
  report.figure('api', `gateway direct ${name}`, run.itemsPerSecond, 'sides/s', `${run.inFlight} in flight, for the API / gateway ratio`);
  report.detail('api gateway reference', run);
  return run.itemsPerSecond;
}

/**
 * One outbox run: `pairs` fresh UETRs; SZBank posts its debtor sides and HKBank its creditor sides in requests
 * of `sidesPerRequest`, one bank after the other (HKBank once SZBank's sides are all COMMITTED) or both at once.
 * Timed from the first 202 to the last side COMMITTED and to the last UETR MATCHED on SZBank's SSE stream.
 */
async function outboxRun(
  apis: Apis, spec: OutboxRunSpec, config: ApiConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<OutboxRunResult> {
  const uetrs = Array.from({ length: config.pairs }, () => randomUUID());
  const szChunks = chunks(uetrs.map((uetr) => szDebtorSide(uetr)), config.sidesPerRequest);
  const hkChunks = chunks(uetrs.map((uetr) => hkCreditorSide(uetr)), config.sidesPerRequest);
  const logs = { sz: new ApiLog(apis.sz), hk: new ApiLog(apis.hk) };
  const stream = await MatchedStream.open(apis.sz);
  const sampler = new CpuSampler([...processes, ...apiProcesses([apis.sz, apis.hk])]);
  let firstAccepted = Number.NaN;
  const postAll = async (api: ApiInstance, requests: PaymentSide[][]): Promise<string[]> => {
    const ids: string[] = [];
    for (const sides of requests) {
      const { submissionId, acceptedAt } = await postSides(api, sides);
      if (Number.isNaN(firstAccepted)) firstAccepted = acceptedAt;
      ids.push(submissionId);
    }
    return ids;
  };
  const deadline = Date.now() + config.runTimeoutMs;
  let szSettled: SettledSubmissions;
  let hkSettled: SettledSubmissions;
  try {
    if (spec.mode === 'sequential') {
      szSettled = await waitSettled(apis.sz, await postAll(apis.sz, szChunks), deadline);
      progress(`SZBank's ${szSettled.committed} sides committed after ${formatNumber((szSettled.lastSettledAt - firstAccepted) / 1000, 1)} s; HKBank posts`);
      hkSettled = await waitSettled(apis.hk, await postAll(apis.hk, hkChunks), deadline);
    } else {
      const [szIds, hkIds] = await Promise.all([postAll(apis.sz, szChunks), postAll(apis.hk, hkChunks)]);
      [szSettled, hkSettled] = await Promise.all([waitSettled(apis.sz, szIds, deadline), waitSettled(apis.hk, hkIds, deadline)]);
    }
    const rejected = new Set([...szSettled.rejectedUetrs, ...hkSettled.rejectedUetrs]);
    const matchable = uetrs.filter((uetr) => !rejected.has(uetr));
    const matched = await stream.waitAll(matchable, deadline, (count) => progress(`${count}/${matchable.length} MATCHED on SZBank's projection`));
    const cpu = sampler.stop();
    const sides = 2 * config.pairs;
    const committedMs = Math.max(szSettled.lastSettledAt, hkSettled.lastSettledAt) - firstAccepted;
    const matchedMs = matched.lastAt - firstAccepted;
    const complete = matched.matched === config.pairs;
    return {
      label: runLabel(spec),
      spec,
      sides,
      committedMs,
      matchedMs,
      committedSidesPerSecond: perSecond(szSettled.committed + hkSettled.committed, committedMs),
      // An incomplete run has no end to time: its rate is not pretended.
      matchedSidesPerSecond: complete ? perSecond(sides, matchedMs) : Number.NaN,
      matched: matched.matched,
      settled: { szBank: szSettled, hkBank: hkSettled },
      outbox: { szBank: logs.sz.outbox(), hkBank: logs.hk.outbox() },
      sample: await sampleLedger(apis.sz, uetrs),
      cpu,
      limiter: limiterOf(cpu, cores),
    };
  } finally {
    await stream.close();
  }
}

/** GET /payments/:uetr (the ledger's record, through SZBank's instance) of up to 20 UETRs spread over the run. */
async function sampleLedger(api: ApiInstance, uetrs: readonly string[]): Promise<{ read: number; matched: number }> {
  const stride = Math.max(1, Math.floor(uetrs.length / 20));
  const sample = uetrs.filter((_, index) => index % stride === 0).slice(0, 20);
  const answers = await Promise.all(sample.map((uetr) => call(api, 'GET', `/payments/${uetr}`, { role: 'viewer' })));
  return { read: answers.length, matched: answers.filter((answer) => answer.status === 200 && answer.body.payment?.status === 'MATCHED').length };
}

const outcomes = (log: OutboxOutcomes): string =>
  `${Object.entries(log.batches).map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'no batch'} (mean ${formatNumber(log.meanCommittedSize, 0)} sides)`;

function logOutboxRun(run: OutboxRunResult): void {
  progress(`${run.label}: ${run.sides} sides, committed in ${formatNumber(run.committedMs / 1000, 1)} s, `
    + `MATCHED ${run.matched}/${run.sides / 2} in ${formatNumber(run.matchedMs / 1000, 1)} s; ledger sample ${run.sample.matched}/${run.sample.read} MATCHED`);
  progress(`  batches: SZBank ${outcomes(run.outbox.szBank)}; HKBank ${outcomes(run.outbox.hkBank)}`);
  const reasons = { ...run.outbox.szBank.reasons, ...run.outbox.hkBank.reasons };
  if (Object.keys(reasons).length > 0) progress(`  retry reasons: ${Object.entries(reasons).map(([reason, count]) => `${count}× ${reason}`).join('; ')}`);
  progress(`  cpu: ${topProcesses(run.cpu, 7)}; limit: ${run.limiter}`);
}

/**
 * Accept to projection at fractions (half, a quarter) of the single-side peak: first the peak itself, closed loop
 * with `peakPairsInFlight` pairs in flight, each bank posting its side of a fresh UETR as one request, both at
 * once; then open loop at the fractions of it: every 1/rate s SZBank POSTs its side of a fresh UETR and HKBank its
 * side of the same payment, at the same moment or a set delay later, and the pair's latency runs from the later
 * 202 to the MATCHED status change on SZBank's SSE stream. The reference is the peak of the same posting mode: a
 * side per request costs the API far more than a side in a request of 500, so the outbox runs' peak would
 * overload it. Outbox settings are the API's defaults.
 */
async function latencyBenchmark(
  report: Report, session: BenchSession, apis: Apis, config: ApiConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<LatencyResult[]> {
  await Promise.all([reconfigure(apis.sz, outboxSettings({})), reconfigure(apis.hk, outboxSettings({}))]);
  const peak = { fraction: 1, counterpartyDelayMs: 0, ...await pacedPairs(session, apis, { inFlight: config.peakPairsInFlight }, 0, config, processes, cores) };
  const peakSidesPerSecond = 2 * peak.matchedPairsPerSecond;
  progress(`single-side peak: ${peak.matched}/${peak.pairs} pairs MATCHED, ${formatNumber(peakSidesPerSecond)} sides/s; cpu: ${topProcesses(peak.cpu, 7)}; limit: ${peak.limiter}`);
  report.figure('api latency', 'single-side peak, sides/s MATCHED (one side per request, both banks at once)', peakSidesPerSecond, 'sides/s',
    `${config.peakPairsInFlight} pairs in flight; p50 ${formatNumber(peak.latencyMs.p50, 0)} ms at the peak`);
  if (!(peakSidesPerSecond > 0)) {
    report.note('API latency not run: no pair MATCHED in the single-side peak run, so there is no peak rate to take a fraction of');
    return [peak];
  }
  const results: LatencyResult[] = [peak];
  for (const { fraction, counterpartyDelayMs } of config.latencyRuns) {
    // Each run starts once both instances have read every block of the run before: an instance whose projection
    // still lags holds its creditor sides back (it has not seen their debtor sides) and competes for the CPU. Then
    // it waits for the peers to finish compacting what the run before wrote (see untilQuiet).
    const settling = performance.now();
    await Promise.all([projectionCaughtUp(apis.sz, 120_000), projectionCaughtUp(apis.hk, 120_000)]);
    progress(`projections caught up with the run before after ${formatNumber(performance.now() - settling, 0)} ms`);
    const quiet = await untilQuiet(processes);
    progress(describeQuiet(quiet));
    results.push({ ...await latencyAt(report, session, apis, fraction, counterpartyDelayMs, peakSidesPerSecond, config, processes, cores), quiet });
  }
  return results;
}

async function latencyAt(
  report: Report, session: BenchSession, apis: Apis, fraction: number, counterpartyDelayMs: number, peakSidesPerSecond: number,
  config: ApiConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<LatencyResult> {
  const pairsPerSecond = (fraction * peakSidesPerSecond) / 2;
  const result = {
    fraction, counterpartyDelayMs,
    ...await pacedPairs(session, apis, { pairsPerSecond, inFlight: 100_000 }, counterpartyDelayMs, config, processes, cores),
  };
  const posting = counterpartyDelayMs === 0 ? 'both banks at once' : `HKBank ${formatNumber(counterpartyDelayMs / 1000)} s after SZBank`;
  const at = `${formatNumber(pairsPerSecond)} pairs/s (${fraction} × single-side peak ${formatNumber(peakSidesPerSecond)} sides/s), ${posting}`;
  progress(`${result.pairs} pairs at ${at}: MATCHED ${result.matched}, p50 ${formatNumber(result.latencyMs.p50, 0)} ms, p99 ${formatNumber(result.latencyMs.p99, 0)} ms, max ${formatNumber(result.latencyMs.max, 0)} ms; `
    + `p50 of the first third ${formatNumber(result.p50FirstThirdMs, 0)} ms, of the last ${formatNumber(result.p50LastThirdMs, 0)} ms; `
    + `p99 by third ${result.p99ByThirdMs.map((ms) => formatNumber(ms, 0)).join(' / ')} ms; slowest pair started ${formatNumber(result.slowestStartedAtS, 1)} s in`);
  progress(`  batches: SZBank ${outcomes(result.outbox.szBank)}; HKBank ${outcomes(result.outbox.hkBank)}`);
  progress(`  cpu: ${topProcesses(result.cpu, 7)}; limit: ${result.limiter}`);
  for (const line of describeStalls(result.stalls)) progress(`  ${line}`);
  const unmatched = result.pairs - result.matched;
  report.figure('api latency', `accept → projection MATCHED p50, ${at}`, result.latencyMs.p50, 'ms',
    `later 202 of the pair to SZBank's SSE; ${result.pairs} pairs, outbox defaults${unmatched > 0 ? `; ${unmatched} not MATCHED within ${config.latencyTimeoutMs / 1000} s` : ''}`);
  report.figure('api latency', `accept → projection MATCHED p99, ${at}`, result.latencyMs.p99, 'ms',
    `max ${formatNumber(result.latencyMs.max, 0)} ms, started ${formatNumber(result.slowestStartedAtS, 1)} s in; p50 first third ${formatNumber(result.p50FirstThirdMs, 0)} ms, last third ${formatNumber(result.p50LastThirdMs, 0)} ms; `
    + `p99 by third ${result.p99ByThirdMs.map((ms) => formatNumber(ms, 0)).join(' / ')} ms`);
  return result;
}

/** Pairs started for `config.latencyMs`, paced to a rate (open loop) or with a bound in flight only (closed loop). */
async function pacedPairs(
  session: BenchSession, apis: Apis, load: { pairsPerSecond?: number; inFlight: number }, counterpartyDelayMs: number, config: ApiConfig,
  processes: readonly NetworkProcess[], cores: number,
): Promise<Omit<LatencyResult, 'fraction' | 'counterpartyDelayMs'>> {
  const stream = await MatchedStream.open(apis.sz);
  const logs = { sz: new ApiLog(apis.sz), hk: new ApiLog(apis.hk) };
  const ledgerSteps = await snapshotLedgerSteps(session.network);
  session.forget();
  /** By start order: the pair's two acceptances and, once MATCHED, its latency (undefined: not within the timeout). */
  const started: { sz?: Accepted; hk?: Accepted; latencyMs?: number; startedAt: number }[] = [];
  let pairs = 0;
  const deadline = Date.now() + config.latencyMs;
  let startedAt = 0;
  let startedWallMs = 0;
  const clientBlocks: { atS: number; ms: number; cpuMs: number }[] = [];
  const watchdog = new EventLoopWatchdog(STALL_MS, ({ blockedMs, cpuMs }) =>
    clientBlocks.push({ atS: (performance.now() - startedAt - blockedMs) / 1000, ms: blockedMs, cpuMs }));
  const pair = (index: number) => async (): Promise<void> => {
    const record: (typeof started)[number] = { startedAt: performance.now() };
    started[index] = record;
    const uetr = randomUUID();
    const hkLater = async () => {
      if (counterpartyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, counterpartyDelayMs));
      return postSides(apis.hk, [hkCreditorSide(uetr)]);
    };
    [record.sz, record.hk] = await Promise.all([postSides(apis.sz, [szDebtorSide(uetr)]), hkLater()]);
    const matchedAt = await stream.waitFor(uetr, config.latencyTimeoutMs);
    if (matchedAt !== undefined) record.latencyMs = matchedAt - Math.max(record.sz.acceptedAt, record.hk.acceptedAt);
  };
  const source: LoadSource = {
    next() {
      if (Date.now() >= deadline) return 'done';
      pairs += 1;
      return pair(pairs - 1);
    },
  };
  const sampled = [...processes, ...apiProcesses([apis.sz, apis.hk])];
  const sampler = new CpuSampler(sampled);
  const timeline = new CpuTimeline(sampled);
  startedAt = performance.now();
  startedWallMs = Date.now();
  watchdog.start();
  timeline.start();
  try {
    await runLoad(source, { inFlight: load.inFlight, ratePerSecond: load.pairsPerSecond });
  } finally {
    timeline.stop();
    watchdog.stop();
    await stream.close();
  }
  const elapsedMs = performance.now() - startedAt;
  const cpu = sampler.stop();
  const latencies = started.map((record) => record.latencyMs);
  const measured = (from: number, to: number): number[] => latencies.slice(from, to).filter((value): value is number => value !== undefined);
  const third = Math.max(1, Math.floor(pairs / 3));
  const all = measured(0, pairs);
  const slowest = started.map((record, index) => ({ record, index }))
    .filter(({ record }) => record.latencyMs !== undefined)
    .sort((a, b) => (b.record.latencyMs ?? 0) - (a.record.latencyMs ?? 0))
    .slice(0, SLOWEST_PAIRS_TRACED);
  const sinceStartS = (time: string): number => (Date.parse(time) - startedWallMs) / 1000;
  const stall = ({ atS, ms, cpuMs }: { atS: number; ms: number; cpuMs: number }): EventLoopStall => {
    const usage = timeline.usageBetween(startedAt + atS * 1000, startedAt + atS * 1000 + ms);
    return { atS, ms, cpuMs, machineBusyPercent: usage.machineBusyPercent, busiest: usage.processes.slice(0, 4) };
  };
  const apiBlocks = (log: ApiLog) => log.eventLoopBlocks().map(({ time, ms, cpuMs }) => stall({ atS: sinceStartS(time) - ms / 1000, ms, cpuMs }));
  const clock = { wallMs: startedWallMs, performanceMs: startedAt };
  const batches = { sz: logs.sz.committedBatches(), hk: logs.hk.committedBatches() };
  return {
    pairsPerSecond: load.pairsPerSecond, pairs, matched: all.length, matchedPairsPerSecond: perSecond(all.length, elapsedMs), latencyMs: summarize(all),
    p50FirstThirdMs: summarize(measured(0, third)).p50, p50LastThirdMs: summarize(measured(pairs - third, pairs)).p50,
    p99ByThirdMs: [summarize(measured(0, third)).p99, summarize(measured(third, pairs - third)).p99, summarize(measured(pairs - third, pairs)).p99],
    slowestStartedAtS: slowest.length === 0 ? 0 : (slowest[0].record.startedAt - startedAt) / 1000,
    outbox: { szBank: logs.sz.outbox(), hkBank: logs.hk.outbox() },
    stalls: {
      eventLoopBlocked: { szBank: apiBlocks(logs.sz), hkBank: apiBlocks(logs.hk), client: clientBlocks.map(stall) },
      ledgerSteps: (await ledgerSteps.since()).filter((step) => step.overOneSecond > 0),
      slowestPairs: await Promise.all(slowest.map(({ record }) => pairTimeline(session, apis, batches, record, clock))),
    },
    cpu, limiter: limiterOf(cpu, cores),
  };
}

type Accepted = Awaited<ReturnType<typeof postSides>>;

/** When each side of a slow pair reached SZBank's peer (its filtered block stream), from the pair's later 202. */
async function pairTimeline(
  session: BenchSession, apis: Apis, batches: { sz: Map<string, SentBatch>; hk: Map<string, SentBatch> },
  record: { sz?: Accepted; hk?: Accepted; latencyMs?: number; startedAt: number }, clock: { wallMs: number; performanceMs: number },
): Promise<PairTimeline> {
  const reference = Math.max(record.sz?.acceptedAt ?? 0, record.hk?.acceptedAt ?? 0);
  const sideCommit = async (api: ApiInstance, sent: Map<string, SentBatch>, accepted: Accepted | undefined): Promise<SideCommitTime | undefined> => {
    if (accepted === undefined) return undefined;
    const answer = await call(api, 'GET', `/submissions/${accepted.submissionId}`, { role: 'viewer' });
    const transactionId = (answer.body?.items as { transactionId?: string | null }[] | undefined)?.[0]?.transactionId;
    const commit = transactionId ? session.sz.tracker.commitOf(transactionId) : undefined;
    if (transactionId == null || commit === undefined) return undefined;
    const batch = sent.get(transactionId);
    return {
      ...(batch === undefined ? {} : { sentMs: clock.performanceMs + (batch.sentAtMs - clock.wallMs) - reference, batchSize: batch.size }),
      blockNumber: commit.blockNumber, committedMs: commit.seenAt - reference,
    };
  };
  return {
    startedAtS: (record.startedAt - clock.performanceMs) / 1000,
    latencyMs: record.latencyMs ?? NaN,
    szBankSide: await sideCommit(apis.sz, batches.sz, record.sz),
    hkBankSide: await sideCommit(apis.hk, batches.hk, record.hk),
  };
}

/** Progress lines for a run's stalls: blocked event loops, slow ledger steps, and where the slowest pairs waited. */
function describeStalls(stalls: LatencyStalls): string[] {
  const blocks = Object.entries(stalls.eventLoopBlocked).map(([where, list]) => `${where} ${list.length === 0 ? 'none'
    : list.map(({ atS, ms, cpuMs, machineBusyPercent, busiest }) => `${formatNumber(ms, 0)} ms (cpu ${formatNumber(cpuMs, 0)}) at `
      + `${formatNumber(atS, 1)} s [machine ${formatNumber(machineBusyPercent, 0)}% busy: `
      + `${busiest.map(({ name, cpuPercent }) => `${name} ${formatNumber(cpuPercent, 0)}%`).join(', ')}]`).join(', ')}`);
  const steps = stalls.ledgerSteps.length === 0 ? 'none'
    : stalls.ledgerSteps.map((step) => `${step.node} ${step.metric} ${step.overOneSecond} of ${step.count}`).join('; ');
  const side = (name: string, commit: SideCommitTime | undefined): string => (commit === undefined ? `${name} not seen`
    : `${name} ${commit.sentMs === undefined ? '' : `sent at ${formatNumber(commit.sentMs, 0)} ms (batch of ${commit.batchSize}), `}`
      + `block ${commit.blockNumber} at ${formatNumber(commit.committedMs, 0)} ms`);
  return [
    `event loops blocked ≥ ${STALL_MS} ms: ${blocks.join('; ')}`,
    `ledger steps over 1 s: ${steps}`,
    ...stalls.slowestPairs.map((pair) => `slow pair started ${formatNumber(pair.startedAtS, 1)} s in, MATCHED at ${formatNumber(pair.latencyMs, 0)} ms: `
      + `${side('SZBank side', pair.szBankSide)}, ${side('HKBank side', pair.hkBankSide)} (from the later 202, on SZBank's peer)`),
  ];
}

/** Resident memory of each API instance after the outbox runs (target ≤ 200 MiB each). */
function apiFootprint(report: Report, apis: Apis): Record<string, number> {
  const rss: Record<string, number> = {};
  for (const api of [apis.sz, apis.hk]) {
    const pid = apiPid(api);
    const resident = pid === undefined ? undefined : residentKiB(pid);
    if (resident === undefined) continue;
    rss[api.org] = tenthsOfMiB(resident.total);
    report.figure('api', `${api.org} API RSS after the outbox runs`, resident.total / 1024, 'MiB', `SQLite: ${residentSplit(resident)}; target ≤ 200 MiB`);
  }
  return rss;
}
