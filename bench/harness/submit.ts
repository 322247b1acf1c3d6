import { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import { CommitTracker, VALID, validationCodeName } from './commits';

/**
 * How a client learns that its transaction committed: from the peer's block stream it already listens to
 * ('events'), or with the gateway's signed commit-status call per transaction ('status').
 */
export type CommitWait = 'events' | 'status';

export interface Submission {
  contract: Contract;
  transaction: string;
  /** Builds the proposal's options; called again for each attempt (fresh transient data, fresh tx id). */
  options: () => ProposalOptions;
  /** The submitting client's own peer. */
  tracker: CommitTracker;
  /** Other peers that must have committed it too before the caller goes on (e.g. the counterparty's). */
  alsoCommittedOn?: readonly CommitTracker[];
  wait: CommitWait;
}

export interface SubmitOutcome {
  txId: string;
  result: Uint8Array;
  /** From the first proposal to the commit on the client's own peer, retries included. */
  latencyMs: number;
  attempts: number;
}

/** Why attempts failed, by reason; a run reports them so that retries never hide in a throughput figure. */
export class RetryLog {
  readonly reasons = new Map<string, number>();
  count = 0;

  add(reason: string): void {
    this.count += 1;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.reasons);
  }
}

const MAX_ATTEMPTS = 6;

/** A short, stable label of a failure for counting: the gRPC status or the validation code, not the tx id. */
function reasonOf(error: unknown): string {
  const failure = error as { code?: number; message?: string; details?: { message: string }[] };
  const detail = failure.details?.[0]?.message ?? '';
  const text = `${failure.message ?? String(error)} ${detail}`;
  if (/do not match|not match/i.test(text)) return 'endorsements differ (a peer had not committed yet)';
  return text.replace(/[0-9a-f]{64}/g, '<txid>').replace(/\s+/g, ' ').slice(0, 120);
}

/**
 * Endorses, submits and waits for a valid commit, retrying the whole transaction when it fails on the way
 * (endorsement mismatch while one peer lags, MVCC conflicts, deadlines): what a real client does too.
 */
export async function submitUntilCommitted(submission: Submission, retries: RetryLog): Promise<SubmitOutcome> {
  const started = performance.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const proposal = submission.contract.newProposal(submission.transaction, submission.options());
      const txId = proposal.getTransactionId();
      const transaction = await proposal.endorse();
      const submitted = await transaction.submit();
      let code: number;
      if (submission.wait === 'status') {
        code = (await submitted.getStatus()).code;
      } else {
        code = await submission.tracker.wait(txId);
      }
      if (code !== VALID) throw new Error(`committed invalid: ${validationCodeName(code)}`);
      const latencyMs = performance.now() - started;
      await Promise.all((submission.alsoCommittedOn ?? []).map((tracker) => tracker.wait(txId)));
      return { txId, result: submitted.getResult(), latencyMs, attempts: attempt };
    } catch (error) {
      const reason = reasonOf(error);
      if (attempt >= MAX_ATTEMPTS) {
        throw new Error(`${submission.transaction}: gave up after ${attempt} attempts: ${reason}`);
      }
      retries.add(reason);
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
