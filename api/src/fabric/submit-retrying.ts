import { backoffMs } from '../retry/backoff';
import { classifyLedgerFailure } from './ledger-errors';

/**
 * Attempts of a synchronous transaction that Fabric invalidated for a read conflict (another org wrote the same
 * key) or whose endorsers answered from different ledger heights.
 */
const CONFLICT_ATTEMPTS = 8;
// Doubling from 100 ms to 6.4 s before the last attempt: a peer busy committing a large block can be a few seconds
// behind the others.
const CONFLICT_BACKOFF = { firstMs: 100, maxMs: 6_400 };

/**
 * Submits a transaction for a synchronous route (`submit` makes a fresh proposal each time), retrying only what
 * can succeed at once: an MVCC or phantom read conflict, or endorsers a block apart (the retry endorses against
 * the newer state). Any other failure is thrown as the gateway gave it, for the exception filter to answer.
 */
export async function submitRetryingConflicts<T>(submit: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await submit();
    } catch (error) {
      if (classifyLedgerFailure(error).endorseAgain !== true || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, CONFLICT_BACKOFF)));
    }
  }
}
