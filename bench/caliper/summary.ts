import { CaliperRound } from './benchmark';

/** One row of the summary table of Caliper 0.6's HTML report, as Caliper computed it. */
export interface CaliperSummaryRow {
  label: string;
  succ: number;
  fail: number;
  sendRateTps: number;
  maxLatencyS: number;
  minLatencyS: number;
  avgLatencyS: number;
  /** Caliper's "Throughput": successful and failed transactions alike, over first send to last finish. */
  throughputTps: number;
}

/** A round's figures in bayrecon's terms: sides as well as transactions, and only successful ones counted. */
export interface CaliperRoundFigures extends CaliperSummaryRow {
  sidesPerTransaction?: number;
  successfulTps: number;
  sidesPerSecond?: number;
}

// Caliper 0.6's column titles (caliper-core/lib/manager/report/report.js), in its order.
const COLUMNS = ['Name', 'Succ', 'Fail', 'Send Rate (TPS)', 'Max Latency (s)', 'Min Latency (s)', 'Avg Latency (s)', 'Throughput (TPS)'];

const cells = (html: string, tag: 'th' | 'td'): string[] =>
  [...html.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1].trim());

/**
 * Reads the summary table out of Caliper's report.html: Caliper 0.6 writes its results nowhere else but the
 * log. Fails, naming what it found, if the table is not the one this parser knows.
 */
export function parseSummaryTable(html: string): CaliperSummaryRow[] {
  const section = /id="benchmarksummary"[\s\S]*?<\/table>/.exec(html)?.[0];
  if (section === undefined) throw new Error('no summary table (id="benchmarksummary") in the Caliper report');
  const header = cells(section, 'th');
  if (header.join('|') !== COLUMNS.join('|')) {
    throw new Error(`unexpected columns in the Caliper report's summary: ${header.join(', ')}`);
  }
  const rows = [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => cells(match[1], 'td')).filter((row) => row.length > 0);
  // A latency is '-' when no transaction of the round succeeded.
  const number = (cell: string): number => (cell === '-' ? NaN : Number(cell));
  return rows.map(([label, succ, fail, sendRate, maxLatency, minLatency, avgLatency, throughput]) => ({
    label,
    succ: number(succ),
    fail: number(fail),
    sendRateTps: number(sendRate),
    maxLatencyS: number(maxLatency),
    minLatencyS: number(minLatency),
    avgLatencyS: number(avgLatency),
    throughputTps: number(throughput),
  }));
}

/** Adds sides per second to Caliper's rows, from each round's batch size. */
export function roundFigures(rows: readonly CaliperSummaryRow[], rounds: readonly CaliperRound[]): CaliperRoundFigures[] {
  return rows.map((row) => {
    const round = rounds.find((candidate) => candidate.label === row.label);
    const finished = row.succ + row.fail;
    const successfulTps = finished === 0 ? 0 : row.throughputTps * (row.succ / finished);
    const batchSize = round?.workload.arguments.mode === 'submit' ? round.workload.arguments.batchSize : undefined;
    return {
      ...row,
      successfulTps,
      ...(batchSize === undefined ? {} : { sidesPerTransaction: batchSize, sidesPerSecond: successfulTps * batchSize }),
    };
  });
}
