import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { Committed, Committer } from '../../api/src/fabric/typed-contract';
import { CommitTracker, VALID, validationCodeName } from './commits';

/**
 * How a client learns that its transaction committed: from the peer's block stream it already listens to
 * ('events'), or with the gateway's signed commit-status call per transaction ('status').
 */
export type CommitWait = 'events' | 'status';

/** One attempt's commit as the benchmark sees it: where the time went, and the chaincode event when asked for. */
export interface TimedCommit extends Committed {
  phasesMs: SubmitPhases;
  event?: Uint8Array;
}

export interface Submission {
  /** What is submitted, for messages. */
  label: string;
  /**
   * Submits one attempt with the committer given (through a typed contract, or a proposal of the trivial
   * chaincode); called again for each attempt, so each has fresh transient data and a fresh tx id.
   */
  send: (commit: Committer<TimedCommit>) => Promise<unknown>;
  /** The submitting client's own peer. */
  tracker: CommitTracker;
  /** Other peers that must have committed it too before the caller goes on (e.g. the counterparty's). */
  alsoCommittedOn?: readonly CommitTracker[];
  wait: CommitWait;
  /** Read the chaincode event out of the endorsed transaction (see {@link eventOfPreparedTransaction}). */
  withEvent?: boolean;
}

export interface SubmitOutcome {
  txId: string;
  result: Uint8Array;
  /** The transaction's chaincode event payload, when asked for. */
  event?: Uint8Array;
  /** From the first proposal to the commit on the client's own peer, retries included. */
  latencyMs: number;
  /** Where the last attempt spent that time (see {@link SubmitPhases}). */
  phasesMs: SubmitPhases;
  attempts: number;
}

/**
 * The three waits of one attempt: endorsement (both endorsers' simulation through the gateway), handing the
 * transaction to the orderer, and from then to the commit on the client's own peer (the orderer's batch timeout,
 * block delivery, validation and commit).
 */
export interface SubmitPhases {
  endorse: number;
  submit: number;
  commit: number;
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
    let committed: TimedCommit | undefined;
    let committedAt = 0;
    const commit: Committer<TimedCommit> = async (proposal) => {
      const txId = proposal.getTransactionId();
      const attemptStarted = performance.now();
      const transaction = await proposal.endorse();
      const endorsed = performance.now();
      const submitted = await transaction.submit();
      const handedOver = performance.now();
      const status = submission.wait === 'status' ? await submitted.getStatus() : undefined;
      const code = status?.code ?? await submission.tracker.wait(txId);
      if (code !== VALID) throw new Error(`committed invalid: ${validationCodeName(code)}`);
      const done = performance.now();
      committedAt = done;
      await Promise.all((submission.alsoCommittedOn ?? []).map((tracker) => tracker.wait(txId)));
      committed = {
        transactionId: txId, blockNumber: status?.blockNumber ?? BigInt(submission.tracker.commitOf(txId)?.blockNumber ?? -1), result: submitted.getResult(),
        phasesMs: { endorse: endorsed - attemptStarted, submit: handedOver - endorsed, commit: done - handedOver },
        ...(submission.withEvent === true ? { event: eventOfPreparedTransaction(transaction.getBytes()) } : {}),
      };
      return committed;
    };
    try {
      await submission.send(commit);
      if (committed === undefined) throw new Error(`${submission.label}: sent without committing`);
      const latencyMs = committedAt - started;
      return { txId: committed.transactionId, result: committed.result, event: committed.event, latencyMs, phasesMs: committed.phasesMs, attempts: attempt };
    } catch (error) {
      const reason = reasonOf(error);
      if (attempt >= MAX_ATTEMPTS) {
        throw new Error(`${submission.label}: gave up after ${attempt} attempts: ${reason}`);
      }
      retries.add(reason);
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * The chaincode event payload inside an endorsed transaction (the gateway's PreparedTransaction → Envelope →
 * Payload → Transaction → ChaincodeActionPayload → ProposalResponsePayload → ChaincodeAction): what the
 * endorsers' simulation emitted, without opening an event stream.
 */
export function eventOfPreparedTransaction(prepared: Uint8Array): Uint8Array {
  const envelope = gateway.PreparedTransaction.deserializeBinary(prepared).getEnvelope();
  if (envelope === undefined) throw new Error('prepared transaction without an envelope');
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const [action] = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
  const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
  if (endorsed === undefined) throw new Error('endorsed transaction without an action');
  const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
  return peer.ChaincodeEvent.deserializeBinary(chaincodeAction.getEvents_asU8()).getPayload_asU8();
}
