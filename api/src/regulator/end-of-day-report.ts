import { PAYMENT_STATUSES } from '@bayrecon/common';

/** One UETR of the end-of-day report: its status and the block and transaction that prove it. */
export interface EndOfDayLine {
  settlementDate: string;
  corridor: string;
  uetr: string;
  messageType: string;
  debtorAgentOrg: string;
  creditorAgentOrg: string;
  status: string;
  differingFields: string[];
  sidesPresent: string[];
  /** Ledger time of the transaction that last changed the payment. */
  statusAt: string;
  blockNumber: number;
  transactionId: string;
  /** The rule set version its decision was taken under; null when none was applied. */
  ruleSetVersion: number | null;
  /** Its decision's `field:CODE` per differing field (see MatchDecision). */
  reasons: string[];
}

/** One corridor's payments of the date by status, and its matches within tolerance by the rule set version applied. */
export interface CorridorTotals {
  corridor: string;
  payments: number;
  byStatus: Record<string, number>;
  matchedWithinTolerance: { total: number; byRuleSetVersion: Record<string, number> };
}

export interface EndOfDayReport {
  settlementDate: string;
  /** The corridor asked for, or null for every corridor. */
  corridor: string | null;
  totals: { payments: number; byStatus: Record<string, number> };
  /** Per corridor, in the order of the payments. */
  corridors: CorridorTotals[];
  payments: EndOfDayLine[];
}

/**
 * The report over lines in any order: sorted by corridor then UETR (byte order, not locale order) and without
 * anything that depends on when or where it was produced, so the same ledger state gives the same bytes, on a
 * rebuilt projection too.
 */
export function endOfDayReport(settlementDate: string, corridor: string | null, lines: readonly EndOfDayLine[]): EndOfDayReport {
  const sorted = [...lines].sort((a, b) => compare(a.corridor, b.corridor) || compare(a.uetr, b.uetr));
  const zeros = (): Record<string, number> => Object.fromEntries(PAYMENT_STATUSES.map((status) => [status, 0])) as Record<string, number>;
  const byStatus = zeros();
  const corridors = new Map<string, CorridorTotals>();
  for (const line of sorted) {
    byStatus[line.status] = (byStatus[line.status] ?? 0) + 1;
    const totals = corridors.get(line.corridor) ?? {
      corridor: line.corridor, payments: 0, byStatus: zeros(), matchedWithinTolerance: { total: 0, byRuleSetVersion: {} },
    };
    totals.payments += 1;
    totals.byStatus[line.status] = (totals.byStatus[line.status] ?? 0) + 1;
    if (line.status === 'MATCHED_WITHIN_TOLERANCE') {
      const version = String(line.ruleSetVersion);
      totals.matchedWithinTolerance.total += 1;
      totals.matchedWithinTolerance.byRuleSetVersion[version] = (totals.matchedWithinTolerance.byRuleSetVersion[version] ?? 0) + 1;
    }
    corridors.set(line.corridor, totals);
  }
  return { settlementDate, corridor, totals: { payments: sorted.length, byStatus }, corridors: [...corridors.values()], payments: sorted };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const END_OF_DAY_CSV_COLUMNS = [
  'settlement_date', 'corridor', 'uetr', 'message_type', 'debtor_agent_org', 'creditor_agent_org', 'status',
  'differing_fields', 'sides_present', 'status_at', 'block_number', 'transaction_id',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. A field a spreadsheet
 * would run as a formula (leading = + - @ or tab) is prefixed with an apostrophe, though no column here can hold one.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV (RFC 4180: CRLF line ends, header row); list columns are `;`-separated. */
export function endOfDayCsv(report: EndOfDayReport): string {
  const rows = report.payments.map((line) => [
    line.settlementDate, line.corridor, line.uetr, line.messageType, line.debtorAgentOrg, line.creditorAgentOrg, line.status,
    line.differingFields.join(';'), line.sidesPresent.join(';'), line.statusAt, String(line.blockNumber), line.transactionId,
  ]);
  return [[...END_OF_DAY_CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
