import { strict as assert } from 'node:assert';
import { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { CommitOutcome, CommitWatcher } from './commit-watcher';

const { VALID, MVCC_READ_CONFLICT } = peer.TxValidationCode;

function filteredBlock(number: bigint, transactions: [string, number][]): peer.FilteredBlock {
  const block = new peer.FilteredBlock();
  block.setNumber(Number(number));
  block.setFilteredTransactionsList(transactions.map(([txId, code]) => {
    const transaction = new peer.FilteredTransaction();
    transaction.setTxid(txId);
    transaction.setTxValidationCode(code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
    return transaction;
  }));
  return block;
}

/** A peer whose committed blocks the test decides, and whose block stream it can break as a restart would. */
class ScriptedPeer {
  readonly opened: bigint[] = [];
  private heightNow: bigint;
  private readonly chain: peer.FilteredBlock[] = [];
  private wake: (() => void) | undefined;
  private broken = false;

  constructor(height: bigint) {
    this.heightNow = height;
  }

  readonly source = {
    height: async () => this.heightNow,
    filteredBlocks: async (startBlock: bigint): Promise<CloseableAsyncIterable<peer.FilteredBlock>> => {
      this.opened.push(startBlock);
      this.broken = false;
      let closed = false;
      const self = this;
      async function* stream(): AsyncGenerator<peer.FilteredBlock> {
        let next = startBlock;
        for (;;) {
          if (closed) return;
          if (self.broken) throw new Error('14 UNAVAILABLE: peer restarted');
          const block = self.chain.find((candidate) => BigInt(candidate.getNumber()) === next);
          if (block !== undefined) {
            next += 1n;
            yield block;
            continue;
          }
          await new Promise<void>((resolve) => {
            self.wake = resolve;
          });
        }
      }
      const iterable = stream();
      const close = () => {
        closed = true;
        this.nudge();
      };
      return { [Symbol.asyncIterator]: () => iterable, close, [Symbol.dispose]: close };
    },
  };

  commit(...transactions: [string, number][]): bigint {
    const number = this.heightNow;
    this.chain.push(filteredBlock(number, transactions));
    this.heightNow += 1n;
    this.nudge();
    return number;
  }

  breakStream(): void {
    this.broken = true;
    this.nudge();
  }

  private nudge(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2_000) throw new Error('condition not reached');
    await tick();
  }
}

describe('commit watcher', () => {
  let peerNode: ScriptedPeer;
  let watcher: CommitWatcher;

  beforeEach(async () => {
    peerNode = new ScriptedPeer(40n);
    watcher = new CommitWatcher(peerNode.source, 10);
    watcher.start();
    await until(() => watcher.streaming);
  });

  afterEach(() => watcher.stop());

  it('learns an awaited transaction\'s block and validation code from the stream, from the peer\'s height on', async () => {
    const awaited = watcher.expect('tx-a');
    const conflicted = watcher.expect('tx-b');
    const block = peerNode.commit(['other', VALID], ['tx-a', VALID], ['tx-b', MVCC_READ_CONFLICT]);
    assert.deepEqual(await awaited.settled(1_000), { learnt: { blockNumber: block, code: VALID } });
    assert.deepEqual(await conflicted.settled(1_000), { learnt: { blockNumber: block, code: MVCC_READ_CONFLICT } });
    assert.deepEqual(peerNode.opened, [40n]);
  });

  it('keeps a commit that streamed past before the caller began to wait', async () => {
    const awaited = watcher.expect('tx-early');
    const block = peerNode.commit(['tx-early', VALID]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await awaited.settled(1), { learnt: { blockNumber: block, code: VALID } });
  });

  it('answers "deadline" when the stream has not shown the transaction in time', async () => {
    const awaited = watcher.expect('tx-lost');
    peerNode.commit(['someone-else', VALID]);
    assert.deepEqual(await awaited.settled(30), { unknown: 'deadline' });
  });

  it('answers "stream down" to those waiting when the stream breaks, and at once while it is down', async () => {
    const awaited = watcher.expect('tx-c');
    const settled = awaited.settled(5_000);
    peerNode.breakStream();
    assert.deepEqual(await settled, { unknown: 'stream down' });
    assert.equal(watcher.streaming, false);
    assert.deepEqual(await watcher.expect('tx-d').settled(5_000), { unknown: 'stream down' });
  });

  it('reopens at the block after the last one read, so a commit made while it was down is still seen', async () => {
    const first = watcher.expect('x');
    peerNode.commit(['x', VALID]);
    await first.settled(1_000);
    peerNode.breakStream();
    peerNode.commit(['while-down', VALID]);
    await until(() => peerNode.opened.length === 2 && watcher.streaming);
    assert.deepEqual(peerNode.opened, [40n, 41n]);
    const awaited = watcher.expect('tx-e');
    const block = peerNode.commit(['tx-e', VALID]);
    assert.deepEqual(await awaited.settled(1_000), { learnt: { blockNumber: block, code: VALID } });
  });

  it('forgets a cancelled transaction', async () => {
    const cancelled = watcher.expect('tx-f');
    cancelled.cancel();
    const outcomes: CommitOutcome[] = [];
    void cancelled.settled(40).then((outcome) => outcomes.push(outcome));
    peerNode.commit(['tx-f', VALID]);
    await until(() => outcomes.length === 1);
    assert.deepEqual(outcomes, [{ unknown: 'deadline' }]);
  });

  it('answers "stream down" to those waiting when stopped', async () => {
    const settled = watcher.expect('tx-g').settled(5_000);
    watcher.stop();
    assert.deepEqual(await settled, { unknown: 'stream down' });
  });
});
