import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { Refusal, RefusalKind, readRefusal, refusalText } from '@bayrecon/common';
import { LedgerRefusedError, LedgerUnavailableError } from '../errors/domain-errors';

/** How a failed ledger call should be treated. */
export type LedgerFailureKind =
  /** The chaincode refused the input: retrying the same input fails the same way. */
  | 'refused'
  /**
   * Fabric says the same transaction can succeed later: MVCC or phantom read conflict, timeouts, a node down, and
   * an ENDORSEMENT_POLICY_FAILURE at commit, which is what Fabric answers when a transaction earlier in the same
   * block set the key-level policy of a key this one writes (a document anchor's): a later write to a key whose
   * policy changed in the block is invalidated. Giving up on that would lose an accepted write. And the
   * chaincode's UNAVAILABLE refusal: a question to another channel the peer did not answer in time; and a call to
   * another channel's chaincode while its definition moved to the next sequence.
   */
  | 'retryable'
  /** Anything else: retried a bounded number of times, then given up. */
  | 'failed';

export interface LedgerFailure {
  kind: LedgerFailureKind;
  message: string;
  transactionId?: string;
  /** For a refusal: what the chaincode said, kind and issues (none for an error the chaincode did not classify). */
  refusal?: Refusal;
  /**
   * Endorsing the same proposal again at once can succeed: the ledger moved under it (a read conflict), or
   * the endorsers answered from different heights (one had not yet committed the latest block).
   */
  endorseAgain?: boolean;
}

const RETRYABLE_GRPC = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.RESOURCE_EXHAUSTED]);
const DEFINITION_CHANGED = /chaincode definition for '[^']+' changed during invoke/;
const RETRYABLE_VALIDATION = new Set<number>([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

// Endorsing peers wrap a chaincode's error as "chaincode response 500, <message>" in each endorser's detail.
const CHAINCODE_RESPONSE = 'chaincode response 500, ';

/** The chaincode's own error message out of a gateway error, without Fabric's wrapping. */
export function chaincodeMessage(error: GatewayError): string | undefined {
  for (const { message } of error.details) {
    const start = message.indexOf(CHAINCODE_RESPONSE);
    if (start >= 0) return message.slice(start + CHAINCODE_RESPONSE.length);
  }
  return undefined;
}

/** The refusal of a failed ledger call, when the chaincode refused it and said of what kind. */
export function refusalOf(error: unknown): Refusal | undefined {
  return classifyLedgerFailure(error).refusal;
}

/** True when the chaincode refused the call with this kind of refusal. */
export function refusedAs(error: unknown, kind: RefusalKind): boolean {
  return refusalOf(error)?.kind === kind;
}

// What a peer answers for a channel it is not on: no endorser found for it, or the channel unknown to it.
const NOT_ON_CHANNEL = /failed to find any endorsing peers|channel .* not found|cannot find channel|Invalid chain ID|failed to get config for channel/i;

/** True when the call failed because this org's peer is not on the channel (it never joined it, or left it). */
export function notOnChannel(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  return [error.message, ...error.details.map((detail) => detail.message)].some((message) => NOT_ON_CHANNEL.test(message));
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
    const answer = chaincodeMessage(error);
    if (answer !== undefined) {
      const refusal = readRefusal(answer);
      if (refusal?.kind === 'UNAVAILABLE') return { kind: 'retryable', message: refusalText(refusal), transactionId, endorseAgain: true };
      // A chaincode-to-chaincode call met the called chaincode's definition moving to its next sequence (a
      // member admitted or removed): the peer refuses the call once, and the next proposal runs on the new one.
      if (DEFINITION_CHANGED.test(answer)) return { kind: 'retryable', message: answer, transactionId, endorseAgain: true };
      return refusal === undefined
        ? { kind: 'refused', message: answer, transactionId }
        : { kind: 'refused', message: refusalText(refusal), transactionId, refusal };
    }
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

/**
 * The API's error for a failed ledger call: the chaincode's refusal (with its kind and issues), or the ledger
 * being unavailable; undefined for an error that does not come from the gateway.
 */
export function ledgerErrorOf(error: unknown): LedgerRefusedError | LedgerUnavailableError | undefined {
  if (!(error instanceof GatewayError) && !(error instanceof CommitError)) return undefined;
  const failure = classifyLedgerFailure(error);
  return failure.kind === 'refused'
    ? new LedgerRefusedError(failure.refusal?.message ?? failure.message, failure.refusal?.kind, failure.refusal?.issues ?? [], failure.transactionId)
    : new LedgerUnavailableError(failure.message, [], failure.transactionId);
}
