import { readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ApiInstance } from '../support/api-instance';

/**
 * Evidence that a fault met work in flight, from the API instances' own records rather than from the outcome: the
 * sides their outboxes held PENDING when the fault struck (straight from each instance's SQLite file), and the
 * batches their logs recorded as failed after it.
 */

/** Sides the instance's outbox holds as not yet committed, read from its database while it runs (WAL allows it). */
export function pendingSides(api: ApiInstance): number {
  const database = new Database(api.env.SQLITE_PATH, { readonly: true, fileMustExist: true });
  try {
    return (database.prepare("SELECT COUNT(*) AS n FROM outbox_items WHERE status = 'PENDING'").get() as { n: number }).n;
  } finally {
    database.close();
  }
}

/** A place in an instance's log, to read only what it recorded after. */
export interface LogMark {
  api: ApiInstance;
  offset: number;
}

export function markLog(api: ApiInstance): LogMark {
  return { api, offset: statSync(api.logFile).size };
}

/** What the outbox batches logged since the mark: how many failed and were retried, and their errors. */
export interface BatchFailures {
  /** Batches that failed and went back to PENDING for another attempt (outcomes RETRY and FAILED). */
  retried: number;
  /** The distinct errors those batches recorded, as the instance logged them. */
  errors: string[];
}

export function batchFailuresSince(marks: readonly LogMark[]): BatchFailures {
  let retried = 0;
  const errors = new Set<string>();
  for (const { api, offset } of marks) {
    const text = readFileSync(api.logFile).subarray(offset).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as { message?: string; outcome?: string; error?: string };
      if (event.message !== 'outbox batch' || (event.outcome !== 'RETRY' && event.outcome !== 'FAILED')) continue;
      retried += 1;
      if (event.error !== undefined) errors.add(event.error.split('\n')[0].slice(0, 160));
    }
  }
  return { retried, errors: [...errors] };
}
