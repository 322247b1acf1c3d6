import { strict as assert } from 'node:assert';
import { backoffMs } from './backoff';

describe('backoffMs', () => {
  const backoff = { firstMs: 100, maxMs: 5_000 };

  it('doubles from the first pause with each failure in a row, never beyond the longest', () => {
    assert.deepEqual([1, 2, 3, 4].map((failures) => backoffMs(failures, backoff)), [100, 200, 400, 800]);
    assert.equal(backoffMs(7, backoff), 5_000);
    assert.equal(backoffMs(10_000, backoff), 5_000);
    assert.equal(backoffMs(0, backoff), 100);
  });

  it('draws a jittered pause between half and all of it', () => {
    assert.equal(backoffMs(3, backoff, () => 0), 200);
    assert.equal(backoffMs(3, backoff, () => 1), 400);
    assert.equal(backoffMs(3, backoff, () => 0.5), 300);
  });
});
