import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { MAX_SIDES_PER_BATCH } from '@bayrecon/common';

/** Injection token of the validated {@link AppConfig}. */
export const APP_CONFIG = Symbol('AppConfig');

/** The org an API instance acts for; the regulator's instance is read-only. */
export type ApiOrg = 'SZBank' | 'HKBank' | 'MOBank' | 'Regulator';
const API_ORGS: readonly ApiOrg[] = ['SZBank', 'HKBank', 'MOBank', 'Regulator'];

/** Outbox batches in flight unless OUTBOX_CONCURRENCY says otherwise (the benchmarks label their runs with it). */
export const DEFAULT_OUTBOX_CONCURRENCY = 8;

export interface FabricSettings {
  peerEndpoint: string;
  peerHostAlias: string;
  tlsCaCertPath: string;
  mspId: string;
  certPath: string;
  keyPath: string;
  channel: string;
  chaincode: string;
}

export interface OutboxSettings {
  batchSize: number;
  lingerMs: number;
  maxAttempts: number;
  /** Batches in flight at once: with a 200 ms orderer batch timeout one batch at a time leaves the network idle. */
  concurrency: number;
}

export type DatabaseSettings = { type: 'postgres'; url: string } | { type: 'better-sqlite3'; path: string };

export interface AppConfig {
  org: ApiOrg;
  /** The regulator's instance serves no write route at all. */
  readOnly: boolean;
  host: string;
  port: number;
  fabric: FabricSettings;
  database: DatabaseSettings;
  outbox: OutboxSettings;
  maxBodyBytes: number;
  webhookUrls: string[];
  webhookSecret?: string;
  /** Attempts per webhook delivery before it is marked FAILED, and the first retry's delay (doubling after). */
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  /** How late the event loop may run before the instance logs that it was blocked (`event loop blocked`). */
  eventLoopBlockedMs: number;
}

/** A configuration problem, naming the variable, so an operator can fix it from the message alone. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the API's configuration from environment variables. Every problem is collected, so one
 * start-up shows them all.
 *
 * @throws ConfigError naming each bad or missing variable.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const file = (name: string): string => {
    const value = required(name);
    if (value && !existsSync(value)) problems.push(`${name}: no file at '${value}'`);
    return value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: '${raw}' is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const orgName = required('BAYRECON_ORG');
  if (orgName && !API_ORGS.includes(orgName as ApiOrg)) {
    problems.push(`BAYRECON_ORG: '${orgName}' is not one of ${API_ORGS.join(', ')}`);
  }
  const org = orgName as ApiOrg;
  const port = integer('PORT', 0, 1, 65535);
  if (!env.PORT?.trim()) problems.push('PORT is required');
  const host = env.BAYRECON_HOST?.trim() || '127.0.0.1';

  const peerEndpoint = required('FABRIC_PEER_ENDPOINT');
  if (peerEndpoint && !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(peerEndpoint)) {
    problems.push(`FABRIC_PEER_ENDPOINT: '${peerEndpoint}' is not host:port`);
  }
  const mspId = required('FABRIC_MSP_ID');
  if (orgName && mspId && mspId !== `${orgName}MSP`) {
    problems.push(`FABRIC_MSP_ID: '${mspId}' does not belong to BAYRECON_ORG '${orgName}' (expected ${orgName}MSP)`);
  }
  const fabric: FabricSettings = {
    peerEndpoint,
    peerHostAlias: env.FABRIC_PEER_HOST_ALIAS?.trim() || 'localhost',
    tlsCaCertPath: file('FABRIC_TLS_CA_CERT'),
    mspId,
    certPath: file('FABRIC_CERT'),
    keyPath: file('FABRIC_KEY'),
    channel: env.FABRIC_CHANNEL?.trim() || 'recon',
    chaincode: env.FABRIC_CHAINCODE?.trim() || 'bayrecon',
  };

  let database: DatabaseSettings;
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL: must start with postgres:// or postgresql://');
    database = { type: 'postgres', url: databaseUrl };
  } else {
    const path = required('SQLITE_PATH');
    if (path && path !== ':memory:' && !isAbsolute(path)) problems.push(`SQLITE_PATH: '${path}' must be an absolute path`);
    database = { type: 'better-sqlite3', path };
  }

  const outbox: OutboxSettings = {
    // The chaincode's limit, 500: with one chaincode per bank pair, 500-side transactions commit more sides per
    // second than 100-side ones (docs/api.md).
    batchSize: integer('OUTBOX_BATCH_SIZE', MAX_SIDES_PER_BATCH, 1, MAX_SIDES_PER_BATCH),
    lingerMs: integer('OUTBOX_LINGER_MS', 50, 0, 60_000),
    maxAttempts: integer('OUTBOX_MAX_ATTEMPTS', 20, 1, 1000),
    // 8, with the outbox's linger growing with the batches in flight (see chooseBatch): a side does not wait for a
    // free slot at moderate load, and a busy instance still fills its transactions (docs/api.md).
    concurrency: integer('OUTBOX_CONCURRENCY', DEFAULT_OUTBOX_CONCURRENCY, 1, 64),
  };
  const maxBodyBytes = integer('MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024);
  const webhookUrls = (env.WEBHOOK_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  for (const url of webhookUrls) {
    if (!/^https?:\/\/[^\s/]+\//.test(url)) problems.push(`WEBHOOK_URLS: '${url}' is not an http(s) URL`);
  }
  const webhookSecret = env.WEBHOOK_SECRET?.trim() || undefined;
  if (webhookUrls.length > 0 && !webhookSecret) problems.push('WEBHOOK_SECRET is required when WEBHOOK_URLS is set');
  const webhookMaxAttempts = integer('WEBHOOK_MAX_ATTEMPTS', 10, 1, 100);
  const webhookRetryBaseMs = integer('WEBHOOK_RETRY_BASE_MS', 1000, 10, 3_600_000);
  // 200 ms: a tenth of the accept-to-projection budget, and far above the few milliseconds a request takes.
  const eventLoopBlockedMs = integer('EVENT_LOOP_BLOCKED_MS', 200, 20, 60_000);

  if (problems.length > 0) throw new ConfigError(problems);
  return { org, readOnly: org === 'Regulator', host, port, fabric, database, outbox, maxBodyBytes, webhookUrls, webhookSecret,
    webhookMaxAttempts, webhookRetryBaseMs, eventLoopBlockedMs };
}
