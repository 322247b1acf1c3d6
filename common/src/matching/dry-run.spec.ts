import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { PaymentSide } from '../payment';
import { scaledText } from '../testing/decimal-reference';
import { creditorSide, debtorSide, deepFreeze, hkdRules, uetrOf } from '../testing/matching-fixtures';
import { DryRunCase, DryRunReport, RECORDED_STATUSES, RecordedStatus, dryRunRuleSet } from './dry-run';

const hkd = (amount: string) => ({ amount, currency: 'HKD' });

/** Past payment `n`: its sides (the creditor agent's with `creditor` changed) and its recorded status. */
function pastPayment(n: number, recordedStatus: RecordedStatus, creditor: Partial<PaymentSide> = {}): DryRunCase {
  const uetr = uetrOf(n);
  return { uetr, debtorSide: debtorSide({ uetr }), creditorSide: creditorSide({ uetr, ...creditor }), recordedStatus };
}

function report(cases: DryRunCase[], rules = hkdRules()): DryRunReport {
  const result = dryRunRuleSet(rules, cases);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
  return result.report;
}

describe('rule set dry run', () => {
  it('reports which payments would change status under the proposed rules, with counts and UETRs', () => {
    const cases = [
      pastPayment(1, 'DISCREPANCY', { interbankSettlementAmount: hkd('1000.30') }),
      pastPayment(2, 'DISCREPANCY', { interbankSettlementAmount: hkd('1000.20') }),
      pastPayment(3, 'DISCREPANCY', { interbankSettlementAmount: hkd('1009.00') }),
      pastPayment(4, 'MATCHED'),
      pastPayment(5, 'MATCHED_WITHIN_TOLERANCE', { interbankSettlementAmount: hkd('1000.90') }),
      pastPayment(6, 'RESOLVED', { interbankSettlementAmount: hkd('1000.10') }),
      pastPayment(7, 'RESOLVED', { interbankSettlementAmount: hkd('1100.00') }),
    ];
    const rules = hkdRules();
    assert.deepEqual(report(cases, rules), {
      ruleSetVersion: 3,
      ruleSetDigest: rules.digest,
      evaluated: 7,
      unchanged: 3,
      transitions: [
        { from: 'MATCHED_WITHIN_TOLERANCE', to: 'DISCREPANCY', count: 1, uetrs: [uetrOf(5)] },
        { from: 'DISCREPANCY', to: 'MATCHED_WITHIN_TOLERANCE', count: 2, uetrs: [uetrOf(1), uetrOf(2)] },
        { from: 'RESOLVED', to: 'MATCHED_WITHIN_TOLERANCE', count: 1, uetrs: [uetrOf(6)] },
      ],
      reasonsChanged: { count: 0, uetrs: [] },
    });
  });

  it('reports discrepancies whose reasons alone would change, when the record has its reasons', () => {
    const recorded = pastPayment(1, 'DISCREPANCY', { interbankSettlementAmount: hkd('1009.00'), interbankSettlementDate: '2026-03-03' });
    const withReasons: DryRunCase = {
      ...recorded,
      recordedDiscrepancies: [
        { field: 'interbankSettlementAmount', code: 'AMOUNT_OVER_TOLERANCE' },
        { field: 'interbankSettlementDate', code: 'VALUE_DATE_OUTSIDE_WINDOW' },
      ],
    };
    const result = report([withReasons]);
    assert.deepEqual(result.reasonsChanged, { count: 1, uetrs: [uetrOf(1)] });
    assert.equal(result.unchanged, 0);
    assert.equal(report([recorded]).unchanged, 1);
  });

  it('accounts for every payment once, writes nothing and leaves its arguments as they were', () => {
    const statuses = fc.constantFrom(...RECORDED_STATUSES);
    fc.assert(fc.property(fc.array(fc.tuple(statuses, fc.integer({ min: -100, max: 100 })), { maxLength: 30 }), (entries) => {
      const cases = deepFreeze(entries.map(([status, offsetCents], index) => pastPayment(index + 1, status, {
        interbankSettlementAmount: hkd(scaledText(BigInt(100_000 + offsetCents), 2)),
      })));
      const result = report(cases);
      const moved = result.transitions.reduce((sum, transition) => sum + transition.count, 0);
      assert.equal(result.unchanged + moved + result.reasonsChanged.count, cases.length);
      for (const transition of result.transitions) {
        assert.notEqual(transition.from, transition.to);
        assert.equal(transition.uetrs.length, transition.count);
        assert.deepEqual(transition.uetrs, [...transition.uetrs].sort());
      }
      assert.deepEqual(report(cases), result);
    }));
  });

  it('refuses the cases whole, naming each problem, when they are not past payments of the pair', () => {
    const foreign = pastPayment(3, 'MATCHED');
    const result = dryRunRuleSet(hkdRules(), [
      pastPayment(1, 'MATCHED'),
      pastPayment(1, 'DISCREPANCY'),
      { ...pastPayment(2, 'MATCHED'), creditorSide: debtorSide({ uetr: uetrOf(2) }) },
      { ...foreign, debtorSide: { ...foreign.debtorSide, creditorAgentBic: 'MOBKMOMXXXX' } },
      { ...pastPayment(4, 'MATCHED'), recordedStatus: 'PENDING_COUNTERPARTY' as RecordedStatus },
    ]);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues, [
      { path: 'cases[1].uetr', reason: `'${uetrOf(1)}' is also at cases[0]` },
      { path: 'cases[2].creditorSide', reason: `is the 'DEBTOR_AGENT' side of '${uetrOf(2)}', not the CREDITOR_AGENT side of '${uetrOf(2)}'` },
      { path: 'cases[3].debtorSide', reason: 'is a payment between MOBankMSP and SZBankMSP, not of the pair HKBankMSP and SZBankMSP' },
      { path: 'cases[4].recordedStatus', reason: "'PENDING_COUNTERPARTY' is not one of MATCHED, MATCHED_WITHIN_TOLERANCE, DISCREPANCY, RESOLVED" },
    ]);
  });
});
