import { strict as assert } from 'node:assert';
import { EventLoopWatchdog } from './event-loop-watchdog';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const blockFor = (ms: number): void => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a synchronous stretch of work, as a long SQLite statement or a JSON parse of a huge body would be
  }
};

describe('EventLoopWatchdog', () => {
  let watchdog: EventLoopWatchdog | undefined;
  afterEach(() => watchdog?.stop());

  it('reports a blocked event loop with about how long it was blocked', async () => {
    const blocked: number[] = [];
    watchdog = new EventLoopWatchdog(150, (ms) => blocked.push(ms));
    watchdog.start();
    await sleep(120);
    blockFor(400);
    await sleep(120);
    assert.equal(blocked.length, 1, `one block expected, got ${JSON.stringify(blocked)}`);
    assert.ok(blocked[0] >= 250 && blocked[0] <= 450, `blocked for about 400 ms, reported ${blocked[0]}`);
  });

  it('stays silent while the loop keeps up, and after stop()', async () => {
    const blocked: number[] = [];
    watchdog = new EventLoopWatchdog(150, (ms) => blocked.push(ms));
    watchdog.start();
    await sleep(300);
    blockFor(50);
    await sleep(100);
    watchdog.stop();
    blockFor(300);
    await sleep(100);
    assert.deepEqual(blocked, []);
  });
});
