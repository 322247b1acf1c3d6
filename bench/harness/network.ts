import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { stateDir } from '../../network/client/network-map';
import { NetworkProcess, networkProcesses, ResidentKiB, residentKiB } from './processes';

const REPO_DIR = path.resolve(__dirname, '..', '..');
const SCRIPTS = path.join(REPO_DIR, 'network', 'scripts');
export const TRIVIAL_DIR = path.join(REPO_DIR, 'bench', 'trivial-chaincode');
/** The channel of the comparison chaincode: the SZ-HK pair's, where the benchmarks' payments are. */
export const TRIVIAL_CHANNEL = 'pair-hkbank-szbank';

export const benchStateDir = (): string => stateDir();

function run(script: string, env: Record<string, string> = {}, args: string[] = []): string {
  try {
    return execFileSync(path.join(SCRIPTS, script), args, { cwd: REPO_DIR, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`${script} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

const newestMtime = (dir: string): number => readdirSync(dir, { withFileTypes: true })
  .reduce((newest, entry) => Math.max(newest, entry.isDirectory()
    ? newestMtime(path.join(dir, entry.name))
    : statSync(path.join(dir, entry.name)).mtimeMs), 0);

/** Compiles the trivial chaincode when its dist is missing or older than its source. */
export function buildTrivialChaincode(): boolean {
  const dist = path.join(TRIVIAL_DIR, 'dist', 'index.js');
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(path.join(TRIVIAL_DIR, 'src'))) return false;
  execFileSync(path.join(REPO_DIR, 'node_modules', '.bin', 'tsc'), ['-p', path.join(TRIVIAL_DIR, 'tsconfig.json')], { stdio: 'inherit' });
  return true;
}

/**
 * Whether the trivial chaincode is deployed and served: its package id recorded, and as many servers of it running
 * as of bayrecon's, since the deploy script serves both the same way (one service for all the peers on one machine,
 * one per org where each org runs its own).
 */
export function trivialServed(processes: readonly NetworkProcess[], packageIdRecorded: boolean): boolean {
  const servers = (role: NetworkProcess['role']): number => processes.filter((process) => process.role === role).length;
  return packageIdRecorded && servers('chaincode') > 0 && servers('bench-chaincode') === servers('chaincode');
}

function trivialRunning(): boolean {
  return trivialServed(networkProcesses(benchStateDir()), packageId('trivial') !== undefined);
}

/**
 * Deploys the trivial comparison chaincode beside bayrecon when it is not there yet (a network that `make up`
 * brought up has only bayrecon). Returns whether it deployed.
 */
export function ensureTrivialChaincode(): boolean {
  buildTrivialChaincode();
  if (trivialRunning()) return false;
  run('deploy-chaincode.sh', { CHANNELS: TRIVIAL_CHANNEL }, ['trivial']);
  return true;
}

/** The network must be running: the benchmarks never bring it up unless asked to (--fresh-network). */
export function assertNetworkRunning(): void {
  if (!networkProcesses(benchStateDir()).some((process) => process.role === 'orderer')) {
    throw new Error(`no running network in ${benchStateDir()}: bring one up (network/scripts/up.sh with the same BAYRECON_STATE_DIR and BAYRECON_PORT_OFFSET) or pass --fresh-network`);
  }
}

/**
 * Takes the network down and brings it up from nothing with the given orderer settings, timing up.sh alone.
 * Only for a network of the benchmark's own (BAYRECON_STATE_DIR set): never the developer's default one.
 */
export function restartNetwork(env: Record<string, string> = {}): { upSeconds: number; output: string } {
  if (process.env.BAYRECON_STATE_DIR === undefined) {
    throw new Error('refusing to restart the default network: set BAYRECON_STATE_DIR (and BAYRECON_PORT_OFFSET) to a network of the benchmark\'s own');
  }
  run('down.sh', env);
  const started = process.hrtime.bigint();
  const output = run('up.sh', env);
  const upSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  ensureTrivialChaincode();
  return { upSeconds, output };
}

/**
 * The rest of `make up` on the benchmark's running network: every org's API instance started at once until each
 * answers /health (network/scripts/apis.sh), timed, and each one's resident memory as `make up` leaves it; then
 * stopped again, since the API benchmarks run their own.
 */
export function timeApisStart(): { seconds: number; resident: Record<string, ResidentKiB> } {
  const started = process.hrtime.bigint();
  run('apis.sh', {}, ['start']);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const resident: Record<string, ResidentKiB> = {};
  for (const api of networkProcesses(benchStateDir()).filter((process) => process.role === 'api')) {
    const memory = residentKiB(api.pid);
    if (memory !== undefined) resident[api.name] = memory;
  }
  run('apis.sh', {}, ['stop']);
  return { seconds, resident };
}

/** The chaincode package deployed under a name (the single-host topology's shared service runs it), for the results file. */
export function packageId(name: string): string | undefined {
  try {
    return readFileSync(path.join(benchStateDir(), 'shared', `${name}.package-id`), 'utf8').trim();
  } catch {
    return undefined;
  }
}
