/** Prints rows under a header as aligned columns; numbers-looking cells are right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[], out: (line: string) => void = console.log): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = (cell: string): boolean => /^[-+]?[\d,.]+(\s?[%x×]|\s\S+)?$/.test(cell);
  const format = (row: readonly string[]): string =>
    row.map((cell, column) => (numeric(cell) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  out(format(header));
  out(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) out(format(row));
}

/** A figure for humans: thousands separators, sensible decimals. */
export function formatNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (decimals === undefined && value !== 0 && Math.abs(value) < 0.01) return value.toPrecision(2);
  const places = decimals ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}
