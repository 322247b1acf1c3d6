import { strict as assert } from 'node:assert';
import {
  PaymentDetails, PaymentRecord, PaymentsChangedEvent, SideBatch, SubmitSidesSummary, canonicalJson, unmarshal,
} from '@bayrecon/common';
import { DirectoryContract } from '../directory/directory.contract';
import { FakeLedger, FakeNetwork, TransactionOptions, TransactionResult } from '../testing/fake-ledger';
import {
  hkCreditorSide, sidesTransient, szDebtorSide, uetrOf,
} from '../testing/fixtures';
import { refusal, refused } from '../testing/refusals';
import { PaymentContract } from './payment.contract';

const contract = new PaymentContract();
const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const MO = 'MOBankMSP';
const REGULATOR = 'HKMAMSP';

function submit(ledger: FakeLedger, mspId: string, sides: unknown[], options: Partial<TransactionOptions> = {}): Promise<TransactionResult> {
  return ledger.submit({ mspId, transient: sidesTransient(sides), ...options }, (ctx) => contract.submitSides(ctx, '', ''));
}

async function payment(ledger: FakeLedger, n: number, mspId = REGULATOR): Promise<PaymentRecord> {
  return JSON.parse(await ledger.evaluate({ mspId }, (ctx) => contract.getPayment(ctx, uetrOf(n)))) as PaymentRecord;
}

function eventOf(result: TransactionResult): PaymentsChangedEvent {
  assert.equal(result.events.length, 1, 'exactly one chaincode event per transaction');
  assert.equal(result.events[0].name, 'PaymentsChanged');
  return unmarshal<PaymentsChangedEvent>(result.events[0].payload);
}

describe('payment contract', () => {
  let network: FakeNetwork;
  let ledger: FakeLedger;
  beforeEach(() => {
    network = new FakeNetwork([new DirectoryContract(), contract]);
    ledger = network.pair(SZ, HK);
  });

  describe('reconciliation', () => {
    it('keeps a lone side PENDING_COUNTERPARTY, then MATCHED when the counterparty sends the same payment', async () => {
      const first = await submit(ledger, SZ, [szDebtorSide(1)]);
      assert.deepEqual(eventOf(first).changes, [{
        uetr: uetrOf(1), corridor: 'SZ->HK', messageType: 'pacs.008', debtorAgentOrg: SZ, creditorAgentOrg: HK,
        settlementDate: '2024-05-01', sidesPresent: ['DEBTOR_AGENT'], status: 'PENDING_COUNTERPARTY', differingFields: [],
      }]);
      const second = await submit(ledger, HK, [hkCreditorSide(1)]);
      assert.equal(eventOf(second).changes[0].status, 'MATCHED');
      const record = await payment(ledger, 1);
      assert.equal(record.status, 'MATCHED');
      assert.equal(record.corridor, 'SZ->HK');
      assert.equal(record.sides.DEBTOR_AGENT?.submittedBy, SZ);
      assert.equal(record.sides.CREDITOR_AGENT?.submittedBy, HK);
    });

    it('matches amounts written differently but equal (100 and 100.00) and BIC8 with BIC11 XXX', async () => {
      await submit(ledger, SZ, [szDebtorSide(2, { interbankSettlementAmount: { amount: '100', currency: 'HKD' }, debtorAgentBic: 'SZBKCNBS' })]);
      await submit(ledger, HK, [hkCreditorSide(2, { interbankSettlementAmount: { amount: '100.00', currency: 'HKD' } })]);
      assert.equal((await payment(ledger, 2)).status, 'MATCHED');
    });

    it('names each differing field in DISCREPANCY and never puts the values in public state', async () => {
      await submit(ledger, SZ, [szDebtorSide(3, { interbankSettlementAmount: { amount: '987654.32', currency: 'HKD' } })]);
      const result = await submit(ledger, HK, [hkCreditorSide(3, {
        interbankSettlementAmount: { amount: '987645.32', currency: 'HKD' }, endToEndId: 'E2E-OTHER',
      })]);
      assert.deepEqual(eventOf(result).changes[0].differingFields, ['endToEndId', 'interbankSettlementAmount']);
      const record = await payment(ledger, 3);
      assert.equal(record.status, 'DISCREPANCY');
      assert.deepEqual(record.differingFields, ['endToEndId', 'interbankSettlementAmount']);
      const publicText = ledger.publicText();
      for (const secret of ['987654.32', '987645.32', 'E2E-OTHER', 'Shenzhen Widget Co', 'CN001122334455', 'invoice 3']) {
        assert.ok(!publicText.includes(secret), `${secret} must not be in public state`);
      }
    });

    it('lists the pending and the discrepant payments as breaks of their corridor and date', async () => {
      await submit(ledger, SZ, [szDebtorSide(4), szDebtorSide(5), szDebtorSide(6)]);
      await submit(ledger, HK, [hkCreditorSide(5), hkCreditorSide(6, { chargeBearer: 'DEBT' })]);
      const breaks = JSON.parse(await ledger.evaluate({ mspId: REGULATOR }, (ctx) => contract.listBreaks(ctx, 'SZ->HK', '2024-05-01')));
      assert.deepEqual(breaks.breaks, [
        { uetr: uetrOf(4), status: 'PENDING_COUNTERPARTY' },
        { uetr: uetrOf(6), status: 'DISCREPANCY' },
      ]);
      const otherDay = JSON.parse(await ledger.evaluate({ mspId: HK }, (ctx) => contract.listBreaks(ctx, 'SZ->HK', '2024-05-02')));
      assert.deepEqual(otherDay.breaks, []);
    });

    it('writes nothing to the pending index when a payment matches, and lists it no more', async () => {
      await submit(ledger, SZ, [szDebtorSide(9), szDebtorSide(10)]);
      const { ctx, stub } = ledger.context({ mspId: HK, transient: sidesTransient([hkCreditorSide(9)]) });
      await contract.submitSides(ctx, '', '');
      assert.deepEqual([...stub.stateWrites.keys()].map((key) => ctx.stub.splitCompositeKey(key).objectType), ['payment']);
      stub.commit();
      const breaks = JSON.parse(await ledger.evaluate({ mspId: REGULATOR }, (ctx2) => contract.listBreaks(ctx2, 'SZ->HK', '2024-05-01')));
      assert.deepEqual(breaks.breaks, [{ uetr: uetrOf(10), status: 'PENDING_COUNTERPARTY' }]);
    });

    it('refuses to list a corridor\'s breaks to a bank outside it', async () => {
      const message = await refusal(ledger.evaluate({ mspId: MO }, (ctx) => contract.listBreaks(ctx, 'SZ->HK', '2024-05-01')));
      assert.match(message, /'MOBankMSP' cannot list the breaks of corridor SZ->HK/);
    });
  });

  describe('concurrency', () => {
    it('loses no side when both banks submit the same UETR in the same block: the later conflicts, its retry matches', async () => {
      const sz = ledger.context({ mspId: SZ, transient: sidesTransient([szDebtorSide(60)]) });
      const hk = ledger.context({ mspId: HK, transient: sidesTransient([hkCreditorSide(60)]) });
      await contract.submitSides(sz.ctx, '', '');
      await contract.submitSides(hk.ctx, '', '');
      sz.stub.commit();
      assert.throws(() => hk.stub.commit(), /MVCC_READ_CONFLICT/);
      assert.equal((await payment(ledger, 60)).status, 'PENDING_COUNTERPARTY');
      await submit(ledger, HK, [hkCreditorSide(60)]);
      assert.equal((await payment(ledger, 60)).status, 'MATCHED');
    });
  });

  describe('resubmission', () => {
    it('treats an identical resubmission as a no-op that writes nothing', async () => {
      await submit(ledger, SZ, [szDebtorSide(7)]);
      const again = await submit(ledger, SZ, [szDebtorSide(7)]);
      assert.deepEqual(eventOf(again).counts, { received: 1, changed: 0, unchanged: 1 });
      assert.deepEqual(again.writtenKeys, []);
    });

    it('refuses a different side for a UETR already recorded and points to amendSide', async () => {
      await submit(ledger, SZ, [szDebtorSide(8)]);
      const message = await refusal(submit(ledger, SZ, [szDebtorSide(8, { remittanceInformation: 'changed' })]));
      assert.match(message, /sides\[0\]: the DEBTOR_AGENT side of '.*' is already recorded with different content: use amendSide/);
    });
  });

  describe('batches', () => {
    it('refuses a batch with bad records whole, listing every bad index and reason, and writes nothing', async () => {
      const sides = [
        szDebtorSide(10),
        szDebtorSide(11, { interbankSettlementAmount: { amount: '12.345', currency: 'HKD' } }),
        szDebtorSide(12),
        { ...szDebtorSide(13), uetr: 'not-a-uetr' },
      ];
      const refusedBatch = await refused(submit(ledger, SZ, sides));
      assert.equal(refusedBatch.kind, 'INVALID');
      assert.equal(refusedBatch.message, 'batch refused: 2 of 4 sides have errors');
      assert.deepEqual(refusedBatch.issues, [
        { path: 'sides[1].interbankSettlementAmount', reason: "'12.345' has more decimals than HKD allows (2)" },
        { path: 'sides[3].uetr', reason: "'not-a-uetr' is not a UETR (lower-case UUIDv4)" },
      ]);
      assert.equal(ledger.state.size, 0);
      assert.equal(ledger.privateData.size, 0);
    });

    it('refuses more than 500 sides', async () => {
      const sides = Array.from({ length: 501 }, (_, n) => szDebtorSide(n + 1));
      assert.match(await refusal(submit(ledger, SZ, sides)), /expected a JSON array of 1 to 500 sides, got 501 sides/);
    });

    it('accepts 500 sides in one transaction with one event and one private blob, in four round trips to the peer', async () => {
      const sides = Array.from({ length: 500 }, (_, n) => szDebtorSide(n + 1));
      const { ctx, stub } = ledger.context({ mspId: SZ, transient: sidesTransient(sides) });
      const summary = JSON.parse(await contract.submitSides(ctx, '', '')) as SubmitSidesSummary;
      assert.deepEqual(summary, { transaction: 'submitSides', txId: stub.getTxID(), counts: { received: 500, changed: 500, unchanged: 0 } });
      assert.equal(stub.events.length, 1);
      const event = unmarshal<PaymentsChangedEvent>(stub.events[0].payload);
      assert.equal(event.changes.length, 500, 'the changes travel in the event');
      assert.equal(stub.calls.getStateMultiple, 1, 'the 500 payment keys read at once');
      assert.equal(stub.calls.getState, 0);
      assert.equal(stub.calls.getPrivateData, 1, 'the pair key');
      assert.equal(stub.calls.writeBatch, 1, '503 writes in one message');
      assert.equal(stub.calls.putState + stub.calls.putPrivateData + stub.calls.setStateValidationParameter, 0);
      assert.equal(stub.stateWrites.size, 501, '500 payments and one pending index entry for their date and corridor');
      assert.equal(stub.validationWrites.size, 0, 'no key-level policy: the pair chaincode\'s policy covers the keys');
      assert.equal([...stub.privateWrites.values()].reduce((sum, writes) => sum + writes.size, 0), 2, 'the batch blob and the new pair key');
    });

    it('writes every value, public and private, and the event in canonical JSON, the blob holding the normalised sides in batch order', async () => {
      const sides = [szDebtorSide(21, { interbankSettlementAmount: { amount: '7', currency: 'HKD' } }), szDebtorSide(20)];
      const { ctx, stub } = ledger.context({ mspId: SZ, transient: sidesTransient(sides) });
      await contract.submitSides(ctx, '', '');
      const written = [...stub.stateWrites.values(), ...[...stub.privateWrites.values()].flatMap((writes) => [...writes.values()]), stub.events[0].payload]
        .map((bytes) => Buffer.from(bytes as Uint8Array).toString('utf8'));
      const blobs = written.filter((text) => text.startsWith('{"sides":'));
      assert.equal(blobs.length, 1);
      for (const text of written.filter((candidate) => candidate.startsWith('{'))) assert.equal(text, canonicalJson(JSON.parse(text)));
      const blob = JSON.parse(blobs[0]) as SideBatch;
      assert.deepEqual(blob, { txId: stub.getTxID(), submittedBy: SZ, sides: [{ ...sides[0], interbankSettlementAmount: { amount: '7.00', currency: 'HKD' } }, sides[1]] });
    });

    it('refuses a batch mixing counterparties, since its details would reach a third bank', async () => {
      const toMacau = szDebtorSide(14, { counterpartyOrg: MO, creditorAgentBic: 'MOBKMOMXXXX', instructedAgentBic: 'MOBKMOMXXXX' });
      const message = await refusal(submit(ledger, SZ, [szDebtorSide(15), toMacau]));
      assert.match(message, /sides\[1\]\.counterpartyOrg: 'MOBankMSP' differs from 'HKBankMSP' at sides\[0\]/);
    });

    it('keeps one copy of a UETR sent twice identically in one batch', async () => {
      const result = await submit(ledger, SZ, [szDebtorSide(16), szDebtorSide(16)]);
      assert.deepEqual(eventOf(result).counts, { received: 2, changed: 1, unchanged: 1 });
    });

    it('refuses a UETR sent twice with different content in one batch, naming both indexes', async () => {
      const message = await refusal(submit(ledger, SZ, [szDebtorSide(17), szDebtorSide(18), szDebtorSide(17, { endToEndId: 'X' })]));
      assert.match(message, /sides\[2\]\.uetr: '.*' is also at sides\[0\] with different content/);
    });

    it('refuses the first batch of a pair when neither a pair key nor a proposal exists', async () => {
      const message = await refusal(ledger.submit({ mspId: SZ, transient: sidesTransient([szDebtorSide(19)], false) }, (ctx) => contract.submitSides(ctx, '', '')));
      assert.match(message, /pair_HKBank_SZBank has no pair key yet and the transient map has no 'pairKeyProposal'/);
    });
  });

  describe('the intake announcement of a batch', () => {
    const OUTBOX = '0b6c2d9e-4f1a-4c3b-9e7d-2a5f8c1b3e60';
    const announce = (mspId: string, sides: unknown[], outbox: string, acceptedSides: string) =>
      ledger.submit({ mspId, transient: sidesTransient(sides) }, (ctx) => contract.submitSides(ctx, outbox, acceptedSides));

    it('carries the outbox and its count in the event and the result, with the submitter\'s org from its identity', async () => {
      const result = await announce(SZ, [szDebtorSide(60), szDebtorSide(61)], OUTBOX, '9007199254740991');
      assert.deepEqual(eventOf(result).intake, { org: SZ, outbox: OUTBOX, acceptedSides: Number.MAX_SAFE_INTEGER });
      assert.deepEqual((JSON.parse(result.result) as SubmitSidesSummary).intake, { org: SZ, outbox: OUTBOX, acceptedSides: Number.MAX_SAFE_INTEGER });
      const hk = await announce(HK, [hkCreditorSide(60)], 'hk-outbox', '0');
      assert.deepEqual(eventOf(hk).intake, { org: HK, outbox: 'hk-outbox', acceptedSides: 0 });
    });

    it('announces nothing for a client without an outbox (both arguments empty)', async () => {
      const result = await announce(SZ, [szDebtorSide(62)], '', '');
      assert.equal('intake' in eventOf(result), false);
      assert.equal('intake' in (JSON.parse(result.result) as SubmitSidesSummary), false);
    });

    it('writes no state for it: the same batch writes the same keys and values announced or not', async () => {
      const sides = [szDebtorSide(63), szDebtorSide(64)];
      const announced = await announce(SZ, sides, OUTBOX, '41');
      const other = new FakeNetwork([new DirectoryContract(), contract]).pair(SZ, HK);
      const silent = await other.submit({ mspId: SZ, transient: sidesTransient(sides) }, (ctx) => contract.submitSides(ctx, '', ''));
      assert.deepEqual(announced.writtenKeys, silent.writtenKeys);
      assert.ok(!ledger.publicText().includes(OUTBOX), 'the outbox id is in no state value');
      assert.ok(!ledger.publicText().includes('acceptedSides'), 'the count is in no state value');
    });

    for (const [outbox, acceptedSides, field, reason] of [
      [OUTBOX, '-1', 'acceptedSides', /non-negative safe integer/],
      [OUTBOX, '1.5', 'acceptedSides', /non-negative safe integer/],
      [OUTBOX, '9007199254740992', 'acceptedSides', /non-negative safe integer/],
      [OUTBOX, '007', 'acceptedSides', /decimal digits/],
      [OUTBOX, '', 'acceptedSides', /non-negative safe integer/],
      ['', '3', 'outbox', /letters, digits and hyphens/],
      ['a'.repeat(65), '3', 'outbox', /1 to 64/],
      ['sz outbox', '3', 'outbox', /letters, digits and hyphens/],
    ] as const) {
      it(`refuses outbox ${JSON.stringify(outbox.slice(0, 12))} with acceptedSides ${JSON.stringify(acceptedSides)} (INVALID, naming ${field}) and writes nothing`, async () => {
        const before = ledger.publicText();
        const found = await refused(announce(SZ, [szDebtorSide(66)], outbox, acceptedSides));
        assert.equal(found.kind, 'INVALID');
        assert.deepEqual(found.issues.map((issue) => issue.path), [field]);
        assert.match(found.message, reason);
        assert.equal(ledger.publicText(), before);
      });
    }
  });

  describe('who may write what', () => {
    it('refuses a regulator and unknown orgs as writers', async () => {
      assert.match(await refusal(submit(ledger, REGULATOR, [szDebtorSide(20)])), /HKMAMSP cannot submit payment sides: a regulator reads/);
      assert.match(await refusal(submit(ledger, 'EvilMSP', [szDebtorSide(20)])), /'EvilMSP' cannot submit payment sides: it is not a member bank/);
    });

    it('refuses a forged side: HKBank claiming the DEBTOR_AGENT side with SZBank\'s BIC', async () => {
      const forged = szDebtorSide(21, { counterpartyOrg: SZ });
      const message = await refusal(submit(ledger, HK, [forged]));
      assert.match(message, /sides\[0\]\.debtorAgentBic: 'SZBKCNBSXXX' belongs to SZBankMSP, not to the submitter HKBankMSP/);
    });

    it('refuses a third bank attaching a side to another pair\'s payment', async () => {
      await submit(ledger, SZ, [szDebtorSide(22)]);
      const moSide = szDebtorSide(22, {
        side: 'CREDITOR_AGENT', counterpartyOrg: SZ, creditorAgentBic: 'MOBKMOMXXXX', instructedAgentBic: 'MOBKMOMXXXX',
      });
      const message = await refusal(submit(ledger, MO, [moSide]));
      assert.match(message, /sides: payments between MOBankMSP and SZBankMSP are recorded on channel 'pair-mobank-szbank', not 'pair-hkbank-szbank'/);
    });

    it('refuses a new payment whose UETR another pair of either bank records, and names no pair', async () => {
      await network.pair(SZ, MO).submit({ mspId: SZ, transient: sidesTransient([szDebtorSide(27, {
        counterpartyOrg: MO, creditorAgentBic: 'MOBKMOMXXXX', instructedAgentBic: 'MOBKMOMXXXX',
      })]) }, (ctx) => contract.submitSides(ctx, '', ''));
      const message = await refusal(submit(ledger, HK, [hkCreditorSide(27)]));
      assert.match(message, /sides\[0\]\.uetr: '1a2b3c4d-0000-4000-8000-00000000001b' is already recorded in another bank pair; a UETR names one payment/);
      assert.doesNotMatch(message, /MOBank|mobank/);
      assert.equal((await refused(payment(ledger, 27))).kind, 'NOT_FOUND');
    });

    it('skips the pairs a peer has not joined: each bank\'s peer checks its own bank\'s pairs', async () => {
      // MOBank's peer is on the MOBank-SZBank and HKBank-MOBank channels, not on HKBank-SZBank's.
      const moPeer = new FakeNetwork([new DirectoryContract(), contract]);
      const hkMo = moPeer.pair(HK, MO);
      const moSz = moPeer.pair(SZ, MO);
      await hkMo.submit({ mspId: HK, transient: sidesTransient([szDebtorSide(28, {
        side: 'DEBTOR_AGENT', counterpartyOrg: MO, debtorAgentBic: 'HKBKHKHHXXX', instructingAgentBic: 'HKBKHKHHXXX',
        creditorAgentBic: 'MOBKMOMXXXX', instructedAgentBic: 'MOBKMOMXXXX',
      })]) }, (ctx) => contract.submitSides(ctx, '', ''));
      const moSide = szDebtorSide(28, { side: 'CREDITOR_AGENT', counterpartyOrg: SZ, creditorAgentBic: 'MOBKMOMXXXX', instructedAgentBic: 'MOBKMOMXXXX' });
      assert.match(await refusal(moSz.submit({ mspId: MO, transient: sidesTransient([moSide]) }, (ctx) => contract.submitSides(ctx, '', ''))),
        /is already recorded in another bank pair/);
      const fresh = { ...moSide, uetr: uetrOf(29) };
      await moSz.submit({ mspId: MO, transient: sidesTransient([fresh]) }, (ctx) => contract.submitSides(ctx, '', ''));
    });

    it('names the agents of the UETRs it records, and nothing of the others', async () => {
      await submit(ledger, SZ, [szDebtorSide(25)]);
      const found = JSON.parse(await ledger.evaluate({ mspId: HK }, (ctx) => contract.findPayments(ctx, JSON.stringify([uetrOf(25), uetrOf(26)])))) as unknown;
      assert.deepEqual(found, { [uetrOf(25)]: { debtorAgentOrg: SZ, creditorAgentOrg: HK } });
    });

    it('writes no key-level policy: the pair channel\'s definition\'s policy covers every payment key', async () => {
      await submit(ledger, SZ, [szDebtorSide(23)]);
      await submit(ledger, HK, [hkCreditorSide(23)]);
      assert.equal(ledger.validationParameters.size, 0);
    });
  });

  describe('channels', () => {
    it('refuses every payment transaction outside a pair\'s channel, reads included', async () => {
      for (const elsewhere of [network.consortium, new FakeLedger(undefined, 'pair-szbank-szbank', network)]) {
        assert.match(await refusal(elsewhere.submit({ mspId: SZ, transient: sidesTransient([szDebtorSide(24)]) }, (ctx) => contract.beforeTransaction(ctx).then(() => ''))),
          new RegExp(`payments are recorded on their bank pair's channel \\(pair-<bank>-<bank>\\), not on '${elsewhere.channel}'`));
      }
    });

    it('refuses a cut-off by a bank outside the channel\'s pair', async () => {
      assert.match(await refusal(ledger.submit({ mspId: MO, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', ''))),
        /'MOBankMSP' cannot run the cut-off of this bank pair/);
    });
  });

  describe('details and history', () => {
    it('gives both sides\' details to the two banks and the regulator', async () => {
      await submit(ledger, SZ, [szDebtorSide(30)]);
      await submit(ledger, HK, [hkCreditorSide(30, { creditorName: 'Kowloon Trading Limited' })]);
      for (const mspId of [SZ, HK, REGULATOR]) {
        const details = JSON.parse(await ledger.evaluate({ mspId }, (ctx) => contract.getPaymentDetails(ctx, uetrOf(30)))) as PaymentDetails;
        assert.equal(details.collection, 'pair_HKBank_SZBank');
        assert.equal(details.sides.DEBTOR_AGENT?.creditorName, 'Kowloon Trading Ltd');
        assert.equal(details.sides.CREDITOR_AGENT?.creditorName, 'Kowloon Trading Limited');
      }
    });

    it('refuses the details and the history to a third bank', async () => {
      await submit(ledger, SZ, [szDebtorSide(31)]);
      assert.match(await refusal(ledger.evaluate({ mspId: MO }, (ctx) => contract.getPaymentDetails(ctx, uetrOf(31)))),
        /'MOBankMSP' cannot read the details of payment/);
      assert.match(await refusal(ledger.evaluate({ mspId: MO }, (ctx) => contract.getPaymentHistory(ctx, uetrOf(31)))),
        /'MOBankMSP' cannot read the history of payment/);
    });

    it('returns every committed version of the payment record to the regulator', async () => {
      await submit(ledger, SZ, [szDebtorSide(32)]);
      await submit(ledger, HK, [hkCreditorSide(32)]);
      const history = JSON.parse(await ledger.evaluate({ mspId: REGULATOR }, (ctx) => contract.getPaymentHistory(ctx, uetrOf(32))));
      assert.deepEqual(history.versions.map((version: { record: PaymentRecord }) => version.record.status), ['MATCHED', 'PENDING_COUNTERPARTY']);
    });
  });

  describe('exception workflow', () => {
    async function discrepancy(n: number): Promise<void> {
      await submit(ledger, SZ, [szDebtorSide(n)]);
      await submit(ledger, HK, [hkCreditorSide(n, { interbankSettlementAmount: { amount: '999.00', currency: 'HKD' } })]);
    }

    it('re-reconciles an amended side and keeps the amendment in the trail', async () => {
      await discrepancy(40);
      const amended = await ledger.submit({ mspId: HK, transient: { side: JSON.stringify(hkCreditorSide(40)) } }, (ctx) => contract.amendSide(ctx));
      assert.equal(eventOf(amended).changes[0].status, 'MATCHED');
      const record = await payment(ledger, 40);
      assert.equal(record.status, 'MATCHED');
      assert.deepEqual(record.trail.map((step) => [step.action, step.org, step.side]), [['AMEND', HK, 'CREDITOR_AGENT']]);
      const details = JSON.parse(await ledger.evaluate({ mspId: SZ }, (ctx) => contract.getPaymentDetails(ctx, uetrOf(40)))) as PaymentDetails;
      assert.equal(details.sides.CREDITOR_AGENT?.interbankSettlementAmount.amount, '1000.00');
    });

    it('refuses to amend a side the bank never submitted', async () => {
      await submit(ledger, SZ, [szDebtorSide(41)]);
      const message = await refusal(ledger.submit({ mspId: HK, transient: { side: JSON.stringify(hkCreditorSide(41)) } }, (ctx) => contract.amendSide(ctx)));
      assert.match(message, /there is no CREDITOR_AGENT side of '.*' to amend: use submitSides/);
    });

    it('resolves a discrepancy once both banks accept it, with reasons in the trail', async () => {
      await discrepancy(42);
      const first = await ledger.submit({ mspId: SZ }, (ctx) => contract.acceptDiscrepancy(ctx, uetrOf(42), 'fee deducted'));
      assert.equal(eventOf(first).changes[0].status, 'DISCREPANCY');
      const second = await ledger.submit({ mspId: HK }, (ctx) => contract.acceptDiscrepancy(ctx, uetrOf(42), 'agreed'));
      assert.equal(eventOf(second).changes[0].status, 'RESOLVED');
      const record = await payment(ledger, 42);
      assert.deepEqual(record.trail.map((step) => [step.action, step.org, step.reason]),
        [['ACCEPT', SZ, 'fee deducted'], ['ACCEPT', HK, 'agreed'], ['RESOLVE', HK, undefined]]);
      const breaks = JSON.parse(await ledger.evaluate({ mspId: REGULATOR }, (ctx) => contract.listBreaks(ctx, 'SZ->HK', '2024-05-01')));
      assert.deepEqual(breaks.breaks, []);
    });

    it('refuses acceptance by a bank outside the payment and of a payment that is not a discrepancy', async () => {
      await discrepancy(43);
      assert.match(await refusal(ledger.submit({ mspId: MO }, (ctx) => contract.acceptDiscrepancy(ctx, uetrOf(43), 'x'))),
        /'MOBankMSP' cannot accept a discrepancy of payment/);
      await submit(ledger, SZ, [szDebtorSide(44)]);
      assert.match(await refusal(ledger.submit({ mspId: SZ }, (ctx) => contract.acceptDiscrepancy(ctx, uetrOf(44), 'x'))),
        /is PENDING_COUNTERPARTY; only a DISCREPANCY can be accepted/);
    });
  });

  describe('cut-off', () => {
    it('turns payments pending on or before the cut-off date UNMATCHED once the transaction time is past it', async () => {
      await submit(ledger, SZ, [szDebtorSide(50), szDebtorSide(51, { interbankSettlementDate: '2024-05-03' }), szDebtorSide(52)]);
      await submit(ledger, HK, [hkCreditorSide(52)]);
      const result = await ledger.submit({ mspId: HK, time: '2024-05-02T00:00:01Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', ''));
      assert.deepEqual(eventOf(result).changes.map((change) => [change.uetr, change.status]), [[uetrOf(50), 'UNMATCHED']]);
      assert.equal(JSON.parse(result.result).more, false);
      assert.equal((await payment(ledger, 51)).status, 'PENDING_COUNTERPARTY');
      assert.equal((await payment(ledger, 52)).status, 'MATCHED');
    });

    it('refuses a cut-off whose date has not passed by transaction time, whatever the clock says', async () => {
      await submit(ledger, SZ, [szDebtorSide(53)]);
      const message = await refusal(ledger.submit({ mspId: SZ, time: '2024-05-01T23:59:59Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', '')));
      assert.match(message, /cutOffDate: '2024-05-01' has not passed yet \(transaction time 2024-05-01T23:59:59.000Z\)/);
      assert.equal((await payment(ledger, 53)).status, 'PENDING_COUNTERPARTY');
    });

    it('moves at most pageSize payments per call and says when more remain', async () => {
      await submit(ledger, SZ, [54, 55, 56].map((n) => szDebtorSide(n)));
      const first = await ledger.submit({ mspId: SZ, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', '2'));
      assert.equal(JSON.parse(first.result).more, true);
      assert.equal(eventOf(first).changes.length, 2);
      const second = await ledger.submit({ mspId: SZ, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', '2'));
      assert.equal(eventOf(second).changes.length, 1);
      assert.equal(JSON.parse(second.result).more, false);
    });

    it('reconciles a side arriving after the cut-off and notes it in the trail', async () => {
      await submit(ledger, SZ, [szDebtorSide(57)]);
      await ledger.submit({ mspId: SZ, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', ''));
      await submit(ledger, HK, [hkCreditorSide(57)], { time: '2024-05-06T00:00:00Z' });
      const record = await payment(ledger, 57);
      assert.equal(record.status, 'MATCHED');
      assert.deepEqual(record.trail.map((step) => step.action), ['CUT_OFF', 'LATE_SIDE']);
    });

    it('moves a payment once whose settlement date was amended away and back, and only under its last date', async () => {
      await submit(ledger, SZ, [szDebtorSide(58)]);
      for (const interbankSettlementDate of ['2024-05-03', '2024-05-01']) {
        await ledger.submit({ mspId: SZ, transient: { side: JSON.stringify(szDebtorSide(58, { interbankSettlementDate })) } }, (ctx) => contract.amendSide(ctx));
      }
      const pendingOnThird = JSON.parse(await ledger.evaluate({ mspId: SZ }, (ctx) => contract.listBreaks(ctx, 'SZ->HK', '2024-05-03')));
      assert.deepEqual(pendingOnThird.breaks, []);
      const result = await ledger.submit({ mspId: SZ, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-04', ''));
      assert.deepEqual(eventOf(result).changes.map((change) => [change.uetr, change.settlementDate, change.status]), [[uetrOf(58), '2024-05-01', 'UNMATCHED']]);
      assert.deepEqual((await payment(ledger, 58)).trail.map((step) => step.action), ['AMEND', 'AMEND', 'CUT_OFF']);
    });

    it('leaves no pending entry behind once a cut-off has walked the dates', async () => {
      await submit(ledger, SZ, [szDebtorSide(59), szDebtorSide(61)]);
      await submit(ledger, HK, [hkCreditorSide(59)]);
      const first = await ledger.submit({ mspId: SZ, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', ''));
      assert.deepEqual(eventOf(first).changes.map((change) => change.uetr), [uetrOf(61)]);
      const again = await ledger.submit({ mspId: SZ, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', ''));
      assert.equal(eventOf(again).changes.length, 0);
      assert.deepEqual(again.writtenKeys, [], 'the first cut-off deleted the entry it walked');
    });

    it('refuses the regulator as a cut-off runner', async () => {
      assert.match(await refusal(ledger.submit({ mspId: REGULATOR, time: '2024-05-05T00:00:00Z' }, (ctx) => contract.runCutOff(ctx, '2024-05-01', ''))),
        /HKMAMSP cannot run a cut-off/);
    });
  });
});
