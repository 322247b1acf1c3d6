import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Copies SQLite databases that may be in use (an API's outbox and projection, a Fabric CA's registry) into new
 * files, each a consistent image of one moment: `VACUUM INTO` reads inside one read transaction, so a writer in
 * the middle of a transaction, or pages still in the write-ahead log, never reach the copy half-done. Copying the
 * file itself could catch a page torn by a concurrent write or miss what only the WAL holds.
 *   node -r ts-node/register/transpile-only network/client/sqlite-copy.ts SOURCE DEST [SOURCE DEST ...]
 * Prints one JSON line per copy: {source, dest, bytes}.
 */
const BUSY_TIMEOUT_MS = 30_000;

function copyDatabase(source: string, dest: string): void {
  if (!existsSync(source)) throw new Error(`${source}: no such database`);
  if (existsSync(dest)) throw new Error(`${dest}: already exists; a copy never overwrites`);
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.prepare('VACUUM INTO ?').run(dest);
  } finally {
    db.close();
  }
  const copy = new Database(dest, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${dest}: the copy fails SQLite's quick_check: ${String(check)}`);
    const bytes = Number(copy.pragma('page_count', { simple: true })) * Number(copy.pragma('page_size', { simple: true }));
    console.log(JSON.stringify({ source, dest, bytes }));
  } finally {
    copy.close();
  }
}

function main(args: string[]): void {
  if (args.length === 0 || args.length % 2 !== 0) {
    throw new Error('usage: sqlite-copy.ts SOURCE DEST [SOURCE DEST ...]');
  }
  for (let index = 0; index < args.length; index += 2) copyDatabase(args[index], args[index + 1]);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`[sqlite-copy] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
