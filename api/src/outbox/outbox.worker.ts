import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Refusal, RefusalError, batchRefusal, issueIndex, refusalText } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { LedgerClient, SubmitResult } from '../fabric/ledger-client';
import { LedgerFailure, classifyLedgerFailure } from '../fabric/ledger-errors';
import { PairPayments } from '../fabric/pair-payments';
import { PairsOfLedger, uetrsOfOtherPairs } from '../fabric/payment-locator';
import { IntakeCounters } from '../intake/intake-counters';
import { JsonLogger } from '../logging/json-logger';
import { backoffMs as exponentialBackoffMs } from '../retry/backoff';
import { OutboxItemEntity } from './outbox.entities';
import { DueItem, OutboxStore, Rejection } from './outbox.store';

/** Longest wait between two attempts of a side: a bank's back office expects its sides on the ledger in seconds. */
export const MAX_BACKOFF_MS = 5_000;
const RETRY_BACKOFF = { firstMs: 100, maxMs: MAX_BACKOFF_MS };
/**
 * Longest pause before sending a batch again after a collision with the other bank's batch (read conflict,
 * endorsers a block apart): the winner has committed by the time the loser hears of it, so the retry can go at
 * once; the jitter, about one orderer batch timeout, only keeps both banks' next batches from meeting again.
 */
export const MAX_COLLISION_PAUSE_MS = 200;
/**
 * Attempts of an item after which a collision backs off like any other failure: a policy failure that is not a
 * collision (a misconfigured peer) keeps failing, and must not be sent again every 200 ms for ever.
 */
export const COLLISION_RETRIES = 10;
/** Even when nothing wakes it, the worker looks for due items this often (e.g. after a back-off). */
const IDLE_POLL_MS = 1_000;

/** How long shutdown waits for batches in flight before leaving them PENDING for the next start. */
const SHUTDOWN_GRACE_MS = 15_000;

/**
 * Delay before attempt `attempts + 1`: exponential from 100 ms, capped at {@link MAX_BACKOFF_MS}, with jitter
 * (between half and all of it) so that both banks' retries of a colliding UETR do not collide again.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  return exponentialBackoffMs(attempts, RETRY_BACKOFF, random);
}

/** Pause before resending a batch that lost a collision: short and not growing, unlike {@link backoffMs}. */
export function collisionPauseMs(random: () => number = Math.random): number {
  return Math.round(MAX_COLLISION_PAUSE_MS * random());
}

/** What the worker needs of the ledger: each bank pair's payments; {@link LedgerClient} in the application, a fake in unit tests. */
export type SideSubmitter = PairsOfLedger<Pick<PairPayments<SubmitResult>, 'submitSides' | 'findPayments'>>;

/** A batch to send, or how long the oldest group lingers and how many more sides would fill it, or nothing due. */
export type BatchChoice = { ids: number[]; counterpartyOrg: string } | { lingerUntil: number; missing: number } | undefined;

/**
 * Picks the next batch from due items in id order (oldest first): the group of the oldest item's bank pair, up
 * to `batchSize`. A group that is not full waits, so that sides arriving in quick succession share one
 * transaction: `lingerMs` after its oldest item became due, and one `lingerMs` more per batch already in flight.
 * An idle instance thus sends a lone side at once, while a busy one fills its transactions: more, smaller
 * transactions are what saturates the peers.
 */
export function chooseBatch(due: readonly DueItem[], batchSize: number, lingerMs: number, now: number, inFlight: number): BatchChoice {
  const oldest = due[0];
  if (oldest === undefined) return undefined;
  const group = due.filter((item) => item.counterpartyOrg === oldest.counterpartyOrg).slice(0, batchSize);
  const lingerUntil = Date.parse(oldest.nextAttemptAt) + lingerMs * (1 + inFlight);
  if (group.length < batchSize && now < lingerUntil) return { lingerUntil, missing: batchSize - group.length };
  return { ids: group.map((item) => item.id), counterpartyOrg: oldest.counterpartyOrg };
}

type BatchOutcome = 'COMMITTED' | 'PARTLY_REJECTED' | 'RETRY' | 'FAILED' | 'LEFT_PENDING';

/**
 * Sends accepted payment sides from the outbox to the ledger in submitSides batches, one bank pair
 * per batch, endorsed by exactly that pair (so the details in the transient map reach no third bank's peer).
 *
 * - Up to OUTBOX_CONCURRENCY batches in flight; an item is in at most one (claimed ids are kept in memory).
 * - Success: COMMITTED with the transaction id and block number.
 * - Refused with per-side issues (and the sides whose UETR another pair records, refused before sending): those
 *   sides REJECTED with the reason; the others stay PENDING and go in the next batch.
 * - Retryable failures (MVCC or phantom read conflict, peer unavailable, deadline): back-off, never given up.
 * - Other failures: back-off, REJECTED after OUTBOX_MAX_ATTEMPTS.
 *
 * Items in flight when the process dies stay PENDING and are sent again on the next start; the chaincode treats
 * an identical resubmission as a no-op, so each side lands on the ledger exactly once.
 *
 * This class schedules and decides; what it reads and records of the outbox table is {@link OutboxStore}'s.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly store: OutboxStore;
  private readonly counters: IntakeCounters;
  private readonly claimed = new Set<number>();
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private timer: NodeJS.Timeout | undefined;
  /** While the oldest due group lingers (its timer armed): how many more accepted sides could fill it. */
  private lingering: { missing: number } | undefined;
  /** Batches run, for the test-only switch that drops every Nth (OutboxSettings.testDropEveryNthBatch). */
  private batchesRun = 0;

  constructor(
    dataSource: DataSource,
    @Inject(LedgerClient) private readonly ledger: SideSubmitter,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'outbox'>,
    private readonly logger: JsonLogger,
    @Inject(MemberDirectoryService) private readonly directory: Pick<MemberDirectoryService, 'current'>,
  ) {
    this.store = new OutboxStore(dataSource);
    this.counters = new IntakeCounters(dataSource);
  }

  onApplicationBootstrap(): void {
    if ((this.config.outbox.testDropEveryNthBatch ?? 0) > 0) {
      this.logger.event('warn', 'outbox: BAYRECON_TEST_OUTBOX_DROP_EVERY is set: batches are marked COMMITTED without being sent', {
        every: this.config.outbox.testDropEveryNthBatch,
      });
    }
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts sending; PENDING items left by an earlier process (a crash mid-batch) are picked up at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Stops taking new batches and waits (bounded) for those in flight; unfinished items stay PENDING. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
  }

  /** Resolves once nothing is in flight and no PENDING item is due (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.allSettled([...this.inFlight]);
      const due = await this.store.pendingCount();
      if (due === 0 && this.inFlight.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Something was accepted (`accepted` sides), or a batch finished or sides became due: look for work now rather
   * than at the next poll. While the oldest due group lingers, newly accepted sides (never older than it) change
   * nothing until they could fill it, so such a wake is left to the linger's timer: under a stream of single
   * sides that is one due-items query per linger instead of one per request.
   */
  wake(accepted?: number): void {
    if (!this.running) return;
    if (accepted !== undefined && this.lingering !== undefined && !this.pumping) {
      this.lingering.missing -= accepted;
      if (this.lingering.missing > 0) return;
    }
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      if (this.pumpAgain) {
        this.pumpAgain = false;
        this.wake();
      }
    });
  }

  private schedule(at: number): void {
    if (!this.running) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, Math.max(0, at - Date.now()));
  }

  private async pump(): Promise<void> {
    const { batchSize, lingerMs, concurrency } = this.config.outbox;
    let nextLook = Date.now() + IDLE_POLL_MS;
    this.lingering = undefined;
    try {
      while (this.running && this.inFlight.size < concurrency) {
        const now = Date.now();
        const due = await this.store.dueItems(now, batchSize * concurrency, this.claimed);
        const choice = chooseBatch(due, batchSize, lingerMs, now, this.inFlight.size);
        if (choice === undefined) {
          nextLook = Math.min(nextLook, await this.store.nextDueAt(now));
          break;
        }
        if ('lingerUntil' in choice) {
          nextLook = Math.min(nextLook, choice.lingerUntil);
          this.lingering = { missing: choice.missing };
          break;
        }
        for (const id of choice.ids) this.claimed.add(id);
        const batch = this.runBatch(choice.ids, choice.counterpartyOrg).catch((error: unknown) => {
          // Only the bookkeeping can fail here (ledger failures are handled inside): the sides stay PENDING
          // and go again, which the chaincode makes harmless if the batch had in fact committed.
          this.logger.event('error', 'outbox: recording a batch outcome failed; its sides stay PENDING', {
            counterpartyOrg: choice.counterpartyOrg, size: choice.ids.length, error: error instanceof Error ? error.message : String(error),
          });
        }).finally(() => {
          for (const id of choice.ids) this.claimed.delete(id);
          this.inFlight.delete(batch);
          this.wake();
        });
        this.inFlight.add(batch);
      }
    } catch (error) {
      this.logger.event('error', 'outbox: selecting a batch failed', { error: error instanceof Error ? error.message : String(error) });
    }
    this.schedule(nextLook);
  }

  private async runBatch(ids: number[], counterpartyOrg: string): Promise<void> {
    const started = Date.now();
    const items = await this.store.pendingOf(ids);
    if (items.length === 0) return;
    // Stored payloads are canonical JSON, so joining them is the canonical JSON of the array.
    const sides = `[${items.map((item) => item.payload).join(',')}]`;
    let outcome: BatchOutcome;
    let transactionId: string | undefined;
    let detail: string | undefined;
    let commitLearntFrom: SubmitResult['commitLearntFrom'] | undefined;
    try {
      const reused = await uetrsOfOtherPairs(this.ledger, this.directory.current(), items);
      // The API's own check, answered as the chaincode would: the sides at fault, each with its reason.
      if (reused.length > 0) throw batchRefusal('CONFLICT', 'sides', items.length, reused);
      const drop = this.config.outbox.testDropEveryNthBatch ?? 0;
      this.batchesRun += 1;
      if (drop > 0 && this.batchesRun % drop === 0) {
        await this.store.markCommitted(items.map((item) => item.id), 'not-sent-BAYRECON_TEST_OUTBOX_DROP_EVERY', 0n);
        this.logger.event('warn', 'outbox batch', { size: items.length, counterpartyOrg, outcome: 'DROPPED_BY_TEST_SWITCH' });
        return;
      }
      // Read after the batch's sides were accepted: the count announced covers them, and every side accepted before.
      const intake = await this.counters.announcement(counterpartyOrg);
      const { commit } = await this.ledger.payments(this.ledger.mspId, counterpartyOrg).submitSides(sides, undefined, intake);
      transactionId = commit.transactionId;
      commitLearntFrom = commit.commitLearntFrom;
      await this.store.markCommitted(items.map((item) => item.id), commit.transactionId, commit.blockNumber);
      outcome = 'COMMITTED';
    } catch (error) {
      const failure: LedgerFailure = error instanceof RefusalError
        ? { kind: 'refused', message: refusalText(error.refusal), refusal: error.refusal }
        : classifyLedgerFailure(error);
      transactionId = failure.transactionId;
      detail = failure.message;
      if (!this.running) {
        // Shutting down (the gateway may already be closed): leave the batch as it was, to be sent on the next start.
        outcome = 'LEFT_PENDING';
      } else if (failure.refusal !== undefined && (await this.rejectRefusedSides(items, failure.refusal, transactionId))) {
        outcome = 'PARTLY_REJECTED';
      } else if (failure.kind === 'retryable') {
        await this.retryLater(items, failure, false);
        outcome = 'RETRY';
      } else {
        await this.retryLater(items, failure, true);
        outcome = 'FAILED';
      }
    }
    this.logger.event(outcome === 'COMMITTED' ? 'info' : 'warn', 'outbox batch', {
      size: items.length, counterpartyOrg, transactionId, outcome, ms: Date.now() - started,
      ...(commitLearntFrom ? { commitLearntFrom } : {}), ...(detail ? { error: detail } : {}),
    });
  }

  /**
   * Rejects the sides a batch refusal's issues name (`sides[i]...`); the rest were not at fault and go in the
   * next batch at once. Returns false when the refusal names no side, so the caller treats it as a failure.
   */
  private async rejectRefusedSides(items: OutboxItemEntity[], refusal: Refusal, transactionId: string | undefined): Promise<boolean> {
    const reasons = new Map<number, string[]>();
    for (const issue of refusal.issues) {
      const index = issueIndex(issue);
      if (index === undefined || index >= items.length) continue;
      reasons.set(index, [...(reasons.get(index) ?? []), `${issue.path.replace(/^sides\[\d+\]\.?/, '') || 'side'}: ${issue.reason}`]);
    }
    if (reasons.size === 0) return false;
    const rejections: Rejection[] = [...reasons].map(([index, lines]) => ({ id: items[index].id, reason: lines.join('; ') }));
    await this.store.reject(rejections, transactionId);
    return true;
  }

  /**
   * Schedules every item of the batch again: after a collision pause when endorsing again can succeed at once
   * (for an item's first COLLISION_RETRIES attempts), else after back-off. A non-retryable failure counts toward
   * OUTBOX_MAX_ATTEMPTS.
   */
  private async retryLater(items: OutboxItemEntity[], failure: LedgerFailure, bounded: boolean): Promise<void> {
    const { maxAttempts } = this.config.outbox;
    const { message } = failure;
    const now = Date.now();
    // One pause for the whole batch, so that it goes again as one batch.
    const collisionPause = failure.endorseAgain === true ? collisionPauseMs() : undefined;
    const pauseOf = (attempts: number): number => (collisionPause !== undefined && attempts <= COLLISION_RETRIES ? collisionPause : backoffMs(attempts));
    await this.store.reschedule(items.map((item) => {
      const attempts = item.attempts + 1;
      const givenUp = bounded && attempts >= maxAttempts;
      return {
        id: item.id, attempts, givenUp,
        lastError: givenUp ? `given up after ${attempts} attempts: ${message}` : message,
        nextAttemptAt: new Date(now + pauseOf(attempts)).toISOString(),
      };
    }));
  }
}
