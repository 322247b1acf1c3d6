import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { PaymentStatusChange, StatusFeed } from '../events/status-change';
import { LedgerClient } from '../fabric/ledger-client';
import { JsonLogger } from '../logging/json-logger';
import { OutboxItemEntity, sideKeyOf } from './outbox.entities';
import { OutboxWorker } from './outbox.worker';

/** A change that shows this org, the creditor agent, that its payment's debtor agent side is now on the ledger. */
const debtorSideArrived = (change: PaymentStatusChange, ownOrg: string): boolean =>
  change.creditorAgentOrg === ownOrg && change.sidesPresent.includes('DEBTOR_AGENT') && !change.sidesPresent.includes('CREDITOR_AGENT');

/**
 * Sends a held-back creditor agent side (see `CREDITOR_HOLD_BACK_MS`) as soon as this instance's projection
 * records its payment's debtor agent side, rather than when the hold-back ends: the side is held only so that it
 * reads the committed debtor side, and the projection learns of that commit first. Only sides never sent yet
 * are moved; a side backing off after a failure keeps its back-off.
 */
@Injectable()
export class HeldSideRelease implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription: Subscription | undefined;
  /** UETRs seen in the current publication; the projection publishes one transaction's changes in one go. */
  private pending = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: StatusFeed,
    private readonly worker: OutboxWorker,
    @Inject(LedgerClient) private readonly ledger: Pick<LedgerClient, 'mspId'>,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.feed.changes.subscribe((change) => {
      if (!debtorSideArrived(change, this.ledger.mspId)) return;
      if (this.pending.size === 0) queueMicrotask(() => void this.release());
      this.pending.add(change.uetr);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private async release(): Promise<void> {
    const uetrs = [...this.pending];
    this.pending = new Set();
    const now = new Date().toISOString();
    try {
      const result = await this.dataSource.createQueryBuilder().update(OutboxItemEntity)
        .set({ nextAttemptAt: now })
        .where('status = :status AND attempts = 0 AND next_attempt_at > :now AND side_key IN (:...keys)', {
          status: 'PENDING', now, keys: uetrs.map((uetr) => sideKeyOf(uetr, 'CREDITOR_AGENT')),
        })
        .execute();
      if (result.affected !== 0) this.worker.wake();
    } catch (error) {
      // Harmless: the sides go when their hold-back ends.
      this.logger.event('warn', 'outbox: releasing held creditor sides failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
