import { strict as assert } from 'node:assert';
import { DataSource } from 'typeorm';
import { PaymentChange, PaymentSide, PaymentsChangedEvent } from '@bayrecon/common';
import { openDatabase } from '../database/data-source';
import { JsonLogger } from '../logging/json-logger';
import { OutboxService } from '../outbox/outbox.service';
import { OutboxWorker } from '../outbox/outbox.worker';
import { IntakeAudit, counterGap, lostSides } from './intake-audit';
import { acceptedSidesOf, outboxIdOf } from './intake-counters';
import { IntakeAuditEntity, IntakeReportEntity } from './intake.entities';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const CHANNEL = 'pair-hkbank-szbank';
const uetrOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const side = (n: number): PaymentSide => ({
  uetr: uetrOf(n), side: 'DEBTOR_AGENT', counterpartyOrg: HK, messageType: 'pacs.008', endToEndId: `E2E-${n}`,
  instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: 'HKBKHKHHXXX', debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: 'HKBKHKHHXXX',
  interbankSettlementAmount: { amount: '100.00', currency: 'HKD' }, interbankSettlementDate: '2026-11-20',
});
const change = (n: number): PaymentChange => ({
  uetr: uetrOf(n), corridor: 'SZ->HK', messageType: 'pacs.008', debtorAgentOrg: SZ, creditorAgentOrg: HK, settlementDate: '2026-11-20',
  sidesPresent: ['DEBTOR_AGENT'], status: 'PENDING_COUNTERPARTY', differingFields: [],
});
const batch = (numbers: number[], intake: PaymentsChangedEvent['intake']): PaymentsChangedEvent => ({
  transaction: 'submitSides', txId: `tx-${numbers.join('-')}`, changes: numbers.map(change),
  counts: { received: numbers.length, changed: numbers.length, unchanged: 0 }, ...(intake === undefined ? {} : { intake }),
});

class RecordingLogger extends JsonLogger {
  readonly lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  event(level: 'info' | 'warn' | 'error' | 'debug', message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level, message, fields });
  }
}

describe('intake audit', () => {
  it('counts as lost what was announced beyond the counter and not found committed, never below 0', () => {
    assert.equal(lostSides({ announced: 130, counterAtStart: 100, committedFound: 12 }), 18);
    assert.equal(counterGap({ announced: 130, counterAtStart: 100, committedFound: 12 }), 30);
    assert.equal(lostSides({ announced: 90, counterAtStart: 100, committedFound: 0 }), 0, 'an ordinary restart: announcements under the counter');
    assert.equal(counterGap({ announced: 90, counterAtStart: 100, committedFound: 0 }), 0);
    assert.equal(lostSides({ announced: null, counterAtStart: 7, committedFound: 0 }), 0, 'nothing announced');
    assert.equal(lostSides({ announced: 105, counterAtStart: 100, committedFound: 9 }), 0);
  });

  describe('on a database', () => {
    let dataSource: DataSource;
    let logger: RecordingLogger;
    let outbox: string;
    let service: OutboxService;
    const accept = (numbers: number[]) => service.accept(numbers.map(side), 'json', undefined);
    /** Applies a batch as the projection does: in one transaction. */
    const observe = (audit: IntakeAudit, block: number, payload: PaymentsChangedEvent) =>
      dataSource.transaction((manager) => audit.observe(manager, CHANNEL, block, payload));

    beforeEach(async () => {
      dataSource = await openDatabase({ type: 'better-sqlite3', path: ':memory:' });
      logger = new RecordingLogger('SZBank');
      service = new OutboxService(dataSource, { wake: () => undefined } as unknown as OutboxWorker);
      outbox = await outboxIdOf(dataSource.manager);
    });
    afterEach(() => dataSource.destroy());

    it('reports the sides a restored database lost: announced - counter at start - committed without a row, and raises the counter by the gap', async () => {
      // The database as the backup saved it: sides 1-10 accepted (a counter of 10), 1-6 of them sent.
      await accept([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const audit = new IntakeAudit(dataSource, SZ, logger);
      await audit.begin([{ channel: CHANNEL, counterpartyOrg: HK }], async () => 20);
      // Blocks the lost instance committed: before the backup (announcing at most 10), then after it, sides 7-10 that
      // this database holds and sides 11-14 it has no row of, announcing 18 (it had accepted 11-18).
      await observe(audit, 11, batch([1, 2, 3, 4, 5, 6], { org: SZ, outbox, acceptedSides: 10 }));
      await observe(audit, 14, batch([7, 8, 11, 12], { org: SZ, outbox, acceptedSides: 16 }));
      await observe(audit, 17, batch([9, 10, 13, 14], { org: SZ, outbox, acceptedSides: 18 }));
      // Not this outbox's: another instance of the bank with a database of its own, another bank, a client without an outbox.
      await observe(audit, 18, batch([40, 41], { org: SZ, outbox: 'another-outbox', acceptedSides: 500 }));
      await observe(audit, 18, batch([42], { org: HK, outbox, acceptedSides: 900 }));
      await observe(audit, 18, batch([43], undefined));
      // The restored instance's own batches, at or above the start height.
      await accept([15]);
      await observe(audit, 20, batch([15], { org: SZ, outbox, acceptedSides: 11 }));
      assert.equal(await audit.passed(CHANNEL, 18), undefined, 'block 19 is still below the start height');
      assert.equal(await acceptedSidesOf(dataSource.manager, HK), 11);

      const report = await audit.passed(CHANNEL, 19);
      assert.deepEqual({ ...report, id: undefined, startedAt: undefined, recordedAt: undefined }, {
        id: undefined, channel: CHANNEL, counterpartyOrg: HK, announced: 18, counterAtStart: 10, committedFound: 4, lost: 4, blockNumber: 19,
        startedAt: undefined, recordedAt: undefined,
      });
      assert.equal(await acceptedSidesOf(dataSource.manager, HK), 19, 'raised by the whole gap of 8, over the side accepted since');
      assert.equal(await dataSource.getRepository(IntakeAuditEntity).count(), 0);
      const line = logger.lines.find((entry) => entry.level === 'error');
      assert.match(line?.message ?? '', /^intake: 4 sides accepted for HKBankMSP since this database was saved were never sent and are lost/);
      assert.equal(line?.fields.lostSides, 4);
      assert.equal(await audit.passed(CHANNEL, 25), undefined, 'an audit completes once');
      assert.equal(await dataSource.getRepository(IntakeReportEntity).count(), 1);
    });

    it('reports 0 after an ordinary restart, and does not count the same window again at the next start', async () => {
      await accept([1, 2, 3]);
      const first = new IntakeAudit(dataSource, SZ, logger);
      await first.begin([{ channel: CHANNEL, counterpartyOrg: HK }], async () => 5);
      await observe(first, 3, batch([1, 2, 3], { org: SZ, outbox, acceptedSides: 3 }));
      assert.equal((await first.passed(CHANNEL, 4))?.lost, 0);
      assert.equal(await acceptedSidesOf(dataSource.manager, HK), 3, 'no gap, no raise');
      const next = new IntakeAudit(dataSource, SZ, logger);
      await next.begin([{ channel: CHANNEL, counterpartyOrg: HK }], async () => 6);
      assert.deepEqual({ ...(await next.passed(CHANNEL, 5)), id: 0, startedAt: '', recordedAt: '' }, {
        id: 0, channel: CHANNEL, counterpartyOrg: HK, announced: null, counterAtStart: 3, committedFound: 0, lost: 0, blockNumber: 5, startedAt: '', recordedAt: '',
      });
      assert.ok(logger.lines.every((entry) => entry.level !== 'error'));
    });

    it('replaces an unfinished audit with one of this start\'s height and counter, as after a backup taken during it', async () => {
      await accept([1, 2]);
      const before = new IntakeAudit(dataSource, SZ, logger);
      await before.begin([{ channel: CHANNEL, counterpartyOrg: HK }], async () => 10);
      // The database is backed up here, during the audit; the instance goes on, sends up to block 98 and is lost.
      const after = new IntakeAudit(dataSource, SZ, logger);
      await after.begin([{ channel: CHANNEL, counterpartyOrg: HK }], async () => 99);
      await observe(after, 50, batch([5, 6], { org: SZ, outbox, acceptedSides: 7 }));
      const report = await after.passed(CHANNEL, 98);
      assert.deepEqual([report?.announced, report?.counterAtStart, report?.committedFound, report?.lost], [7, 2, 2, 3]);
    });

    it('does not take a side accepted after the start for one the lost instance committed', async () => {
      await accept([1]);
      const audit = new IntakeAudit(dataSource, SZ, logger);
      await audit.begin([{ channel: CHANNEL, counterpartyOrg: HK }], async () => 10);
      // A client sends side 2 again to the restored instance before the projection reads the batch that committed it.
      await accept([2]);
      await observe(audit, 5, batch([1, 2], { org: SZ, outbox, acceptedSides: 2 }));
      const report = await audit.passed(CHANNEL, 9);
      assert.deepEqual([report?.announced, report?.counterAtStart, report?.committedFound, report?.lost], [2, 1, 1, 0]);
    });
  });
});
