import { Context } from 'fabric-contract-api';
import { PAIR_KEY, PAIR_KEY_BYTES, PAYMENT_TRANSACTIONS, RefusalError, TransientFieldOf } from '@bayrecon/common';
import { WriteBatch } from '../shared/state-batch';

/** The transient field of submitSides that proposes a pair key. */
const PROPOSAL: TransientFieldOf<typeof PAYMENT_TRANSACTIONS.submitSides> = 'pairKeyProposal';

export interface PairKey {
  key: Buffer;
  /** True when the key came from this transaction's proposal and must be written. */
  proposed: boolean;
}

/**
 * The pair's commitment key: the one in the pair collection, else the transient `pairKeyProposal` (which the
 * API always sends; the first transaction of a pair writes it). Two first transactions racing both read "no
 * key" and the later one fails with an MVCC read conflict on the private key, so the pair ends with one key.
 */
export async function resolvePairKey(ctx: Context, collection: string): Promise<PairKey> {
  const stored = await ctx.stub.getPrivateData(collection, PAIR_KEY);
  if (stored !== undefined && stored.length > 0) {
    return { key: Buffer.from(stored), proposed: false };
  }
  const proposal = ctx.stub.getTransient().get(PROPOSAL);
  if (proposal === undefined || proposal.length === 0) {
    throw new RefusalError('INVALID', `${collection} has no pair key yet and the transient map has no '${PROPOSAL}' (base64 of ${PAIR_KEY_BYTES} random bytes)`);
  }
  const text = Buffer.from(proposal).toString('utf8');
  const key = Buffer.from(text, 'base64');
  if (key.length !== PAIR_KEY_BYTES || key.toString('base64') !== text) {
    throw RefusalError.ofField('INVALID', `transient ${PROPOSAL}`, `not the base64 of exactly ${PAIR_KEY_BYTES} bytes`);
  }
  return { key, proposed: true };
}

export function storePairKey(writes: WriteBatch, collection: string, pairKey: PairKey): void {
  if (pairKey.proposed) {
    writes.putPrivate(collection, PAIR_KEY, pairKey.key);
  }
}
