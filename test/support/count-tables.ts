import { appendFileSync } from 'node:fs';

/**
 * Prints a suite's count table where the suite ends, and adds it to the file named by BAYRECON_TEST_TABLES,
 * which test/run.sh prints again just before its closing line, so the counts end the run's output.
 */
export function publishCountTable(title: string, table: string): void {
  console.log(`\n${table}\n`);
  const file = process.env.BAYRECON_TEST_TABLES;
  if (file) appendFileSync(file, `${title}\n\n${table}\n\n`);
}
