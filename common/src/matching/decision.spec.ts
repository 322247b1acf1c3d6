import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MATCHING_FIELDS, MatchingField, PaymentSide } from '../payment';
import { creditorSide, debtorSide, hkdRules, uetrOf } from '../testing/matching-fixtures';
import { DryRunCase, DryRunReport, dryRunRuleSet, mergeDryRunReports } from './dry-run';
import { TOLERABLE_FIELDS, evaluateSides, findingsWithoutRules } from './evaluate';

/** A creditor agent's side that differs from the debtor agent's in each of `fields`, in a way no rule could accept. */
const DIFFERENT: Partial<Record<MatchingField, Partial<PaymentSide>>> = {
  messageType: { messageType: 'pacs.009' },
  endToEndId: { endToEndId: 'OTHER-REF' },
  instructingAgentBic: { instructingAgentBic: 'SZBKCNBS001' },
  instructedAgentBic: { instructedAgentBic: 'HKBKHKHH001' },
  debtorAgentBic: { debtorAgentBic: 'SZBKCNBS002' },
  chargeBearer: { chargeBearer: 'DEBT' },
};

const hkd = (amount: string) => ({ amount, currency: 'HKD' });

function report(cases: DryRunCase[]): DryRunReport {
  const result = dryRunRuleSet(hkdRules(), cases);
  assert.ok(result.ok);
  return result.report;
}

describe('decisions without the sides\' details', () => {
  it('gives a field no rule tolerates the code evaluateSides gives it under any rule set', () => {
    const untolerable = Object.keys(DIFFERENT) as MatchingField[];
    fc.assert(fc.property(fc.subarray(untolerable, { minLength: 1 }), fc.boolean(), (fields, widen) => {
      const creditor = creditorSide(Object.assign({}, ...fields.map((field) => DIFFERENT[field])));
      const rules = hkdRules(widen ? { above: { absolute: '1000.00' }, below: { absolute: '1000.00' }, businessDaysAfter: 10 } : {});
      const { shared } = evaluateSides(rules, debtorSide(), creditor);
      assert.deepEqual(findingsWithoutRules(fields), shared.discrepancies);
      assert.equal(shared.status, 'DISCREPANCY');
    }));
  });

  it('says NO_RULE_FOR_CURRENCY for a field a rule could tolerate, in the order of the matching fields', () => {
    assert.deepEqual(findingsWithoutRules(['interbankSettlementDate', 'endToEndId', 'interbankSettlementAmount']), [
      { field: 'endToEndId', code: 'NOT_TOLERATED' },
      { field: 'interbankSettlementAmount', code: 'NO_RULE_FOR_CURRENCY' },
      { field: 'interbankSettlementDate', code: 'NO_RULE_FOR_CURRENCY' },
    ]);
    assert.deepEqual([...TOLERABLE_FIELDS].sort(), ['exchangeRate', 'instructedAmount', 'interbankSettlementAmount', 'interbankSettlementDate']);
    assert.ok(TOLERABLE_FIELDS.every((field) => MATCHING_FIELDS.includes(field)));
  });
});

describe('merging dry run reports', () => {
  const cases: DryRunCase[] = [
    ['1000.30', 'DISCREPANCY'], ['1000.20', 'DISCREPANCY'], ['1009.00', 'DISCREPANCY'], ['1000.00', 'MATCHED'],
    ['1000.90', 'MATCHED_WITHIN_TOLERANCE'], ['1000.10', 'RESOLVED'], ['1100.00', 'RESOLVED'], ['1000.40', 'DISCREPANCY'],
  ].map(([amount, recordedStatus], n) => {
    const uetr = uetrOf(n + 1);
    return {
      uetr, debtorSide: debtorSide({ uetr }), creditorSide: creditorSide({ uetr, interbankSettlementAmount: hkd(amount) }),
      recordedStatus: recordedStatus as DryRunCase['recordedStatus'],
    };
  });

  it('says what one run over every payment says, however the payments were split', () => {
    const whole = report(cases);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: cases.length, maxLength: cases.length }), (pages) => {
      const parts = [0, 1, 2, 3].map((page) => cases.filter((_, index) => pages[index] === page)).filter((part) => part.length > 0);
      assert.deepEqual(mergeDryRunReports(parts.map(report)), whole);
    }));
  });

  it('refuses to merge reports of different rule sets', () => {
    const other = dryRunRuleSet(hkdRules({ above: { absolute: '9.00' } }), cases);
    assert.ok(other.ok);
    assert.throws(() => mergeDryRunReports([report(cases), other.report]), /different rule sets/);
  });
});
