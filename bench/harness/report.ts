import { formatNumber } from './table';

/** One measured figure: printed as it is measured, kept for the final table and the results file. */
export interface Figure {
  benchmark: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Collects the run's figures and everything measured beside them (raw runs, profiles, notes). */
export class Report {
  readonly figures: Figure[] = [];
  readonly details: Record<string, unknown> = {};
  readonly notes: string[] = [];

  figure(benchmark: string, name: string, value: number, unit: string, note?: string): void {
    this.figures.push({ benchmark, name, value, unit, ...(note === undefined ? {} : { note }) });
    console.log(`[${benchmark}] ${name}: ${formatNumber(value)} ${unit}${note === undefined ? '' : `  (${note})`}`);
  }

  /** Raw material of a benchmark for the results file (per-run counts, CPU samples). */
  detail(benchmark: string, value: unknown): void {
    const existing = this.details[benchmark];
    this.details[benchmark] = Array.isArray(existing) ? [...existing, value] : existing === undefined ? [value] : [existing, value];
  }

  note(text: string): void {
    this.notes.push(text);
    console.log(`[note] ${text}`);
  }

  /** The value of a figure already recorded, for ratios. */
  value(benchmark: string, name: string): number | undefined {
    return this.figures.find((figure) => figure.benchmark === benchmark && figure.name === name)?.value;
  }
}

/** Progress of long runs, on one line per step. */
export const progress = (text: string): void => {
  console.log(`  … ${text}`);
};
