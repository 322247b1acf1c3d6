import { CloseableAsyncIterable, Status } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { startReading } from './start-reading';

/** A transaction's commit as this org's peer recorded it: the block, and the validation code (0 is VALID). */
export interface Commit {
  blockNumber: bigint;
  code: Status['code'];
}

/** Why the block stream could not tell a transaction's commit: the caller then asks the peer for its status. */
export type UnknownCommit = 'stream down' | 'deadline';

export type CommitOutcome = { learnt: Commit } | { unknown: UnknownCommit };

/** Where the watcher reads blocks: this org's peer. */
export interface FilteredBlockSource {
  /** The channel's height on the peer: the number of the next block it will commit. */
  height(): Promise<bigint>;
  /** The peer's filtered blocks from a block on (inclusive), waiting for blocks not yet committed. */
  filteredBlocks(startBlock: bigint): Promise<CloseableAsyncIterable<peer.FilteredBlock>>;
}

/** One transaction awaited: registered before it is endorsed, so its block cannot stream past unseen. */
export interface AwaitedCommit {
  /** The commit, or why the stream cannot tell, once the block comes or `deadlineMs` after this call. */
  settled(deadlineMs: number): Promise<CommitOutcome>;
  /** Stops awaiting (the transaction failed before it was ordered). */
  cancel(): void;
}

const REOPEN_PAUSE_MS = 1_000;

/**
 * Learns the commits of this instance's transactions from one filtered block stream of its peer (each block's
 * transaction IDs and validation codes, nothing else), instead of one signed commit-status call per transaction,
 * which costs the peer a signature check and a wait each. The stream starts at the peer's height and, when it
 * breaks (the peer restarted), reopens at the block after the last one read, so no block is missed while it is
 * open. A transaction awaited while the stream is down is answered `stream down` at once, and one that the
 * stream has not shown by its deadline `deadline`: the caller then asks the peer, as it would without a stream.
 */
export class CommitWatcher {
  private readonly waiters = new Map<string, (outcome: CommitOutcome) => void>();
  private blocks: CloseableAsyncIterable<peer.FilteredBlock> | undefined;
  private nextBlock: bigint | undefined;
  private open = false;
  private stopped = false;

  constructor(private readonly source: FilteredBlockSource, private readonly reopenPauseMs = REOPEN_PAUSE_MS) {}

  /** Opens the stream and keeps it open until {@link stop}. */
  start(): void {
    void this.follow();
  }

  /** True while the stream is open: transactions awaited now are learnt from it. */
  get streaming(): boolean {
    return this.open;
  }

  expect(transactionId: string): AwaitedCommit {
    if (!this.open) {
      return { settled: async () => ({ unknown: 'stream down' }), cancel: () => undefined };
    }
    let early: CommitOutcome | undefined;
    let deliver = (outcome: CommitOutcome): void => {
      early = outcome;
    };
    this.waiters.set(transactionId, (outcome) => deliver(outcome));
    return {
      settled: (deadlineMs) => new Promise<CommitOutcome>((resolve) => {
        if (early !== undefined) return resolve(early);
        const timer = setTimeout(() => {
          this.waiters.delete(transactionId);
          resolve({ unknown: 'deadline' });
        }, deadlineMs);
        deliver = (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        };
      }),
      cancel: () => {
        this.waiters.delete(transactionId);
      },
    };
  }

  /** Closes the stream; transactions still awaited are answered `stream down`. */
  stop(): void {
    this.stopped = true;
    this.blocks?.close();
    this.closed();
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        const startBlock = this.nextBlock ?? (await this.source.height());
        this.blocks = await this.source.filteredBlocks(startBlock);
        if (this.stopped) break;
        this.nextBlock = startBlock;
        this.open = true;
        const blocks = startReading(this.blocks);
        for (let next = await blocks.next(); next.done !== true; next = await blocks.next()) {
          this.read(next.value);
        }
      } catch {
        // The peer went away or the stream was closed: reopened below, at the block after the last one read.
      }
      this.closed();
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, this.reopenPauseMs));
    }
    this.blocks?.close();
  }

  private read(block: peer.FilteredBlock): void {
    const blockNumber = BigInt(block.getNumber());
    for (const transaction of block.getFilteredTransactionsList()) {
      const deliver = this.waiters.get(transaction.getTxid());
      if (deliver === undefined) continue;
      this.waiters.delete(transaction.getTxid());
      // The gateway's status codes are the peer's TxValidationCode values.
      deliver({ learnt: { blockNumber, code: transaction.getTxValidationCode() as Status['code'] } });
    }
    this.nextBlock = blockNumber + 1n;
  }

  private closed(): void {
    this.open = false;
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    waiting.forEach((deliver) => deliver({ unknown: 'stream down' }));
  }
}
