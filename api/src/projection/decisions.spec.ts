import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Directory, MatchDecision, PaymentChange, genesisDirectory } from '@bayrecon/common';
import { openDatabase } from '../database/data-source';
import { ageBreaksByReason, breakReasons } from '../regulator/ageing';
import { endOfDayReport } from '../regulator/end-of-day-report';
import { PaymentQueryService } from './payment-query.service';
import { PaymentViewEntity } from './projection.entities';
import { Projector, reasonsOf } from './projector';

const uetr = (n: number) => `1a2b3c4d-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const at = '2031-05-06T01:00:00.000Z';

function change(n: number, status: PaymentChange['status'], decision?: MatchDecision): PaymentChange {
  return {
    uetr: uetr(n), corridor: 'SZ->HK', messageType: 'pacs.008', debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'HKBankMSP',
    settlementDate: '2031-05-06', sidesPresent: ['DEBTOR_AGENT', 'CREDITOR_AGENT'], status,
    differingFields: decision === undefined ? [] : [...decision.withinTolerance, ...decision.discrepancies].map((finding) => finding.field),
    ...(decision === undefined ? {} : { decision }),
  };
}

const withinTolerance: MatchDecision = {
  ruleSetVersion: 2, ruleSetDigest: 'd'.repeat(64), txId: 't1',
  withinTolerance: [{ field: 'interbankSettlementAmount', code: 'CHARGES_DEDUCTED' }], discrepancies: [],
};
const overTolerance: MatchDecision = {
  ruleSetVersion: 2, ruleSetDigest: 'd'.repeat(64), txId: 't1',
  withinTolerance: [{ field: 'interbankSettlementDate', code: 'VALUE_DATE_WITHIN_WINDOW' }],
  discrepancies: [{ field: 'interbankSettlementAmount', code: 'AMOUNT_OVER_TOLERANCE' }],
};
const byName: MatchDecision = { txId: 't1', withinTolerance: [], discrepancies: [{ field: 'endToEndId', code: 'NOT_TOLERATED' }] };

describe('decisions in the projection and the reports', () => {
  let work: string;
  let dataSource: DataSource;
  let query: PaymentQueryService;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'bayrecon-decisions-'));
    dataSource = await openDatabase({ type: 'better-sqlite3', path: path.join(work, 'db.sqlite') });
    const changes = [change(1, 'MATCHED'), change(2, 'MATCHED_WITHIN_TOLERANCE', withinTolerance), change(3, 'DISCREPANCY', overTolerance), change(4, 'DISCREPANCY', byName)];
    await dataSource.transaction((manager) => new Projector('SZBankMSP', false).apply(manager, {
      channel: 'pair-hkbank-szbank', blockNumber: 5, transactionId: 't1', eventName: 'PaymentsChanged',
      payload: { transaction: 'submitSides', txId: 't1', changes, counts: { received: 4, changed: 4, unchanged: 0 } },
    }, { at, creatorMspId: 'HKBankMSP' }));
    query = new PaymentQueryService(dataSource, { fabric: { mspId: 'SZBankMSP' } as never }, { current: () => new Directory(genesisDirectory()) });
  });
  after(async () => {
    await dataSource.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps each payment\'s codes and rule set version, and filters by any of the codes asked for', async () => {
    const page = await query.list({ limit: 100 });
    const two = page.items.find((item) => item.uetr === uetr(2));
    assert.deepEqual([two?.ruleSetVersion, two?.reasons], [2, [{ field: 'interbankSettlementAmount', code: 'CHARGES_DEDUCTED' }]]);
    const one = page.items.find((item) => item.uetr === uetr(1));
    assert.deepEqual([one?.ruleSetVersion, one?.reasons], [null, []]);
    const listed = async (reasons: string[]) => (await query.list({ limit: 100, reasons })).items.map((item) => item.uetr);
    assert.deepEqual(await listed(['AMOUNT_OVER_TOLERANCE']), [uetr(3)]);
    assert.deepEqual(await listed(['VALUE_DATE_WITHIN_WINDOW', 'NOT_TOLERATED']), [uetr(3), uetr(4)]);
    assert.deepEqual(await listed(['FX_RATE_MISSING']), []);
    assert.deepEqual(await listed(['CHARGES_DEDUCTED']), [uetr(2)]);
  });

  it('ages breaks by their discrepancy codes, or their status when they have none', async () => {
    const rows = await dataSource.getRepository(PaymentViewEntity).find({ order: { uetr: 'ASC' } });
    assert.deepEqual(rows.map((row) => breakReasons(row.status, row.reasons === '' ? [] : row.reasons.split(','))), [
      ['MATCHED'], ['MATCHED_WITHIN_TOLERANCE'], ['AMOUNT_OVER_TOLERANCE'], ['NOT_TOLERATED'],
    ]);
    assert.deepEqual(breakReasons('PENDING_COUNTERPARTY', []), ['PENDING_COUNTERPARTY']);
    const now = new Date('2031-05-06T03:30:00.000Z');
    const aged = ageBreaksByReason(['SZ->HK', 'HK->SZ'], [
      { corridor: 'SZ->HK', breakSince: at, reasons: ['AMOUNT_OVER_TOLERANCE', 'VALUE_DATE_OUTSIDE_WINDOW'] },
      { corridor: 'SZ->HK', breakSince: '2031-05-06T03:00:00.000Z', reasons: ['AMOUNT_OVER_TOLERANCE'] },
      { corridor: 'SZ->HK', breakSince: at, reasons: ['PENDING_COUNTERPARTY'] },
      { corridor: 'MO->SZ', breakSince: at, reasons: ['NOT_TOLERATED'] },
    ], now);
    assert.deepEqual(aged.map((row) => [row.reason, row.total, row.buckets['<1h'], row.buckets['1-4h'], row.oldestBreakSince]), [
      ['PENDING_COUNTERPARTY', 1, 0, 1, at],
      ['AMOUNT_OVER_TOLERANCE', 2, 1, 1, at],
      ['VALUE_DATE_OUTSIDE_WINDOW', 1, 0, 1, at],
    ]);
  });

  it('counts matches within tolerance per corridor and rule set version in the end-of-day report', () => {
    const line = (n: number, corridor: string, status: string, ruleSetVersion: number | null) => ({
      settlementDate: '2031-05-06', corridor, uetr: uetr(n), messageType: 'pacs.008', debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'HKBankMSP',
      status, differingFields: [], sidesPresent: [], statusAt: at, blockNumber: 1, transactionId: 't', ruleSetVersion, reasons: [],
    });
    const report = endOfDayReport('2031-05-06', null, [
      line(1, 'SZ->HK', 'MATCHED_WITHIN_TOLERANCE', 1), line(2, 'SZ->HK', 'MATCHED_WITHIN_TOLERANCE', 2), line(3, 'SZ->HK', 'MATCHED', null),
      line(4, 'HK->SZ', 'MATCHED_WITHIN_TOLERANCE', 2), line(5, 'HK->SZ', 'DISCREPANCY', 2),
    ]);
    assert.deepEqual(report.corridors.map((row) => [row.corridor, row.payments, row.byStatus.MATCHED_WITHIN_TOLERANCE, row.matchedWithinTolerance]), [
      ['HK->SZ', 2, 1, { total: 1, byRuleSetVersion: { 2: 1 } }],
      ['SZ->HK', 3, 2, { total: 2, byRuleSetVersion: { 1: 1, 2: 1 } }],
    ]);
    assert.equal(report.totals.byStatus.MATCHED_WITHIN_TOLERANCE, 3);
  });

  it('writes a decision as field:CODE, within-tolerance codes first', () => {
    assert.equal(reasonsOf(overTolerance), 'interbankSettlementDate:VALUE_DATE_WITHIN_WINDOW,interbankSettlementAmount:AMOUNT_OVER_TOLERANCE');
    assert.equal(reasonsOf(undefined), '');
  });
});
