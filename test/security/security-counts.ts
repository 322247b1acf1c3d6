/** The security categories, in the order the table lists them. */
export const CATEGORIES = [
  'another instance\'s key',
  'impersonating another org',
  'the regulator writing',
  'a third party learning of a pair',
  'a revoked document as valid',
  'a revoked client identity',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Where an attempt was made: an API instance over HTTP, a peer through the Fabric Gateway, an org's nodes with its
 * administrator's identity (peer CLI, osnadmin), or an org's files (its nodes' ledgers, its API's database).
 */
export type Channel = 'API' | 'gateway' | 'admin' | 'storage';

/**
 * How an attempt ended. `refused`: refused with the expected status or chaincode error. `wrong reason`: refused,
 * but not the way the rule under test refuses it (another rule caught it, or the test's premise is wrong).
 * `accepted`: the attempt got through: a security hole.
 */
export type Outcome = 'refused' | 'wrong reason' | 'accepted';

/**
 * Which layer refused an attempt, read from the refusal itself: the API instance's own check (an error body without
 * the ledger's refusal kind, or a side the outbox rejected without a transaction), the chaincode (its refusal kind in
 * the error), the endorsement policy (a transaction the peers invalidated with ENDORSEMENT_POLICY_FAILURE), the
 * peer's MSP and the channel's policies (the creator is no valid identity of a member org: "access denied ...
 * creator org"), or the channel itself (the org's nodes are not on it: its peer has no such channel, its files and
 * streams never held the blocks). `unclassified`: a refusal whose layer the evidence does not name.
 */
export const LAYERS = ['API', 'chaincode', 'endorsement policy', 'MSP', 'channel', 'unclassified'] as const;
export type Layer = (typeof LAYERS)[number];

export interface AttemptRecord {
  category: Category;
  attempt: string;
  channel: Channel;
  outcome: Outcome;
  /** The layer that refused it (a refused attempt only). */
  layer?: Layer;
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
  const header = ['category', 'attempts', 'via API', 'via gateway', 'as admin', 'in storage', 'refused', ...LAYERS.map((layer) => `by ${layer}`), 'wrong reason', 'accepted'];
  const rows = CATEGORIES.map((category) => {
    const records = attemptsIn(category);
    const count = (keep: (record: AttemptRecord) => boolean) => String(records.filter(keep).length);
    return [
      category, String(records.length),
      count((record) => record.channel === 'API'), count((record) => record.channel === 'gateway'),
      count((record) => record.channel === 'admin'), count((record) => record.channel === 'storage'),
      count((record) => record.outcome === 'refused'),
      ...LAYERS.map((layer) => count((record) => record.outcome === 'refused' && record.layer === layer)),
      count((record) => record.outcome === 'wrong reason'),
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

/** Refused attempts whose layer the evidence did not name, one line each. */
export function unclassified(): string[] {
  return attempts.filter((record) => record.outcome === 'refused' && record.layer === 'unclassified')
    .map((record) => `UNCLASSIFIED LAYER [${record.category}] ${record.attempt} (${record.channel}): ${record.detail}`);
}
