import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OrgName, readNetworkMap } from '../../network/client/network-map';

const API_DIST = path.resolve(__dirname, '..', '..', 'api', 'dist');

export interface ApiInstance {
  org: OrgName;
  url: string;
  /** A `submitter` key (banks) and a `viewer` key of this instance. */
  submitterKey: string;
  viewerKey: string;
  env: Record<string, string>;
  /** Headers with the submitter key (or the viewer key). */
  headers(role?: 'submitter' | 'viewer'): Record<string, string>;
  /** SIGKILL: no shutdown hook runs, as in a crash. */
  kill(): void;
  /** SIGTERM and wait for the process to end. */
  stop(): Promise<void>;
  /** Starts the process again on the same database and port. */
  restart(): Promise<void>;
  /** Stops it and deletes its working directory (database included). */
  dispose(): Promise<void>;
}

export interface StartOptions {
  /** The port on the default network; shifted by BAYRECON_PORT_OFFSET like every port of the network. */
  port: number;
  /** Extra environment (DATABASE_URL, OUTBOX_BATCH_SIZE, ...). */
  env?: Record<string, string>;
}

/** The environment an API instance of ORG needs on the running local network, plus a fresh SQLite file. */
export function apiEnvironment(org: OrgName, port: number, workDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const network = readNetworkMap();
  const endpoints = network.orgs[org];
  return {
    BAYRECON_ORG: org,
    PORT: String(port),
    FABRIC_PEER_ENDPOINT: endpoints.peerEndpoint,
    FABRIC_TLS_CA_CERT: endpoints.tlsCaCert,
    FABRIC_MSP_ID: endpoints.mspId,
    FABRIC_CERT: endpoints.user.cert,
    FABRIC_KEY: endpoints.user.key,
    SQLITE_PATH: path.join(workDir, `${org}.sqlite`),
    ...extra,
  };
}

/** Runs the instance's admin CLI (e.g. `create-key --role viewer`) with its environment; returns stdout. */
export function apiCli(env: Record<string, string>, args: string[]): string {
  return execFileSync(process.execPath, [path.join(API_DIST, 'cli.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/**
 * How long an instance may take to answer /health: it connects to its peer and opens its event streams first,
 * which takes most of a minute on a machine as loaded as CI's can be.
 */
const HEALTH_DEADLINE_MS = 120_000;

/**
 * Every instance process still running, by port. A spec whose set-up failed half way (one of its instances did
 * not start) leaves the others without an owner: the next instance on the port and the run's teardown stop them.
 */
const running = new Map<number, ChildProcess>();

async function killLeftover(port: number): Promise<void> {
  const leftover = running.get(port);
  if (leftover === undefined || leftover.exitCode !== null || leftover.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => leftover.once('exit', () => resolve()));
  leftover.kill('SIGKILL');
  await exited;
}

/** SIGKILLs every instance still running (mocha's global teardown), so that no port stays taken and mocha exits. */
export function killLeftoverApis(): void {
  for (const child of running.values()) child.kill('SIGKILL');
  running.clear();
}

async function portAnswers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`);
    return true;
  } catch {
    return false;
  }
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`API at ${url} did not answer /health within ${HEALTH_DEADLINE_MS / 1000} s; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts a real API process (api/dist/main.js) for ORG against the running network, with its own temporary
 * SQLite database (unless DATABASE_URL is given) and a submitter and a viewer key made with the admin CLI.
 */
export async function startApi(org: OrgName, options: StartOptions): Promise<ApiInstance> {
  const workDir = mkdtempSync(path.join(tmpdir(), `bayrecon-api-${org}-`));
  const port = options.port + Number(process.env.BAYRECON_PORT_OFFSET ?? 0);
  const env = apiEnvironment(org, port, workDir, options.env);
  const logFile = path.join(workDir, 'api.log');
  const issue = (role: string): string => (JSON.parse(apiCli(env, ['create-key', '--role', role])) as { key: string }).key;
  // The regulator's instance has submitter keys too, but no route they could write with.
  const submitterKey = issue('submitter');
  const viewerKey = issue('viewer');
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    if (child === undefined) await killLeftover(port);
    // Another process answering on the port would pass for this instance and refuse its keys.
    if (await portAnswers(url)) throw new Error(`${url} already answers before ${org}'s instance started: another process holds the port`);
    const log = openSync(logFile, 'a');
    const started = spawn(process.execPath, [path.join(API_DIST, 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    child = started;
    running.set(port, started);
    started.once('exit', () => {
      if (running.get(port) === started) running.delete(port);
    });
    try {
      await waitForHealth(url, started, logFile);
    } catch (error) {
      // An instance that never became healthy is not left behind holding its port.
      started.kill('SIGKILL');
      throw error;
    }
  };
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };

  await launch();
  return {
    org,
    url,
    submitterKey,
    viewerKey,
    env,
    headers: (role = 'submitter') => ({ authorization: `Bearer ${role === 'submitter' ? submitterKey : viewerKey}` }),
    kill: () => child?.kill('SIGKILL'),
    stop: () => stop('SIGTERM'),
    restart: async () => {
      await stop('SIGTERM');
      await launch();
    },
    dispose: async () => {
      await stop('SIGTERM');
      // BAYRECON_KEEP_API_STATE=1 keeps the instance's log and database for a post-mortem.
      if (process.env.BAYRECON_KEEP_API_STATE !== '1') rmSync(workDir, { recursive: true, force: true });
    },
  };
}
