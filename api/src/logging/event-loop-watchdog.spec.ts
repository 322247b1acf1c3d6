import { strict as assert } from 'node:assert';
import { EventLoopBlock, EventLoopWatchdog } from './event-loop-watchdog';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const blockFor = (ms: number): void => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a synchronous stretch of work, as a long SQLite statement or a JSON parse of a huge body would be
  }
};
/**
 * A synchronous stretch of work that uses `ms` of this process's CPU, however long the machine's other processes
 * keep it from running: on a loaded machine a loop timed by the wall clock gets only part of its CPU.
 */
const burnCpu = (ms: number): void => {
  const started = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(started);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
};

describe('EventLoopWatchdog', () => {
  let watchdog: EventLoopWatchdog | undefined;
  afterEach(() => watchdog?.stop());
  /** Starts a watchdog with a 150 ms threshold; the blocks it reports land in `blocked`. */
  const watch = (): { running: EventLoopWatchdog; blocked: EventLoopBlock[] } => {
    const blocked: EventLoopBlock[] = [];
    const running = new EventLoopWatchdog(150, (block) => blocked.push(block));
    running.start();
    watchdog = running;
    return { running, blocked };
  };

  it('reports a blocked event loop with about how long it was blocked, and the CPU its own work took', async () => {
    const { blocked } = watch();
    await sleep(120);
    const started = Date.now();
    burnCpu(400);
    const wallMs = Date.now() - started;
    await sleep(120);
    assert.equal(blocked.length, 1, `one block expected, got ${JSON.stringify(blocked)}`);
    const [{ blockedMs, cpuMs }] = blocked;
    assert.ok(blockedMs >= 250 && blockedMs <= wallMs + 150, `blocked for about the ${wallMs} ms the loop ran, reported ${blockedMs}`);
    assert.ok(cpuMs >= 250, `a busy loop uses the CPU it blocks for, reported ${cpuMs} ms`);
  });

  it('tells a loop that was not running (no CPU used) from one busy with its own work', async () => {
    const { blocked } = watch();
    await sleep(120);
    // The thread sleeps without using the CPU, as it does when the machine runs other processes instead.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
    await sleep(120);
    assert.equal(blocked.length, 1, `one block expected, got ${JSON.stringify(blocked)}`);
    assert.ok(blocked[0].blockedMs >= 250, `blocked for about 400 ms, reported ${blocked[0].blockedMs}`);
    assert.ok(blocked[0].cpuMs < 100, `a sleeping thread uses little CPU, reported ${blocked[0].cpuMs} ms`);
  });

  it('stays silent while the loop keeps up, and after stop()', async () => {
    const { running, blocked } = watch();
    await sleep(300);
    blockFor(50);
    await sleep(100);
    running.stop();
    blockFor(300);
    await sleep(100);
    assert.deepEqual(blocked, []);
  });
});
