import { DISCREPANCY_CODES } from '@bayrecon/common';

/** Ageing buckets of breaks, youngest first; each holds ages from its lower bound up to (not including) the next. */
export const AGEING_BUCKETS = [
  { label: '<1h', fromHours: 0 },
  { label: '1-4h', fromHours: 1 },
  { label: '4-24h', fromHours: 4 },
  { label: '>24h', fromHours: 24 },
] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]['label'];

/** The bucket of a break that began at `breakSince` (ISO), seen at `now`; a clock skew into the future counts as <1h. */
export function ageingBucket(breakSince: string, now: Date): AgeingBucket {
  const hours = (now.getTime() - Date.parse(breakSince)) / 3_600_000;
  let bucket: AgeingBucket = AGEING_BUCKETS[0].label;
  for (const candidate of AGEING_BUCKETS) {
    if (hours >= candidate.fromHours) bucket = candidate.label;
  }
  return bucket;
}

export interface CorridorAgeing {
  corridor: string;
  total: number;
  buckets: Record<AgeingBucket, number>;
  /** Ledger time of the oldest break's start; null without breaks. */
  oldestBreakSince: string | null;
}

/** Counts breaks per corridor and bucket; every corridor given is listed, in that order, zeros included. */
export function ageBreaks(corridors: readonly string[], breaks: readonly { corridor: string; breakSince: string }[], now: Date): CorridorAgeing[] {
  const rows = new Map(corridors.map((corridor): [string, CorridorAgeing] => [corridor, {
    corridor, total: 0, buckets: Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket.label, 0])) as Record<AgeingBucket, number>,
    oldestBreakSince: null,
  }]));
  for (const item of breaks) {
    const row = rows.get(item.corridor);
    if (row === undefined) continue;
    row.total += 1;
    row.buckets[ageingBucket(item.breakSince, now)] += 1;
    if (row.oldestBreakSince === null || item.breakSince < row.oldestBreakSince) row.oldestBreakSince = item.breakSince;
  }
  return [...rows.values()];
}

/** Why a payment is a break: a discrepancy code of its decision, or its status when it has none. */
export type BreakReason = string;

/** One corridor's open breaks of one reason, by age. */
export interface ReasonAgeing {
  corridor: string;
  reason: BreakReason;
  total: number;
  buckets: Record<AgeingBucket, number>;
  oldestBreakSince: string | null;
}

/**
 * The reasons a break is one: the discrepancy codes of its decision (`field:CODE` entries whose code is a
 * discrepancy's; within-tolerance codes are not why it is a break), each once; for a break without them, its status
 * (PENDING_COUNTERPARTY, UNMATCHED, or a DISCREPANCY recorded without codes).
 */
export function breakReasons(status: string, reasons: readonly string[]): BreakReason[] {
  const codes = [...new Set(reasons.map((reason) => reason.split(':')[1]).filter((code) => (DISCREPANCY_CODES as readonly string[]).includes(code)))];
  return codes.length > 0 ? codes : [status];
}

/**
 * Counts open breaks per corridor, reason and bucket: a break of several reasons counts under each. Rows only for
 * the reasons present, corridors in the order given, then statuses before codes, codes in DISCREPANCY_CODES order.
 */
export function ageBreaksByReason(
  corridors: readonly string[], breaks: readonly { corridor: string; breakSince: string; reasons: readonly BreakReason[] }[], now: Date,
): ReasonAgeing[] {
  const rows = new Map<string, ReasonAgeing>();
  for (const item of breaks) {
    if (!corridors.includes(item.corridor)) continue;
    for (const reason of item.reasons) {
      const key = `${item.corridor}|${reason}`;
      const row = rows.get(key) ?? {
        corridor: item.corridor, reason, total: 0, oldestBreakSince: null,
        buckets: Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket.label, 0])) as Record<AgeingBucket, number>,
      };
      row.total += 1;
      row.buckets[ageingBucket(item.breakSince, now)] += 1;
      if (row.oldestBreakSince === null || item.breakSince < row.oldestBreakSince) row.oldestBreakSince = item.breakSince;
      rows.set(key, row);
    }
  }
  const rank = (reason: BreakReason): number => {
    const code = (DISCREPANCY_CODES as readonly string[]).indexOf(reason);
    return code < 0 ? -1 : code;
  };
  return [...rows.values()].sort((a, b) => corridors.indexOf(a.corridor) - corridors.indexOf(b.corridor)
    || rank(a.reason) - rank(b.reason) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}
