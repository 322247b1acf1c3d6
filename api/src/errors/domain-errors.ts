import type { RefusalKind } from '@bayrecon/common';

/** One problem with a request, located as precisely as the input allows (message, transaction, field). */
export interface Problem {
  path?: string;
  reason: string;
  /** Position in a request of several messages, or of the transaction (or CSV row) in a message: ingestion only. */
  messageIndex?: number;
  transactionIndex?: number;
  /** 1-based line of the input, where the problem was found before the input could be read as records. */
  line?: number;
}

/**
 * The API's errors, each mapped to one HTTP status by the exception filter. A Fabric error keeps the
 * transaction id so the response and the log point at the ledger's record of it.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(message: string, readonly problems: Problem[] = [], readonly transactionId?: string) {
    super(message);
  }
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly code = 'INVALID_INPUT';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'CONFLICT';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

/**
 * The ledger refused the request (a chaincode error): the input was acceptable to the API, not to the ledger.
 * Its HTTP status follows the refusal's kind, which the exception filter alone maps.
 */
export class LedgerRefusedError extends Error {
  constructor(
    message: string,
    /** The chaincode's kind of refusal; undefined for a chaincode error that names none (fabric-contract-api's own). */
    readonly refusal: RefusalKind | undefined,
    readonly problems: Problem[] = [],
    readonly transactionId?: string,
  ) {
    super(message);
  }
}

/** The peer could not be reached or did not answer in time. */
export class LedgerUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'LEDGER_UNAVAILABLE';
}
