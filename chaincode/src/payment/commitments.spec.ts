import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { MATCHING_FIELDS, PaymentSide, canonicalJson, matchingValue } from '@bayrecon/common';
import { szDebtorSide } from '../testing/fixtures';
import { commitSide } from './commitments';

/** The commitments as the general serialiser defines them: HMAC-SHA256 of canonicalJson of the whole object. */
function reference(key: Buffer, side: PaymentSide) {
  const hmac = (value: unknown, bytes: number) =>
    createHmac('sha256', key).update(canonicalJson(value)).digest().subarray(0, bytes).toString('base64url');
  return {
    fieldCommitments: Object.fromEntries(MATCHING_FIELDS.map((field) => [field, hmac({ uetr: side.uetr, field, value: matchingValue(side, field) }, 16)])),
    sideCommitment: hmac({ uetr: side.uetr, side }, 32),
  };
}

describe('side commitments', () => {
  it('commit to exactly the canonical JSON of {uetr, field, value} and {uetr, side}, whatever the text in them', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), text, text, fc.boolean(), (key, endToEndId, remittanceInformation, withFx) => {
      const side = szDebtorSide(7, {
        endToEndId, remittanceInformation,
        ...(withFx ? { instructedAmount: { amount: '12.5', currency: 'CNY' }, exchangeRate: '1.0843' } : {}),
      });
      assert.deepEqual(commitSide(key, side, canonicalJson(side)), reference(Buffer.from(key), side));
    }), { numRuns: 300 });
  });
});
