import { performance } from 'node:perf_hooks';

/**
 * Notices when this process's event loop was blocked: a timer that should fire every `intervalMs` fires
 * `blockedMs` late. While the loop is blocked the instance answers no request, sends no batch and reads no
 * block, so every payment in flight waits; a log line at that moment tells an operator (and the benchmark) that
 * the delay was in this process and not on the ledger.
 */
export class EventLoopWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;

  constructor(private readonly thresholdMs: number, private readonly onBlocked: (blockedMs: number) => void) {
    // Ticks well inside the threshold, so a block of the threshold's length is never split across two ticks
    // unnoticed; never finer than 10 ms, which costs nothing measurable.
    this.intervalMs = Math.max(10, Math.min(100, Math.floor(thresholdMs / 2)));
  }

  start(): void {
    if (this.timer !== undefined) return;
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const blockedMs = now - last - this.intervalMs;
      last = now;
      if (blockedMs >= this.thresholdMs) this.onBlocked(Math.round(blockedMs));
    }, this.intervalMs);
    // The watchdog alone must not keep a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
