/** The security categories of issue 9, in the order the table lists them. */
export const CATEGORIES = [
  'another instance\'s key',
  'impersonating another org',
  'the regulator writing',
  'a third bank reading details',
  'a revoked document as valid',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Where an attempt was made: an API instance over HTTP, a peer through the Fabric Gateway, or an org's files (its peer's ledger, its API's database). */
export type Channel = 'API' | 'gateway' | 'storage';

/**
 * How an attempt ended. `refused`: refused with the expected status or chaincode error. `wrong reason`: refused,
 * but not the way the rule under test refuses it (another rule caught it, or the test's premise is wrong).
 * `accepted`: the attempt got through: a security hole.
 */
export type Outcome = 'refused' | 'wrong reason' | 'accepted';

export interface AttemptRecord {
  category: Category;
  attempt: string;
  channel: Channel;
  outcome: Outcome;
  /** The refusal's status and reason, or what was accepted. */
  detail: string;
}

const attempts: AttemptRecord[] = [];

export function recordAttempt(record: AttemptRecord): void {
  attempts.push(record);
}

export function attemptsIn(category: Category): AttemptRecord[] {
  return attempts.filter((record) => record.category === category);
}

/** The table printed at the end of the run (and copied into docs/testing.md): refused must equal attempts. */
export function countsTable(): string {
  const header = ['category', 'attempts', 'via API', 'via gateway', 'in storage', 'refused', 'wrong reason', 'accepted'];
  const rows = CATEGORIES.map((category) => {
    const records = attemptsIn(category);
    const count = (keep: (record: AttemptRecord) => boolean) => String(records.filter(keep).length);
    return [
      category, String(records.length),
      count((record) => record.channel === 'API'), count((record) => record.channel === 'gateway'),
      count((record) => record.channel === 'storage'),
      count((record) => record.outcome === 'refused'), count((record) => record.outcome === 'wrong reason'),
      count((record) => record.outcome === 'accepted'),
    ];
  }).filter((row) => row[1] !== '0');
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Every attempt that was not refused as expected, one line each, for the failure message and the log. */
export function gaps(): string[] {
  return attempts.filter((record) => record.outcome !== 'refused')
    .map((record) => `${record.outcome.toUpperCase()} [${record.category}] ${record.attempt} (${record.channel}): ${record.detail}`);
}
