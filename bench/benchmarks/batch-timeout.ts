import { restartNetwork } from '../harness/network';
import { networkProcesses } from '../harness/processes';
import { Report, progress } from '../harness/report';
import { openSession } from '../harness/session';
import { formatNumber } from '../harness/table';
import { paymentRun, RunOptions, warmUp } from '../harness/gateway-runs';

export interface SweepConfig {
  batchTimeouts: string[];
  maxMessageCount?: string;
  durationMs: number;
}

/**
 * The orderer's batch timeout against throughput and latency: for each timeout the benchmark's own network is
 * brought up from nothing with it, then measured with bayrecon sides at batch 1 and 100 (saturated) and at
 * batch 1 paced at half of that peak. Ends by bringing the network up again with the settings it was run with.
 */
export async function batchTimeoutSweep(report: Report, config: SweepConfig, stateDir: string, cores: number): Promise<unknown[]> {
  const rows: unknown[] = [];
  const extra: Record<string, string> = config.maxMessageCount === undefined ? {} : { MAX_MESSAGE_COUNT: config.maxMessageCount };
  try {
    for (const batchTimeout of config.batchTimeouts) {
      progress(`network up with BatchTimeout ${batchTimeout}${config.maxMessageCount ? `, MaxMessageCount ${config.maxMessageCount}` : ''}`);
      restartNetwork({ BATCH_TIMEOUT: batchTimeout, ...extra });
      const session = await openSession();
      try {
        await warmUp(session, true);
        const processes = networkProcesses(stateDir);
        const base: RunOptions = { batchSize: 1, inFlight: 150, durationMs: config.durationMs, maxItems: 1e9, wait: 'events' };
        const single = await paymentRun(session, { ...base, inFlight: 1, durationMs: 3_000 }, processes, cores);
        session.forget();
        const batch1 = await paymentRun(session, base, processes, cores);
        session.forget();
        const batch100 = await paymentRun(session, { ...base, batchSize: 100, inFlight: 16 }, processes, cores);
        session.forget();
        const paced = await paymentRun(session, { ...base, inFlight: 10_000, ratePerSecond: batch1.transactionsPerSecond / 2 }, processes, cores);
        session.forget();
        const label = `BatchTimeout ${batchTimeout}`;
        report.figure('batch timeout', `${label}: one tx alone, commit p50`, single.latencyMs.p50, 'ms');
        report.figure('batch timeout', `${label}: batch 1 sides/s`, batch1.itemsPerSecond, 'sides/s', batch1.limiter);
        report.figure('batch timeout', `${label}: batch 100 sides/s`, batch100.itemsPerSecond, 'sides/s', batch100.limiter);
        report.figure('batch timeout', `${label}: half peak, commit p50`, paced.latencyMs.p50, 'ms', `${formatNumber(paced.ratePerSecond ?? 0)} tx/s`);
        report.figure('batch timeout', `${label}: half peak, commit p99`, paced.latencyMs.p99, 'ms');
        report.figure('batch timeout', `${label}: half peak, pair MATCHED p99`, paced.pairLatencyMs!.p99, 'ms');
        rows.push({ batchTimeout, ...extra, single, batch1, batch100, paced });
      } finally {
        session.close();
      }
    }
  } finally {
    progress('network up again with the settings of this shell');
    restartNetwork();
  }
  return rows;
}
