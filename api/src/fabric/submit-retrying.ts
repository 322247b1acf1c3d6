import { LedgerRefusedError, LedgerUnavailableError } from '../errors/domain-errors';
import { LedgerClient, SubmitRequest, SubmitResult } from './ledger-client';
import { classifyLedgerFailure } from './ledger-errors';

/** Attempts of a synchronous transaction that Fabric invalidated for a read conflict (another org wrote the same key). */
const CONFLICT_ATTEMPTS = 3;

/**
 * Submits a transaction for a synchronous route, retrying only what Fabric invalidated for an MVCC or phantom
 * read conflict (the retry endorses against the newer state). Other failures become the API's errors: a
 * chaincode refusal 422, anything else 503, both with the transaction id.
 */
export async function submitRetryingConflicts(ledger: Pick<LedgerClient, 'submitRaw'>, transaction: string, request: SubmitRequest): Promise<SubmitResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ledger.submitRaw(transaction, request);
    } catch (error) {
      const failure = classifyLedgerFailure(error);
      if (failure.kind === 'retryable' && /CONFLICT/.test(failure.message) && attempt < CONFLICT_ATTEMPTS) continue;
      throw failure.kind === 'refused'
        ? new LedgerRefusedError(failure.message, [], failure.transactionId)
        : new LedgerUnavailableError(failure.message, [], failure.transactionId);
    }
  }
}
