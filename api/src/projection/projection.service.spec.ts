import { strict as assert } from 'node:assert';
import { ChaincodeEvent, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { DataSource } from 'typeorm';
import { PaymentChange, PaymentsChangedEvent, originOf } from '@bayrecon/common';
import { openDatabase } from '../database/data-source';
import { BlockEvents } from '../fabric/events-by-block';
import { StatusFeed, PaymentStatusChange } from '../events/status-change';
import { WebhookService } from '../events/webhook.service';
import { JsonLogger } from '../logging/json-logger';
import { ResumeFilter } from './checkpoint';
import { PaymentEventEntity, PaymentViewEntity } from './projection.entities';
import { ProjectionLedger, ProjectionService, readCheckpoint, wipeProjection } from './projection.service';

/** A transaction of a fake ledger: its chaincode event, creator and timestamp. */
interface FakeTransaction {
  txId: string;
  creator: string;
  at: string;
  eventName: string;
  payload: object;
}

/** A ledger of blocks whose event stream can be broken after a number of events, as a dropped connection would. */
class FakeLedger implements ProjectionLedger {
  readonly mspId = 'SZBankMSP';
  breakAfter = Infinity;
  streamsOpened: bigint[] = [];
  constructor(readonly blocks: FakeTransaction[][]) {}

  async eventsByBlock(startBlock: bigint): Promise<CloseableAsyncIterable<BlockEvents>> {
    this.streamsOpened.push(startBlock);
    const blocks = this.blocks;
    let closed = false;
    const ledger = this;
    async function* read(): AsyncGenerator<BlockEvents> {
      let sent = 0;
      // Like a live stream: once past the last block it waits for the next one until closed.
      for (let number = Number(startBlock); !closed; number += 1) {
        while (number >= blocks.length && !closed) await new Promise((resolve) => setTimeout(resolve, 5));
        if (closed) return;
        const events: ChaincodeEvent[] = [];
        for (const transaction of blocks[number]) {
          if (sent === ledger.breakAfter) {
            ledger.breakAfter = Infinity;
            throw new Error('stream broken');
          }
          sent += 1;
          events.push({
            blockNumber: BigInt(number), transactionId: transaction.txId, chaincodeName: 'bayrecon', eventName: transaction.eventName,
            // As the chaincode's emitEvent does: the payload carries the transaction's origin.
            payload: Buffer.from(JSON.stringify({ ...transaction.payload, origin: { at: transaction.at, creatorMspId: transaction.creator } })),
          });
        }
        yield { blockNumber: BigInt(number), events };
      }
    }
    const iterator = read();
    const close = () => { closed = true; };
    return { [Symbol.asyncIterator]: () => iterator, close, [Symbol.dispose]: close };
  }

  async getChainInfo(): Promise<Uint8Array> {
    const info = new common.BlockchainInfo();
    info.setHeight(this.blocks.length);
    return info.serializeBinary();
  }
}

const change = (uetr: string, status: PaymentChange['status'], orgs: [string, string] = ['SZBankMSP', 'HKBankMSP']): PaymentChange => ({
  uetr, corridor: 'SZ->HK', messageType: 'pacs.008', debtorAgentOrg: orgs[0], creditorAgentOrg: orgs[1], settlementDate: '2031-05-06',
  sidesPresent: status === 'PENDING_COUNTERPARTY' ? ['DEBTOR_AGENT'] : ['DEBTOR_AGENT', 'CREDITOR_AGENT'], status,
  differingFields: status === 'DISCREPANCY' ? ['interbankSettlementAmount'] : [],
});
const paymentsTx = (txId: string, at: string, changes: PaymentChange[]): FakeTransaction => {
  const payload: PaymentsChangedEvent = { transaction: 'submitSides', txId, changes, counts: { received: changes.length, changed: changes.length, unchanged: 0 } };
  return { txId, creator: 'SZBankMSP', at, eventName: 'PaymentsChanged', payload };
};

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const U3 = '33333333-3333-4333-8333-333333333333';

function fakeLedger(): FakeLedger {
  return new FakeLedger([
    [],
    [paymentsTx('t1', '2031-05-06T01:00:00.000Z', [change(U1, 'PENDING_COUNTERPARTY'), change(U3, 'PENDING_COUNTERPARTY', ['HKBankMSP', 'MOBankMSP'])]),
      paymentsTx('t2', '2031-05-06T01:00:00.500Z', [change(U2, 'PENDING_COUNTERPARTY')])],
    [paymentsTx('t3', '2031-05-06T02:00:00.000Z', [change(U1, 'DISCREPANCY'), change(U2, 'MATCHED')])],
    [paymentsTx('t4', '2031-05-06T03:00:00.000Z', [change(U1, 'RESOLVED')])],
  ]);
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const quietLogger = new (class extends JsonLogger { event(): void {} })('SZBank');

describe('projection', () => {
  let dataSource: DataSource;
  const webhookConfig = { webhookUrls: [], webhookSecret: undefined, webhookMaxAttempts: 3, webhookRetryBaseMs: 10 };
  const service = (ledger: FakeLedger, feed = new StatusFeed()) =>
    new ProjectionService(dataSource, ledger, { fabric: { mspId: ledger.mspId } as never }, quietLogger, feed, new WebhookService(dataSource, webhookConfig, quietLogger));
  const tableDump = async () => ({
    payments: await dataSource.getRepository(PaymentViewEntity).find({ order: { uetr: 'ASC' } }),
    events: (await dataSource.getRepository(PaymentEventEntity).find({ order: { id: 'ASC' } })).map(({ id: _id, ...rest }) => rest),
  });
  const caughtUp = async () => (await readCheckpoint(dataSource.manager)).transactionId === 't4';

  beforeEach(async () => {
    dataSource = await openDatabase({ type: 'better-sqlite3', path: ':memory:' });
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('takes each transaction\'s timestamp and creator from its event, and refuses an event without them', () => {
    const payload = { txId: 't9', origin: { at: '2031-05-06T01:02:03.456Z', creatorMspId: 'SZBankMSP' } };
    assert.deepEqual(originOf(payload), { at: '2031-05-06T01:02:03.456Z', creatorMspId: 'SZBankMSP' });
    assert.throws(() => originOf({ txId: 't9' }), /without an origin/);
    assert.throws(() => originOf({ txId: 't9', origin: { at: 5, creatorMspId: 'SZBankMSP' } }), /without an origin/);
  });

  it('skips the events of the checkpoint\'s block up to and including its transaction, and applies the rest', () => {
    const filter = new ResumeFilter({ blockNumber: 5, transactionId: 'b' });
    assert.deepEqual([[5, 'a'], [5, 'b'], [5, 'c'], [6, 'd']].map(([block, tx]) => filter.isNew(block as number, tx as string)), [false, false, true, true]);
    const fresh = new ResumeFilter({ blockNumber: null, transactionId: null });
    assert.equal(fresh.isNew(0, 'x'), true);
  });

  it('keeps the org\'s payments with ledger times, a break\'s start across break statuses, and every change once', async () => {
    const projection = service(fakeLedger());
    projection.start();
    await until(caughtUp);
    await projection.stop();
    const { payments, events } = await tableDump();
    assert.deepEqual(payments.map((row) => row.uetr), [U1, U2], 'the HK->MO payment of two other banks is not SZBank\'s to keep');
    const [u1, u2] = payments;
    assert.equal(u1.status, 'RESOLVED');
    assert.equal(u1.breakSince, null);
    assert.equal(u1.firstSeenAt, '2031-05-06T01:00:00.000Z');
    assert.equal(u1.updatedAt, '2031-05-06T03:00:00.000Z');
    assert.equal(u1.lastBlockNumber, 3);
    assert.equal(u2.status, 'MATCHED');
    assert.deepEqual(events.filter((event) => event.uetr === U1).map((event) => [event.transactionId, event.previousStatus, event.status]), [
      ['t1', null, 'PENDING_COUNTERPARTY'], ['t3', 'PENDING_COUNTERPARTY', 'DISCREPANCY'], ['t4', 'DISCREPANCY', 'RESOLVED'],
    ]);
  });

  it('keeps a UETR naming the payment first recorded with it when another bank pair\'s chaincode records it too', async () => {
    const ledger = fakeLedger();
    ledger.blocks.push([paymentsTx('t5', '2031-05-06T04:00:00.000Z', [change(U1, 'PENDING_COUNTERPARTY', ['SZBankMSP', 'MOBankMSP'])])]);
    const projection = service(ledger);
    projection.start();
    await until(async () => (await readCheckpoint(dataSource.manager)).transactionId === 't5');
    await projection.stop();
    const u1 = await dataSource.getRepository(PaymentViewEntity).findOneByOrFail({ uetr: U1 });
    assert.deepEqual([u1.creditorAgentOrg, u1.status, u1.lastTransactionId], ['HKBankMSP', 'RESOLVED', 't4']);
  });

  it('reports blocks without events of bayrecon as read, so a caught-up projection lags by none', async () => {
    const ledger = fakeLedger();
    ledger.blocks.push([], []);
    const projection = service(ledger);
    projection.start();
    await until(async () => (await projection.status()).readThroughBlock === 5);
    const status = await projection.status();
    await projection.stop();
    assert.deepEqual([status.checkpoint.blockNumber, status.ledgerHeight, status.lagBlocks], [3, 6, 0]);
    assert.equal((await projection.status()).readThroughBlock, null, 'a stopped projection has read nothing it could vouch for');
  });

  it('a break keeps the time it began while it moves from pending to discrepancy', async () => {
    const ledger = fakeLedger();
    ledger.blocks.pop();
    const projection = service(ledger);
    projection.start();
    await until(async () => (await readCheckpoint(dataSource.manager)).transactionId === 't3');
    await projection.stop();
    const u1 = await dataSource.getRepository(PaymentViewEntity).findOneByOrFail({ uetr: U1 });
    assert.equal(u1.status, 'DISCREPANCY');
    assert.equal(u1.breakSince, '2031-05-06T01:00:00.000Z');
  });

  it('resumes after a broken stream and after a restart without applying an event twice or skipping one', async () => {
    const ledger = fakeLedger();
    const lastBlock = ledger.blocks.pop() as FakeTransaction[];
    ledger.breakAfter = 2;
    const first = service(ledger);
    first.start();
    await until(async () => (await readCheckpoint(dataSource.manager)).transactionId === 't3');
    await first.stop();
    assert.deepEqual(ledger.streamsOpened, [0n, 1n], 'after the break the stream reopens at the checkpoint\'s block, 1');
    ledger.blocks.push(lastBlock);
    const second = service(ledger);
    second.start();
    await until(caughtUp);
    await second.stop();
    assert.deepEqual(ledger.streamsOpened, [0n, 1n, 2n], 'the restart resumes at the checkpoint\'s block, 2');
    const { events } = await tableDump();
    assert.deepEqual(events.map((event) => `${event.transactionId}:${event.uetr}`), [`t1:${U1}`, `t2:${U2}`, `t3:${U1}`, `t3:${U2}`, `t4:${U1}`]);
  });

  it('a rebuild from genesis gives identical tables and re-announces nothing', async () => {
    const ledger = fakeLedger();
    const feed = new StatusFeed();
    const announced: PaymentStatusChange[] = [];
    feed.changes.subscribe((announcement) => announced.push(announcement));
    const projection = service(ledger, feed);
    await projection.onApplicationBootstrap();
    await until(caughtUp);
    const before = await tableDump();
    assert.equal(announced.length, 0, 'the history a new projection catches up on is not news');
    assert.equal(await wipeProjection(dataSource), 3);
    ledger.blocks.push([paymentsTx('t5', '2031-05-06T04:00:00.000Z', [change(U3, 'PENDING_COUNTERPARTY', ['SZBankMSP', 'MOBankMSP'])])]);
    await until(async () => (await readCheckpoint(dataSource.manager)).transactionId === 't5');
    await projection.stop();
    const after = await tableDump();
    assert.deepEqual(after.payments.filter((row) => row.uetr !== U3), before.payments);
    assert.deepEqual(after.events.filter((event) => event.uetr !== U3), before.events);
    assert.deepEqual(announced.map((announcement) => announcement.id), [`t5:${U3}`], 'only the change after the old checkpoint is news');
  });
});
