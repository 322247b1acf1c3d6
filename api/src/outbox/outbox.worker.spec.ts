import { strict as assert } from 'node:assert';
import { status as GrpcStatus, ServiceError } from '@grpc/grpc-js';
import { CommitError, EndorseError, StatusCode } from '@hyperledger/fabric-gateway';
import { DataSource } from 'typeorm';
import { Directory, PaymentAgents, PaymentSide, RefusalError, SubmitSidesSummary, batchRefusal, genesisDirectory, refusalOnTheWire } from '@bayrecon/common';
import { openDatabase } from '../database/data-source';
import { SubmitResult } from '../fabric/ledger-client';
import { Submitted } from '../fabric/typed-contract';
import { JsonLogger } from '../logging/json-logger';
import { IntakeOutboxEntity } from '../intake/intake.entities';
import { OutboxItemEntity } from './outbox.entities';
import { OutboxService } from './outbox.service';
import { OutboxStore } from './outbox.store';
import { MAX_BACKOFF_MS, MAX_COLLISION_PAUSE_MS, OutboxWorker, SideSubmitter, backoffMs, chooseBatch, collisionPauseMs } from './outbox.worker';

const silent = { event: () => undefined } as unknown as JsonLogger;
const directory = new Directory(genesisDirectory());

function side(uetr: string, counterpartyOrg: 'HKBankMSP' | 'MOBankMSP'): PaymentSide {
  const counterpartyBic = counterpartyOrg === 'HKBankMSP' ? 'HKBKHKHHXXX' : 'MOBKMOMXXXX';
  return {
    uetr, side: 'DEBTOR_AGENT', counterpartyOrg, messageType: 'pacs.008', endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: counterpartyBic, debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: counterpartyBic,
    interbankSettlementAmount: { amount: '100.00', currency: 'HKD' }, interbankSettlementDate: '2026-11-20',
  };
}
const uetrOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Call { sides: PaymentSide[]; endorsingOrganizations: string[]; intake?: { outbox: string; acceptedSides: number } }

/** Each bank pair's payments, as the worker sees them: a call records the sides and the pair whose peers endorse. */
class FakeLedger implements SideSubmitter {
  readonly mspId = 'SZBankMSP';
  readonly calls: Call[] = [];
  /** UETRs another bank pair records, with their agents, as its findPayments answers. */
  readonly elsewhere: Record<string, PaymentAgents> = {};
  constructor(private readonly behaviour: (call: Call, index: number) => Error | undefined = () => undefined) {}

  payments(orgA: string, orgB: string): ReturnType<SideSubmitter['payments']> {
    return {
      findPayments: async (uetrs) => Object.fromEntries(uetrs.filter((uetr) => uetr in this.elsewhere).map((uetr) => [uetr, this.elsewhere[uetr]])),
      submitSides: (sides, _endorsers, intake) => this.submitSides(typeof sides === 'string' ? JSON.parse(sides) as PaymentSide[] : [...sides], directory.paymentEndorsingOrgs(orgA, orgB), intake),
    };
  }

  async submitSides(sides: PaymentSide[], endorsingOrganizations: string[], intake?: Call['intake']): Promise<Submitted<SubmitSidesSummary, SubmitResult>> {
    const call = { sides, endorsingOrganizations, intake };
    this.calls.push(call);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const failure = this.behaviour(call, this.calls.length - 1);
    if (failure) throw failure;
    const commit: SubmitResult = { transactionId: `tx${this.calls.length}`, blockNumber: BigInt(100 + this.calls.length), result: new Uint8Array(), commitLearntFrom: 'block stream' };
    return { commit, result: { transaction: 'submitSides', txId: commit.transactionId, counts: { received: sides.length, changed: sides.length, unchanged: 0 } } };
  }
}

/** The gateway's error for an endorsement the chaincode answered with `message` (status 500). */
const endorsementRefused = (message: string): EndorseError => new EndorseError({
  code: GrpcStatus.ABORTED, transactionId: 'txRefused', cause: new Error('aborted') as ServiceError,
  details: [{ address: 'peer0', mspId: 'SZBankMSP', message: `chaincode response 500, ${message}` }],
});

/** The gateway's error for a chaincode refusal of a batch, as the chaincode puts it on the wire. */
const refusal = (received: number, issues: { path: string; reason: string }[]): EndorseError =>
  endorsementRefused(refusalOnTheWire(batchRefusal('CONFLICT', 'sides', received, issues).refusal));

describe('OutboxWorker', () => {
  let dataSource: DataSource;
  let worker: OutboxWorker;

  async function setUp(ledger: FakeLedger, outbox: Partial<{ batchSize: number; lingerMs: number; maxAttempts: number; concurrency: number }> = {}): Promise<OutboxService> {
    dataSource = await openDatabase({ type: 'better-sqlite3', path: ':memory:' });
    worker = new OutboxWorker(dataSource, ledger, { outbox: { batchSize: 500, lingerMs: 0, maxAttempts: 5, concurrency: 2, ...outbox } }, silent, { current: () => directory });
    return new OutboxService(dataSource, worker);
  }
  const items = () => dataSource.getRepository(OutboxItemEntity).find({ order: { id: 'ASC' } });
  /** Accepts the sides as one request and lets the worker send until nothing is due; returns every item, oldest first. */
  async function acceptAndSend(service: OutboxService, sides: PaymentSide[]): Promise<OutboxItemEntity[]> {
    await service.accept(sides, 'json', undefined);
    worker.start();
    await worker.idle();
    return items();
  }

  afterEach(async () => {
    await worker.stop();
    await dataSource.destroy();
  });

  it('sends one bank pair per batch, at most OUTBOX_BATCH_SIZE sides, endorsed by that pair, and records the commit', async () => {
    const ledger = new FakeLedger();
    const service = await setUp(ledger, { batchSize: 2 });
    const stored = await acceptAndSend(service, [1, 2, 3, 4, 5].map((n) => side(uetrOf(n), n % 2 === 0 ? 'MOBankMSP' : 'HKBankMSP')));
    assert.equal(ledger.calls.reduce((sum, call) => sum + call.sides.length, 0), 5);
    for (const call of ledger.calls) {
      assert.ok(call.sides.length <= 2);
      const pair = new Set(call.sides.map((s) => s.counterpartyOrg));
      assert.equal(pair.size, 1, 'one counterparty per batch');
      assert.deepEqual(call.endorsingOrganizations, [...pair, 'SZBankMSP'].sort());
    }
    for (const item of stored) {
      assert.equal(item.status, 'COMMITTED');
      assert.match(item.transactionId ?? '', /^tx\d+$/);
      assert.match(item.blockNumber ?? '', /^\d+$/);
    }
  });

  it('announces with every batch its outbox id and the sides accepted for that counterparty, pending ones included', async () => {
    const ledger = new FakeLedger();
    const service = await setUp(ledger, { batchSize: 2 });
    await service.accept([1, 2, 3].map((n) => side(uetrOf(n), 'HKBankMSP')), 'json', undefined);
    await service.accept([4, 5].map((n) => side(uetrOf(n), 'MOBankMSP')), 'json', 'again');
    // A replay and a side accepted before are not new sides: the counters do not move.
    await service.accept([4, 5].map((n) => side(uetrOf(n), 'MOBankMSP')), 'json', 'again');
    await service.accept([side(uetrOf(1), 'HKBankMSP'), side(uetrOf(6), 'HKBankMSP')], 'json', undefined);
    worker.start();
    await worker.idle();
    const [{ id: outbox }] = await dataSource.getRepository(IntakeOutboxEntity).find();
    assert.match(outbox, /^[0-9a-f-]{36}$/);
    const announced = ledger.calls.map((call) => ({ counterparty: call.sides[0].counterpartyOrg, sides: call.sides.length, intake: call.intake }))
      .sort((a, b) => a.counterparty.localeCompare(b.counterparty));
    assert.deepEqual(announced, [
      { counterparty: 'HKBankMSP', sides: 2, intake: { outbox, acceptedSides: 4 } },
      { counterparty: 'HKBankMSP', sides: 2, intake: { outbox, acceptedSides: 4 } },
      { counterparty: 'MOBankMSP', sides: 2, intake: { outbox, acceptedSides: 2 } },
    ]);
  });

  it('rejects only the sides a batch refusal names; the others go in the next batch', async () => {
    const ledger = new FakeLedger((call, index) => (index === 0
      ? refusal(call.sides.length, [{ path: 'sides[1].uetr', reason: `'${call.sides[1].uetr}' is already recorded with other content: use amendSide` }])
      : undefined));
    const service = await setUp(ledger);
    const [first, second, third] = await acceptAndSend(service, [1, 2, 3].map((n) => side(uetrOf(n), 'HKBankMSP')));
    assert.equal(second.status, 'REJECTED');
    assert.match(second.lastError ?? '', /uetr: .*use amendSide/);
    assert.equal(first.status, 'COMMITTED');
    assert.equal(third.status, 'COMMITTED');
    assert.deepEqual(ledger.calls[1].sides.map((s) => s.uetr), [uetrOf(1), uetrOf(3)]);
  });

  it('rejects before sending the sides whose UETR another bank pair\'s chaincode records', async () => {
    const ledger = new FakeLedger();
    ledger.elsewhere[uetrOf(2)] = { debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'MOBankMSP' };
    const service = await setUp(ledger);
    const [first, second, third] = await acceptAndSend(service, [1, 2, 3].map((n) => side(uetrOf(n), 'HKBankMSP')));
    assert.equal(second.status, 'REJECTED');
    assert.match(second.lastError ?? '', /uetr: .* is recorded with debtor agent SZBankMSP and creditor agent MOBankMSP \(on pair-mobank-szbank\); a UETR names one payment/);
    assert.deepEqual([first.status, third.status], ['COMMITTED', 'COMMITTED']);
    assert.deepEqual(ledger.calls.map((call) => call.sides.map((s) => s.uetr)), [[uetrOf(1), uetrOf(3)]]);
  });

  it('retries a read conflict until it commits, without counting it toward giving up', async () => {
    const ledger = new FakeLedger((_call, index) => (index < 3
      ? new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: `conflict${index}` })
      : undefined));
    const service = await setUp(ledger, { maxAttempts: 1 });
    const [item] = await acceptAndSend(service, [side(uetrOf(1), 'HKBankMSP')]);
    assert.equal(item.status, 'COMMITTED');
    assert.equal(item.attempts, 4);
    assert.equal(ledger.calls.length, 4);
  });

  it('sends a batch again that the chaincode refused as UNAVAILABLE, without counting it toward giving up', async () => {
    const unavailable = endorsementRefused(refusalOnTheWire(new RefusalError('UNAVAILABLE', 'the check did not finish within 5000 ms').refusal));
    const ledger = new FakeLedger((_call, index) => (index < 2 ? unavailable : undefined));
    const service = await setUp(ledger, { maxAttempts: 1 });
    const [item] = await acceptAndSend(service, [side(uetrOf(1), 'HKBankMSP')]);
    assert.equal(item.status, 'COMMITTED');
    assert.equal(ledger.calls.length, 3);
  });

  it('sends a batch again whose endorsement met another channel\'s chaincode definition moving to its next sequence', async () => {
    const moved = endorsementRefused("INVOKE_CHAINCODE failed: transaction ID: 23ed: execute failed: invalid invocation: [channel consortium] failed to get chaincode container info for bayrecon: chaincode cache at sequence 6 but current sequence is 5, chaincode definition for 'bayrecon' changed during invoke");
    const ledger = new FakeLedger((_call, index) => (index < 1 ? moved : undefined));
    const service = await setUp(ledger, { maxAttempts: 1 });
    const [item] = await acceptAndSend(service, [side(uetrOf(1), 'HKBankMSP')]);
    assert.equal(item.status, 'COMMITTED');
    assert.equal(ledger.calls.length, 2);
  });

  it('sends a batch again within a collision pause, not a growing back-off, after it lost to the other bank\'s', async () => {
    const ledger = new FakeLedger((_call, index) => (index < 5
      ? new CommitError({ code: index % 2 === 0 ? StatusCode.MVCC_READ_CONFLICT : StatusCode.ENDORSEMENT_POLICY_FAILURE, transactionId: `lost${index}` })
      : undefined));
    const service = await setUp(ledger, { maxAttempts: 10 });
    const started = Date.now();
    const [item] = await acceptAndSend(service, [side(uetrOf(1), 'HKBankMSP')]);
    assert.equal(item.status, 'COMMITTED');
    assert.equal(ledger.calls.length, 6);
    // Five exponential back-offs wait at least 50+100+200+400+800 ms; five collision pauses at most 1 s.
    assert.ok(Date.now() - started < 5 * MAX_COLLISION_PAUSE_MS + 300, `took ${Date.now() - started} ms`);
  });

  it('gives up on other failures after OUTBOX_MAX_ATTEMPTS, with the last error', async () => {
    const ledger = new FakeLedger(() => new Error('ENDORSEMENT_POLICY_FAILURE'));
    const service = await setUp(ledger, { maxAttempts: 2 });
    const [item] = await acceptAndSend(service, [side(uetrOf(1), 'HKBankMSP')]);
    assert.equal(item.status, 'REJECTED');
    assert.equal(item.attempts, 2);
    assert.match(item.lastError ?? '', /given up after 2 attempts: ENDORSEMENT_POLICY_FAILURE/);
  });

  it('never puts an item in two batches in flight at once', async () => {
    // Recorded, not asserted in the fake: an assertion thrown there would reach the worker as a failed batch,
    // which it retries, and the test would see only the total.
    const inFlight = new Set<string>();
    const sentTwice: string[] = [];
    const ledger = new FakeLedger();
    const original = ledger.submitSides.bind(ledger);
    ledger.submitSides = async (sides, endorsingOrganizations) => {
      const uetrs = sides.map((s) => s.uetr);
      sentTwice.push(...uetrs.filter((uetr) => inFlight.has(uetr)));
      uetrs.forEach((uetr) => inFlight.add(uetr));
      try {
        return await original(sides, endorsingOrganizations);
      } finally {
        for (const uetr of uetrs) inFlight.delete(uetr);
      }
    };
    const service = await setUp(ledger, { batchSize: 3, concurrency: 4 });
    const stored = await acceptAndSend(service, Array.from({ length: 40 }, (_, n) => side(uetrOf(n + 1), n % 3 === 0 ? 'MOBankMSP' : 'HKBankMSP')));
    assert.deepEqual(sentTwice, [], 'sides sent while a batch holding them was in flight');
    assert.equal(ledger.calls.reduce((sum, call) => sum + call.sides.length, 0), 40);
    assert.deepEqual(stored.map((item) => [item.status, item.attempts]), stored.map(() => ['COMMITTED', 1]));
  });

  it('while a batch lingers, looks for due items again only once accepted sides could fill it, or when the linger ends', async () => {
    const ledger = new FakeLedger();
    const service = await setUp(ledger, { batchSize: 4, lingerMs: 400 });
    // The due-items query is what each look costs; counted through the worker's own store.
    const looks = { count: 0 };
    const { store } = worker as unknown as { store: OutboxStore };
    const dueItems = store.dueItems.bind(store);
    store.dueItems = (...args) => {
      looks.count += 1;
      return dueItems(...args);
    };
    worker.start();
    await service.accept([side(uetrOf(1), 'HKBankMSP')], 'json', undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const afterFirst = looks.count;
    await service.accept([side(uetrOf(2), 'HKBankMSP')], 'json', undefined);
    await service.accept([side(uetrOf(3), 'HKBankMSP')], 'json', undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(looks.count, afterFirst, 'two sides cannot fill a batch of 4 that has 1: no look');
    assert.equal(ledger.calls.length, 0);
    const filled = Date.now();
    await service.accept([side(uetrOf(4), 'HKBankMSP')], 'json', undefined);
    await worker.idle();
    assert.ok(Date.now() - filled < 300, 'the side that fills the batch sends it before the linger ends');
    assert.deepEqual(ledger.calls.map((call) => call.sides.length), [4]);
  });

  it('sends a lingering batch that is not full when its linger ends', async () => {
    const ledger = new FakeLedger();
    const service = await setUp(ledger, { batchSize: 4, lingerMs: 100 });
    worker.start();
    await service.accept([side(uetrOf(1), 'HKBankMSP')], 'json', undefined);
    await service.accept([side(uetrOf(2), 'HKBankMSP')], 'json', undefined);
    await worker.idle();
    assert.deepEqual(ledger.calls.map((call) => call.sides.map((s) => s.uetr)), [[uetrOf(1), uetrOf(2)]]);
  });
});

describe('chooseBatch and backoffMs', () => {
  const due = (id: number, counterpartyOrg: string, at: number) => ({ id, counterpartyOrg, nextAttemptAt: new Date(at).toISOString() });

  it('takes the oldest item\'s bank pair, waiting for it to fill until the linger has passed', () => {
    const items = [due(1, 'HKBankMSP', 1000), due(2, 'MOBankMSP', 1000), due(3, 'HKBankMSP', 1010)];
    assert.deepEqual(chooseBatch(items, 10, 50, 1020, 0), { lingerUntil: 1050, missing: 8 });
    assert.deepEqual(chooseBatch(items, 10, 50, 1050, 0), { ids: [1, 3], counterpartyOrg: 'HKBankMSP' });
    assert.deepEqual(chooseBatch(items, 2, 50, 1000, 0), { ids: [1, 3], counterpartyOrg: 'HKBankMSP' });
    assert.equal(chooseBatch([], 10, 50, 0, 0), undefined);
  });

  it('waits one linger more per batch in flight before sending a batch that is not full', () => {
    const items = [due(1, 'HKBankMSP', 1000), due(2, 'HKBankMSP', 1010)];
    assert.deepEqual(chooseBatch(items, 10, 50, 1050, 2), { lingerUntil: 1150, missing: 8 });
    assert.deepEqual(chooseBatch(items, 10, 50, 1150, 2), { ids: [1, 2], counterpartyOrg: 'HKBankMSP' });
    assert.deepEqual(chooseBatch(items, 2, 50, 1000, 7), { ids: [1, 2], counterpartyOrg: 'HKBankMSP' });
  });

  it('backs off exponentially with jitter, never beyond the cap', () => {
    assert.equal(backoffMs(1, () => 1), 100);
    assert.equal(backoffMs(3, () => 1), 400);
    assert.equal(backoffMs(3, () => 0), 200);
    assert.equal(backoffMs(50, () => 1), MAX_BACKOFF_MS);
  });

  it('pauses at most MAX_COLLISION_PAUSE_MS after a collision, whatever the attempt', () => {
    assert.equal(collisionPauseMs(() => 0), 0);
    assert.equal(collisionPauseMs(() => 1), MAX_COLLISION_PAUSE_MS);
  });
});
