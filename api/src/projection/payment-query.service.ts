import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { DISCREPANCY_CODES, MATCHING_FIELDS, MESSAGE_TYPES, PAYMENT_STATUSES, PaymentStatus, SIDES, UETR_PATTERN, WITHIN_TOLERANCE_CODES, isBreak } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InvalidInputError, NotFoundError } from '../errors/domain-errors';
import { CORRIDOR, MSP_ID, TX_ID } from '../openapi/schema-parts';
import { PaymentEventEntity, PaymentViewEntity } from './projection.entities';
import { MemberDirectoryService } from '../directory/member-directory.service';

export const DEFAULT_PAGE_SIZE = 100;
export const BREAK_STATUSES = PAYMENT_STATUSES.filter((status) => isBreak(status));

/** Validated filters of a payment listing. */
export interface PaymentFilter {
  statuses?: PaymentStatus[];
  corridor?: string;
  settlementDate?: string;
  /** MSP id of the other bank. */
  counterparty?: string;
  minBreakAgeHours?: number;
  /** Decision codes: payments with any of them on some field. */
  reasons?: string[];
  limit: number;
  cursor?: string;
}

/** One field of a payment's decision and its code. */
export class ReasonView {
  @ApiProperty({ enum: MATCHING_FIELDS }) field!: string;
  @ApiProperty({ enum: [...WITHIN_TOLERANCE_CODES, ...DISCREPANCY_CODES] }) code!: string;
}

/** A payment as the projection holds it. */
export class PaymentView {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty(MSP_ID) debtorAgentOrg!: string;
  @ApiProperty({ ...MSP_ID, example: 'HKBankMSP' }) creditorAgentOrg!: string;
  @ApiProperty({ format: 'date', example: '2026-11-20' }) settlementDate!: string;
  @ApiProperty({ enum: SIDES, isArray: true }) sidesPresent!: string[];
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true, description: 'Names of the matching fields that differ, never their values' }) differingFields!: string[];
  @ApiProperty({ type: [ReasonView], description: 'The ledger\'s code for each differing field (within tolerance or why not); empty when the sides are equal or not both in' }) reasons!: ReasonView[];
  @ApiProperty({ nullable: true, type: 'integer', minimum: 1, description: 'The rule set version the decision was taken under; null when no rule set was applied' }) ruleSetVersion!: number | null;
  @ApiProperty({ format: 'date-time', description: 'Ledger time of the transaction that first recorded it' }) firstSeenAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Ledger time it became a break; null when MATCHED, MATCHED_WITHIN_TOLERANCE or RESOLVED' }) breakSince!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Hours since breakSince, now' }) breakAgeHours!: number | null;
  @ApiProperty({ format: 'date-time', description: 'Ledger time of the last change' }) updatedAt!: string;
  @ApiProperty(TX_ID) lastTransactionId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) lastBlockNumber!: number;
}

export class PaymentPage {
  @ApiProperty({ type: [PaymentView] }) items!: PaymentView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export class PaymentEventView {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ example: 'submitSides' }) transaction!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, enum: PAYMENT_STATUSES, description: 'Null when the transaction created the payment' }) previousStatus!: string | null;
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true }) differingFields!: string[];
  @ApiProperty({ enum: SIDES, isArray: true }) sidesPresent!: string[];
  @ApiProperty(TX_ID) transactionId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) blockNumber!: number;
  @ApiProperty({ format: 'date-time', description: 'Ledger time of the transaction' }) at!: string;
}

const list = (joined: string): string[] => (joined === '' ? [] : joined.split(','));

/** Hours between two instants, to two decimals. */
export function hoursBetween(fromIso: string, now: Date): number {
  return Math.round((now.getTime() - Date.parse(fromIso)) / 36_000) / 100;
}

/** The JSON shape of a projected payment; `now` gives the break's age. */
export function toPaymentView(row: PaymentViewEntity, now: Date): PaymentView {
  return {
    uetr: row.uetr, corridor: row.corridor, messageType: row.messageType, debtorAgentOrg: row.debtorAgentOrg,
    creditorAgentOrg: row.creditorAgentOrg, settlementDate: row.settlementDate, sidesPresent: list(row.sidesPresent),
    status: row.status, differingFields: list(row.differingFields),
    reasons: list(row.reasons).map((reason) => {
      const [field, code] = reason.split(':');
      return { field, code };
    }),
    ruleSetVersion: row.ruleSetVersion ?? null, firstSeenAt: row.firstSeenAt,
    breakSince: row.breakSince, breakAgeHours: row.breakSince === null ? null : hoursBetween(row.breakSince, now),
    updatedAt: row.updatedAt, lastTransactionId: row.lastTransactionId, lastBlockNumber: row.lastBlockNumber,
  };
}

/** Keyset cursor: the sort key (first block seen, UETR) of the last row of a page. */
export function encodeCursor(row: Pick<PaymentViewEntity, 'firstSeenBlock' | 'uetr'>): string {
  return Buffer.from(JSON.stringify([row.firstSeenBlock, row.uetr]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { firstSeenBlock: number; uetr: string } {
  try {
    const [firstSeenBlock, uetr] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (Number.isSafeInteger(firstSeenBlock) && typeof uetr === 'string' && /^[0-9a-f-]{36}$/.test(uetr)) {
      return { firstSeenBlock: firstSeenBlock as number, uetr };
    }
  } catch {
    // reported below
  }
  throw new InvalidInputError('cursor is not a cursor of this listing', [{ path: 'cursor', reason: 'must be the nextCursor of a previous page' }]);
}

/**
 * Queries over this org's payment projection. Pages are keyset-paginated in the order payments were first seen
 * on the ledger (block, then UETR), so a page never repeats or skips a payment while others change status.
 */
@Injectable()
export class PaymentQueryService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'fabric'>,
    @Inject(MemberDirectoryService) private readonly directory: Pick<MemberDirectoryService, 'current'>,
  ) {}

  /** One page of payments matching the filter. */
  async list(filter: PaymentFilter, now = new Date()): Promise<PaymentPage> {
    const query = this.dataSource.getRepository(PaymentViewEntity).createQueryBuilder('p');
    this.applyFilter(query, filter, now);
    if (filter.cursor !== undefined) {
      const after = decodeCursor(filter.cursor);
      query.andWhere(new Brackets((where) => {
        where.where('p.firstSeenBlock > :afterBlock', { afterBlock: after.firstSeenBlock })
          .orWhere('(p.firstSeenBlock = :afterBlock AND p.uetr > :afterUetr)', { afterUetr: after.uetr });
      }));
    }
    const rows = await query.orderBy('p.firstSeenBlock', 'ASC').addOrderBy('p.uetr', 'ASC').take(filter.limit + 1).getMany();
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map((row) => toPaymentView(row, now)),
      nextCursor: rows.length > filter.limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /** Every change of one payment the projection applied, oldest first. @throws NotFoundError when not projected here. */
  async events(uetr: string): Promise<PaymentEventView[]> {
    const rows = await this.dataSource.getRepository(PaymentEventEntity).find({ where: { uetr }, order: { id: 'ASC' } });
    if (rows.length === 0) throw new NotFoundError(`no payment '${uetr}' in this instance's projection`, [{ path: 'uetr', reason: 'not projected here' }]);
    return rows.map((row) => ({
      uetr: row.uetr, transaction: row.transaction, status: row.status, previousStatus: row.previousStatus,
      differingFields: list(row.differingFields), sidesPresent: list(row.sidesPresent), transactionId: row.transactionId,
      blockNumber: row.blockNumber, at: row.at,
    }));
  }

  private applyFilter(query: SelectQueryBuilder<PaymentViewEntity>, filter: PaymentFilter, now: Date): void {
    if (filter.statuses !== undefined) query.andWhere('p.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.corridor !== undefined) query.andWhere('p.corridor = :corridor', { corridor: filter.corridor });
    if (filter.settlementDate !== undefined) query.andWhere('p.settlementDate = :settlementDate', { settlementDate: filter.settlementDate });
    if (filter.counterparty !== undefined) {
      const me = this.config.fabric.mspId;
      // A regulator's projection holds pairs of other banks: either bank of a payment is its counterparty.
      if (this.directory.current().isRegulator(me)) {
        query.andWhere('(p.debtorAgentOrg = :counterparty OR p.creditorAgentOrg = :counterparty)', { counterparty: filter.counterparty });
      } else {
        query.andWhere('((p.debtorAgentOrg = :me AND p.creditorAgentOrg = :counterparty) OR (p.creditorAgentOrg = :me AND p.debtorAgentOrg = :counterparty))', {
          me, counterparty: filter.counterparty,
        });
      }
    }
    if (filter.reasons !== undefined) {
      const codes = filter.reasons;
      // `field:CODE` entries between commas; LIKE's '_' wildcard is escaped, codes being made of letters and '_'.
      query.andWhere(new Brackets((where) => {
        codes.forEach((code, index) => {
          where.orWhere(`(p.reasons || ',') LIKE :reason${index} ESCAPE '\\'`, { [`reason${index}`]: `%:${code.replace(/_/g, '\\_')},%` });
        });
      }));
    }
    if (filter.minBreakAgeHours !== undefined) {
      const brokenBefore = new Date(now.getTime() - filter.minBreakAgeHours * 3_600_000).toISOString();
      query.andWhere('p.breakSince IS NOT NULL AND p.breakSince <= :brokenBefore', { brokenBefore });
    }
  }
}
