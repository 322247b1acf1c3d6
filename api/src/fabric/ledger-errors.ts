import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';

/** How a failed ledger call should be treated. */
export type LedgerFailureKind =
  /** The chaincode refused the input: retrying the same input fails the same way. */
  | 'refused'
  /**
   * Fabric says the same transaction can succeed later: MVCC or phantom read conflict, timeouts, a node down, and
   * an ENDORSEMENT_POLICY_FAILURE at commit, which is what Fabric answers when a transaction earlier in the same
   * block set the key-level policy of a key this one writes (a document anchor's): a later write to a key whose
   * policy changed in the block is invalidated. Giving up on that would lose an accepted write.
   */
  | 'retryable'
  /** Anything else: retried a bounded number of times, then given up. */
  | 'failed';

export interface LedgerFailure {
  kind: LedgerFailureKind;
  message: string;
  transactionId?: string;
  /**
   * Endorsing the same proposal again at once can succeed: the ledger moved under it (a read conflict), or
   * the endorsers answered from different heights (one had not yet committed the latest block).
   */
  endorseAgain?: boolean;
}

const RETRYABLE_GRPC = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.RESOURCE_EXHAUSTED]);
const RETRYABLE_VALIDATION = new Set<number>([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

// Endorsing peers wrap a chaincode's error as "chaincode response 500, <message>".
const CHAINCODE_MESSAGE = /chaincode response 500, ([\s\S]*)$/;

/** The chaincode's own error message out of a gateway error, without Fabric's wrapping. */
export function chaincodeMessage(error: GatewayError): string | undefined {
  for (const detail of error.details) {
    const match = CHAINCODE_MESSAGE.exec(detail.message);
    if (match) return match[1];
  }
  return undefined;
}

/** The name of a transaction validation code, e.g. MVCC_READ_CONFLICT. */
export function statusName(code: number): string {
  return Object.entries(StatusCode).find(([, value]) => value === code)?.[0] ?? String(code);
}

/** Sorts a failed submit or evaluate into what the caller can do about it. */
export function classifyLedgerFailure(error: unknown): LedgerFailure {
  if (error instanceof CommitError) {
    const collision = RETRYABLE_VALIDATION.has(error.code) || error.code === StatusCode.ENDORSEMENT_POLICY_FAILURE;
    return { kind: collision ? 'retryable' : 'failed', message: `transaction invalid at commit: ${statusName(error.code)}`, transactionId: error.transactionId, endorseAgain: collision };
  }
  if (error instanceof GatewayError) {
    // EndorseError and SubmitError carry the transaction id; other gateway errors have none.
    const transactionId = 'transactionId' in error ? String(error.transactionId) : undefined;
    const refusal = chaincodeMessage(error);
    if (refusal !== undefined) return { kind: 'refused', message: refusal, transactionId };
    const details = error.details.map((detail) => `${detail.mspId}: ${detail.message}`).join('; ');
    // Endorsers a block apart return different results for the same proposal; a moment later they agree.
    if (/ProposalResponsePayloads do not match/.test(`${error.message} ${details}`)) {
      return { kind: 'retryable', message: `endorsers answered from different ledger heights (${details})`, transactionId, endorseAgain: true };
    }
    const kind = RETRYABLE_GRPC.has(error.code) ? 'retryable' : 'failed';
    return { kind, message: details ? `${error.message} (${details})` : error.message, transactionId };
  }
  return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
}
