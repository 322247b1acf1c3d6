import { PaymentsChangedEvent } from '@bayrecon/common';
import { DataSource, EntityManager } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { sideKeyOf } from '../outbox/outbox.entities';
import { selectRows } from '../sql/select-rows';
import { acceptedSidesOf, addAccepted, outboxIdOf } from './intake-counters';
import { IntakeAuditEntity, IntakeReportEntity } from './intake.entities';

/** What an audit has noted and found on one pair channel. */
export interface AuditFigures {
  /** The highest count this outbox announced in the blocks below the start height; null when it announced none. */
  announced: number | null;
  counterAtStart: number;
  committedFound: number;
}

/**
 * Sides lost since the database was saved: what the lost instance announced it had accepted, less what the
 * database holds (its counter at start) and less what that instance committed after the save (on the ledger,
 * without a row here). Never below 0: an announcement at or under the counter is an ordinary restart.
 */
export function lostSides(figures: AuditFigures): number {
  return Math.max(0, counterGap(figures) - figures.committedFound);
}

/**
 * How far the lost instance's count ran ahead of this database's: the counter is raised by all of it, committed
 * sides included, so that this outbox's later announcements are above every one the lost instance made and a
 * later audit does not count the same window again.
 */
export function counterGap(figures: AuditFigures): number {
  return figures.announced === null ? 0 : Math.max(0, figures.announced - figures.counterAtStart);
}

/** A pair channel of this bank and the bank at its other end. */
export interface AuditedPair {
  channel: string;
  counterpartyOrg: string;
}

// Keeps each IN list well under SQLite's and PostgreSQL's limits on bound parameters.
const LOOKUP_CHUNK = 200;

/**
 * Tells, after the instance's database was restored from a backup, how many sides the instance had accepted
 * after the backup and never sent. Every batch the outbox sends announces its counter (IntakeCounters); the
 * ledger keeps the announcements in the batches' events, the database only what it had at the backup. At start
 * the audit notes, per pair channel, the channel's height and the counter ({@link begin}); the projection then
 * reads the blocks below that height, which hold what the instance before this one sent ({@link observe}); once
 * it has read them ({@link passed}) the audit reports what was lost and raises the counter by the gap.
 *
 * Sides accepted after the lost instance's last batch on a pair are known to nobody but the clients that sent
 * them: no audit can count them (docs/backup-and-restore.md).
 */
export class IntakeAudit {
  /** Start heights of the audits in progress, by channel: most blocks and events need no database read. */
  private readonly inProgress = new Map<string, number>();
  private outbox: string | undefined;

  constructor(private readonly dataSource: DataSource, private readonly mspId: string, private readonly logger: JsonLogger) {}

  /**
   * Notes each pair channel's height and counter. An audit still in progress in the database is replaced: it was
   * begun by an earlier start, and its height is below the blocks the instance since then sent, as when the
   * database was backed up during it. (An instance stopped during the audit of its first start after a restore
   * thus audits again against a counter that includes what it accepted meanwhile; the restore's report is in its
   * first start's log.)
   */
  async begin(pairs: readonly AuditedPair[], heightOf: (channel: string) => Promise<number>): Promise<void> {
    this.outbox = await outboxIdOf(this.dataSource.manager);
    for (const { channel, counterpartyOrg } of pairs) {
      const startHeight = await heightOf(channel);
      const audit = await this.dataSource.transaction(async (manager) => {
        const unfinished = await manager.findOneBy(IntakeAuditEntity, { channel });
        if (unfinished !== null) {
          await manager.delete(IntakeAuditEntity, { channel });
          this.logger.event('info', 'intake: an unfinished audit is replaced', { channel, counterpartyOrg, startHeight: unfinished.startHeight });
        }
        const [last] = await selectRows<{ id: number | string | null }>(manager, 'SELECT MAX("id") AS "id" FROM "outbox_items"', {});
        const row: IntakeAuditEntity = {
          channel, counterpartyOrg, startHeight, counterAtStart: await acceptedSidesOf(manager, counterpartyOrg),
          lastOutboxItem: Number(last?.id ?? 0), announced: null, committedFound: 0, startedAt: new Date().toISOString(),
        };
        await manager.insert(IntakeAuditEntity, row);
        return row;
      });
      this.inProgress.set(channel, startHeight);
      this.logger.event('info', 'intake: audit starts', { channel, counterpartyOrg, startHeight, counterAtStart: audit.counterAtStart });
    }
  }

  /**
   * A PaymentsChanged event the projection applies, in its transaction: a batch this outbox announced in a block
   * below the start height raises the highest announcement, and when it announced more than the counter at start
   * its sides with no outbox row (up to the last row at start) were committed by the instance this database lost.
   */
  async observe(manager: EntityManager, channel: string, blockNumber: number, payload: PaymentsChangedEvent): Promise<void> {
    const intake = payload.intake;
    const startHeight = this.inProgress.get(channel);
    if (intake === undefined || startHeight === undefined || blockNumber >= startHeight) return;
    if (intake.org !== this.mspId || intake.outbox !== this.outbox) return;
    const audit = await manager.findOneBy(IntakeAuditEntity, { channel });
    if (audit === null) return;
    const found = intake.acceptedSides > audit.counterAtStart ? await this.committedWithoutRow(manager, payload, audit.lastOutboxItem) : 0;
    await manager.update(IntakeAuditEntity, { channel }, {
      announced: audit.announced === null ? intake.acceptedSides : Math.max(audit.announced, intake.acceptedSides),
      committedFound: audit.committedFound + found,
    });
  }

  /**
   * The projection has read a channel's blocks through `blockNumber`: once that reaches the last block below the
   * start height, the audit completes. Its report, the counter's raise and the end of the audit are one
   * transaction, so an instance stopped half way completes it again, never twice.
   */
  async passed(channel: string, blockNumber: number): Promise<IntakeReportEntity | undefined> {
    const startHeight = this.inProgress.get(channel);
    if (startHeight === undefined || blockNumber < startHeight - 1) return undefined;
    const report = await this.dataSource.transaction(async (manager) => {
      const audit = await manager.findOneBy(IntakeAuditEntity, { channel });
      if (audit === null) return undefined;
      const gap = counterGap(audit);
      const row: Omit<IntakeReportEntity, 'id'> = {
        channel, counterpartyOrg: audit.counterpartyOrg, announced: audit.announced, counterAtStart: audit.counterAtStart,
        committedFound: audit.committedFound, lost: lostSides(audit), blockNumber, startedAt: audit.startedAt, recordedAt: new Date().toISOString(),
      };
      const { identifiers } = await manager.insert(IntakeReportEntity, row);
      await addAccepted(manager, new Map([[audit.counterpartyOrg, gap]]));
      await manager.delete(IntakeAuditEntity, { channel });
      return { ...row, id: Number(identifiers[0].id) };
    });
    this.inProgress.delete(channel);
    if (report === undefined) return undefined;
    const fields = {
      channel, counterpartyOrg: report.counterpartyOrg, lostSides: report.lost, announced: report.announced,
      counterAtStart: report.counterAtStart, committedFound: report.committedFound, blockNumber,
    };
    if (report.lost > 0) {
      this.logger.event('error', `intake: ${report.lost} sides accepted for ${report.counterpartyOrg} since this database was saved were never sent and are lost: `
        + 'the senders must send them again (GET /intake)', fields);
    } else {
      this.logger.event('info', 'intake: audit complete, no accepted side lost', fields);
    }
    return report;
  }

  /** The sides of this org a batch changed that have no outbox row up to `lastOutboxItem`. */
  private async committedWithoutRow(manager: EntityManager, payload: PaymentsChangedEvent, lastOutboxItem: number): Promise<number> {
    const keys = [...new Set(payload.changes.map((change) => sideKeyOf(change.uetr, change.debtorAgentOrg === this.mspId ? 'DEBTOR_AGENT' : 'CREDITOR_AGENT')))];
    let withRow = 0;
    for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) {
      const [row] = await selectRows<{ count: number | string }>(manager,
        'SELECT COUNT(*) AS "count" FROM "outbox_items" WHERE "side_key" IN (:...keys) AND "id" <= :last',
        { keys: keys.slice(start, start + LOOKUP_CHUNK), last: lastOutboxItem });
      withRow += Number(row?.count ?? 0);
    }
    return keys.length - withRow;
  }
}
