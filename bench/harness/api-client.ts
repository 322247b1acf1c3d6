import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PaymentSide } from '@bayrecon/common';
import { ApiInstance } from '../../test/support/api-instance';
import { readSse } from '../../test/support/sse';
import { call } from '../../test/support/write-api';
import { NetworkProcess } from './processes';

const API_MAIN = path.resolve(__dirname, '..', '..', 'api', 'dist', 'main.js');
const POLL_MS = 200;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of an API instance's process: the api/dist/main.js whose environment has its PORT (ours: same user). */
export function apiPid(api: ApiInstance): number | undefined {
  const port = `PORT=${api.env.PORT}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(API_MAIN)) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(port)) return Number(entry);
    } catch {
      // gone, or not ours
    }
  }
  return undefined;
}

/** The instances' processes for the CPU sampler (looked up again after each restart). */
export function apiProcesses(apis: readonly ApiInstance[]): NetworkProcess[] {
  return apis.flatMap((api) => {
    const pid = apiPid(api);
    return pid === undefined ? [] : [{ name: `api-${api.org}`, pid, role: 'api' as const }];
  });
}

/**
 * Waits until the instance's projection has read every block its peer has (a fresh one replays the ledger from
 * block 0), including blocks without events of bayrecon: the trivial chaincode's blocks of the throughput runs.
 */
export async function projectionCaughtUp(api: ApiInstance, timeoutMs: number, onWait?: (lagBlocks: number | null) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const answer = await call(api, 'GET', '/projection/status', { role: 'viewer' });
    if (answer.status === 200 && answer.body.streaming === true && answer.body.lagBlocks === 0) return;
    if (Date.now() > deadline) throw new Error(`${api.org}: projection not caught up after ${timeoutMs} ms: ${JSON.stringify(answer.body)}`);
    if (onWait !== undefined && Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      onWait(answer.body?.lagBlocks ?? null);
    }
    await sleep(POLL_MS);
  }
}

/**
 * Restarts an instance on its own database with other outbox settings (undefined removes a variable: the
 * default). The instance's `env` is the object its launches read, so a restart takes the change.
 */
export async function reconfigure(api: ApiInstance, settings: Record<string, string | undefined>): Promise<void> {
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete api.env[name];
    else api.env[name] = value;
  }
  await api.restart();
  await projectionCaughtUp(api, 120_000);
}

/** POST /payments with the instance's own sides; resolves at the 202 (client time). */
export async function postSides(api: ApiInstance, sides: PaymentSide[]): Promise<{ submissionId: string; acceptedAt: number }> {
  const answer = await call(api, 'POST', '/payments', { json: { sides } });
  const acceptedAt = performance.now();
  if (answer.status !== 202) throw new Error(`${api.org} POST /payments: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  return { submissionId: answer.body.submissionId as string, acceptedAt };
}

export interface SettledSubmissions {
  committed: number;
  rejected: number;
  pending: number;
  /** UETRs with a REJECTED side: they can never match. */
  rejectedUetrs: string[];
  /** Client time at which the last submission was seen with no PENDING item (poll granularity ~200 ms). */
  lastSettledAt: number;
  rejections: Record<string, number>;
}

interface SubmissionItem { uetr: string; status: string; lastError: string | null }

/** Polls GET /submissions/:id of every submission until none has a PENDING item, or the deadline. */
export async function waitSettled(api: ApiInstance, submissionIds: readonly string[], deadline: number): Promise<SettledSubmissions> {
  const open = new Set(submissionIds);
  const result: SettledSubmissions = { committed: 0, rejected: 0, pending: 0, rejectedUetrs: [], lastSettledAt: performance.now(), rejections: {} };
  const last = new Map<string, SubmissionItem[]>();
  while (open.size > 0 && Date.now() < deadline) {
    for (const id of [...open]) {
      const answer = await call(api, 'GET', `/submissions/${id}`, { role: 'viewer' });
      if (answer.status !== 200) throw new Error(`${api.org} GET /submissions/${id}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      const items = answer.body.items as SubmissionItem[];
      last.set(id, items);
      if (items.every((item) => item.status !== 'PENDING')) {
        open.delete(id);
        result.lastSettledAt = performance.now();
      }
    }
    if (open.size > 0) await sleep(POLL_MS);
  }
  for (const items of last.values()) {
    for (const item of items) {
      if (item.status === 'COMMITTED') result.committed += 1;
      else if (item.status === 'PENDING') result.pending += 1;
      else {
        result.rejected += 1;
        result.rejectedUetrs.push(item.uetr);
        const reason = (item.lastError ?? 'no reason').replace(/[0-9a-f]{64}/g, '<txid>').slice(0, 120);
        result.rejections[reason] = (result.rejections[reason] ?? 0) + 1;
      }
    }
  }
  return result;
}

/**
 * The instance's Server-Sent Events (GET /events), reduced to the client time at which each UETR was first
 * reported MATCHED: the exact moment the projection applied it, without polling.
 */
export class MatchedStream {
  private readonly matchedAt = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly reading: Promise<void>;
  messages = 0;

  private constructor(response: Response, private readonly abort: AbortController) {
    this.reading = this.read(response);
  }

  static async open(api: ApiInstance): Promise<MatchedStream> {
    const abort = new AbortController();
    const response = await fetch(`${api.url}/events`, { headers: api.headers('viewer'), signal: abort.signal });
    if (response.status !== 200 || response.body === null) throw new Error(`${api.org} GET /events: ${response.status}`);
    return new MatchedStream(response, abort);
  }

  private read(response: Response): Promise<void> {
    return readSse(response, ({ event, data }) => {
      const now = performance.now();
      this.messages += 1;
      if (event !== 'payment.status_changed' || data === '') return;
      const change = JSON.parse(data) as { uetr: string; status: string };
      if (change.status !== 'MATCHED' || this.matchedAt.has(change.uetr)) return;
      this.matchedAt.set(change.uetr, now);
      this.waiters.get(change.uetr)?.(now);
      this.waiters.delete(change.uetr);
    });
  }

  /** Client time the UETR was reported MATCHED, or undefined when not (yet). */
  at(uetr: string): number | undefined {
    return this.matchedAt.get(uetr);
  }

  /** Resolves with the time the UETR is reported MATCHED, or undefined after the timeout. */
  waitFor(uetr: string, timeoutMs: number): Promise<number | undefined> {
    const seen = this.matchedAt.get(uetr);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(uetr);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(uetr, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  /** Waits until every UETR is reported MATCHED, or the deadline; returns how many were, and the last time. */
  async waitAll(uetrs: readonly string[], deadline: number, onWait?: (matched: number) => void): Promise<{ matched: number; lastAt: number }> {
    let lastReport = Date.now();
    for (;;) {
      const times = uetrs.map((uetr) => this.matchedAt.get(uetr)).filter((at): at is number => at !== undefined);
      if (times.length === uetrs.length || Date.now() >= deadline) {
        return { matched: times.length, lastAt: times.length === 0 ? Number.NaN : Math.max(...times) };
      }
      if (onWait !== undefined && Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        onWait(times.length);
      }
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}

/** The outbox's batches between two points: by outcome, and the reasons of those that did not commit. */
export interface OutboxOutcomes {
  batches: Record<string, number>;
  meanCommittedSize: number;
  reasons: Record<string, number>;
}

/** An `event loop blocked` line of the instance: when (its log time), for how long, and its CPU meanwhile. */
export interface LoggedEventLoopBlock {
  time: string;
  ms: number;
  cpuMs: number;
}

/** A batch the outbox sent that committed: its transaction, when it was sent (wall clock, ms) and its size. */
export interface SentBatch {
  transactionId: string;
  sentAtMs: number;
  size: number;
}

/**
 * What an instance logged from now on: its `outbox batch` lines, so retries never hide in a throughput figure,
 * and its `event loop blocked` lines, so a delay inside the instance is told from one on the ledger.
 */
export class ApiLog {
  private readonly file: string;
  private readonly offset: number;

  constructor(api: ApiInstance) {
    this.file = path.join(path.dirname(api.env.SQLITE_PATH), 'api.log');
    this.offset = sizeOf(this.file);
  }

  outbox(): OutboxOutcomes {
    const batches: Record<string, number> = {};
    const reasons: Record<string, number> = {};
    let committedSides = 0;
    for (const entry of this.entries('outbox batch')) {
      const outcome = typeof entry.outcome === 'string' ? entry.outcome : 'unknown';
      batches[outcome] = (batches[outcome] ?? 0) + 1;
      if (outcome === 'COMMITTED') committedSides += Number(entry.size ?? 0);
      if (typeof entry.error === 'string') {
        const reason = entry.error.replace(/[0-9a-f]{64}/g, '<txid>').replace(/\s+/g, ' ').slice(0, 100);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
    return { batches, meanCommittedSize: (batches.COMMITTED ?? 0) === 0 ? 0 : committedSides / batches.COMMITTED, reasons };
  }

  eventLoopBlocks(): LoggedEventLoopBlock[] {
    return this.entries('event loop blocked').map((entry) => ({ time: String(entry.time), ms: Number(entry.ms), cpuMs: Number(entry.cpuMs) }));
  }

  /** The committed batches, by transaction id: the log line is written at the commit, `ms` after the batch began. */
  committedBatches(): Map<string, SentBatch> {
    const batches = new Map<string, SentBatch>();
    for (const entry of this.entries('outbox batch')) {
      if (entry.outcome !== 'COMMITTED' || typeof entry.transactionId !== 'string') continue;
      batches.set(entry.transactionId, {
        transactionId: entry.transactionId, sentAtMs: Date.parse(String(entry.time)) - Number(entry.ms), size: Number(entry.size),
      });
    }
    return batches;
  }

  /** The JSON lines with this message written since the log was opened (the instance logs its warnings there too). */
  private entries(message: string): Record<string, unknown>[] {
    const entries: Record<string, unknown>[] = [];
    for (const line of readRange(this.file, this.offset, sizeOf(this.file)).split('\n')) {
      if (!line.includes(`"message":"${message}"`)) continue;
      try {
        entries.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a line cut by a concurrent write: the next read has it whole
      }
    }
    return entries;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readRange(file: string, start: number, end: number): string {
  if (end <= start) return '';
  const buffer = Buffer.alloc(end - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}
