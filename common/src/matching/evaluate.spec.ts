import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MATCHING_FIELDS, PaymentSide } from '../payment';
import { roundScaled, scaledText } from '../testing/decimal-reference';
import {
  HkdRuleOptions, creditorSide, debtorSide, deepFreeze, directory, hkdRules, ruleSetInput, validRuleSet,
} from '../testing/matching-fixtures';
import { ROUNDING_MODES, RoundingMode } from './decimal';
import {
  DISCREPANCY_CODES, MATCH_OUTCOMES, MatchEvaluation, MatchingRules, WITHIN_TOLERANCE_CODES, evaluateSides,
  prepareMatchingRules,
} from './evaluate';

const hkd = (amount: string) => ({ amount, currency: 'HKD' });
const charge = (amount: string, currency = 'HKD', agentBic = 'INTMHKHHXXX') => ({ amount: { amount, currency }, agentBic });

/** The findings of an evaluation as `field:CODE` strings, within tolerance first. */
function findings(evaluation: MatchEvaluation): { status: string; within: string[]; discrepancies: string[] } {
  return {
    status: evaluation.shared.status,
    within: evaluation.shared.withinTolerance.map((finding) => `${finding.field}:${finding.code}`),
    discrepancies: evaluation.shared.discrepancies.map((finding) => `${finding.field}:${finding.code}`),
  };
}

function evaluate(options: HkdRuleOptions, creditor: Partial<PaymentSide>, debtor: Partial<PaymentSide> = {}): MatchEvaluation {
  return evaluateSides(hkdRules(options), debtorSide(debtor), creditorSide(creditor));
}

/** Minor units (cents) as an HKD amount string. */
const cents = (value: bigint): string => scaledText(value, 2);

describe('matching evaluation', () => {
  describe('the exact path', () => {
    it('matches equal sides without any rule, and says nothing else', () => {
      const evaluation = evaluate({}, {});
      assert.deepEqual(evaluation.shared.status, 'MATCHED');
      assert.deepEqual(evaluation.shared.withinTolerance, []);
      assert.deepEqual(evaluation.shared.discrepancies, []);
      assert.deepEqual(evaluation.differences, []);
    });

    it('ignores differences outside the matching fields, as the commitments do', () => {
      const evaluation = evaluate({}, { creditorName: 'Someone Else', chargesInformation: [charge('15.00')] });
      assert.equal(evaluation.shared.status, 'MATCHED');
    });
  });

  describe('amounts', () => {
    it('accepts an amount within the absolute tolerance, both ways and at the boundary, and no further', () => {
      assert.deepEqual(findings(evaluate({}, { interbankSettlementAmount: hkd('1000.40') })),
        { status: 'MATCHED_WITHIN_TOLERANCE', within: ['interbankSettlementAmount:AMOUNT_WITHIN_TOLERANCE'], discrepancies: [] });
      assert.equal(evaluate({}, { interbankSettlementAmount: hkd('1000.50') }).shared.status, 'MATCHED_WITHIN_TOLERANCE');
      assert.equal(evaluate({}, { interbankSettlementAmount: hkd('999.50') }).shared.status, 'MATCHED_WITHIN_TOLERANCE');
      assert.deepEqual(findings(evaluate({}, { interbankSettlementAmount: hkd('1000.51') })),
        { status: 'DISCREPANCY', within: [], discrepancies: ['interbankSettlementAmount:AMOUNT_OVER_TOLERANCE'] });
      assert.equal(evaluate({}, { interbankSettlementAmount: hkd('999.49') }).shared.status, 'DISCREPANCY');
    });

    it('applies the tolerance above and the one below separately', () => {
      const options: HkdRuleOptions = { above: { absolute: '0' }, below: { basisPoints: '10' } };
      assert.equal(evaluate(options, { interbankSettlementAmount: hkd('1000.01') }).shared.status, 'DISCREPANCY');
      assert.equal(evaluate(options, { interbankSettlementAmount: hkd('999.00') }).shared.status, 'MATCHED_WITHIN_TOLERANCE');
      assert.equal(evaluate(options, { interbankSettlementAmount: hkd('998.99') }).shared.status, 'DISCREPANCY');
    });

    it('takes the smaller of the absolute and the basis-point tolerance when both are stated', () => {
      const options: HkdRuleOptions = { below: { absolute: '2.00', basisPoints: '10' } };
      assert.equal(evaluate(options, { interbankSettlementAmount: hkd('999.00') }).shared.status, 'MATCHED_WITHIN_TOLERANCE');
      assert.equal(evaluate(options, { interbankSettlementAmount: hkd('998.99') }).shared.status, 'DISCREPANCY');
      const absoluteSmaller: HkdRuleOptions = { below: { absolute: '0.30', basisPoints: '10' } };
      assert.equal(evaluate(absoluteSmaller, { interbankSettlementAmount: hkd('999.69') }).shared.status, 'DISCREPANCY');
    });

    it('is exact at the boundary: the limit itself is within, one minor unit more is not', () => {
      fc.assert(fc.property(
        fc.bigInt({ min: 100n, max: 10n ** 14n }), fc.integer({ min: 0, max: 100_000 }), fc.bigInt({ min: 0n, max: 10n ** 6n }),
        (sentCents, bpHundredths, absoluteCents) => {
          const basisPoints = scaledText(BigInt(bpHundredths), 2);
          // sent x bp / 10000 in cents, rounded down: sentCents x bpHundredths / 10^6.
          const bpLimit = (sentCents * BigInt(bpHundredths)) / 10n ** 6n;
          const limit = bpLimit < absoluteCents ? bpLimit : absoluteCents;
          if (limit + 1n >= sentCents) {
            return;
          }
          const options: HkdRuleOptions = { below: { absolute: cents(absoluteCents), basisPoints } };
          const debtor = { interbankSettlementAmount: hkd(cents(sentCents)) };
          const at = evaluate(options, { interbankSettlementAmount: hkd(cents(sentCents - limit)) }, debtor);
          const beyond = evaluate(options, { interbankSettlementAmount: hkd(cents(sentCents - limit - 1n)) }, debtor);
          assert.notEqual(at.shared.status, 'DISCREPANCY');
          assert.equal(beyond.shared.status, 'DISCREPANCY');
        },
      ));
    });

    it('is symmetric when the tolerance above equals the one below', () => {
      fc.assert(fc.property(
        fc.bigInt({ min: 10_000n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 5000n }), fc.bigInt({ min: 0n, max: 3000n }), fc.integer({ min: 0, max: 500 }),
        (sentCents, offset, absoluteCents, bp) => {
          const limit = { absolute: cents(absoluteCents), basisPoints: String(bp) };
          const options: HkdRuleOptions = { above: limit, below: limit };
          const debtor = { interbankSettlementAmount: hkd(cents(sentCents)) };
          const above = evaluate(options, { interbankSettlementAmount: hkd(cents(sentCents + offset)) }, debtor);
          const below = evaluate(options, { interbankSettlementAmount: hkd(cents(sentCents - offset)) }, debtor);
          assert.equal(above.shared.status, below.shared.status);
        },
      ));
    });

    it('refuses to tolerate a settlement currency the sides disagree on, or one without a rule', () => {
      assert.deepEqual(findings(evaluate({}, { interbankSettlementAmount: { amount: '1000.00', currency: 'CNY' } })).discrepancies,
        ['interbankSettlementAmount:CURRENCY_DIFFERS']);
      const cny = { interbankSettlementAmount: { amount: '1000.00', currency: 'CNY' } };
      assert.deepEqual(findings(evaluate({}, { ...cny, interbankSettlementAmount: { amount: '1000.01', currency: 'CNY' }, interbankSettlementDate: '2026-03-03' }, cny)).discrepancies,
        ['interbankSettlementAmount:NO_RULE_FOR_CURRENCY', 'interbankSettlementDate:NO_RULE_FOR_CURRENCY']);
    });

    it('keeps the amounts in the private differences only', () => {
      const evaluation = evaluate({}, { interbankSettlementAmount: hkd('999.60') });
      assert.deepEqual(evaluation.differences, [{
        field: 'interbankSettlementAmount', currency: 'HKD', difference: '-0.40', chargesDeducted: '0.00', fxConversion: '0.00',
        residual: '-0.40', allowed: '0.50',
      }]);
      assert.doesNotMatch(JSON.stringify(evaluation.shared), /0\.40|999|1000/);
    });
  });

  describe('charges', () => {
    const onTheWay = { chargesInformation: [charge('15.00')], interbankSettlementAmount: hkd('985.00') };

    it('expects the settlement amount less the charges taken on the way under SHAR and CRED', () => {
      const evaluation = evaluate({ above: { absolute: '0' }, below: { absolute: '0' } }, onTheWay);
      assert.deepEqual(findings(evaluation), { status: 'MATCHED_WITHIN_TOLERANCE', within: ['interbankSettlementAmount:CHARGES_DEDUCTED'], discrepancies: [] });
      assert.deepEqual(evaluation.differences[0], {
        field: 'interbankSettlementAmount', currency: 'HKD', difference: '-15.00', chargesDeducted: '15.00', fxConversion: '0.00',
        residual: '0.00', allowed: '0.00',
      });
      const cred = { chargeBearer: 'CRED' as const };
      assert.equal(evaluate({ below: { absolute: '0' } }, { ...onTheWay, ...cred }, cred).shared.status, 'MATCHED_WITHIN_TOLERANCE');
    });

    it('applies the amount tolerance to what the charges leave', () => {
      const evaluation = evaluate({}, { ...onTheWay, interbankSettlementAmount: hkd('984.70') });
      assert.deepEqual(findings(evaluation).within, ['interbankSettlementAmount:AMOUNT_WITHIN_TOLERANCE']);
      assert.equal((evaluation.differences[0] as { residual: string }).residual, '-0.30');
      assert.equal(evaluate({}, { ...onTheWay, interbankSettlementAmount: hkd('984.49') }).shared.status, 'DISCREPANCY');
    });

    it('makes a gap the charges explain a charges difference, not an amount break, where they may not be deducted', () => {
      const debt = { chargeBearer: 'DEBT' as const };
      assert.deepEqual(findings(evaluate({}, { ...onTheWay, ...debt }, debt)).discrepancies, ['interbankSettlementAmount:CHARGES_DIFFER']);
      assert.deepEqual(findings(evaluate({ maxDeducted: '10.00' }, onTheWay)).discrepancies, ['interbankSettlementAmount:CHARGES_DIFFER']);
      assert.deepEqual(findings(evaluate({ deductibleUnder: ['CRED'] }, onTheWay)).discrepancies, ['interbankSettlementAmount:CHARGES_DIFFER']);
      assert.deepEqual(findings(evaluate({}, { ...onTheWay, chargeBearer: 'CRED' })).discrepancies,
        ['interbankSettlementAmount:CHARGES_DIFFER', 'chargeBearer:CHARGES_DIFFER']);
      // A gap the charges do not explain stays an amount break.
      assert.deepEqual(findings(evaluate({}, { ...onTheWay, ...debt, interbankSettlementAmount: hkd('980.00') }, debt)).discrepancies,
        ['interbankSettlementAmount:AMOUNT_OVER_TOLERANCE']);
    });

    it('lets a charge small enough for the amount tolerance through whatever the bearer', () => {
      const debt = { chargeBearer: 'DEBT' as const };
      const evaluation = evaluate({}, { chargesInformation: [charge('0.30')], interbankSettlementAmount: hkd('999.70'), ...debt }, debt);
      assert.deepEqual(findings(evaluation).within, ['interbankSettlementAmount:AMOUNT_WITHIN_TOLERANCE']);
    });

    it('counts only the charges the creditor agent\'s side lists beyond the debtor agent\'s, in the settlement currency', () => {
      const own = charge('5.00', 'HKD', 'SZBKCNBSXXX');
      const both = evaluate({ below: { absolute: '0' } },
        { chargesInformation: [own, charge('15.00')], interbankSettlementAmount: hkd('985.00') }, { chargesInformation: [own] });
      assert.equal((both.differences[0] as { chargesDeducted: string }).chargesDeducted, '15.00');
      assert.equal(both.shared.status, 'MATCHED_WITHIN_TOLERANCE');
      const inDollars = evaluate({}, { chargesInformation: [charge('2.00', 'USD')], interbankSettlementAmount: hkd('984.40') });
      assert.deepEqual(findings(inDollars).discrepancies, ['interbankSettlementAmount:AMOUNT_OVER_TOLERANCE']);
    });

    it('never deducts charges that would take the whole amount', () => {
      const evaluation = evaluate({ below: { absolute: '0' } }, { chargesInformation: [charge('1000.00')], interbankSettlementAmount: hkd('0.01') });
      assert.equal(evaluation.shared.status, 'DISCREPANCY');
    });
  });

  describe('FX', () => {
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    const converted = (rate: string, amount: string): Partial<PaymentSide> => ({
      instructedAmount: usd('1000.00'), exchangeRate: rate, interbankSettlementAmount: hkd(amount),
    });
    const exactAmounts: HkdRuleOptions = { above: { absolute: '0' }, below: { absolute: '0' }, fxBasisPoints: '1' };

    it('accepts a rate quoted to another precision, and the amount difference it makes once rounded', () => {
      const evaluation = evaluate(exactAmounts, converted('7.83125', '7831.25'), converted('7.8312', '7831.20'));
      assert.deepEqual(findings(evaluation), {
        status: 'MATCHED_WITHIN_TOLERANCE', within: ['interbankSettlementAmount:FX_CONVERSION', 'exchangeRate:FX_RATE_WITHIN_TOLERANCE'], discrepancies: [],
      });
      assert.deepEqual(evaluation.differences, [
        { field: 'exchangeRate', differenceBasisPoints: '0.0638', allowedBasisPoints: '1' },
        { field: 'interbankSettlementAmount', currency: 'HKD', difference: '0.05', chargesDeducted: '0.00', fxConversion: '0.05', residual: '0.00', allowed: '0.00' },
      ]);
      assert.equal(evaluate(exactAmounts, converted('7.83125', '7831.20'), converted('7.8312', '7831.20')).shared.status, 'MATCHED_WITHIN_TOLERANCE');
    });

    it('allows nothing for the rates when the sides disagree on the instructed amount they were applied to', () => {
      const creditor = { ...converted('7.83125', '7831.25'), instructedAmount: usd('1000.01') };
      const evaluation = evaluate(exactAmounts, creditor, converted('7.8312', '7831.20'));
      assert.deepEqual(findings(evaluation).discrepancies, ['interbankSettlementAmount:AMOUNT_OVER_TOLERANCE', 'instructedAmount:NO_RULE_FOR_CURRENCY']);
      assert.deepEqual(findings(evaluation).within, ['exchangeRate:FX_RATE_WITHIN_TOLERANCE']);
    });

    it('allows nothing for rates beyond the tolerance, or without an FX rule', () => {
      const tight = evaluate({ ...exactAmounts, fxBasisPoints: '0.05' }, converted('7.83125', '7831.25'), converted('7.8312', '7831.20'));
      assert.deepEqual(findings(tight).discrepancies, ['interbankSettlementAmount:AMOUNT_OVER_TOLERANCE', 'exchangeRate:FX_RATE_OVER_TOLERANCE']);
      const none = evaluate({ ...exactAmounts, fxBasisPoints: undefined }, converted('7.83125', '7831.20'), converted('7.8312', '7831.20'));
      assert.deepEqual(findings(none).discrepancies, ['exchangeRate:FX_RATE_OVER_TOLERANCE']);
    });

    it('names a missing rate, and a rate where nothing is converted', () => {
      const missing = evaluate(exactAmounts, { ...converted('7.8312', '7831.20'), exchangeRate: undefined }, converted('7.8312', '7831.20'));
      assert.deepEqual(findings(missing).discrepancies, ['exchangeRate:FX_RATE_MISSING']);
      const unconverted = evaluate(exactAmounts, { exchangeRate: '1.0001' }, { exchangeRate: '1' });
      assert.deepEqual(findings(unconverted).discrepancies, ['exchangeRate:NOT_TOLERATED']);
    });

    it('holds an instructed amount to the tolerance of its own currency', () => {
      const creditor = { ...converted('7.8312', '7831.20'), instructedAmount: usd('1000.01') };
      assert.deepEqual(findings(evaluate(exactAmounts, creditor, converted('7.8312', '7831.20'))).discrepancies, ['instructedAmount:NO_RULE_FOR_CURRENCY']);
      const raw = ruleSetInput(exactAmounts) as { currencies: Record<string, unknown> };
      raw.currencies.USD = { amount: { above: { absolute: '0.01' }, below: { absolute: '0' } }, charges: { deductibleUnder: [] }, valueDate: { businessDaysBefore: 0, businessDaysAfter: 0 } };
      const withUsd = prepareMatchingRules(validRuleSet(raw), directory);
      const evaluation = evaluateSides(withUsd, debtorSide(converted('7.8312', '7831.20')), creditorSide(creditor));
      assert.deepEqual(findings(evaluation).within, ['instructedAmount:AMOUNT_WITHIN_TOLERANCE']);
      const different = evaluateSides(withUsd, debtorSide(converted('7.8312', '7831.20')), creditorSide({ ...creditor, instructedAmount: { amount: '1000.00', currency: 'EUR' } }));
      assert.deepEqual(findings(different).discrepancies, ['instructedAmount:CURRENCY_DIFFERS']);
    });

    it('honours the rounding mode: the amounts match exactly when each side rounded its conversion that way', () => {
      fc.assert(fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.bigInt({ min: 7_000_000n, max: 8_000_000n }), fc.bigInt({ min: -300n, max: 300n }),
        fc.constantFrom(...ROUNDING_MODES), fc.constantFrom(...ROUNDING_MODES),
        (instructedCents, debtorRateMicros, rateOffset, sidesMode, ruleMode) => {
          // Rates with 6 decimals; instructed cents x rate micros has 8 decimals, rounded to the 2 of HKD.
          const creditorRateMicros = debtorRateMicros + rateOffset;
          const convert = (rateMicros: bigint, mode: RoundingMode): bigint => roundScaled(instructedCents * rateMicros, 6, mode);
          const debtorAmount = convert(debtorRateMicros, sidesMode);
          const creditorAmount = convert(creditorRateMicros, sidesMode);
          const side = (rateMicros: bigint, amount: bigint): Partial<PaymentSide> => ({
            instructedAmount: usd(cents(instructedCents)), exchangeRate: scaledText(rateMicros, 6).replace(/\.?0+$/, ''), interbankSettlementAmount: hkd(cents(amount)),
          });
          const rules = hkdRules({ ...exactAmounts, fxBasisPoints: '10', rounding: ruleMode });
          const evaluation = evaluateSides(rules, debtorSide(side(debtorRateMicros, debtorAmount)), creditorSide(side(creditorRateMicros, creditorAmount)));
          const amountAccepted = !evaluation.shared.discrepancies.some((finding) => finding.field === 'interbankSettlementAmount');
          const expectedUnderRule = convert(creditorRateMicros, ruleMode) - convert(debtorRateMicros, ruleMode);
          const difference = creditorAmount - debtorAmount;
          assert.equal(amountAccepted, difference === 0n || difference === expectedUnderRule,
            `${sidesMode} sides under a ${ruleMode} rule: difference ${difference}, the rule explains ${expectedUnderRule}`);
          if (sidesMode === ruleMode) {
            assert.equal(amountAccepted, true);
          }
        },
      ));
    });
  });

  describe('value dates', () => {
    it('counts the window in business days on both calendars', () => {
      assert.deepEqual(findings(evaluate({}, { interbankSettlementDate: '2026-03-03' })).within, ['interbankSettlementDate:VALUE_DATE_WITHIN_WINDOW']);
      assert.deepEqual(findings(evaluate({}, { interbankSettlementDate: '2026-03-04' })).discrepancies, ['interbankSettlementDate:VALUE_DATE_OUTSIDE_WINDOW']);
      assert.deepEqual(findings(evaluate({}, { interbankSettlementDate: '2026-02-27' })).discrepancies, ['interbankSettlementDate:VALUE_DATE_OUTSIDE_WINDOW']);
      assert.equal(evaluate({ businessDaysBefore: 1 }, { interbankSettlementDate: '2026-02-27' }).shared.status, 'MATCHED_WITHIN_TOLERANCE');
    });

    it('keeps a value date one business day apart across a holiday of one jurisdiction within a one-day window', () => {
      // Friday 13 February 2026 to Tuesday 24 February: the mainland's Spring Festival runs 15-23 February, Hong Kong's 17-19.
      const evaluation = evaluate({}, { interbankSettlementDate: '2026-02-24' }, { interbankSettlementDate: '2026-02-13' });
      assert.equal(evaluation.shared.status, 'MATCHED_WITHIN_TOLERANCE');
      assert.deepEqual(evaluation.differences, [{ field: 'interbankSettlementDate', businessDays: 1, allowedBefore: 0, allowedAfter: 1 }]);
      // Thursday 2 April to Wednesday 8 April 2026: Good Friday, Qingming and Easter in between.
      assert.equal(evaluate({}, { interbankSettlementDate: '2026-04-08' }, { interbankSettlementDate: '2026-04-02' }).shared.status, 'MATCHED_WITHIN_TOLERANCE');
    });

    it('does not decide on dates the calendars do not cover', () => {
      const evaluation = evaluate({}, { interbankSettlementDate: '2027-01-04' }, { interbankSettlementDate: '2026-12-31' });
      assert.deepEqual(findings(evaluation).discrepancies, ['interbankSettlementDate:VALUE_DATE_NOT_COVERED']);
    });
  });

  describe('fields no rule tolerates', () => {
    it('keeps references, BICs and the message type exact', () => {
      assert.deepEqual(findings(evaluate({}, { endToEndId: 'E2E-2' })).discrepancies, ['endToEndId:NOT_TOLERATED']);
      assert.deepEqual(findings(evaluate({}, { instructedAgentBic: 'HKBKHKHH001' })).discrepancies, ['instructedAgentBic:NOT_TOLERATED']);
      assert.deepEqual(findings(evaluate({}, { messageType: 'pacs.009', chargeBearer: undefined }, { chargeBearer: undefined })).discrepancies, ['messageType:NOT_TOLERATED']);
    });

    it('refuses sides that are not the two sides of one payment of the pair', () => {
      const rules = hkdRules();
      assert.throws(() => evaluateSides(rules, creditorSide(), debtorSide()), /expected a DEBTOR_AGENT and a CREDITOR_AGENT side/);
      assert.throws(() => evaluateSides(rules, debtorSide(), creditorSide({ uetr: '1a2b3c4d-0000-4000-8000-000000000002' })), /the creditor agent's of 1a2b3c4d-0000-4000-8000-000000000002/);
      const raw = ruleSetInput();
      raw.pair = ['MOBankMSP', 'HKBankMSP'];
      raw.calendars = ['MO-2026.1', 'HK-2026.1'];
      assert.throws(() => evaluateSides(prepareMatchingRules(validRuleSet(raw), directory), debtorSide(), creditorSide()), /is between HKBankMSP and SZBankMSP, not the rule set's pair HKBankMSP and MOBankMSP/);
    });
  });

  describe('properties over any pair of sides', () => {
    /** Options whose every tolerance is at least `base`'s. */
    const tolerances = fc.record({
      aboveCents: fc.bigInt({ min: 0n, max: 2000n }), belowCents: fc.bigInt({ min: 0n, max: 2000n }),
      aboveBp: fc.integer({ min: 0, max: 200 }), belowBp: fc.integer({ min: 0, max: 200 }),
      fxBp: fc.integer({ min: 0, max: 50 }), before: fc.integer({ min: 0, max: 5 }), after: fc.integer({ min: 0, max: 5 }),
    });
    type Tolerances = typeof tolerances extends fc.Arbitrary<infer T> ? T : never;
    const optionsOf = (t: Tolerances): HkdRuleOptions => ({
      above: { absolute: cents(t.aboveCents), basisPoints: String(t.aboveBp) },
      below: { absolute: cents(t.belowCents), basisPoints: String(t.belowBp) },
      fxBasisPoints: String(t.fxBp), businessDaysBefore: t.before, businessDaysAfter: t.after,
    });
    const wider = (t: Tolerances, extra: Tolerances): Tolerances => ({
      aboveCents: t.aboveCents + extra.aboveCents, belowCents: t.belowCents + extra.belowCents,
      aboveBp: t.aboveBp + extra.aboveBp, belowBp: t.belowBp + extra.belowBp, fxBp: t.fxBp + extra.fxBp,
      before: Math.min(t.before + extra.before, 10), after: Math.min(t.after + extra.after, 10),
    });

    /** Two sides of one payment differing in any matching field, by small amounts. */
    const sides = fc.record({
      sentCents: fc.bigInt({ min: 100_000n, max: 10n ** 10n }),
      amountOffset: fc.bigInt({ min: -3000n, max: 3000n }),
      chargeCents: fc.option(fc.bigInt({ min: 0n, max: 3000n }), { nil: undefined }),
      debtorDate: fc.integer({ min: 0, max: 600 }),
      dateOffset: fc.integer({ min: -4, max: 4 }),
      bearers: fc.constantFrom(['SHAR', 'SHAR'], ['CRED', 'CRED'], ['DEBT', 'DEBT'], ['SHAR', 'CRED']),
      rates: fc.option(fc.tuple(fc.bigInt({ min: 7_800_000n, max: 7_900_000n }), fc.bigInt({ min: -200n, max: 200n })), { nil: undefined }),
      endToEndDiffers: fc.boolean(),
    }).map((s) => {
      const day = (offset: number): string => new Date(Date.UTC(2025, 1, 1 + offset)).toISOString().slice(0, 10);
      const fx = s.rates === undefined ? {} : { instructedAmount: { amount: '1000.00', currency: 'USD' } };
      const debtor = debtorSide({
        interbankSettlementAmount: hkd(cents(s.sentCents)), interbankSettlementDate: day(s.debtorDate), chargeBearer: s.bearers[0] as 'SHAR',
        ...fx, ...(s.rates === undefined ? {} : { exchangeRate: scaledText(s.rates[0], 6) }),
      });
      const creditor = creditorSide({
        interbankSettlementAmount: hkd(cents(s.sentCents + s.amountOffset)), interbankSettlementDate: day(s.debtorDate + s.dateOffset),
        chargeBearer: s.bearers[1] as 'SHAR', endToEndId: s.endToEndDiffers ? 'E2E-OTHER' : 'E2E-1',
        ...(s.chargeCents === undefined ? {} : { chargesInformation: [charge(cents(s.chargeCents))] }),
        ...fx, ...(s.rates === undefined ? {} : { exchangeRate: scaledText(s.rates[0] + s.rates[1], 6) }),
      });
      return { debtor, creditor };
    });

    it('matches exactly when every matching field is equal, and finds once for each field that differs', () => {
      fc.assert(fc.property(tolerances, sides, (t, { debtor, creditor }) => {
        const evaluation = evaluateSides(hkdRules(optionsOf(t)), debtor, creditor);
        const differing = MATCHING_FIELDS.filter((field) => JSON.stringify(debtor[field]) !== JSON.stringify(creditor[field]));
        assert.equal(evaluation.shared.status === 'MATCHED', differing.length === 0);
        const found = [...evaluation.shared.withinTolerance, ...evaluation.shared.discrepancies].map((finding) => finding.field);
        assert.deepEqual([...found].sort(), [...differing].sort());
        assert.equal(evaluation.shared.status === 'DISCREPANCY', evaluation.shared.discrepancies.length > 0);
      }));
    });

    it('is monotone in the tolerance: widening a rule never turns an accepted field into a discrepancy', () => {
      fc.assert(fc.property(tolerances, tolerances, sides, (t, extra, { debtor, creditor }) => {
        const narrow = evaluateSides(hkdRules(optionsOf(t)), debtor, creditor).shared;
        const wide = evaluateSides(hkdRules(optionsOf(wider(t, extra))), debtor, creditor).shared;
        const narrowDiscrepancies = new Set(narrow.discrepancies.map((finding) => finding.field));
        for (const finding of wide.discrepancies) {
          assert.ok(narrowDiscrepancies.has(finding.field), `${finding.field} became a discrepancy when the rules widened`);
        }
        if (narrow.status === 'MATCHED_WITHIN_TOLERANCE') {
          assert.equal(wide.status, 'MATCHED_WITHIN_TOLERANCE');
        }
      }));
    });

    it('puts no value in the shared result: only the status, the rule set, field names and codes', () => {
      const vocabulary = new Set<string>([...MATCH_OUTCOMES, ...MATCHING_FIELDS, ...WITHIN_TOLERANCE_CODES, ...DISCREPANCY_CODES]);
      fc.assert(fc.property(tolerances, sides, (t, { debtor, creditor }) => {
        const rules: MatchingRules = hkdRules(optionsOf(t));
        const { shared } = evaluateSides(rules, debtor, creditor);
        assert.deepEqual(Object.keys(shared).sort(), ['discrepancies', 'ruleSetDigest', 'ruleSetVersion', 'status', 'withinTolerance']);
        assert.equal(shared.ruleSetVersion, rules.ruleSet.version);
        assert.equal(shared.ruleSetDigest, rules.digest);
        const words = [shared.status, ...[...shared.withinTolerance, ...shared.discrepancies].flatMap((finding) => {
          assert.deepEqual(Object.keys(finding).sort(), ['code', 'field']);
          return [finding.field, finding.code];
        })];
        for (const word of words) {
          assert.ok(vocabulary.has(word), word);
        }
      }));
    });

    it('is a pure function: the same result twice, its arguments untouched', () => {
      fc.assert(fc.property(tolerances, sides, (t, { debtor, creditor }) => {
        const rules = hkdRules(optionsOf(t));
        deepFreeze(debtor);
        deepFreeze(creditor);
        assert.deepEqual(evaluateSides(rules, debtor, creditor), evaluateSides(rules, debtor, creditor));
      }));
    });
  });
});
