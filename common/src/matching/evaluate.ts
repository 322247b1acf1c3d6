import { canonicalJson } from '../canonical';
import { minorUnits } from '../currencies';
import { Directory } from '../directory';
import { ChargesInformation, MATCHING_FIELDS, MatchingField, Money, PaymentSide, matchingValue } from '../payment';
import { BusinessDays } from './calendar';
import { Dec, RoundingMode, ZERO, basisPointsOf, dec, roundTo, withinBasisPoints, written } from './decimal';
import { AmountTolerance, CurrencyRule, PairRuleSet, currencyRule, ruleSetDigest } from './rule-set';

/** What a pair's rule set concludes about two sides. MATCHED needs no rule: every matching field is equal. */
export const MATCH_OUTCOMES = ['MATCHED', 'MATCHED_WITHIN_TOLERANCE', 'DISCREPANCY'] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];


/** Why a field that differs is accepted. */
export const WITHIN_TOLERANCE_CODES = [
  'AMOUNT_WITHIN_TOLERANCE', 'CHARGES_DEDUCTED', 'FX_CONVERSION', 'FX_RATE_WITHIN_TOLERANCE', 'VALUE_DATE_WITHIN_WINDOW',
] as const;
export type WithinToleranceCode = (typeof WITHIN_TOLERANCE_CODES)[number];

/**
 * Why a field that differs is a discrepancy.
 * - AMOUNT_OVER_TOLERANCE: the amount differs by more than the tolerance, after charges and FX are allowed for.
 * - CURRENCY_DIFFERS: the two sides name different currencies for the amount.
 * - FX_RATE_OVER_TOLERANCE, FX_RATE_MISSING: the rates differ by more than agreed, or one side has none.
 * - CHARGES_DIFFER: the charge bearers differ, or the gap is the charges listed but the rules do not let them be deducted.
 * - VALUE_DATE_OUTSIDE_WINDOW, VALUE_DATE_NOT_COVERED: too many business days apart, or a date the calendars do not cover.
 * - NO_RULE_FOR_CURRENCY: the pair agreed no rule for the currency, so nothing of it is tolerated.
 * - NOT_TOLERATED: a field no rule tolerates (message type, references, BICs), or one side has a value the other lacks.
 */
export const DISCREPANCY_CODES = [
  'AMOUNT_OVER_TOLERANCE', 'CURRENCY_DIFFERS', 'FX_RATE_OVER_TOLERANCE', 'FX_RATE_MISSING', 'CHARGES_DIFFER',
  'VALUE_DATE_OUTSIDE_WINDOW', 'VALUE_DATE_NOT_COVERED', 'NO_RULE_FOR_CURRENCY', 'NOT_TOLERATED',
] as const;
export type DiscrepancyCode = (typeof DISCREPANCY_CODES)[number];

/** A differing matching field and why it is accepted or not. */
export interface FieldFinding<Code extends string> {
  field: MatchingField;
  code: Code;
}

/**
 * What may go into the pair's shared record: the rule set applied, and for each differing field its name and a
 * code. No amount, rate, date or difference: those stay in {@link MatchEvaluation.differences}.
 */
export interface SharedMatchResult {
  status: MatchOutcome;
  ruleSetVersion: number;
  ruleSetDigest: string;
  withinTolerance: FieldFinding<WithinToleranceCode>[];
  discrepancies: FieldFinding<DiscrepancyCode>[];
}

/**
 * An amount difference as the evaluation worked it out (decimal strings in the currency's minor units):
 * `difference` is the creditor agent's amount less the debtor agent's; `residual` is what is left once
 * `chargesDeducted` and `fxConversion` are allowed for, and is compared with `allowed`, the tolerance in its direction.
 */
export interface AmountDifference {
  field: 'interbankSettlementAmount' | 'instructedAmount';
  currency: string;
  difference: string;
  chargesDeducted: string;
  fxConversion: string;
  residual: string;
  allowed: string;
}

/** The creditor agent's rate less the debtor agent's, in basis points of the debtor agent's (4 decimals, for reading). */
export interface RateDifference {
  field: 'exchangeRate';
  differenceBasisPoints: string;
  allowedBasisPoints: string;
}

/** Business days from the debtor agent's value date to the creditor agent's (negative when earlier). */
export interface ValueDateDifference {
  field: 'interbankSettlementDate';
  businessDays: number;
  allowedBefore: number;
  allowedAfter: number;
}

export type PrivateDifference = AmountDifference | RateDifference | ValueDateDifference;

/** The result of {@link evaluateSides}: the shareable outcome, and the differences that stay private. */
export interface MatchEvaluation {
  shared: SharedMatchResult;
  /** Confidential as the sides' details are: for the pair's private data only. */
  differences: PrivateDifference[];
}

/** A rule set made ready to evaluate many payments: its digest and its business days worked out once. */
export interface MatchingRules {
  readonly ruleSet: PairRuleSet;
  readonly digest: string;
  readonly businessDays: BusinessDays;
  /** The member directory the sides' BICs are read with. */
  readonly directory: Directory;
}

/** Prepares a validated rule set (see validatePairRuleSet) for {@link evaluateSides}. */
export function prepareMatchingRules(ruleSet: PairRuleSet, directory: Directory): MatchingRules {
  return Object.freeze({ ruleSet, digest: ruleSetDigest(ruleSet), businessDays: new BusinessDays(ruleSet.calendars), directory });
}

/** Matching fields no rule tolerates a difference in. */
const EXACT_FIELDS: readonly MatchingField[] = [
  'messageType', 'endToEndId', 'instructingAgentBic', 'instructedAgentBic', 'debtorAgentBic', 'creditorAgentBic',
];

/**
 * The matching fields a rule can accept a difference in: the settlement and instructed amounts, the exchange rate
 * and the value date. Only when one of them differs does a decision need the sides' details and the rule set.
 */
export const TOLERABLE_FIELDS: readonly MatchingField[] = ['interbankSettlementAmount', 'interbankSettlementDate', 'instructedAmount', 'exchangeRate'];

/**
 * The codes of differing fields, decided from their names alone: a field no rule tolerates is NOT_TOLERATED and a
 * differing charge bearer CHARGES_DIFFER, as {@link evaluateSides} decides them under any rule set; a field a rule
 * could tolerate is NO_RULE_FOR_CURRENCY, which is what a pair that has agreed no rule set has for it. In the
 * order of MATCHING_FIELDS.
 */
export function findingsWithoutRules(fields: readonly MatchingField[]): FieldFinding<DiscrepancyCode>[] {
  return MATCHING_FIELDS.filter((field) => fields.includes(field)).map((field) => ({
    field,
    code: field === 'chargeBearer' ? 'CHARGES_DIFFER' : TOLERABLE_FIELDS.includes(field) ? 'NO_RULE_FOR_CURRENCY' : 'NOT_TOLERATED',
  }));
}

type Finding = { within: true; code: WithinToleranceCode } | { within: false; code: DiscrepancyCode };
const within = (code: WithinToleranceCode): Finding => ({ within: true, code });
const discrepancy = (code: DiscrepancyCode): Finding => ({ within: false, code });

/** The FX context of a payment: set when both sides convert the same instructed amount into the settlement currency. */
interface Conversion {
  instructed: Money;
  debtorRate: string;
  creditorRate: string;
}

/**
 * Evaluates two validated sides of one payment under a pair's rule set, field by field, in decimal arithmetic.
 * A field equal on both sides needs no rule. A differing one is within tolerance or a discrepancy:
 * - the settlement amount: the creditor agent's amount is expected to be the debtor agent's, less the charges
 *   its side lists beyond the debtor agent's when the charge bearer lets agents deduct them, plus the difference
 *   the two exchange rates make once rounded as the rule states (when the rates are within tolerance); what is
 *   left must be within the amount tolerance, above or below. A gap the listed charges explain, but which the
 *   rules do not let be deducted, is CHARGES_DIFFER rather than an amount break.
 * - the instructed amount: the amount tolerance of its currency.
 * - the exchange rate: the FX tolerance in basis points, when both sides convert the same instructed currency.
 * - the value date: the window in business days counted on the rule set's calendars.
 * - the charge bearer and every other matching field: never tolerated.
 *
 * @throws Error when the sides are not the two sides of one payment of the rule set's pair.
 */
export function evaluateSides(rules: MatchingRules, debtorSide: PaymentSide, creditorSide: PaymentSide): MatchEvaluation {
  assertSidesOfPair(rules, debtorSide, creditorSide);
  const differing = MATCHING_FIELDS.filter(
    (field) => canonicalJson(matchingValue(debtorSide, field)) !== canonicalJson(matchingValue(creditorSide, field)),
  );
  const findings = new Map<MatchingField, Finding>();
  const differences: PrivateDifference[] = [];
  const settlementCurrency = debtorSide.interbankSettlementAmount.currency;
  const rule = currencyRule(rules.ruleSet, settlementCurrency);
  const conversion = conversionOf(debtorSide, creditorSide);
  // Rates that differ within tolerance let the amount differ by what they make of the instructed amount, when
  // both sides state the same instructed amount (else which amount the rates were applied to is unknown).
  let fxUsable = false;

  for (const field of differing) {
    if (EXACT_FIELDS.includes(field)) {
      findings.set(field, discrepancy('NOT_TOLERATED'));
    } else if (field === 'chargeBearer') {
      findings.set(field, discrepancy('CHARGES_DIFFER'));
    } else if (field === 'interbankSettlementDate') {
      findings.set(field, valueDateFinding(rules.businessDays, rule, debtorSide, creditorSide, differences));
    } else if (field === 'instructedAmount') {
      findings.set(field, instructedAmountFinding(rules.ruleSet, debtorSide.instructedAmount, creditorSide.instructedAmount, differences));
    } else if (field === 'exchangeRate') {
      const finding = rateFinding(rule, debtorSide, creditorSide, conversion, differences);
      fxUsable = conversion !== undefined && finding.code === 'FX_RATE_WITHIN_TOLERANCE' && !differing.includes('instructedAmount');
      findings.set(field, finding);
    }
  }
  if (differing.includes('interbankSettlementAmount')) {
    findings.set('interbankSettlementAmount', settlementAmountFinding(
      rule, debtorSide, creditorSide, fxUsable ? conversion : undefined, differences,
    ));
  }

  const ordered = MATCHING_FIELDS.flatMap((field) => {
    const finding = findings.get(field);
    return finding === undefined ? [] : [{ field, finding }];
  });
  const discrepancies = ordered.flatMap(({ field, finding }) => (finding.within ? [] : [{ field, code: finding.code }]));
  const withinTolerance = ordered.flatMap(({ field, finding }) => (finding.within ? [{ field, code: finding.code }] : []));
  const status: MatchOutcome = differing.length === 0 ? 'MATCHED' : discrepancies.length > 0 ? 'DISCREPANCY' : 'MATCHED_WITHIN_TOLERANCE';
  return {
    shared: { status, ruleSetVersion: rules.ruleSet.version, ruleSetDigest: rules.digest, withinTolerance, discrepancies },
    differences,
  };
}

function assertSidesOfPair(rules: MatchingRules, debtorSide: PaymentSide, creditorSide: PaymentSide): void {
  const { ruleSet } = rules;
  if (debtorSide.side !== 'DEBTOR_AGENT' || creditorSide.side !== 'CREDITOR_AGENT') {
    throw new Error(`sides: expected a DEBTOR_AGENT and a CREDITOR_AGENT side, got ${debtorSide.side} and ${creditorSide.side}`);
  }
  if (debtorSide.uetr !== creditorSide.uetr) {
    throw new Error(`sides: the debtor agent's side is of ${debtorSide.uetr}, the creditor agent's of ${creditorSide.uetr}`);
  }
  const orgs = [rules.directory.orgOfBic(debtorSide.debtorAgentBic), rules.directory.orgOfBic(debtorSide.creditorAgentBic)].sort();
  if (orgs[0] !== ruleSet.pair[0] || orgs[1] !== ruleSet.pair[1]) {
    throw new Error(`sides: payment ${debtorSide.uetr} is between ${orgs.join(' and ')}, not the rule set's pair ${ruleSet.pair.join(' and ')}`);
  }
}

/** True when both sides state an instructed amount in the same currency, converted into one other settlement currency. */
function convertsCurrency(debtorSide: PaymentSide, creditorSide: PaymentSide): boolean {
  const instructed = debtorSide.instructedAmount?.currency;
  return instructed !== undefined && instructed === creditorSide.instructedAmount?.currency
    && instructed !== debtorSide.interbankSettlementAmount.currency
    && creditorSide.interbankSettlementAmount.currency === debtorSide.interbankSettlementAmount.currency;
}

/** The conversion both sides make, when they make one and each states its rate. */
function conversionOf(debtorSide: PaymentSide, creditorSide: PaymentSide): Conversion | undefined {
  const { instructedAmount: instructed, exchangeRate: debtorRate } = debtorSide;
  const creditorRate = creditorSide.exchangeRate;
  return instructed !== undefined && debtorRate !== undefined && creditorRate !== undefined && convertsCurrency(debtorSide, creditorSide)
    ? { instructed, debtorRate, creditorRate }
    : undefined;
}

function rateFinding(
  rule: CurrencyRule | undefined, debtorSide: PaymentSide, creditorSide: PaymentSide, conversion: Conversion | undefined,
  differences: PrivateDifference[],
): Finding {
  if (!convertsCurrency(debtorSide, creditorSide)) {
    return discrepancy('NOT_TOLERATED');
  }
  if (conversion === undefined) {
    return discrepancy('FX_RATE_MISSING');
  }
  if (rule === undefined) {
    return discrepancy('NO_RULE_FOR_CURRENCY');
  }
  const allowed = rule.fx?.basisPoints ?? '0';
  const debtorRate = dec(conversion.debtorRate);
  const difference = dec(conversion.creditorRate).minus(debtorRate);
  differences.push({ field: 'exchangeRate', differenceBasisPoints: basisPointsOf(difference, debtorRate), allowedBasisPoints: allowed });
  return withinBasisPoints(difference, debtorRate, dec(allowed)) ? within('FX_RATE_WITHIN_TOLERANCE') : discrepancy('FX_RATE_OVER_TOLERANCE');
}

function valueDateFinding(
  businessDays: BusinessDays, rule: CurrencyRule | undefined, debtorSide: PaymentSide, creditorSide: PaymentSide,
  differences: PrivateDifference[],
): Finding {
  if (rule === undefined) {
    return discrepancy('NO_RULE_FOR_CURRENCY');
  }
  const days = businessDays.between(debtorSide.interbankSettlementDate, creditorSide.interbankSettlementDate);
  if (days === undefined) {
    return discrepancy('VALUE_DATE_NOT_COVERED');
  }
  const { businessDaysBefore, businessDaysAfter } = rule.valueDate;
  differences.push({ field: 'interbankSettlementDate', businessDays: days, allowedBefore: businessDaysBefore, allowedAfter: businessDaysAfter });
  const inWindow = days >= 0 ? days <= businessDaysAfter : -days <= businessDaysBefore;
  return inWindow ? within('VALUE_DATE_WITHIN_WINDOW') : discrepancy('VALUE_DATE_OUTSIDE_WINDOW');
}

/**
 * The tolerance in the direction of `residual`, as an amount: the smaller of the absolute limit and the basis
 * points of `base`, the latter rounded down to the minor units. A residual is always a whole number of minor
 * units, so comparing it with the rounded-down limit decides exactly as comparing it with the exact one would.
 */
function allowedDifference(tolerance: AmountTolerance, residual: Dec, base: Dec, units: number): Dec {
  const limit = residual.isNegative() ? tolerance.below : tolerance.above;
  const candidates: Dec[] = [];
  if (limit.absolute !== undefined) {
    candidates.push(dec(limit.absolute));
  }
  if (limit.basisPoints !== undefined) {
    candidates.push(roundTo(base.times(dec(limit.basisPoints)).div(10000), units, 'DOWN'));
  }
  return candidates.reduce((smallest, candidate) => (candidate.lt(smallest) ? candidate : smallest));
}

function instructedAmountFinding(
  ruleSet: PairRuleSet, debtorAmount: Money | undefined, creditorAmount: Money | undefined, differences: PrivateDifference[],
): Finding {
  if (debtorAmount === undefined || creditorAmount === undefined) {
    return discrepancy('NOT_TOLERATED');
  }
  if (debtorAmount.currency !== creditorAmount.currency) {
    return discrepancy('CURRENCY_DIFFERS');
  }
  const rule = currencyRule(ruleSet, debtorAmount.currency);
  if (rule === undefined) {
    return discrepancy('NO_RULE_FOR_CURRENCY');
  }
  const units = minorUnits(debtorAmount.currency) as number;
  const base = dec(debtorAmount.amount);
  const difference = dec(creditorAmount.amount).minus(base);
  const allowed = allowedDifference(rule.amount, difference, base, units);
  differences.push({
    field: 'instructedAmount', currency: debtorAmount.currency, difference: written(difference, units),
    chargesDeducted: written(ZERO, units), fxConversion: written(ZERO, units), residual: written(difference, units),
    allowed: written(allowed, units),
  });
  return difference.abs().lte(allowed) ? within('AMOUNT_WITHIN_TOLERANCE') : discrepancy('AMOUNT_OVER_TOLERANCE');
}

/**
 * The charges the creditor agent's side lists beyond the debtor agent's (each entry of the debtor agent's list
 * accounts for one equal entry of the creditor agent's): the charges taken between the two banks' records.
 * Only those in the settlement currency can be deducted from it; a rate for the others is stated nowhere.
 */
function chargesTakenOnTheWay(debtorSide: PaymentSide, creditorSide: PaymentSide): Dec {
  const key = (entry: ChargesInformation): string => canonicalJson(entry);
  const debtorEntries = new Map<string, number>();
  for (const entry of debtorSide.chargesInformation ?? []) {
    debtorEntries.set(key(entry), (debtorEntries.get(key(entry)) ?? 0) + 1);
  }
  let total = ZERO;
  for (const entry of creditorSide.chargesInformation ?? []) {
    const seen = debtorEntries.get(key(entry)) ?? 0;
    if (seen > 0) {
      debtorEntries.set(key(entry), seen - 1);
    } else if (entry.amount.currency === debtorSide.interbankSettlementAmount.currency) {
      total = total.plus(dec(entry.amount.amount));
    }
  }
  return total;
}

/** One way the creditor agent's amount may be explained: what it deducts and adds to the debtor agent's. */
interface Explanation {
  charges: Dec;
  fx: Dec;
  residual: Dec;
  allowed: Dec;
}

function settlementAmountFinding(
  rule: CurrencyRule | undefined, debtorSide: PaymentSide, creditorSide: PaymentSide, conversion: Conversion | undefined,
  differences: PrivateDifference[],
): Finding {
  const currency = debtorSide.interbankSettlementAmount.currency;
  if (creditorSide.interbankSettlementAmount.currency !== currency) {
    return discrepancy('CURRENCY_DIFFERS');
  }
  if (rule === undefined) {
    return discrepancy('NO_RULE_FOR_CURRENCY');
  }
  const units = minorUnits(currency) as number;
  const sent = dec(debtorSide.interbankSettlementAmount.amount);
  const difference = dec(creditorSide.interbankSettlementAmount.amount).minus(sent);
  const charges = chargesTakenOnTheWay(debtorSide, creditorSide);
  const fx = conversion === undefined || rule.fx === undefined ? ZERO : fxConversionDifference(conversion, rule.fx.rounding, units);
  const explain = (deducted: Dec, converted: Dec): Explanation => {
    const residual = difference.plus(deducted).minus(converted);
    const base = sent.minus(deducted);
    return { charges: deducted, fx: converted, residual, allowed: allowedDifference(rule.amount, residual, base, units) };
  };
  const plain = [explain(ZERO, ZERO), ...(fx.isZero() ? [] : [explain(ZERO, fx)])];
  const withCharges = charges.isZero() ? [] : [explain(charges, ZERO), ...(fx.isZero() ? [] : [explain(charges, fx)])];
  const deductible = !charges.isZero() && chargesDeductible(rule, debtorSide, creditorSide, charges, sent);
  const accepted = deductible ? [...withCharges, ...plain] : plain;
  const fits = (explanation: Explanation): boolean => explanation.residual.abs().lte(explanation.allowed);
  const closest = (explanations: Explanation[]): Explanation | undefined =>
    [...explanations].sort((a, b) => a.residual.abs().comparedTo(b.residual.abs()))[0];
  const report = (explanation: Explanation, finding: Finding): Finding => {
    differences.push({
      field: 'interbankSettlementAmount', currency, difference: written(difference, units),
      chargesDeducted: written(explanation.charges, units), fxConversion: written(explanation.fx, units),
      residual: written(explanation.residual, units), allowed: written(explanation.allowed, units),
    });
    return finding;
  };
  const exact = accepted.find((explanation) => explanation.residual.isZero());
  if (exact !== undefined) {
    return report(exact, within(exact.charges.isZero() ? 'FX_CONVERSION' : 'CHARGES_DEDUCTED'));
  }
  const fitting = closest(accepted.filter(fits));
  if (fitting !== undefined) {
    return report(fitting, within('AMOUNT_WITHIN_TOLERANCE'));
  }
  const refused = deductible ? undefined : closest(withCharges.filter(fits));
  if (refused !== undefined) {
    return report(refused, discrepancy('CHARGES_DIFFER'));
  }
  return report(closest(accepted) as Explanation, discrepancy('AMOUNT_OVER_TOLERANCE'));
}

/** Whether the rules let `charges` be deducted: a bearer both sides state and the rule lists, within the cap, less than the amount. */
function chargesDeductible(rule: CurrencyRule, debtorSide: PaymentSide, creditorSide: PaymentSide, charges: Dec, sent: Dec): boolean {
  const bearer = debtorSide.chargeBearer;
  return bearer !== undefined && bearer === creditorSide.chargeBearer
    && (rule.charges.deductibleUnder as readonly string[]).includes(bearer)
    && (rule.charges.maxDeducted === undefined || charges.lte(dec(rule.charges.maxDeducted)))
    && charges.lt(sent);
}

/**
 * The difference the two rates make to the settlement amount: instructed amount x creditor agent's rate less
 * instructed amount x debtor agent's rate, each rounded to the settlement currency's minor units as the rule states.
 */
function fxConversionDifference(conversion: Conversion, rounding: RoundingMode, units: number): Dec {
  const instructed = dec(conversion.instructed.amount);
  const converted = (rate: string): Dec => roundTo(instructed.times(dec(rate)), units, rounding);
  return converted(conversion.creditorRate).minus(converted(conversion.debtorRate));
}
