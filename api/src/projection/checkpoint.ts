/** The last chaincode event the projection applied; both null before the first. */
export interface Checkpoint {
  blockNumber: number | null;
  transactionId: string | null;
}

/** The block a stream resumes from: the checkpoint's own block, whose remaining events may not be applied yet. */
export function resumeBlock(checkpoint: Checkpoint): number {
  return checkpoint.blockNumber ?? 0;
}

/**
 * Decides, for a stream started at {@link resumeBlock}, which events are new: in the checkpoint's block those up
 * to and including the checkpoint's transaction were applied before and are skipped; everything after is new.
 * Events of a block arrive in the block's order, so "after the checkpoint's transaction" is well defined.
 */
export class ResumeFilter {
  private passed: boolean;

  constructor(private readonly checkpoint: Checkpoint) {
    this.passed = checkpoint.blockNumber === null;
  }

  /** True when the event must be applied; call once per event, in stream order. */
  isNew(blockNumber: number, transactionId: string): boolean {
    if (this.passed) return true;
    const at = this.checkpoint.blockNumber as number;
    if (blockNumber < at) return false;
    if (blockNumber > at) {
      this.passed = true;
      return true;
    }
    if (transactionId === this.checkpoint.transactionId) this.passed = true;
    return false;
  }
}

/** True when two checkpoints name the same event. */
export function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.blockNumber === b.blockNumber && a.transactionId === b.transactionId;
}
