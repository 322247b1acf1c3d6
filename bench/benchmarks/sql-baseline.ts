import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { MATCHING_FIELDS, PaymentSide, matchingValue } from '@bayrecon/common';
import { hkCreditorSide, szDebtorSide } from '../../test/support/payments';
import { Report, progress } from '../harness/report';
import { perSecond } from '../harness/stats';
import { formatNumber } from '../harness/table';

/** One column per matching field; money is compared as its canonical text (amount and currency). */
const columns = MATCHING_FIELDS.map((field) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));

const columnValue = (side: PaymentSide, field: (typeof MATCHING_FIELDS)[number]): string | null => {
  const value = matchingValue(side, field);
  return value === null || typeof value === 'string' ? value : `${value.amount} ${value.currency}`;
};

export interface SqlResult {
  pairs: number;
  loadMs: number;
  joinMs: number;
  matched: number;
  discrepancies: number;
  rowsPerSecond: number;
}

/**
 * The alternative a bank would pick: both banks' records in one SQLite database (a file, WAL, synchronous
 * NORMAL: durable like a ledger, without consensus, signatures or a second copy), reconciled by one join on
 * UETR comparing every matching field. One pair in a hundred carries a different amount, so the comparison
 * does real work. Rows/s counts both banks' rows from the first insert to the join's last result.
 */
export function sqlBaseline(report: Report, pairs: number): SqlResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'bayrecon-sql-'));
  try {
    const db = new Database(path.join(dir, 'recon.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const table of ['debtor_sides', 'creditor_sides']) {
      db.exec(`CREATE TABLE ${table} (uetr TEXT PRIMARY KEY, ${columns.map((column) => `${column} TEXT`).join(', ')}, details TEXT NOT NULL)`);
    }
    const insert = (table: string) => db.prepare(
      `INSERT INTO ${table} (uetr, ${columns.join(', ')}, details) VALUES (?, ${columns.map(() => '?').join(', ')}, ?)`);
    const insertDebtor = insert('debtor_sides');
    const insertCreditor = insert('creditor_sides');
    const row = (side: PaymentSide) => [side.uetr, ...MATCHING_FIELDS.map((field) => columnValue(side, field)), JSON.stringify(side)];
    const uetrs = Array.from({ length: pairs }, () => randomUUID());

    const started = performance.now();
    // Each bank loads its own records in batches of 500, one transaction per batch, as the ledger's batches.
    for (const [statement, build] of [
      [insertDebtor, (uetr: string) => szDebtorSide(uetr)],
      [insertCreditor, (uetr: string, index: number) => hkCreditorSide(uetr, index % 100 === 0
        ? { interbankSettlementAmount: { amount: '125000.51', currency: 'HKD' } } : {})],
    ] as const) {
      const loadBatch = db.transaction((batch: string[], offset: number) => {
        batch.forEach((uetr, index) => statement.run(...row(build(uetr, offset + index))));
      });
      for (let offset = 0; offset < uetrs.length; offset += 500) loadBatch(uetrs.slice(offset, offset + 500), offset);
    }
    const loaded = performance.now();
    const differs = columns.map((column) => `d.${column} IS NOT c.${column}`).join(' OR ');
    const counts = db.prepare(
      `SELECT SUM(CASE WHEN ${differs} THEN 0 ELSE 1 END) AS matched, SUM(CASE WHEN ${differs} THEN 1 ELSE 0 END) AS discrepancies
       FROM debtor_sides d JOIN creditor_sides c ON c.uetr = d.uetr`).get() as { matched: number; discrepancies: number };
    const finished = performance.now();
    db.close();

    const result: SqlResult = {
      pairs,
      loadMs: loaded - started,
      joinMs: finished - loaded,
      matched: counts.matched,
      discrepancies: counts.discrepancies,
      rowsPerSecond: perSecond(2 * pairs, finished - started),
    };
    progress(`SQLite: ${2 * pairs} rows loaded in ${formatNumber(result.loadMs / 1000, 2)} s, joined in ${formatNumber(result.joinMs / 1000, 2)} s: `
      + `${result.matched} matched, ${result.discrepancies} discrepancies (expected ${Math.ceil(pairs / 100)})`);
    report.figure('sql baseline', `SQLite load + join, rows/s (${pairs} pairs)`, result.rowsPerSecond, 'rows/s',
      `${result.matched} matched, ${result.discrepancies} discrepancies`);
    report.figure('sql baseline', 'SQLite join alone, rows/s', perSecond(2 * pairs, result.joinMs), 'rows/s');
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
