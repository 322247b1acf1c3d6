import { strict as assert } from 'node:assert';
import {
  DifferencesBatch, DryRunReport, PaymentDetails, PaymentRecord, PaymentSide, PaymentsChangedEvent, differencesKey, effectiveRuleSetKey,
  unmarshal,
} from '@bayrecon/common';
import { DirectoryContract } from '../directory/directory.contract';
import { RuleSetContract } from '../rules/rule-set.contract';
import { FakeLedger, FakeNetwork, TransactionResult } from '../testing/fake-ledger';
import { hkCreditorSide, sidesTransient, szDebtorSide, uetrOf } from '../testing/fixtures';
import { refused } from '../testing/refusals';
import { agreeRuleSet, szHkRuleSet } from '../testing/rule-sets';
import { PaymentContract } from './payment.contract';

const payments = new PaymentContract();
const rules = new RuleSetContract();
const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const MO = 'MOBankMSP';
const HKMA = 'HKMAMSP';
/** A Monday; the next business day of both Shenzhen and Hong Kong is Tuesday 3 March. */
const MONDAY = '2026-03-02';
const hkd = (amount: string) => ({ amount, currency: 'HKD' });

const debtor = (n: number, overrides: Partial<PaymentSide> = {}): PaymentSide =>
  szDebtorSide(n, { interbankSettlementDate: MONDAY, interbankSettlementAmount: hkd('731942.18'), ...overrides });
const creditor = (n: number, overrides: Partial<PaymentSide> = {}): PaymentSide =>
  hkCreditorSide(n, { interbankSettlementDate: MONDAY, interbankSettlementAmount: hkd('731942.18'), ...overrides });

function submit(ledger: FakeLedger, mspId: string, sides: PaymentSide[]): Promise<TransactionResult> {
  return ledger.submit({ mspId, transient: sidesTransient(sides) }, (ctx) => payments.submitSides(ctx, '', ''));
}

async function record(ledger: FakeLedger, n: number): Promise<PaymentRecord> {
  return JSON.parse(await ledger.evaluate({ mspId: HKMA }, (ctx) => payments.getPayment(ctx, uetrOf(n)))) as PaymentRecord;
}

function changesOf(result: TransactionResult): PaymentsChangedEvent['changes'] {
  return unmarshal<PaymentsChangedEvent>(result.events[0].payload).changes;
}

function reevaluation(ledger: FakeLedger, mspId: string, ns: number[], version: number): Promise<TransactionResult> {
  return ledger.submit({ mspId }, (ctx) => payments.requestReevaluation(ctx, JSON.stringify(ns.map(uetrOf)), String(version)));
}

describe('the tolerance path', () => {
  let network: FakeNetwork;
  let ledger: FakeLedger;
  beforeEach(() => {
    network = new FakeNetwork([new DirectoryContract(), payments, rules]);
    ledger = network.pair(SZ, HK);
  });

  describe('without a rule set', () => {
    it('decides differing fields from their names alone, reading no detail and no rule', async () => {
      await submit(ledger, SZ, [debtor(1)]);
      const { ctx, stub } = ledger.context({ mspId: HK, transient: sidesTransient([creditor(1, { interbankSettlementAmount: hkd('731940.18'), endToEndId: 'HK-REF' })]) });
      await payments.submitSides(ctx, '', '');
      stub.commit();
      assert.equal(stub.calls.getPrivateData, 1, 'the pair key only');
      const after = await record(ledger, 1);
      assert.equal(after.status, 'DISCREPANCY');
      assert.deepEqual(after.decision, {
        txId: stub.getTxID(), withinTolerance: [],
        discrepancies: [{ field: 'endToEndId', code: 'NOT_TOLERATED' }, { field: 'interbankSettlementAmount', code: 'NO_RULE_FOR_CURRENCY' }],
      });
    });
  });

  describe('under the pair\'s rule set', () => {
    beforeEach(async () => {
      await agreeRuleSet(ledger, szHkRuleSet(1));
    });

    it('takes the exact path for equal sides: MATCHED, no rule set read, no decision', async () => {
      await submit(ledger, SZ, [debtor(2)]);
      const { ctx, stub } = ledger.context({ mspId: HK, transient: sidesTransient([creditor(2)]) });
      await payments.submitSides(ctx, '', '');
      stub.commit();
      assert.ok(!stub.reads.has(ctx.stub.createCompositeKey(effectiveRuleSetKey().objectType, [])), 'the rule set is not read');
      assert.equal(stub.calls.getPrivateData, 1, 'the pair key only');
      const after = await record(ledger, 2);
      assert.equal(after.status, 'MATCHED');
      assert.equal(after.decision, undefined);
    });

    it('matches within tolerance, with the version and the fields in public state and the differences private', async () => {
      await submit(ledger, SZ, [debtor(3)]);
      const result = await submit(ledger, HK, [creditor(3, { interbankSettlementAmount: hkd('731938.75'), interbankSettlementDate: '2026-03-03' })]);
      const [change] = changesOf(result);
      assert.equal(change.status, 'MATCHED_WITHIN_TOLERANCE');
      const after = await record(ledger, 3);
      assert.equal(after.status, 'MATCHED_WITHIN_TOLERANCE');
      assert.deepEqual(after.differingFields, ['interbankSettlementAmount', 'interbankSettlementDate']);
      assert.equal(after.decision?.ruleSetVersion, 1);
      assert.deepEqual(after.decision?.withinTolerance, [
        { field: 'interbankSettlementAmount', code: 'AMOUNT_WITHIN_TOLERANCE' },
        { field: 'interbankSettlementDate', code: 'VALUE_DATE_WITHIN_WINDOW' },
      ]);
      assert.deepEqual(change.decision, after.decision, 'the event carries the decision');
      const publicText = ledger.publicText();
      for (const secret of ['731942.18', '731938.75', '-3.43', '3.43']) {
        assert.ok(!publicText.includes(secret), `${secret} must not be in public state`);
        assert.ok(!Buffer.from(result.events[0].payload).toString('utf8').includes(secret), `${secret} must not be in the event`);
      }
      const blob = ledger.privateData.get('pair_HKBank_SZBank')?.get(ledger.context({ mspId: HK }).ctx.stub.createCompositeKey(differencesKey(result.txId).objectType, [result.txId]));
      assert.ok(blob !== undefined, 'the differences are in the pair collection');
      const differences = unmarshal<DifferencesBatch>(blob).payments[uetrOf(3)];
      assert.deepEqual(differences.find((difference) => difference.field === 'interbankSettlementAmount'), {
        field: 'interbankSettlementAmount', currency: 'HKD', difference: '-3.43', chargesDeducted: '0.00', fxConversion: '0.00', residual: '-3.43', allowed: '5.00',
      });
      const details = JSON.parse(await ledger.evaluate({ mspId: HKMA }, (ctx) => payments.getPaymentDetails(ctx, uetrOf(3)))) as PaymentDetails;
      assert.deepEqual(details.differences, differences, 'the pair\'s members read the differences with the details');
      assert.equal((await refused(ledger.evaluate({ mspId: MO }, (ctx) => payments.getPaymentDetails(ctx, uetrOf(3))))).kind, 'FORBIDDEN');
      const breaks = JSON.parse(await ledger.evaluate({ mspId: HKMA }, (ctx) => payments.listBreaks(ctx, 'SZ->HK', MONDAY)));
      assert.deepEqual(breaks.breaks, [], 'a match within tolerance is no break');
    });

    it('is a discrepancy with a code per field outside tolerance, listed as a break', async () => {
      await submit(ledger, SZ, [debtor(4)]);
      await submit(ledger, HK, [creditor(4, { interbankSettlementAmount: hkd('731900.00'), interbankSettlementDate: '2026-03-05' })]);
      const after = await record(ledger, 4);
      assert.equal(after.status, 'DISCREPANCY');
      assert.deepEqual(after.decision?.discrepancies, [
        { field: 'interbankSettlementAmount', code: 'AMOUNT_OVER_TOLERANCE' },
        { field: 'interbankSettlementDate', code: 'VALUE_DATE_OUTSIDE_WINDOW' },
      ]);
      const breaks = JSON.parse(await ledger.evaluate({ mspId: HKMA }, (ctx) => payments.listBreaks(ctx, 'SZ->HK', MONDAY)));
      assert.deepEqual(breaks.breaks, [{ uetr: uetrOf(4), status: 'DISCREPANCY' }]);
    });

    it('never rewrites a decision when a new version takes effect; a changed side is decided under the new one', async () => {
      await submit(ledger, SZ, [debtor(5), debtor(6)]);
      await submit(ledger, HK, [creditor(5, { interbankSettlementAmount: hkd('731934.18') }), creditor(6, { interbankSettlementAmount: hkd('731934.18') })]);
      assert.equal((await record(ledger, 5)).decision?.discrepancies[0].code, 'AMOUNT_OVER_TOLERANCE');
      await agreeRuleSet(ledger, szHkRuleSet(2, { below: '10.00' }));
      const kept = await record(ledger, 5);
      assert.deepEqual([kept.status, kept.decision?.ruleSetVersion], ['DISCREPANCY', 1]);
      await ledger.submit({ mspId: HK, transient: { side: JSON.stringify(creditor(6, { interbankSettlementAmount: hkd('731933.18') })) } }, (ctx) => payments.amendSide(ctx));
      const amended = await record(ledger, 6);
      assert.deepEqual([amended.status, amended.decision?.ruleSetVersion], ['MATCHED_WITHIN_TOLERANCE', 2]);
      await ledger.submit({ mspId: HK, transient: { side: JSON.stringify(creditor(6)) } }, (ctx) => payments.amendSide(ctx));
      const exact = await record(ledger, 6);
      assert.deepEqual([exact.status, exact.decision], ['MATCHED', undefined], 'an amendment to equal sides drops the decision');
    });

    it('decides again under the effective version once both banks ask, each with its own transaction', async () => {
      await submit(ledger, SZ, [debtor(7), debtor(8)]);
      await submit(ledger, HK, [creditor(7, { interbankSettlementAmount: hkd('731934.18') }), creditor(8, { interbankSettlementAmount: hkd('731000.00') })]);
      await agreeRuleSet(ledger, szHkRuleSet(2, { below: '10.00' }));
      const first = await reevaluation(ledger, SZ, [7, 8], 2);
      assert.deepEqual(changesOf(first).map((change) => change.status), ['DISCREPANCY', 'DISCREPANCY'], 'one bank asking decides nothing');
      assert.deepEqual((await record(ledger, 7)).reevaluationRequests?.map((request) => [request.org, request.ruleSetVersion]), [[SZ, 2]]);
      const repeated = await reevaluation(ledger, SZ, [7], 2);
      assert.deepEqual(repeated.writtenKeys, [], 'asking again changes nothing');
      const second = await reevaluation(ledger, HK, [7, 8], 2);
      assert.deepEqual(changesOf(second).map((change) => change.status), ['MATCHED_WITHIN_TOLERANCE', 'DISCREPANCY']);
      const after = await record(ledger, 7);
      assert.deepEqual([after.decision?.ruleSetVersion, after.reevaluationRequests], [2, undefined]);
      assert.deepEqual(after.trail.map((step) => [step.action, step.org]), [['REEVALUATION_REQUEST', SZ], ['REEVALUATE', HK]]);
      assert.deepEqual((await record(ledger, 8)).decision?.ruleSetVersion, 2);
      const done = await reevaluation(ledger, SZ, [7], 2);
      assert.deepEqual(done.writtenKeys, [], 'a payment decided under the version is not decided again');
    });

    it('keeps a resolved discrepancy RESOLVED when the new rules still find one', async () => {
      await submit(ledger, SZ, [debtor(9)]);
      await submit(ledger, HK, [creditor(9, { interbankSettlementAmount: hkd('731000.00') })]);
      for (const org of [SZ, HK]) await ledger.submit({ mspId: org }, (ctx) => payments.acceptDiscrepancy(ctx, uetrOf(9), 'agreed by phone'));
      await agreeRuleSet(ledger, szHkRuleSet(2, { below: '10.00' }));
      await reevaluation(ledger, SZ, [9], 2);
      await reevaluation(ledger, HK, [9], 2);
      const after = await record(ledger, 9);
      assert.deepEqual([after.status, after.decision?.ruleSetVersion], ['RESOLVED', 2]);
    });

    it('refuses a re-evaluation of payments with nothing to decide, or under another version than the effective one', async () => {
      await submit(ledger, SZ, [debtor(10), debtor(11)]);
      await submit(ledger, HK, [creditor(10)]);
      const refusal = await refused(reevaluation(ledger, SZ, [10, 11, 12], 1));
      assert.equal(refusal.kind, 'CONFLICT');
      assert.deepEqual(refusal.issues.map((issue) => issue.path), ['uetrs[0]', 'uetrs[1]', 'uetrs[2]']);
      assert.match(refusal.issues[0].reason, /is MATCHED: its sides are equal/);
      assert.match(refusal.issues[1].reason, /is PENDING_COUNTERPARTY with one side/);
      const wrongVersion = await refused(reevaluation(ledger, SZ, [10], 2));
      assert.match(wrongVersion.message, /ruleSetVersion: version 2 is not the pair's effective rule set, version 1/);
      assert.equal((await refused(reevaluation(ledger, HKMA, [10], 1))).kind, 'FORBIDDEN');
      assert.equal((await refused(ledger.submit({ mspId: SZ }, (ctx) => payments.requestReevaluation(ctx, '["nope"]', '1')))).kind, 'INVALID');
    });

    it('refuses to accept a match within tolerance as a discrepancy', async () => {
      await submit(ledger, SZ, [debtor(13)]);
      await submit(ledger, HK, [creditor(13, { interbankSettlementAmount: hkd('731940.18') })]);
      const refusal = await refused(ledger.submit({ mspId: SZ }, (ctx) => payments.acceptDiscrepancy(ctx, uetrOf(13), 'x')));
      assert.match(refusal.message, /is MATCHED_WITHIN_TOLERANCE; only a DISCREPANCY can be accepted/);
    });
  });

  describe('dry run', () => {
    it('reports what a proposed rule set would change over a settlement date, writing nothing', async () => {
      await agreeRuleSet(ledger, szHkRuleSet(1));
      await submit(ledger, SZ, [debtor(20), debtor(21), debtor(22), debtor(23)]);
      await submit(ledger, HK, [
        creditor(20), creditor(21, { interbankSettlementAmount: hkd('731934.18') }), creditor(22, { interbankSettlementAmount: hkd('731940.18') }),
        creditor(23, { interbankSettlementAmount: hkd('731000.00') }),
      ]);
      const before = ledger.publicText();
      const run = (mspId: string, ruleSet: unknown, ns: number[]) => ledger.evaluate({ mspId }, (ctx) => rules.dryRunRuleSet(ctx, JSON.stringify(ruleSet), MONDAY, JSON.stringify(ns.map(uetrOf))));
      const { ctx, stub } = ledger.context({ mspId: HKMA });
      const report = JSON.parse(await rules.dryRunRuleSet(ctx, JSON.stringify(szHkRuleSet(2, { below: '10.00' })), MONDAY, JSON.stringify([20, 21, 22, 23].map(uetrOf)))) as DryRunReport;
      assert.equal(stub.stateWrites.size + stub.privateWrites.size, 0, 'a dry run writes nothing');
      assert.equal(report.ruleSetVersion, 2);
      assert.deepEqual([report.evaluated, report.unchanged], [4, 3]);
      assert.deepEqual(report.transitions, [{ from: 'DISCREPANCY', to: 'MATCHED_WITHIN_TOLERANCE', count: 1, uetrs: [uetrOf(21)] }]);
      assert.equal(ledger.publicText(), before);
      const narrower = JSON.parse(await run(SZ, szHkRuleSet(2, { below: '1.00' }), [22])) as DryRunReport;
      assert.deepEqual(narrower.transitions, [{ from: 'MATCHED_WITHIN_TOLERANCE', to: 'DISCREPANCY', count: 1, uetrs: [uetrOf(22)] }]);
      const wrong = await refused(ledger.evaluate({ mspId: SZ }, (ctx2) => rules.dryRunRuleSet(ctx2, JSON.stringify(szHkRuleSet(2)), '2026-03-03', JSON.stringify([uetrOf(20)]))));
      assert.match(wrong.issues[0].reason, /settles on 2026-03-02, not 2026-03-03/);
      assert.equal((await refused(run(MO, szHkRuleSet(2), [20]))).kind, 'FORBIDDEN');
    });
  });
});
