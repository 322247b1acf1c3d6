import { performance } from 'node:perf_hooks';

/** A late tick: how late, and how much CPU this process used meanwhile (all its threads, GC included). */
export interface EventLoopBlock {
  blockedMs: number;
  cpuMs: number;
}

/**
 * Notices when this process's event loop was blocked: a timer that should fire every `intervalMs` fires
 * `blockedMs` late. While the loop is blocked the instance answers no request, sends no batch and reads no
 * block, so every payment in flight waits; a log line at that moment tells an operator (and the benchmark) that
 * the delay was in this process and not on the ledger. The CPU the process used meanwhile tells why: about as
 * much as the block, its own work held the loop (a long statement, a parse, a collection); far less, the
 * machine did not run it (other processes had the cores).
 */
export class EventLoopWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;

  constructor(private readonly thresholdMs: number, private readonly onBlocked: (block: EventLoopBlock) => void) {
    // Ticks well inside the threshold, so a block of the threshold's length is never split across two ticks
    // unnoticed; never finer than 10 ms, which costs nothing measurable.
    this.intervalMs = Math.max(10, Math.min(100, Math.floor(thresholdMs / 2)));
  }

  start(): void {
    if (this.timer !== undefined) return;
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    this.timer = setInterval(() => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      const blockedMs = now - last - this.intervalMs;
      last = now;
      lastCpu = process.cpuUsage();
      if (blockedMs >= this.thresholdMs) this.onBlocked({ blockedMs: Math.round(blockedMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
    }, this.intervalMs);
    // The watchdog alone must not keep a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
