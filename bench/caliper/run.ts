import { spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { machineState, ordererBatching } from '../harness/machine';
import { assertNetworkRunning } from '../harness/network';
import { RESULTS_DIR, writeResults } from '../harness/results';
import { formatNumber, printTable } from '../harness/table';
import { stateDir } from '../../network/client/network-map';
import { benchmarkConfig, ROUNDS } from './benchmark';
import { caliperStateDir, writeCaliperNetworkConfig } from './network-config';
import { CaliperRoundFigures, parseSummaryTable, roundFigures } from './summary';

/**
 * The Caliper benchmark on a running network (BAYRECON_STATE_DIR names it; `make bench-caliper` brings one up):
 *   node -r ts-node/register/transpile-only bench/caliper/run.ts
 * Writes Caliper's configuration for that network into its state folder, runs Caliper's manager with one local
 * worker (its full log in the state folder, only round starts and ends here), then writes a summary in bayrecon's
 * terms to bench/results/caliper-<timestamp>.json, prints it, and copies Caliper's HTML report beside it (.html).
 * The report is Caliper's own render of the same figures, so git ignores it: the summary is the record.
 */
const REPO_DIR = path.resolve(__dirname, '..', '..');
const CALIPER_CLI = require.resolve('@hyperledger/caliper-cli/caliper.js');
// Preloads of the manager, inherited by the workers it forks: TypeScript, and the binding Caliper should use.
const NODE_PRELOADS = ['-r', 'ts-node/register/transpile-only', '-r', path.join(__dirname, 'peer-gateway-only.ts')];
const ROUND_PROGRESS = /(Started|Finished) round \d+ .*$/;
const CALIPER_VERSION = (JSON.parse(readFileSync(require.resolve('@hyperledger/caliper-cli/package.json'), 'utf8')) as { version: string }).version;

/** Runs Caliper's manager; resolves with its exit code once it and its workers are done. */
function runCaliper(networkConfig: string, benchConfig: string, report: string, log: string): Promise<number> {
  const args = [
    ...NODE_PRELOADS, CALIPER_CLI, 'launch', 'manager',
    '--caliper-workspace', REPO_DIR,
    '--caliper-projectconfig', path.join(__dirname, 'caliper.yaml'),
    '--caliper-benchconfig', benchConfig,
    '--caliper-networkconfig', networkConfig,
    '--caliper-report-path', report,
    // The chaincode is deployed by the network scripts; Caliper only drives it.
    '--caliper-flow-only-test',
  ];
  const manager = spawn(process.execPath, args, { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = createWriteStream(log);
  for (const stream of [manager.stdout, manager.stderr]) {
    stream.pipe(logFile, { end: false });
    createInterface({ input: stream }).on('line', (line) => {
      const progress = ROUND_PROGRESS.exec(line);
      if (progress !== null) console.log(`  … ${progress[0]}`);
    });
  }
  return new Promise((resolve, reject) => {
    manager.on('error', reject);
    manager.on('close', (code) => logFile.end(() => resolve(code ?? 1)));
  });
}

/**
 * Caliper logs each failed transaction at error level, with its transaction id; the log goes with the network's
 * state folder, so the distinct reasons are printed here.
 */
function failureReasons(log: string): string[] {
  const reasons = readFileSync(log, 'utf8').split('\n')
    .filter((line) => / error \[caliper\]/.test(line))
    .map((line) => line.replace(/^\S+ error \[caliper\] /, '').replace(/[0-9a-f]{64}/g, '<txid>').replace(/\s+/g, ' ').slice(0, 300));
  return [...new Set(reasons)].slice(0, 5);
}

function printFigures(rounds: readonly CaliperRoundFigures[]): void {
  printTable(
    ['round', 'sides/tx', 'sides/s', 'tx/s', 'avg latency', 'max latency', 'succ', 'fail'],
    rounds.map((round) => [
      round.label,
      round.sidesPerTransaction === undefined ? '–' : String(round.sidesPerTransaction),
      round.sidesPerSecond === undefined ? '–' : formatNumber(round.sidesPerSecond),
      formatNumber(round.successfulTps),
      `${formatNumber(round.avgLatencyS, 2)} s`,
      `${formatNumber(round.maxLatencyS, 2)} s`,
      String(round.succ),
      String(round.fail),
    ]),
  );
}

async function main(): Promise<void> {
  assertNetworkRunning();
  const startedAt = new Date();
  const machine = machineState();
  const dir = caliperStateDir();
  const networkConfig = writeCaliperNetworkConfig();
  const benchConfig = path.join(dir, 'benchmark.json');
  writeFileSync(benchConfig, JSON.stringify(benchmarkConfig(), null, 2) + '\n');
  const report = path.join(dir, 'report.html');
  const log = path.join(dir, 'caliper.log');
  rmSync(report, { force: true });
  console.log(`Caliper on ${stateDir()} (port offset ${process.env.BAYRECON_PORT_OFFSET ?? '0'}), load average ${machine.loadAverage.join(' ')} on ${machine.cores} cores; log: ${log}`);

  const exitCode = await runCaliper(networkConfig, benchConfig, report, log);
  if (exitCode !== 0) {
    throw new Error(`Caliper exited with code ${exitCode}; the end of its log:\n${readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  const rounds = roundFigures(parseSummaryTable(readFileSync(report, 'utf8')), ROUNDS);
  const results = writeResults(startedAt, {
    benchmark: 'caliper',
    startedAt: startedAt.toISOString(),
    caliper: CALIPER_VERSION,
    machine,
    loadAverageAtEnd: machineState().loadAverage,
    ordererBatching: ordererBatching(stateDir()),
    config: benchmarkConfig(),
    rounds,
  }, 'caliper-');
  const html = path.join(RESULTS_DIR, `${path.basename(results, '.json')}.html`);
  copyFileSync(report, html);
  printFigures(rounds);
  if (rounds.some((round) => round.fail > 0)) {
    console.log('failed transactions, distinct reasons (first 5):');
    for (const reason of failureReasons(log)) console.log(`  ${reason}`);
  }
  console.log(`results: ${path.relative(REPO_DIR, results)}, Caliper's report: ${path.relative(REPO_DIR, html)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
