/** What a fault scenario ends with: lost and duplicated must be 0. */
export interface FaultCount {
  scenario: string;
  accepted: number;
  committed: number;
  reconciled: number;
  lost: number;
  duplicated: number;
}

const counts: FaultCount[] = [];

export function recordCount(count: FaultCount): void {
  counts.push(count);
}

/** The table printed at the end of the run (and copied into docs/testing.md). */
export function countsTable(): string {
  const header = ['scenario', 'accepted', 'committed', 'reconciled', 'lost', 'duplicated'];
  const rows = counts.map((count) => [count.scenario, ...[count.accepted, count.committed, count.reconciled, count.lost, count.duplicated].map(String)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
