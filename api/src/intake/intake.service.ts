import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { outboxIdOf } from './intake-counters';
import { IntakeAuditEntity, IntakeCounterEntity, IntakeReportEntity } from './intake.entities';

/** Most reports GET /intake lists, newest first (one per pair channel per start of the instance). */
export const REPORTS_LISTED = 100;

export interface IntakeStatus {
  outbox: string;
  /** Sides lost by the latest completed audit of each pair channel, added up. */
  lostSides: number;
  counters: Pick<IntakeCounterEntity, 'counterpartyOrg' | 'acceptedSides'>[];
  auditing: Omit<IntakeAuditEntity, 'lastOutboxItem'>[];
  reports: IntakeReportEntity[];
}

/** What the intake audit found, for GET /intake: counters, audits in progress, and the reports of completed ones. */
@Injectable()
export class IntakeService {
  constructor(private readonly dataSource: DataSource) {}

  async status(): Promise<IntakeStatus> {
    const manager = this.dataSource.manager;
    const reports = await manager.find(IntakeReportEntity, { order: { id: 'DESC' }, take: REPORTS_LISTED });
    const latest = new Map<string, IntakeReportEntity>();
    for (const report of reports) if (!latest.has(report.channel)) latest.set(report.channel, report);
    const counters = await manager.find(IntakeCounterEntity, { order: { counterpartyOrg: 'ASC' } });
    const auditing = await manager.find(IntakeAuditEntity, { order: { channel: 'ASC' } });
    return {
      outbox: await outboxIdOf(manager),
      lostSides: [...latest.values()].reduce((sum, report) => sum + report.lost, 0),
      counters: counters.map(({ counterpartyOrg, acceptedSides }) => ({ counterpartyOrg, acceptedSides })),
      auditing: auditing.map(({ lastOutboxItem: _last, ...audit }) => audit),
      reports,
    };
  }
}
