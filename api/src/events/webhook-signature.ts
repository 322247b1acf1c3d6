import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body under WEBHOOK_SECRET>`. */
export const SIGNATURE_HEADER = 'X-Bayrecon-Signature';
/** Header carrying the attempt's time (Unix seconds): receivers may refuse stale deliveries. */
export const TIMESTAMP_HEADER = 'X-Bayrecon-Timestamp';
/** Header carrying the change's id, the same on every attempt: receivers deduplicate on it. */
export const EVENT_ID_HEADER = 'X-Bayrecon-Event-Id';

/** The signature header's value for a body: `sha256=` and the hex HMAC-SHA256 of the exact body bytes. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute the signature over the raw body and compare in constant time. */
export function verifyWebhookSignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhookBody(secret, body), 'utf8');
  const presented = Buffer.from(header, 'utf8');
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

/**
 * Delay before attempt `attempts + 1` of a delivery: exponential from `baseMs`, capped at one hour. No jitter:
 * deliveries to one receiver are already serialised.
 */
export function webhookBackoffMs(attempts: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
