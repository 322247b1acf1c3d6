import { topProcesses } from '../harness/limits';
import { NetworkProcess, Quiet, describeQuiet, untilQuiet } from '../harness/processes';
import { progress, Report } from '../harness/report';
import { RunOptions, RunResult, paymentRun, trivialRun } from '../harness/gateway-runs';
import { BenchSession } from '../harness/session';
import { ratio } from '../harness/stats';
import { CommitWait } from '../harness/submit';
import { formatNumber } from '../harness/table';

export interface ThroughputConfig {
  batchSizes: number[];
  /** Transactions in flight per batch size: enough to keep the orderer's blocks full. */
  inFlight: Record<number, number>;
  durationMs: number;
  maxItems: number;
  /** Batch sizes also measured with the signed commit-status call per transaction. */
  statusBatchSizes: number[];
  /** Batch sizes also measured on the trivial chaincode with a key-level endorsement policy per key. */
  keyPolicyBatchSizes: number[];
  /** Batch sizes also measured on the trivial chaincode reading every key before writing it. */
  readBatchSizes: number[];
  /** Batch sizes also measured on the trivial chaincode with one putState round trip per key. */
  roundTripBatchSizes: number[];
  /** Trivial runs with smaller values than a payment record's, at a batch size measured above. */
  valueSizeRuns: { batchSize: number; valueSize: number }[];
}

function logRun(run: RunResult): void {
  const reconciliation = run.reconciliation === undefined
    ? ''
    : `, MATCHED ${run.reconciliation.matchedAtEndorsement}/${run.reconciliation.creditorSides} by event, ${run.reconciliation.sampledMatched}/${run.reconciliation.sampled} read back`;
  progress(`${run.label}: ${run.items} in ${formatNumber(run.elapsedMs / 1000, 1)} s, ${run.transactions} tx, ${formatNumber(run.transactionsPerSecond)} tx/s, `
    + `p50 ${formatNumber(run.latencyMs.p50, 0)} ms (endorse ${formatNumber(run.phasesMs.endorse.p50, 0)}, to the orderer ${formatNumber(run.phasesMs.submit.p50, 0)}, `
    + `commit ${formatNumber(run.phasesMs.commit.p50, 0)}), retries ${run.retries.count}${reconciliation}`);
  progress(`  cpu: ${topProcesses(run.cpu)}; limit: ${run.limiter}`);
}

/** Every batch size on both chaincodes back to back (ours, then trivial), then the commit-wait comparison. */
export async function throughputBenchmark(
  session: BenchSession, report: Report, config: ThroughputConfig, valueSize: number, processes: readonly NetworkProcess[], cores: number,
): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  const ours = new Map<number, RunResult>();
  const trivial = new Map<number, RunResult>();
  const optionsFor = (batchSize: number, wait: CommitWait = 'events'): RunOptions =>
    ({ batchSize, inFlight: config.inFlight[batchSize] ?? 8, durationMs: config.durationMs, maxItems: config.maxItems, wait });
  /** Logs and keeps a finished run, and clears the trackers for the next. */
  const measured = (run: RunResult): RunResult => {
    session.forget();
    logRun(run);
    runs.push(run);
    return run;
  };
  for (const batchSize of config.batchSizes) {
    const options = optionsFor(batchSize);
    const our = measured(await paymentRun(session, options, processes, cores));
    const floor = measured(await trivialRun(session, options, valueSize, processes, cores));
    ours.set(batchSize, our);
    trivial.set(batchSize, floor);
    const matched = our.reconciliation!;
    report.figure('throughput', `bayrecon sides/s, batch ${batchSize}`, our.itemsPerSecond, 'sides/s',
      `${formatNumber(our.transactionsPerSecond)} tx/s, ${options.inFlight} in flight, MATCHED ${matched.sampledMatched}/${matched.sampled} sampled, retries ${our.retries.count}`);
    report.figure('throughput', `trivial keys/s, ${batchSize} keys/tx`, floor.itemsPerSecond, 'keys/s', `${formatNumber(floor.transactionsPerSecond)} tx/s`);
    report.figure('throughput', `ours/trivial, batch ${batchSize}`, ratio(our.itemsPerSecond, floor.itemsPerSecond), 'x');
  }
  const batch1 = ours.get(1);
  const best = [...ours.values()].sort((a, b) => b.itemsPerSecond - a.itemsPerSecond)[0];
  if (best !== undefined) {
    report.figure('throughput', 'bayrecon best sides/s', best.itemsPerSecond, 'sides/s', `batch ${best.batchSize}`);
    report.figure('throughput', 'batching gain (best / batch 1)', ratio(best.itemsPerSecond, batch1?.itemsPerSecond), 'x');
    report.figure('throughput', `ours/trivial at best batch (${best.batchSize})`, ratio(best.itemsPerSecond, trivial.get(best.batchSize)?.itemsPerSecond), 'x');
  }
  for (const batchSize of config.keyPolicyBatchSizes) {
    const withPolicy = measured(await trivialRun(session, optionsFor(batchSize), valueSize, processes, cores, 'putWithKeyPolicy'));
    report.figure('key-level policy', `trivial + key-level policy per key, keys/s, ${batchSize} keys/tx`, withPolicy.itemsPerSecond, 'keys/s');
    report.figure('key-level policy', `put / put with key-level policy, ${batchSize} keys/tx`, ratio(trivial.get(batchSize)?.itemsPerSecond, withPolicy.itemsPerSecond), 'x',
      'what state-based endorsement alone costs; bayrecon sets one on each document anchor (payments have a chaincode per bank pair instead)');
  }
  for (const batchSize of config.readBatchSizes) {
    const withReads = measured(await trivialRun(session, optionsFor(batchSize), valueSize, processes, cores, 'readAndPut'));
    report.figure('reads', `trivial, read then put each key, keys/s, ${batchSize} keys/tx`, withReads.itemsPerSecond, 'keys/s');
    report.figure('reads', `put / read and put, ${batchSize} keys/tx`, ratio(trivial.get(batchSize)?.itemsPerSecond, withReads.itemsPerSecond), 'x',
      'what a read checked at commit costs per key; bayrecon reads each side\'s payment key to reconcile it');
    report.figure('reads', `ours / trivial read and put, batch ${batchSize}`, ratio(ours.get(batchSize)?.itemsPerSecond, withReads.itemsPerSecond), 'x',
      'the same reads and writes on both sides: what the rest of the payment contract costs');
  }
  for (const batchSize of config.roundTripBatchSizes) {
    const each = measured(await trivialRun(session, optionsFor(batchSize), valueSize, processes, cores, 'putEach'));
    report.figure('round trips', `trivial, one putState round trip per key, keys/s, ${batchSize} keys/tx`, each.itemsPerSecond, 'keys/s');
    report.figure('round trips', `one write batch / a round trip per key, ${batchSize} keys/tx`, ratio(trivial.get(batchSize)?.itemsPerSecond, each.itemsPerSecond), 'x',
      'what fabric-shim 2.5\'s one-message-per-putState API costs; bayrecon sends its writes in one batch');
  }
  for (const { batchSize, valueSize: smallValue } of config.valueSizeRuns) {
    const small = measured(await trivialRun(session, optionsFor(batchSize), smallValue, processes, cores));
    report.figure('value size', `trivial keys/s, ${batchSize} keys/tx of ${smallValue} bytes`, small.itemsPerSecond, 'keys/s');
    report.figure('value size', `${smallValue}-byte / ${valueSize}-byte values, ${batchSize} keys/tx`, ratio(small.itemsPerSecond, trivial.get(batchSize)?.itemsPerSecond), 'x',
      'what the size of a public record costs the network');
  }
  for (const batchSize of config.statusBatchSizes) {
    const our = measured(await paymentRun(session, optionsFor(batchSize, 'status'), processes, cores));
    report.figure('commit wait', `bayrecon sides/s, batch ${batchSize}, signed commit-status call per tx`, our.itemsPerSecond, 'sides/s');
    report.figure('commit wait', `block events / commit-status call, batch ${batchSize}`, ratio(ours.get(batchSize)?.itemsPerSecond, our.itemsPerSecond), 'x',
      'run after the events run: drift between the two runs is in this ratio');
  }
  return runs;
}

/**
 * Commit latency through the gateway at half of the peak rate measured for the same batch size: open-loop
 * arrivals, each bank's transaction timed from proposal to commit on its own peer, and each pair from the debtor
 * side's proposal to the MATCHED record committed. It starts once the network is quiet after the saturating runs
 * before it (see untilQuiet).
 */
export async function latencyBenchmark(
  session: BenchSession, report: Report, peak: RunResult, durationMs: number, processes: readonly NetworkProcess[], cores: number,
): Promise<RunResult & { quiet: Quiet }> {
  const rate = peak.transactionsPerSecond / 2;
  const quiet = await untilQuiet(processes);
  progress(describeQuiet(quiet));
  const run = await paymentRun(session, {
    batchSize: peak.batchSize, inFlight: 10_000, durationMs, maxItems: 1e9, wait: 'events', ratePerSecond: rate,
  }, processes, cores);
  session.forget();
  logRun(run);
  const at = `batch ${peak.batchSize} at ${formatNumber(rate)} tx/s (half of peak)`;
  report.figure('latency', `gateway commit p50, ${at}`, run.latencyMs.p50, 'ms');
  report.figure('latency', `gateway commit p99, ${at}`, run.latencyMs.p99, 'ms');
  report.figure('latency', `pair MATCHED p50, ${at}`, run.pairLatencyMs!.p50, 'ms', 'debtor proposal to MATCHED committed');
  report.figure('latency', `pair MATCHED p99, ${at}`, run.pairLatencyMs!.p99, 'ms');
  return { ...run, quiet };
}
