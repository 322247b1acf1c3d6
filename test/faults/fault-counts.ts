/**
 * What a fault scenario ends with, each figure from evidence independent of the component it judges: the sides
 * from the pair channel's blocks (valid transactions and their events), the payments' status from the ledger, the
 * work in flight from the API instances' databases and logs.
 */
export interface FaultCount {
  scenario: string;
  /** Sides the APIs answered 202 for. */
  accepted: number;
  /** Accepted sides a valid transaction of their bank wrote. */
  committed: number;
  /** Accepted sides written by more than one valid transaction. */
  committedTwice: number;
  /** Sides of valid transactions the chaincode found already recorded, identical (no-ops). */
  resendsAbsorbed: number;
  /** Accepted sides no valid transaction wrote. */
  lost: number;
  /** Payments MATCHED on the ledger. */
  reconciled: number;
  /** Sides the outboxes held PENDING when the fault struck (undefined: a scenario without a fault). */
  pendingAtFault: number | undefined;
  /** Outbox batches that failed and were tried again. */
  batchesRetried: number;
  /** Transactions of the two banks on the channel that the peers marked invalid. */
  invalidTransactions: number;
}

const counts: FaultCount[] = [];

export function recordCount(count: FaultCount): void {
  counts.push(count);
}

const COLUMNS: [string, (count: FaultCount) => string][] = [
  ['scenario', (count) => count.scenario],
  ['accepted', (count) => String(count.accepted)],
  ['committed', (count) => String(count.committed)],
  ['committed twice', (count) => String(count.committedTwice)],
  ['resends absorbed', (count) => String(count.resendsAbsorbed)],
  ['lost', (count) => String(count.lost)],
  ['reconciled', (count) => String(count.reconciled)],
  ['pending at fault', (count) => (count.pendingAtFault === undefined ? '-' : String(count.pendingAtFault))],
  ['batches retried', (count) => String(count.batchesRetried)],
  ['invalid txs', (count) => String(count.invalidTransactions)],
];

/** The table printed at the end of the run (and copied into docs/testing.md). */
export function countsTable(): string {
  const header = COLUMNS.map(([title]) => title);
  const rows = counts.map((count) => COLUMNS.map(([, cell]) => cell(count)));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
