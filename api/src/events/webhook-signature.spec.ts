import { strict as assert } from 'node:assert';
import { signWebhookBody, verifyWebhookSignature, webhookBackoffMs } from './webhook-signature';

describe('webhook signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the exact body under the secret (RFC 4231 test case 2)', () => {
    assert.equal(signWebhookBody('Jefe', 'what do ya want for nothing?'), 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('verifies only the same body under the same secret', () => {
    const body = JSON.stringify({ uetr: 'x', status: 'MATCHED' });
    const signature = signWebhookBody('s3cret', body);
    assert.equal(verifyWebhookSignature('s3cret', body, signature), true);
    assert.equal(verifyWebhookSignature('s3cret', body.replace('MATCHED', 'RESOLVED'), signature), false);
    assert.equal(verifyWebhookSignature('other', body, signature), false);
    assert.equal(verifyWebhookSignature('s3cret', body, undefined), false);
  });

  it('backs off exponentially from the base, capped at one hour', () => {
    assert.deepEqual([1, 2, 3, 4].map((attempts) => webhookBackoffMs(attempts, 1000)), [1000, 2000, 4000, 8000]);
    assert.equal(webhookBackoffMs(40, 1000), 3_600_000);
  });
});
