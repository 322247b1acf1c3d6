import { ValidationIssue } from './validation';

/**
 * The message of an error refusing a batch: a header line, then one line per issue, `<path>: <reason>`, e.g.
 *
 * ```
 * batch refused: 2 of 3 sides have errors
 * sides[0].uetr: 'abc' is not a UETR (lower-case UUIDv4)
 * sides[2].interbankSettlementAmount: '12.345' has more decimals than HKD allows (2)
 * ```
 * Readable as is in a CLI; {@link parseRefusal} turns it back into issues.
 */
export function formatRefusal(header: string, issues: readonly ValidationIssue[]): string {
  return [header, ...issues.map((issue) => `${issue.path}: ${issue.reason}`)].join('\n');
}

/** Path line pattern: `sides[3].field: reason` or `sides[3]: reason`. */
const ISSUE_LINE = /^((?:[A-Za-z]+)(?:\[\d+\])?(?:\.[A-Za-z0-9]+)*): (.*)$/;

/**
 * Reads the issues back out of a refusal message (or out of a Fabric error text that contains one). Lines that
 * are not issues (the header, Fabric's own prefixes) are skipped.
 */
export function parseRefusal(message: string): ValidationIssue[] {
  return message.split('\n').flatMap((line) => {
    const match = ISSUE_LINE.exec(line.trim());
    return match === null ? [] : [{ path: match[1], reason: match[2] }];
  });
}

/** The index of the batch record an issue path points at (`sides[3].uetr` gives 3), if any. */
export function issueIndex(issue: ValidationIssue): number | undefined {
  const match = /^[A-Za-z]+\[(\d+)\]/.exec(issue.path);
  return match === null ? undefined : Number(match[1]);
}

/**
 * The message refusing a whole batch: `batch refused: <n> of <received> <noun> have errors`, then the issues.
 */
export function batchRefusal(noun: string, received: number, issues: readonly ValidationIssue[]): string {
  const records = new Set(issues.map((issue) => issueIndex(issue) ?? issue.path));
  return formatRefusal(`batch refused: ${records.size} of ${received} ${noun} have errors`, issues);
}
