import * as os from 'node:os';
import { ApiConfig, apiBenchmarks } from './benchmarks/api';
import { batchTimeoutSweep } from './benchmarks/batch-timeout';
import { documentsBenchmark, DocumentsConfig } from './benchmarks/documents';
import { memoryFootprint, upTime } from './benchmarks/footprint';
import { sqlBaseline } from './benchmarks/sql-baseline';
import { latencyBenchmark, throughputBenchmark, ThroughputConfig } from './benchmarks/throughput';
import { RunResult, warmUp } from './harness/gateway-runs';
import { machineState, ordererBatching } from './harness/machine';
import { assertNetworkRunning, benchStateDir, ensureTrivialChaincode, packageId } from './harness/network';
import { clientProcess, networkProcesses } from './harness/processes';
import { Report } from './harness/report';
import { writeResults } from './harness/results';
import { openSession } from './harness/session';
import { ratio } from './harness/stats';
import { formatNumber, printTable } from './harness/table';

/**
 * bayrecon's benchmarks on a running local network (BAYRECON_STATE_DIR names it):
 *   node -r ts-node/register/transpile-only bench/run.ts [--quick] [--fresh-network] [--only=a,b]
 *        [--sweep-batch-timeouts=100ms,200ms,500ms [--max-message-count=N]]
 * --quick         a reduced run (under about 2 minutes)
 * --fresh-network takes the benchmark's own network down and times up.sh from nothing first
 * --only          throughput,latency,documents,sql,footprint,api
 * --sweep-...     only the orderer batch-timeout comparison (restarts the benchmark's own network per value)
 */
const BENCHMARKS = ['throughput', 'latency', 'documents', 'sql', 'footprint', 'api'] as const;
/** Past Go's forced collection of an idle process (every 2 minutes) and the return of its freed pages. */
const AT_REST_AFTER_LOAD_MS = 150_000;
type BenchmarkName = (typeof BENCHMARKS)[number];

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new Error(`unknown argument '${arg}'`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = ['quick', 'fresh-network', 'only', 'sweep-batch-timeouts', 'max-message-count'];
  for (const flag of flags.keys()) {
    if (!known.includes(flag)) throw new Error(`unknown option --${flag} (known: ${known.map((name) => `--${name}`).join(' ')})`);
  }
  const only = flags.get('only')?.split(',') ?? [...BENCHMARKS];
  for (const name of only) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark '${name}' (known: ${BENCHMARKS.join(', ')})`);
  }
  return {
    quick: flags.has('quick'),
    freshNetwork: flags.has('fresh-network'),
    only: new Set(only as BenchmarkName[]),
    sweep: flags.get('sweep-batch-timeouts')?.split(','),
    maxMessageCount: flags.get('max-message-count'),
  };
}

function configs(quick: boolean) {
  const throughput: ThroughputConfig = {
    batchSizes: [1, 10, 100, 500],
    // Enough transactions in flight to fill the orderer's blocks at each batch size, without queueing so
    // many 500-side endorsements that each waits seconds for a chaincode server. At batch 500, 10 in flight
    // committed 8-10% more sides/s than 6 and 14 less than 10 (alternating 20 s runs on one network, 2026-11-24).
    // The quick run has no time to amortise a first wave of slow 500-side transactions.
    inFlight: quick ? { 1: 150, 10: 100, 100: 8, 500: 2 } : { 1: 150, 10: 100, 100: 16, 500: 10 },
    durationMs: quick ? 3_500 : 20_000,
    maxItems: quick ? 50_000 : 400_000,
    statusBatchSizes: quick ? [1] : [1, 10],
    keyPolicyBatchSizes: [100],
    readBatchSizes: quick ? [100] : [100, 500],
    roundTripBatchSizes: quick ? [100] : [100, 500],
    valueSizeRuns: quick ? [{ batchSize: 100, valueSize: 256 }] : [{ batchSize: 100, valueSize: 256 }, { batchSize: 100, valueSize: 1_024 }],
  };
  const documents: DocumentsConfig = { anchorBatch: 100, anchorInFlight: 8, verifyInFlight: 150, durationMs: quick ? 3_500 : 15_000 };
  const api: ApiConfig = {
    // Both posting modes at batch 100 and at the outbox's default (500), then the earlier default of 2 batches in
    // flight.
    runs: quick
      ? [{ batchSize: 500, mode: 'sequential' }, { batchSize: 500, mode: 'concurrent' }]
      : [
        { batchSize: 100, mode: 'sequential' }, { batchSize: 100, mode: 'concurrent' },
        { batchSize: 500, mode: 'sequential' }, { batchSize: 500, mode: 'concurrent' },
        { batchSize: 100, concurrency: 2, mode: 'sequential' }, { batchSize: 500, concurrency: 2, mode: 'sequential' },
      ],
    pairs: quick ? 500 : 2_500,
    sidesPerRequest: 500,
    runTimeoutMs: quick ? 90_000 : 180_000,
    gatewayMs: throughput.durationMs,
    gatewayInFlight: throughput.inFlight,
    latencyMs: quick ? 8_000 : 30_000,
    latencyTimeoutMs: 60_000,
    // Enough pairs waiting for MATCHED (a second or two each) to keep both APIs busy: the single-side peak.
    peakPairsInFlight: 200,
    // Both banks at the same moment is the worst case (every pair collides); in a real corridor the creditor
    // agent's side follows the debtor agent's by the time the payment message takes to arrive.
    latencyRuns: quick
      ? [{ fraction: 0.5, counterpartyDelayMs: 0 }, { fraction: 0.5, counterpartyDelayMs: 1_000 }]
      : [{ fraction: 0.5, counterpartyDelayMs: 0 }, { fraction: 0.5, counterpartyDelayMs: 1_000 }, { fraction: 0.25, counterpartyDelayMs: 0 }],
  };
  return { throughput, documents, api, latencyMs: quick ? 4_000 : 20_000, sqlPairs: quick ? 50_000 : 200_000 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const stateDir = benchStateDir();
  const report = new Report();
  const machineAtStart = machineState();
  const cores = machineAtStart.cores;
  const config = configs(args.quick);
  console.log(`bayrecon benchmarks${args.quick ? ' (quick)' : ''}: ${cores} cores (${machineAtStart.cpuModel}), ${machineAtStart.memoryMiB} MiB, `
    + `load average ${machineAtStart.loadAverage.join(' ')} at start, node ${machineAtStart.node}, commit ${machineAtStart.gitCommit.slice(0, 12)}${machineAtStart.gitDirty ? ' (dirty)' : ''}`);
  console.log(`network: ${stateDir} (port offset ${process.env.BAYRECON_PORT_OFFSET ?? '0'})`);
  if (machineAtStart.loadAverage[0] > cores * 0.25) {
    report.note(`the machine was already busy at start (load ${machineAtStart.loadAverage[0]} on ${cores} cores): absolute figures are low and noisy; compare the ratios`);
  }

  if (args.sweep !== undefined) {
    const rows = await batchTimeoutSweep(report, { batchTimeouts: args.sweep, maxMessageCount: args.maxMessageCount, durationMs: config.throughput.durationMs }, stateDir, cores);
    report.detail('batch timeout', rows);
  } else {
    if (args.freshNetwork) {
      console.log('— footprint: network up from nothing');
      const { apiRssMiB } = upTime(report);
      report.detail('footprint', { when: 'after up', rssMiB: memoryFootprint(report, stateDir, 'after up'), apiRssMiB });
    }
    assertNetworkRunning();
    if (ensureTrivialChaincode()) console.log('deployed the trivial comparison chaincode beside bayrecon');
    const processes = [...networkProcesses(stateDir), clientProcess()];
    const session = await openSession();
    try {
      const warm = await warmUp(session, args.quick);
      report.detail('record size', warm);
      console.log(`payment record ${warm.pendingBytes} bytes with one side, ${warm.matchedBytes} with both: trivial values of ${warm.recordBytes} bytes`);
      let runs: RunResult[] = [];
      if (args.only.has('throughput')) {
        console.log('— throughput through the gateway (bayrecon, then trivial, per batch size)');
        runs = await throughputBenchmark(session, report, config.throughput, warm.recordBytes, processes, cores);
        report.detail('throughput', runs);
      }
      if (args.only.has('latency')) {
        console.log('— latency through the gateway at half of the peak rate');
        const peak = runs.find((run) => run.chaincode === 'bayrecon' && run.batchSize === 1 && run.wait === 'events');
        const reference: RunResult = peak ?? await (async () => {
          const { paymentRun } = await import('./harness/gateway-runs');
          const run = await paymentRun(session, { batchSize: 1, inFlight: 150, durationMs: config.throughput.durationMs, maxItems: 1e9, wait: 'events' }, processes, cores);
          session.forget();
          return run;
        })();
        report.detail('latency', await latencyBenchmark(session, report, reference, config.latencyMs, processes, cores));
      }
      if (args.only.has('documents')) {
        console.log('— document verification');
        report.detail('documents', await documentsBenchmark(session, report, config.documents, processes, cores));
      }
      if (args.only.has('api')) {
        console.log('— API outbox and projection (SZBank and HKBank API instances on ports 23101-23102)');
        report.detail('api', await apiBenchmarks(report, session, config.api, processes, cores));
      }
    } finally {
      session.close();
    }
    if (args.only.has('sql')) {
      console.log('— SQL baseline (SQLite join of both banks\' records)');
      const sql = sqlBaseline(report, config.sqlPairs);
      report.detail('sql baseline', sql);
      const best = report.value('throughput', 'bayrecon best sides/s');
      report.figure('sql baseline', 'ledger / SQL (best sides/s / SQLite rows/s)', ratio(best, sql.rowsPerSecond), 'x');
    }
    if (args.only.has('footprint')) {
      console.log('— footprint after the load');
      report.detail('footprint', { when: 'after load', rssMiB: memoryFootprint(report, stateDir, 'after load') });
      if (!args.quick) {
        // Right after the load the Go nodes still hold the heaps they grew; Go collects an idle process every two
        // minutes and then returns freed pages to the system, so this shows what the network keeps at rest.
        console.log(`— footprint at rest: ${AT_REST_AFTER_LOAD_MS / 1000} s after the load`);
        await new Promise((resolve) => setTimeout(resolve, AT_REST_AFTER_LOAD_MS));
        report.detail('footprint', { when: 'at rest after load', rssMiB: memoryFootprint(report, stateDir, 'at rest after load') });
      }
    }
  }

  const machineAtEnd = machineState();
  console.log(`\nbayrecon benchmarks: ${cores} cores, load average ${machineAtStart.loadAverage.join(' ')} at start, ${machineAtEnd.loadAverage.join(' ')} at end; `
    + `orderer ${JSON.stringify(ordererBatching(stateDir) ?? {})}`);
  printTable(['benchmark', 'figure', 'value', 'unit'],
    report.figures.map((figure) => [figure.benchmark, figure.name, formatNumber(figure.value), figure.unit]));
  const file = writeResults(startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: args.quick ? 'quick' : 'full',
    arguments: process.argv.slice(2),
    machine: { ...machineAtStart, loadAverageAtEnd: machineAtEnd.loadAverage, hostname: os.hostname() },
    network: {
      stateDir,
      portOffset: Number(process.env.BAYRECON_PORT_OFFSET ?? 0),
      ordererBatching: ordererBatching(stateDir),
      packages: { bayrecon: packageId('bayrecon'), trivial: packageId('trivial') },
    },
    config,
    figures: report.figures,
    notes: report.notes,
    details: report.details,
  });
  console.log(`results: ${file}`);
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
