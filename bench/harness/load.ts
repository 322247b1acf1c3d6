/**
 * Bounded load: at most `inFlight` tasks at once, optionally paced to a rate. A task is one unit of work that
 * resolves when it is finished (for a transaction: committed, not just sent). The source decides the total
 * count and time bound: it answers the next task, 'wait' when nothing is ready until a running task finishes
 * (e.g. a creditor side waiting for its debtor side's commit), or 'done'.
 */
export type Task = () => Promise<void>;

export interface LoadSource {
  next(): Task | 'wait' | 'done';
}

export interface LoadOptions {
  inFlight: number;
  /** Open-loop pacing: start at most this many tasks per second (undefined: as fast as the bound allows). */
  ratePerSecond?: number;
}

export function runLoad(source: LoadSource, options: LoadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let active = 0;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const started = Date.now();
    let launched = 0;

    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      reject(error);
    };
    const pump = (): void => {
      if (finished) return;
      while (active < options.inFlight) {
        if (options.ratePerSecond !== undefined) {
          const dueAt = started + (launched * 1000) / options.ratePerSecond;
          const wait = dueAt - Date.now();
          if (wait > 0) {
            if (timer === undefined) {
              timer = setTimeout(() => {
                timer = undefined;
                pump();
              }, wait);
            }
            return;
          }
        }
        const task = source.next();
        if (task === 'done' || task === 'wait') {
          if (active === 0) {
            finished = true;
            if (task === 'done') resolve();
            else reject(new Error('load source is waiting with no task in flight: it can never make progress'));
          }
          return;
        }
        active += 1;
        launched += 1;
        task().then(() => {
          active -= 1;
          pump();
        }, fail);
      }
    };
    pump();
  });
}
