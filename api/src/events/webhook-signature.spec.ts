import { strict as assert } from 'node:assert';
import { signWebhook, verifyWebhook, webhookBackoffMs } from './webhook-signature';

describe('webhook signature', () => {
  const body = JSON.stringify({ uetr: 'x', status: 'MATCHED' });
  const sentAt = '1700000000';
  const received = (overrides: Partial<{ body: string; signature: string | undefined; timestamp: string | undefined }> = {}) => ({
    body, signature: signWebhook('s3cret', sentAt, body), timestamp: sentAt, ...overrides,
  });

  it('is sha256= and the hex HMAC-SHA256 of the timestamp, a dot and the exact body under the secret', () => {
    // Computed apart: printf '%s' '1700000000.{"uetr":"x","status":"MATCHED"}' | openssl dgst -sha256 -hmac s3cret
    assert.equal(signWebhook('s3cret', sentAt, body), 'sha256=ccd963fa202493c6cee59114019bb55dda9a9ca79eacae2d8b303f8bb90ecf3b');
  });

  it('verifies only the same body and timestamp under the same secret', () => {
    const now = Number(sentAt) + 10;
    assert.equal(verifyWebhook('s3cret', received(), now), true);
    assert.equal(verifyWebhook('s3cret', received({ body: body.replace('MATCHED', 'RESOLVED') }), now), false);
    assert.equal(verifyWebhook('other', received(), now), false);
    assert.equal(verifyWebhook('s3cret', received({ signature: undefined }), now), false);
    assert.equal(verifyWebhook('s3cret', received({ timestamp: undefined }), now), false);
  });

  it('refuses a replay under a fresh timestamp, and a delivery older or newer than the tolerance', () => {
    const later = Number(sentAt) + 3600;
    assert.equal(verifyWebhook('s3cret', received({ timestamp: String(later) }), later), false, 'the signature covers the time');
    assert.equal(verifyWebhook('s3cret', received(), Number(sentAt) + 301), false);
    assert.equal(verifyWebhook('s3cret', received(), Number(sentAt) - 301), false);
    assert.equal(verifyWebhook('s3cret', received(), Number(sentAt) + 300), true);
  });

  it('backs off exponentially from the base, capped at one hour', () => {
    assert.deepEqual([1, 2, 3, 4].map((attempts) => webhookBackoffMs(attempts, 1000)), [1000, 2000, 4000, 8000]);
    assert.equal(webhookBackoffMs(40, 1000), 3_600_000);
  });
});
