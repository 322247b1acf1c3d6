import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '..', 'results');

/**
 * Writes one run's results to bench/results/<prefix><ISO timestamp>.json (colons replaced, so the name is valid
 * on every file system), through a temporary file so an interrupted run leaves no half-written result.
 */
export function writeResults(startedAt: Date, results: unknown, prefix = ''): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const name = prefix + startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
  return file;
}
