import { strict as assert } from 'node:assert';
import { DataSource } from 'typeorm';
import { PaymentSide } from '@bayrecon/common';
import { openDatabase } from '../database/data-source';
import { ConflictError } from '../errors/domain-errors';
import { OutboxItemEntity, SubmissionEntity } from './outbox.entities';
import { PaymentViewEntity } from '../projection/projection.entities';
import { CREDITOR_HOLD_BACK_MS, OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

const uetrOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const side = (n: number, amount = '100.00'): PaymentSide => ({
  uetr: uetrOf(n), side: 'DEBTOR_AGENT', counterpartyOrg: 'HKBankMSP', messageType: 'pacs.008', endToEndId: `E2E-${n}`,
  instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: 'HKBKHKHHXXX', debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: 'HKBKHKHHXXX',
  interbankSettlementAmount: { amount, currency: 'HKD' }, interbankSettlementDate: '2026-11-20',
});

describe('OutboxService (idempotency)', () => {
  let dataSource: DataSource;
  let service: OutboxService;
  let wakes = 0;

  beforeEach(async () => {
    dataSource = await openDatabase({ type: 'better-sqlite3', path: ':memory:' });
    wakes = 0;
    service = new OutboxService(dataSource, { wake: () => { wakes += 1; } } as unknown as OutboxWorker);
  });
  afterEach(() => dataSource.destroy());

  const counts = async () => ({
    submissions: await dataSource.getRepository(SubmissionEntity).count(),
    items: await dataSource.getRepository(OutboxItemEntity).count(),
  });

  it('replays the first answer for the same Idempotency-Key and body, storing nothing more', async () => {
    const first = await service.accept([side(1), side(2)], 'json', 'key-1');
    const again = await service.accept([side(1), side(2)], 'json', 'key-1');
    assert.equal(first.replayed, false);
    assert.equal(again.replayed, true);
    assert.equal(again.submissionId, first.submissionId);
    assert.deepEqual(again.items.map((item) => item.id), first.items.map((item) => item.id));
    assert.deepEqual(await counts(), { submissions: 1, items: 2 });
    assert.equal(wakes, 1, 'a replay does not wake the worker');
  });

  it('refuses the same Idempotency-Key with another body (409), writing nothing', async () => {
    await service.accept([side(1)], 'json', 'key-1');
    await assert.rejects(service.accept([side(2)], 'json', 'key-1'), (error: unknown) => error instanceof ConflictError && error.status === 409);
    assert.deepEqual(await counts(), { submissions: 1, items: 1 });
  });

  it('queues a side once however often it is sent (UETR and side), answering with the first item', async () => {
    const first = await service.accept([side(1)], 'json', undefined);
    const second = await service.accept([side(1), side(2)], 'csv', undefined);
    assert.equal(second.items[0].id, first.items[0].id);
    assert.deepEqual(await counts(), { submissions: 2, items: 2 });
  });

  it('answers with the ids and states the database holds, across insert chunks and with sides accepted before', async () => {
    await service.accept([side(7)], 'json', undefined);
    const sides = Array.from({ length: 450 }, (_, n) => side(n + 1));
    const answer = await service.accept([...sides, side(3)], 'json', undefined);
    const stored = await dataSource.getRepository(OutboxItemEntity).find({ order: { id: 'ASC' } });
    const byKey = new Map(stored.map((item) => [`${item.uetr}:${item.side}`, item]));
    assert.equal(answer.items.length, 450, 'one item per distinct side');
    assert.deepEqual(answer.items, sides.map((one) => {
      const item = byKey.get(`${one.uetr}:${one.side}`) as OutboxItemEntity;
      return { id: item.id, uetr: item.uetr, side: item.side, status: item.status, transactionId: item.transactionId, lastError: item.lastError };
    }));
  });

  it('refuses a side already accepted with other content, and the whole request with it (409)', async () => {
    await service.accept([side(1)], 'json', undefined);
    await assert.rejects(service.accept([side(2), side(1, '999.00')], 'json', undefined), (error: unknown) =>
      error instanceof ConflictError && error.problems.length === 1 && error.problems[0].path === 'sides[1]');
    assert.deepEqual(await counts(), { submissions: 1, items: 1 });
  });
});

describe('OutboxService (creditor agent sides)', () => {
  let dataSource: DataSource;
  let service: OutboxService;

  beforeEach(async () => {
    dataSource = await openDatabase({ type: 'better-sqlite3', path: ':memory:' });
    service = new OutboxService(dataSource, { wake: () => undefined } as unknown as OutboxWorker);
  });
  afterEach(() => dataSource.destroy());

  const creditorSide = (n: number): PaymentSide => ({ ...side(n), side: 'CREDITOR_AGENT', counterpartyOrg: 'SZBankMSP' });
  const viewWithDebtorSide = (n: number): Partial<PaymentViewEntity> => ({
    uetr: uetrOf(n), channel: 'pair-hkbank-szbank', corridor: 'SZ->HK', messageType: 'pacs.008', debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'HKBankMSP',
    settlementDate: '2026-11-20', sidesPresent: 'DEBTOR_AGENT', status: 'PENDING_COUNTERPARTY', differingFields: '',
    firstSeenAt: '2026-11-20T08:00:00.000Z', firstSeenBlock: 5, breakSince: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-20T08:00:00.000Z',
    lastTransactionId: 'tx5', lastBlockNumber: 5,
  });

  it('holds back a creditor agent side until the debtor agent side had time to commit, unless it is already seen', async () => {
    await dataSource.getRepository(PaymentViewEntity).insert(viewWithDebtorSide(1));
    await service.accept([creditorSide(1), creditorSide(2)], 'json', undefined);
    await service.accept([side(3)], 'json', undefined);
    const items = await dataSource.getRepository(OutboxItemEntity).find({ order: { id: 'ASC' } });
    const waitOf = (item: OutboxItemEntity): number => Date.parse(item.nextAttemptAt) - Date.parse(item.createdAt);
    assert.deepEqual(items.map((item) => [item.uetr, waitOf(item)]), [
      [uetrOf(1), 0],
      [uetrOf(2), CREDITOR_HOLD_BACK_MS],
      [uetrOf(3), 0],
    ]);
  });
});
