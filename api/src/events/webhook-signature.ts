import { createHmac, timingSafeEqual } from 'node:crypto';
import { backoffMs } from '../retry/backoff';

/** Header carrying `sha256=<hex HMAC-SHA256 under WEBHOOK_SECRET>` of the timestamp, a dot and the raw body. */
export const SIGNATURE_HEADER = 'X-Bayrecon-Signature';
/** Header carrying the attempt's time (Unix seconds), covered by the signature. */
export const TIMESTAMP_HEADER = 'X-Bayrecon-Timestamp';
/** Header carrying the change's id, the same on every attempt: receivers deduplicate on it. */
export const EVENT_ID_HEADER = 'X-Bayrecon-Event-Id';
/** How far a delivery's timestamp may be from the receiver's clock, either way, before it is refused as stale. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The signature header's value for one attempt: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>`. The
 * time is signed with the body so that a captured delivery cannot be replayed later under a fresh timestamp.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** One received delivery as a receiver sees it: the raw body and the two headers' values. */
export interface ReceivedWebhook {
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * What a receiver does: refuse a timestamp further than the tolerance from its own clock, then recompute the
 * signature over the timestamp and the raw body and compare in constant time.
 */
export function verifyWebhook(
  secret: string, received: ReceivedWebhook, nowSeconds = Date.now() / 1000, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  const { body, signature, timestamp } = received;
  if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'utf8');
  const presented = Buffer.from(signature, 'utf8');
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

/**
 * Delay before attempt `attempts + 1` of a delivery: exponential from `baseMs`, capped at one hour. No jitter:
 * deliveries to one receiver are already serialised.
 */
export function webhookBackoffMs(attempts: number, baseMs: number): number {
  return backoffMs(attempts, { firstMs: baseMs, maxMs: 3_600_000 });
}
