import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_DIR = path.resolve(__dirname, '..', '..');

export interface OrdererBatching {
  batchTimeout: string;
  maxMessageCount: number;
  absoluteMaxBytes: string;
  preferredMaxBytes: string;
}

/** What the figures were measured on: they mean little without it. */
export interface MachineState {
  cores: number;
  cpuModel: string;
  memoryMiB: number;
  /** 1, 5 and 15 minute load averages: other work on the machine competes with the benchmark. */
  loadAverage: number[];
  node: string;
  gitCommit: string;
  /** True when the working tree had uncommitted changes: the commit alone does not reproduce the run. */
  gitDirty: boolean;
}

export function machineState(): MachineState {
  const git = (...args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    gitCommit: git('rev-parse', 'HEAD') || 'unknown',
    gitDirty: git('status', '--porcelain') !== '',
  };
}

/**
 * The orderer's batch settings of a channel of the running network (the SZ-HK pair's, where the benchmarks' payments
 * are, unless told), read from the configtx.yaml (JSON) its genesis block came from (exchange/channels/CHANNEL).
 */
export function ordererBatching(stateDir: string, channel = 'pair-hkbank-szbank'): OrdererBatching | undefined {
  let orderer: { BatchTimeout?: string; BatchSize?: { MaxMessageCount?: number; AbsoluteMaxBytes?: string; PreferredMaxBytes?: string } };
  try {
    const configtx = JSON.parse(readFileSync(path.join(stateDir, 'exchange', 'channels', channel, 'configtx.yaml'), 'utf8')) as {
      Profiles: { Channel: { Orderer: typeof orderer } };
    };
    orderer = configtx.Profiles.Channel.Orderer;
  } catch {
    return undefined;
  }
  return {
    batchTimeout: orderer.BatchTimeout ?? '',
    maxMessageCount: Number(orderer.BatchSize?.MaxMessageCount),
    absoluteMaxBytes: orderer.BatchSize?.AbsoluteMaxBytes ?? '',
    preferredMaxBytes: orderer.BatchSize?.PreferredMaxBytes ?? '',
  };
}
