import { strict as assert } from 'node:assert';
import { DataSource } from 'typeorm';
import { PaymentSide } from '@bayrecon/common';
import { openDatabase } from '../database/data-source';
import { PaymentStatusChange, StatusFeed } from '../events/status-change';
import { JsonLogger } from '../logging/json-logger';
import { HeldSideRelease } from './held-side-release';
import { OutboxItemEntity } from './outbox.entities';
import { CREDITOR_HOLD_BACK_MS, OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

const uetrOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const creditorSide = (n: number): PaymentSide => ({
  uetr: uetrOf(n), side: 'CREDITOR_AGENT', counterpartyOrg: 'SZBankMSP', messageType: 'pacs.008', endToEndId: `E2E-${n}`,
  instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: 'HKBKHKHHXXX', debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: 'HKBKHKHHXXX',
  interbankSettlementAmount: { amount: '100.00', currency: 'HKD' }, interbankSettlementDate: '2026-11-20',
});
const change = (n: number, sidesPresent: string[], creditorAgentOrg = 'HKBankMSP'): PaymentStatusChange => ({
  id: `tx${n}:${uetrOf(n)}`, type: 'payment.status_changed', uetr: uetrOf(n), corridor: 'SZ->HK', messageType: 'pacs.008',
  debtorAgentOrg: 'SZBankMSP', creditorAgentOrg, settlementDate: '2026-11-20', status: 'PENDING_COUNTERPARTY', previousStatus: null,
  differingFields: [], sidesPresent, transactionId: `tx${n}`, blockNumber: n, at: '2026-11-20T08:00:00.000Z',
});

describe('HeldSideRelease', () => {
  let dataSource: DataSource;
  let feed: StatusFeed;
  let release: HeldSideRelease;
  let wakes: number;

  beforeEach(async () => {
    dataSource = await openDatabase({ type: 'better-sqlite3', path: ':memory:' });
    feed = new StatusFeed();
    wakes = 0;
    const worker = { wake: () => { wakes += 1; } } as unknown as OutboxWorker;
    release = new HeldSideRelease(dataSource, feed, worker, { mspId: 'HKBankMSP' }, { event: () => undefined } as unknown as JsonLogger);
    release.onApplicationBootstrap();
  });
  afterEach(async () => {
    release.onModuleDestroy();
    await dataSource.destroy();
  });

  const heldMs = async (): Promise<number[]> => (await dataSource.getRepository(OutboxItemEntity).find({ order: { id: 'ASC' } }))
    .map((item) => Date.parse(item.nextAttemptAt) - Date.parse(item.createdAt));
  /** Until the release's statement has run: it starts on a microtask after the publication. */
  const settled = async (): Promise<void> => {
    for (let turn = 0; turn < 50 && wakes === 0; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  it('sends a held creditor agent side once the projection shows its debtor agent side, and only that one', async () => {
    await new OutboxService(dataSource, { wake: () => undefined } as unknown as OutboxWorker).accept([creditorSide(1), creditorSide(2), creditorSide(3)], 'json', undefined);
    assert.deepEqual(await heldMs(), [CREDITOR_HOLD_BACK_MS, CREDITOR_HOLD_BACK_MS, CREDITOR_HOLD_BACK_MS]);

    feed.publish([change(1, ['DEBTOR_AGENT']), change(2, ['DEBTOR_AGENT', 'CREDITOR_AGENT']), change(3, ['DEBTOR_AGENT'], 'MOBankMSP')]);
    await settled();

    const [first, second, third] = await heldMs();
    assert.ok(first < CREDITOR_HOLD_BACK_MS, `UETR 1 released (${first} ms)`);
    assert.deepEqual([second, third], [CREDITOR_HOLD_BACK_MS, CREDITOR_HOLD_BACK_MS], 'a payment already matched, or another bank\'s, moves nothing');
    assert.equal(wakes, 1);
  });

  it('leaves a side that is backing off after a failed attempt as it is', async () => {
    await new OutboxService(dataSource, { wake: () => undefined } as unknown as OutboxWorker).accept([creditorSide(1)], 'json', undefined);
    await dataSource.getRepository(OutboxItemEntity).update({ uetr: uetrOf(1) }, { attempts: 1 });

    feed.publish([change(1, ['DEBTOR_AGENT'])]);
    await settled();

    assert.deepEqual(await heldMs(), [CREDITOR_HOLD_BACK_MS]);
  });
});
