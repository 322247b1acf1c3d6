import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { canonicalHash } from '@bayrecon/common';
import { ConflictError } from '../errors/domain-errors';
import { SubmissionEntity } from '../outbox/outbox.entities';
import type { StatementEntriesResult } from './camt053';
import { StatementEntryEntity, StatusReportEntity } from './ingest.entities';
import type { StatusReportsResult } from './pacs002';

/** One stored report or entry, as the 202 answer and GET /submissions/:id list it. */
export interface StoredRecord {
  id: number;
  uetr: string | null;
  status: 'STORED';
}

export interface RecordsAcceptance {
  submissionId: string;
  replayed: boolean;
  source: string;
  items: StoredRecord[];
}

type RecordsKind = 'status-reports' | 'statement-entries';
type RecordEntity = typeof StatusReportEntity | typeof StatementEntryEntity;

const now = (): string => new Date().toISOString();
const CHUNK = 200;
const toStored = (row: { id: number; uetr: string | null }): StoredRecord => ({ id: row.id, uetr: row.uetr, status: 'STORED' });

/**
 * Stores pacs.002 status reports and camt.053/054 statement entries, all or nothing, linked to payments by UETR.
 * Resending is safe: the same Idempotency-Key replays the first answer, and a record already stored (same
 * message id and content) is not stored twice.
 */
@Injectable()
export class IngestRecordsService {
  constructor(private readonly dataSource: DataSource) {}

  async storeStatusReports(result: StatusReportsResult, idempotencyKey: string | undefined): Promise<RecordsAcceptance> {
    const messageId = result.header.messageId;
    const at = now();
    const rows = result.reports.map((report) => ({
      recordKey: canonicalHash({ messageId, report }),
      messageId,
      uetr: report.originalUetr,
      originalMessageId: report.originalMessageId,
      originalEndToEndId: report.originalEndToEndId ?? null,
      transactionStatus: report.transactionStatus,
      reasonCode: report.reasonCode ?? report.reasonProprietary ?? null,
      additionalInformation: report.additionalInformation ?? null,
      createdAt: at,
    }));
    return this.store('status-reports', 'pacs.002', StatusReportEntity, rows, idempotencyKey);
  }

  async storeStatementEntries(result: StatementEntriesResult, idempotencyKey: string | undefined): Promise<RecordsAcceptance> {
    const messageId = result.header.messageId;
    const at = now();
    const rows = result.entries.map((entry) => ({
      recordKey: canonicalHash({ messageId, entry }),
      messageType: entry.messageType,
      messageId,
      statementId: entry.statementId,
      account: entry.account,
      entryIndex: entry.entryIndex,
      transactionDetailIndex: entry.transactionDetailIndex ?? null,
      uetr: entry.uetr ?? null,
      endToEndId: entry.endToEndId ?? null,
      amount: entry.amount,
      currency: entry.currency,
      creditDebit: entry.creditDebit,
      reversal: entry.reversal,
      entryStatus: entry.status,
      bookingDate: entry.bookingDate ?? null,
      valueDate: entry.valueDate ?? null,
      bankTransactionCode: entry.bankTransactionCode ?? null,
      createdAt: at,
    }));
    return this.store('statement-entries', result.header.definition.type, StatementEntryEntity, rows, idempotencyKey);
  }

  /** The records stored for a submission, oldest first. */
  async recordsOf(submissionId: string): Promise<StoredRecord[]> {
    const reports = await this.dataSource.getRepository(StatusReportEntity).find({ where: { submissionId }, order: { id: 'ASC' } });
    const entries = await this.dataSource.getRepository(StatementEntryEntity).find({ where: { submissionId }, order: { id: 'ASC' } });
    return [...reports, ...entries].map(toStored);
  }

  /** Status reports and statement entries this bank sent about one payment. */
  async forUetr(uetr: string): Promise<{ statusReports: StatusReportEntity[]; statementEntries: StatementEntryEntity[] }> {
    return {
      statusReports: await this.dataSource.getRepository(StatusReportEntity).find({ where: { uetr }, order: { id: 'ASC' } }),
      statementEntries: await this.dataSource.getRepository(StatementEntryEntity).find({ where: { uetr }, order: { id: 'ASC' } }),
    };
  }

  private async store<R extends { recordKey: string; uetr: string | null }>(kind: RecordsKind, source: string, entity: RecordEntity,
    rows: R[], idempotencyKey: string | undefined): Promise<RecordsAcceptance> {
    const requestHash = canonicalHash({ source, kind, records: rows.map((row) => row.recordKey) });
    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey !== undefined) {
        const earlier = await manager.findOneBy(SubmissionEntity, { idempotencyKey });
        if (earlier !== null) {
          if (earlier.requestHash !== requestHash) {
            throw new ConflictError(`Idempotency-Key '${idempotencyKey}' was used for a different request`);
          }
          const found = await manager.find(entity, { where: { submissionId: earlier.id }, order: { id: 'ASC' } });
          return { submissionId: earlier.id, replayed: true, source: earlier.source, items: found.map(toStored) };
        }
      }
      const submissionId = randomUUID();
      await manager.insert(SubmissionEntity, {
        id: submissionId, idempotencyKey: idempotencyKey ?? null, requestHash, source, itemCount: rows.length, createdAt: now(),
      });
      const keys = [...new Set(rows.map((row) => row.recordKey))];
      const existing = new Set((await this.findByKeys(manager, entity, keys)).map((row) => row.recordKey));
      const seen = new Set<string>();
      const fresh = rows.filter((row) => {
        if (existing.has(row.recordKey) || seen.has(row.recordKey)) return false;
        seen.add(row.recordKey);
        return true;
      }).map((row) => ({ ...row, submissionId }));
      for (let start = 0; start < fresh.length; start += CHUNK) {
        // Each entity gets rows built for it by its own store method above.
        await manager.insert(entity as typeof StatementEntryEntity, fresh.slice(start, start + CHUNK) as Partial<StatementEntryEntity>[]);
      }
      const stored = new Map((await this.findByKeys(manager, entity, keys)).map((row) => [row.recordKey, row]));
      return { submissionId, replayed: false, source, items: keys.map((key) => toStored(stored.get(key) as { id: number; uetr: string | null })) };
    });
  }

  private async findByKeys(manager: EntityManager, entity: RecordEntity, keys: string[]): Promise<{ id: number; recordKey: string; uetr: string | null }[]> {
    const found: { id: number; recordKey: string; uetr: string | null }[] = [];
    for (let start = 0; start < keys.length; start += CHUNK) {
      found.push(...(await manager.find(entity, { where: { recordKey: In(keys.slice(start, start + CHUNK)) } })));
    }
    return found;
  }
}
