import type { ValidationIssue } from './validation';

/**
 * What kind of refusal a chaincode error is, so that a client decides what to do (and the API which HTTP status
 * to answer) from the kind, never from the wording:
 * - INVALID: the input itself is wrong (a field, a batch's shape, an argument the transaction time rules out).
 * - NOT_FOUND: the record the transaction names is not on the ledger.
 * - FORBIDDEN: the caller's org may not do this (the org comes from the client identity).
 * - CONFLICT: the input is well formed but contradicts what the ledger holds (a side recorded with other
 *   content, a hash anchored by another issuer, a payment in a status that does not allow the step).
 * - UNAVAILABLE: the peer could not answer in time a question the transaction asks of another channel; nothing
 *   was written, and the same transaction sent again can succeed.
 */
export const REFUSAL_KINDS = ['INVALID', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNAVAILABLE'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/** A refusal as a program reads it. */
export interface Refusal {
  kind: RefusalKind;
  /**
   * What was refused, for a person: `<path>: <reason>` when one field is at fault, a header such as
   * `batch refused: 2 of 3 sides have errors` over the issues of a batch.
   */
  message: string;
  /** Each field at fault and why, for a program: the one field of a single refusal, one or more per bad record of a batch. */
  issues: ValidationIssue[];
}

/**
 * A chaincode refusal: thrown by a contract's guards, written to the wire by {@link refusalOnTheWire}. Its
 * `message` is the person's text, so that logs and unit tests read it as it is.
 */
export class RefusalError extends Error {
  constructor(readonly kind: RefusalKind, message: string, readonly issues: ValidationIssue[] = []) {
    super(message);
    this.name = 'RefusalError';
  }

  /** A refusal of one field: message `<path>: <reason>`, and that field as its one issue. */
  static ofField(kind: RefusalKind, path: string, reason: string): RefusalError {
    return new RefusalError(kind, `${path}: ${reason}`, [{ path, reason }]);
  }

  get refusal(): Refusal {
    return { kind: this.kind, message: this.message, issues: this.issues };
  }
}

/**
 * Where a refusal starts in a chaincode error's message. fabric-contract-api answers a thrown error with status
 * 500 and the error's message alone (no payload), and the endorsing peer hands that text to the gateway, which
 * shows it as `chaincode response 500, <message>` in each endorser's error detail: the message is the one
 * field that reaches a client, so the refusal travels in it as JSON after this marker. The marker tells our
 * refusals apart from errors that fabric-contract-api or the peer write themselves (an unknown transaction, a
 * wrong argument count), and its version lets the form change without a client misreading it.
 */
export const REFUSAL_MARKER = 'bayrecon-refusal/1 ';

/** The chaincode error message that carries a refusal: the marker, then the refusal as JSON. */
export function refusalOnTheWire(refusal: Refusal): string {
  return `${REFUSAL_MARKER}${JSON.stringify({ kind: refusal.kind, message: refusal.message, issues: refusal.issues })}`;
}

const isIssue = (value: unknown): value is ValidationIssue => typeof value === 'object' && value !== null
  && typeof (value as ValidationIssue).path === 'string' && typeof (value as ValidationIssue).reason === 'string';

/**
 * The refusal a chaincode error message carries (as {@link refusalOnTheWire} wrote it, after whatever prefix
 * the peer put in front), or undefined when the message carries none.
 */
export function readRefusal(text: string): Refusal | undefined {
  const start = text.indexOf(REFUSAL_MARKER);
  if (start < 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start + REFUSAL_MARKER.length));
  } catch {
    return undefined;
  }
  const { kind, message, issues } = (parsed ?? {}) as Partial<Refusal>;
  if (!(REFUSAL_KINDS as readonly unknown[]).includes(kind) || typeof message !== 'string' || !Array.isArray(issues) || !issues.every(isIssue)) {
    return undefined;
  }
  return { kind: kind as RefusalKind, message, issues };
}

/** A refusal for a person: its message, then each issue the message does not already state, one per line. */
export function refusalText(refusal: Refusal): string {
  return [refusal.message, ...refusal.issues.map((issue) => `${issue.path}: ${issue.reason}`).filter((line) => line !== refusal.message)]
    .join('\n');
}

/** The index of the batch record an issue path points at (`sides[3].uetr` gives 3), if any. */
export function issueIndex(issue: ValidationIssue): number | undefined {
  const match = /^[A-Za-z]+\[(\d+)\]/.exec(issue.path);
  return match === null ? undefined : Number(match[1]);
}

/**
 * A whole batch refused: message `batch refused: <n> of <received> <noun> have errors`, where n counts the
 * records at fault, and every issue.
 */
export function batchRefusal(kind: RefusalKind, noun: string, received: number, issues: readonly ValidationIssue[]): RefusalError {
  const records = new Set(issues.map((issue) => issueIndex(issue) ?? issue.path));
  return new RefusalError(kind, `batch refused: ${records.size} of ${received} ${noun} have errors`, [...issues]);
}
