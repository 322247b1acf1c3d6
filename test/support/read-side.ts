import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { ApiInstance } from './api-instance';
import { fetchRetryingReset } from './http';

/** A settlement date no other test uses, so a day's flows and reports hold only this run's payments. */
export function uniqueSettlementDate(): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `20${40 + randomInt(60)}-${pad(1 + randomInt(12))}-${pad(1 + randomInt(28))}`;
}

/** GET as the instance's viewer; the parsed JSON and the status. */
export async function getJson<T>(api: ApiInstance, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetchRetryingReset(`${api.url}${path}`, { headers: { ...api.headers('viewer'), ...headers } });
  return { status: response.status, body: (await response.json()) as T };
}

/** A regulator instance's end-of-day report of a date, as its viewer reads it: the text, byte for byte. */
export async function endOfDayReport(api: ApiInstance, date: string, format: 'csv' | 'json'): Promise<string> {
  const response = await fetchRetryingReset(`${api.url}/regulator/reports/end-of-day?date=${date}&format=${format}`, { headers: api.headers('viewer') });
  assert.equal(response.status, 200);
  return response.text();
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Where an instance's projection stands on one channel (`GET /projection/status`). */
export interface ChannelProjectionStatusBody {
  checkpoint: { blockNumber: number | null; transactionId: string | null };
  readThroughBlock: number | null;
  ledgerHeight: number | null;
  lagBlocks: number | null;
  streaming: boolean;
  lastError: string | null;
}

/** The body of `GET /projection/status`: per channel the instance's peer is on, and in sum. */
export interface ProjectionStatusBody {
  channels: Record<string, ChannelProjectionStatusBody>;
  lagBlocks: number | null;
  streaming: boolean;
}

/**
 * Waits until the instance's projection has read a block of a channel whole (and every block before it): its
 * checkpoint is past the block, or its stream has read through it (a block may hold no event the instance's
 * projection reads).
 */
export async function waitForBlock(api: ApiInstance, channel: string, blockNumber: number, timeoutMs = 180_000): Promise<void> {
  await waitFor(`${api.org}'s projection of ${channel} to reach block ${blockNumber}`, async () => {
    const { body } = await getJson<ProjectionStatusBody>(api, '/projection/status');
    const status = body.channels[channel];
    if (status === undefined) throw new Error(`${api.org}'s projection follows no channel ${channel}: ${JSON.stringify(Object.keys(body.channels))}`);
    return Math.max(status.checkpoint.blockNumber ?? -1, status.readThroughBlock ?? -1) >= blockNumber ? true : undefined;
  }, timeoutMs);
}
