import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { PAYMENT_STATUSES, PaymentHistory, isBreak } from '@bayrecon/common';
import { LedgerClient } from '../fabric/ledger-client';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { locateRecordedPayment } from '../fabric/payment-locator';
import { PaymentViewEntity } from '../projection/projection.entities';
import { AGEING_BUCKETS, CorridorAgeing, ReasonAgeing, ageBreaks, ageBreaksByReason, breakReasons } from './ageing';
import { EndOfDayReport, endOfDayReport } from './end-of-day-report';

/** Payments of one corridor settling on one day, by outcome. */
export interface CorridorDayFlow {
  corridor: string;
  settlementDate: string;
  payments: number;
  matched: number;
  /** Matched under the pair's rule set: the sides differ only as it allows. */
  matchedWithinTolerance: number;
  resolved: number;
  breaks: { total: number; PENDING_COUNTERPARTY: number; DISCREPANCY: number; UNMATCHED: number };
}

/**
 * A regulator's reports. Flows, ageing and the end-of-day report are served from the projection (which holds every
 * payment of the pairs touching the regulator's regime); a payment's history is read from the ledger itself.
 */
@Injectable()
export class RegulatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerClient,
    private readonly directory: MemberDirectoryService,
  ) {}

  /** The corridors this regulator oversees: both directions of every pair with a bank of its regime. */
  private corridors(): string[] {
    const directory = this.directory.current();
    return directory.bankPairsOf(this.ledger.mspId).flatMap(({ orgs: [a, b] }) => [directory.corridorOf(a, b), directory.corridorOf(b, a)]);
  }

  /** Counts per corridor and settlement day, sorted by day then corridor. */
  async flows(from?: string, to?: string, corridor?: string): Promise<CorridorDayFlow[]> {
    const query = this.dataSource.getRepository(PaymentViewEntity).createQueryBuilder('p')
      .select('p.corridor', 'corridor').addSelect('p.settlementDate', 'settlementDate').addSelect('p.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('p.corridor').addGroupBy('p.settlementDate').addGroupBy('p.status');
    if (from !== undefined) query.andWhere('p.settlementDate >= :from', { from });
    if (to !== undefined) query.andWhere('p.settlementDate <= :to', { to });
    if (corridor !== undefined) query.andWhere('p.corridor = :corridor', { corridor });
    const counts = await query.getRawMany<{ corridor: string; settlementDate: string; status: string; count: string | number }>();
    const flows = new Map<string, CorridorDayFlow>();
    for (const row of counts) {
      const key = `${row.settlementDate}|${row.corridor}`;
      const flow = flows.get(key) ?? {
        corridor: row.corridor, settlementDate: row.settlementDate, payments: 0, matched: 0, matchedWithinTolerance: 0, resolved: 0,
        breaks: { total: 0, PENDING_COUNTERPARTY: 0, DISCREPANCY: 0, UNMATCHED: 0 },
      };
      const count = Number(row.count);
      flow.payments += count;
      if (row.status === 'MATCHED') flow.matched += count;
      else if (row.status === 'MATCHED_WITHIN_TOLERANCE') flow.matchedWithinTolerance += count;
      else if (row.status === 'RESOLVED') flow.resolved += count;
      else if (isBreak(row.status as (typeof PAYMENT_STATUSES)[number])) {
        flow.breaks.total += count;
        flow.breaks[row.status as 'PENDING_COUNTERPARTY' | 'DISCREPANCY' | 'UNMATCHED'] += count;
      }
      flows.set(key, flow);
    }
    return [...flows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, flow]) => flow);
  }

  /**
   * Open breaks per corridor by age (from when each became a break, in ledger time), and the same per reason: the
   * discrepancy codes of each break's decision, or its status when it has none.
   */
  async ageing(corridor: string | undefined, now = new Date()): Promise<{ asOf: string; buckets: string[]; corridors: CorridorAgeing[]; reasons: ReasonAgeing[] }> {
    const rows = await this.dataSource.getRepository(PaymentViewEntity).find({
      select: { corridor: true, breakSince: true, status: true, reasons: true },
      where: { breakSince: Not(IsNull()), ...(corridor === undefined ? {} : { corridor }) },
    });
    const corridors = corridor === undefined ? this.corridors() : [corridor];
    const breaks = rows.map((row) => ({
      corridor: row.corridor, breakSince: row.breakSince as string, reasons: breakReasons(row.status, row.reasons === '' ? [] : row.reasons.split(',')),
    }));
    return {
      asOf: now.toISOString(),
      buckets: AGEING_BUCKETS.map((bucket) => bucket.label),
      corridors: ageBreaks(corridors, breaks, now),
      reasons: ageBreaksByReason(corridors, breaks, now),
    };
  }

  /** The ledger's full history of a payment. @throws NotFoundError when the ledger has no such payment. */
  async history(uetr: string): Promise<PaymentHistory> {
    const { payments } = await locateRecordedPayment(this.ledger, this.directory.current(), uetr);
    return payments.getPaymentHistory(uetr);
  }

  /** Every UETR settling on the date (in the corridor, or all), with its status and proving block and transaction. */
  async endOfDay(settlementDate: string, corridor?: string): Promise<EndOfDayReport> {
    const rows = await this.dataSource.getRepository(PaymentViewEntity).find({
      where: { settlementDate, ...(corridor === undefined ? {} : { corridor }) },
    });
    const list = (joined: string): string[] => (joined === '' ? [] : joined.split(','));
    return endOfDayReport(settlementDate, corridor ?? null, rows.map((row) => ({
      settlementDate: row.settlementDate, corridor: row.corridor, uetr: row.uetr, messageType: row.messageType,
      debtorAgentOrg: row.debtorAgentOrg, creditorAgentOrg: row.creditorAgentOrg, status: row.status,
      differingFields: list(row.differingFields), sidesPresent: list(row.sidesPresent), statusAt: row.updatedAt,
      blockNumber: row.lastBlockNumber, transactionId: row.lastTransactionId,
      ruleSetVersion: row.ruleSetVersion ?? null, reasons: list(row.reasons),
    })));
  }
}
