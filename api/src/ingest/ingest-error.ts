/**
 * The one error the ingestion layer throws. A refused message is refused whole: every problem found is listed,
 * so the bank can fix its file in one round trip, and nothing of it is written.
 */

/** One thing wrong with the input, located the way a payments operator would look for it. */
export interface IngestProblem {
  /** The caller's label for the input (file or multipart part name), when it gave one. */
  readonly document?: string;
  /** 0-based position of the message in a request carrying several, when the caller gave one. */
  readonly messageIndex?: number;
  /** GrpHdr/MsgId of the message, once it could be read. */
  readonly messageId?: string;
  /**
   * 0-based position of the transaction in the message (CdtTrfTxInf, TxInfAndSts, Ntry) or of the data row
   * in a CSV file. The same number appears in brackets in `path`.
   */
  readonly transactionIndex?: number;
  /** 1-based line in the input, for problems found before the message could be read as a tree, and CSV rows. */
  readonly line?: number;
  /**
   * Where, by ISO 20022 element names relative to the message element, 0-based brackets for repeats and
   * `@` for attributes, e.g. `CdtTrfTxInf[2]/IntrBkSttlmAmt/@Ccy`; a column name for CSV; `(document)` when
   * the problem is with the input as a whole.
   */
  readonly path: string;
  readonly reason: string;
}

/**
 * What went wrong, coarsely, so the API can pick a status code without reading reasons:
 * TOO_LARGE → 413; UNSAFE, MALFORMED → 400; UNSUPPORTED → 415; INVALID → 422.
 */
export type IngestErrorKind = 'TOO_LARGE' | 'UNSAFE' | 'MALFORMED' | 'UNSUPPORTED' | 'INVALID';

export class IngestError extends Error {
  constructor(
    readonly kind: IngestErrorKind,
    readonly problems: readonly IngestProblem[],
  ) {
    super(IngestError.summarise(kind, problems));
    this.name = 'IngestError';
  }

  private static summarise(kind: IngestErrorKind, problems: readonly IngestProblem[]): string {
    const first = problems[0];
    const where = first === undefined ? '' : `: ${first.path}: ${first.reason}`;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    return `input refused (${kind})${where}${more}`;
  }
}

/** Context every problem of one collector carries. */
export type ProblemContext = Pick<IngestProblem, 'document' | 'messageIndex' | 'messageId' | 'transactionIndex' | 'line'>;

/**
 * Collects problems while a message is read, so that all of them are reported together. Collectors made with
 * `forTransaction` share the list of their parent.
 */
export class Problems {
  private constructor(
    private readonly list: IngestProblem[],
    private readonly context: ProblemContext,
  ) {}

  static start(context: ProblemContext = {}): Problems {
    return new Problems([], context);
  }

  /** A collector whose problems carry this transaction index (and line, for CSV rows). */
  forTransaction(transactionIndex: number, line?: number): Problems {
    return new Problems(this.list, { ...this.context, transactionIndex, ...(line === undefined ? {} : { line }) });
  }

  withMessageId(messageId: string | undefined): Problems {
    return messageId === undefined ? this : new Problems(this.list, { ...this.context, messageId });
  }

  add(path: string, reason: string, line?: number): void {
    this.list.push({ ...this.context, ...(line === undefined ? {} : { line }), path, reason });
  }

  get count(): number {
    return this.list.length;
  }

  /** Throws the collected problems, if any, as one IngestError. */
  throwIfAny(kind: IngestErrorKind = 'INVALID'): void {
    if (this.list.length > 0) throw new IngestError(kind, [...this.list]);
  }
}

/** Throws at once: for problems after which reading on would be pointless or unsafe. */
export function refuse(kind: IngestErrorKind, reason: string, context: ProblemContext = {}, path = '(document)', line?: number): never {
  throw new IngestError(kind, [{ ...context, ...(line === undefined ? {} : { line }), path, reason }]);
}
