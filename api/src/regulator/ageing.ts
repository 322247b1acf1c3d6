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
