import { DataSource, In } from 'typeorm';
import { OutboxItemEntity } from './outbox.entities';

/** A due PENDING item, as the selection sees it (no payload: that is loaded only for the chosen batch). */
export interface DueItem {
  id: number;
  counterpartyOrg: string;
  nextAttemptAt: string;
}

/** One side a batch refusal named, and why. */
export interface Rejection {
  id: number;
  reason: string;
}

/** What happens to an item of a batch that failed: its count of attempts, and either a next attempt or giving up. */
export interface Retry {
  id: number;
  attempts: number;
  /** Given up: REJECTED with `lastError`; otherwise PENDING again, not before `nextAttemptAt`. */
  givenUp: boolean;
  lastError: string;
  nextAttemptAt: string;
}

/**
 * The outbox table as the worker reads and writes it: which items are due, and each batch's outcome. Every
 * write of one outcome is one database transaction, so a crash leaves an item as it was or as decided.
 */
export class OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  private get items() {
    return this.dataSource.getRepository(OutboxItemEntity);
  }

  /**
   * Due PENDING items not in `excluded` (those already in a batch), oldest first, without payloads. The worker
   * looks at every accepted request and every finished batch, so these queries read plain rows: hydrating a
   * few hundred entities each time was a tenth of the API's CPU under load.
   */
  async dueItems(now: number, wanted: number, excluded: ReadonlySet<number>): Promise<DueItem[]> {
    const rows = await this.items.createQueryBuilder('item')
      .select('item.id', 'id')
      .addSelect('item.counterpartyOrg', 'counterpartyOrg')
      .addSelect('item.nextAttemptAt', 'nextAttemptAt')
      .where('item.status = :status', { status: 'PENDING' })
      .andWhere('item.nextAttemptAt <= :now', { now: new Date(now).toISOString() })
      .orderBy('item.id', 'ASC')
      .limit(wanted + excluded.size)
      .getRawMany<DueItem>();
    return rows.map((row) => ({ ...row, id: Number(row.id) })).filter((row) => !excluded.has(row.id));
  }

  /** When the earliest PENDING item becomes due (now if it is), Infinity when none is PENDING. */
  async nextDueAt(now: number): Promise<number> {
    const next = await this.items.createQueryBuilder('item')
      .select('MIN(item.nextAttemptAt)', 'nextAttemptAt')
      .where('item.status = :status', { status: 'PENDING' })
      .getRawOne<{ nextAttemptAt: string | null }>();
    const earliest = next?.nextAttemptAt ?? null;
    return earliest === null ? Infinity : Math.max(now, Date.parse(earliest));
  }

  pendingCount(): Promise<number> {
    return this.items.countBy({ status: 'PENDING' });
  }

  /** The items of a chosen batch that are still PENDING, oldest first, with their payloads. */
  pendingOf(ids: readonly number[]): Promise<OutboxItemEntity[]> {
    return this.items.find({ where: { id: In([...ids]), status: 'PENDING' }, order: { id: 'ASC' } });
  }

  async markCommitted(ids: readonly number[], transactionId: string, blockNumber: bigint): Promise<void> {
    await this.items.update({ id: In([...ids]) }, {
      status: 'COMMITTED', transactionId, blockNumber: blockNumber.toString(), lastError: null,
      attempts: () => 'attempts + 1', updatedAt: new Date().toISOString(),
    });
  }

  /** REJECTED, each with its reason and the refused transaction's id. */
  async reject(rejections: readonly Rejection[], transactionId: string | undefined): Promise<void> {
    const updatedAt = new Date().toISOString();
    await this.dataSource.transaction(async (manager) => {
      for (const { id, reason } of rejections) {
        await manager.update(OutboxItemEntity, { id }, {
          status: 'REJECTED', lastError: reason, transactionId: transactionId ?? null, attempts: () => 'attempts + 1', updatedAt,
        });
      }
    });
  }

  async reschedule(retries: readonly Retry[]): Promise<void> {
    const updatedAt = new Date().toISOString();
    await this.dataSource.transaction(async (manager) => {
      for (const { id, attempts, givenUp, lastError, nextAttemptAt } of retries) {
        await manager.update(OutboxItemEntity, { id }, {
          attempts, status: givenUp ? 'REJECTED' : 'PENDING', lastError, nextAttemptAt, updatedAt,
        });
      }
    });
  }
}
