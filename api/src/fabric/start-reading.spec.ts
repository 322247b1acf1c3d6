import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { startReading } from './start-reading';

/** A stream as the gateway wraps its gRPC calls: an async generator that reads the call only once it is read. */
function gatewayLike(call: Readable): AsyncIterable<unknown> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const message of call) yield message;
    },
  };
}

describe('startReading', () => {
  it('keeps a call that fails before anyone reads it from ending the process; the reader gets the failure', async () => {
    const call = new Readable({ objectMode: true, read() {} });
    const stream = startReading(gatewayLike(call));
    await new Promise((resolve) => setImmediate(resolve));
    // Unread, an 'error' without a listener would be thrown as an uncaught exception and fail this test.
    call.destroy(new Error('Cancelled on client'));
    await new Promise((resolve) => setImmediate(resolve));
    await assert.rejects(stream.next(), /Cancelled on client/);
  });

  it('gives the items in order, the first one included', async () => {
    const call = new Readable({ objectMode: true, read() {} });
    const stream = startReading(gatewayLike(call));
    call.push('a');
    call.push('b');
    call.push(null);
    assert.deepEqual([await stream.next(), await stream.next(), await stream.next()].map((item) => item.done ? 'end' : item.value), ['a', 'b', 'end']);
  });
});
