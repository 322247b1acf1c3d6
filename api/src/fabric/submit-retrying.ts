import { LedgerRefusedError, LedgerUnavailableError } from '../errors/domain-errors';
import { LedgerClient, SubmitRequest, SubmitResult } from './ledger-client';
import { classifyLedgerFailure } from './ledger-errors';

/**
 * Attempts of a synchronous transaction that Fabric invalidated for a read conflict (another org wrote the same
 * key) or whose endorsers answered from different ledger heights.
 */
const CONFLICT_ATTEMPTS = 8;
// Doubling from 100 ms: a peer busy committing a large block can be a few seconds behind the others.
const FIRST_PAUSE_MS = 100;

/**
 * Submits a transaction for a synchronous route, retrying only what can succeed at once: an MVCC or phantom read
 * conflict, or endorsers a block apart (the retry endorses against the newer state). Other failures become the API's errors: a
 * chaincode refusal 422, anything else 503, both with the transaction id.
 */
export async function submitRetryingConflicts(ledger: Pick<LedgerClient, 'submitRaw'>, transaction: string, request: SubmitRequest): Promise<SubmitResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ledger.submitRaw(transaction, request);
    } catch (error) {
      const failure = classifyLedgerFailure(error);
      if (failure.endorseAgain === true && attempt < CONFLICT_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, FIRST_PAUSE_MS * 2 ** (attempt - 1)));
        continue;
      }
      throw failure.kind === 'refused'
        ? new LedgerRefusedError(failure.message, [], failure.transactionId)
        : new LedgerUnavailableError(failure.message, [], failure.transactionId);
    }
  }
}
