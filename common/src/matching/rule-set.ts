import { canonicalJson, sha256Hex } from '../canonical';
import { minorUnits } from '../currencies';
import { Directory } from '../directory';
import { Checked, ValidationIssue, checkCurrency, checkNonNegativeAmount, show, unknownFieldIssues } from '../validation';
import { HOLIDAY_CALENDARS, calendarRegionOf } from './calendar';
import { ROUNDING_MODES, RoundingMode } from './decimal';

/**
 * How far the creditor agent's value may lie from what the debtor agent's side implies, one direction. With
 * both limits the smaller applies (as Oracle Cash Management's AutoReconciliation takes the smaller of its
 * amount and percentage tolerances); at least one is given, and `absolute: '0'` says none is allowed.
 */
export interface ToleranceLimit {
  /** An amount in the rule's currency, at most its minor units. */
  absolute?: string;
  /** Basis points of the expected amount (1 bp = 0.01 %), at most 4 decimals. */
  basisPoints?: string;
}

/** The settlement amount tolerance: `above` when the creditor agent's amount is larger, `below` when smaller. */
export interface AmountTolerance {
  above: ToleranceLimit;
  below: ToleranceLimit;
}

/**
 * For payments settled in this currency from an instructed amount in another: how far the two sides'
 * exchange rates may differ, in basis points of the debtor agent's rate, and how an instructed amount times a
 * rate is rounded to this currency's minor units when the difference the rates make to the amount is worked out.
 */
export interface FxTolerance {
  basisPoints: string;
  rounding: RoundingMode;
}

/** Charge bearers under which agents may deduct their charges on the way. DEBT never: the debtor pays them all. */
export const DEDUCTIBLE_CHARGE_BEARERS = ['CRED', 'SHAR', 'SLEV'] as const;
export type DeductibleChargeBearer = (typeof DEDUCTIBLE_CHARGE_BEARERS)[number];

/**
 * Charges-aware matching: under these bearers the creditor agent's expected amount is the debtor agent's
 * settlement amount less the charges the creditor agent's side lists beyond the debtor agent's.
 */
export interface ChargesRule {
  deductibleUnder: DeductibleChargeBearer[];
  /** The most that may be deducted in all, in the rule's currency; no cap when absent. */
  maxDeducted?: string;
}

/** How many business days the creditor agent's value date may be before or after the debtor agent's. */
export interface ValueDateWindow {
  businessDaysBefore: number;
  businessDaysAfter: number;
}

/** The rules for payments settled in one currency. */
export interface CurrencyRule {
  amount: AmountTolerance;
  /** Absent: the two sides' exchange rates must be equal. */
  fx?: FxTolerance;
  charges: ChargesRule;
  valueDate: ValueDateWindow;
}

/**
 * The matching rules a bank pair agrees, one version at a time. A payment settled in a currency without a
 * rule matches only when its sides are equal.
 */
export interface PairRuleSet {
  /** The pair's two banks, sorted. */
  pair: [string, string];
  /** 1 for the pair's first rule set, one more for each after it. */
  version: number;
  /** The calendar editions business days are counted on: one per jurisdiction of the pair, sorted. */
  calendars: string[];
  /** Rules by ISO 4217 settlement currency. */
  currencies: Record<string, CurrencyRule>;
}

export const MAX_RULE_SET_VERSION = 1_000_000;
/** A tolerance of 100 % or more would match anything; 10000 bp is the most a rule may say. */
export const MAX_TOLERANCE_BASIS_POINTS = 10000;
export const MAX_BASIS_POINT_DECIMALS = 4;
/** Two business weeks: a wider window no longer says the sides are the same payment. */
export const MAX_VALUE_DATE_WINDOW = 10;

const BASIS_POINTS_PATTERN = /^(0|[1-9][0-9]{0,4})(?:\.([0-9]+))?$/;

/** The outcome of {@link validatePairRuleSet}: the rule set in canonical form, or every issue found. */
export type RuleSetValidation = { ok: true; ruleSet: PairRuleSet } | { ok: false; issues: ValidationIssue[] };

type Issues = ValidationIssue[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Issues for unknown keys; true when `value` is an object at all. */
function checkObject(value: unknown, allowed: readonly string[], path: string, issues: Issues): value is Record<string, unknown> {
  if (!isObject(value)) {
    issues.push({ path, reason: `${show(value)} is not an object {${allowed.join(', ')}}` });
    return false;
  }
  issues.push(...unknownFieldIssues(value, (key) => allowed.includes(key), path, `unknown field (expected ${allowed.join(', ')})`));
  return true;
}

/** Non-negative basis points up to {@link MAX_TOLERANCE_BASIS_POINTS}, normalised without trailing decimal zeros. */
export function checkBasisPoints(value: unknown): Checked<string> {
  const match = typeof value === 'string' ? BASIS_POINTS_PATTERN.exec(value) : null;
  if (match === null) {
    return { ok: false, reason: `${show(value)} is not basis points (a decimal string such as '2.5'; no sign or exponent)` };
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > MAX_BASIS_POINT_DECIMALS) {
    return { ok: false, reason: `${show(value)} has more than ${MAX_BASIS_POINT_DECIMALS} decimals` };
  }
  const integer = Number(match[1]);
  if (integer > MAX_TOLERANCE_BASIS_POINTS || (integer === MAX_TOLERANCE_BASIS_POINTS && fraction.length > 0)) {
    return { ok: false, reason: `${show(value)} is more than ${MAX_TOLERANCE_BASIS_POINTS} basis points (100 %)` };
  }
  return { ok: true, value: fraction.length === 0 ? match[1] : `${match[1]}.${fraction}` };
}

function checkVersion(value: unknown): Checked<number> {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_RULE_SET_VERSION
    ? { ok: true, value: value as number }
    : { ok: false, reason: `${show(value)} is not a version from 1 to ${MAX_RULE_SET_VERSION}` };
}

function checkRounding(value: unknown): Checked<RoundingMode> {
  return (ROUNDING_MODES as readonly unknown[]).includes(value)
    ? { ok: true, value: value as RoundingMode }
    : { ok: false, reason: `${show(value)} is not one of ${ROUNDING_MODES.join(', ')}` };
}

function checkBusinessDays(value: unknown): Checked<number> {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_VALUE_DATE_WINDOW
    ? { ok: true, value: value as number }
    : { ok: false, reason: `${show(value)} is not a whole number of business days from 0 to ${MAX_VALUE_DATE_WINDOW}` };
}

/** Runs a check and records its issue; the checked value, or undefined. */
function take<T>(checked: Checked<T>, path: string, issues: Issues): T | undefined {
  if (!checked.ok) {
    issues.push({ path, reason: checked.reason });
    return undefined;
  }
  return checked.value;
}

function checkLimit(raw: unknown, currency: string, path: string, issues: Issues): ToleranceLimit | undefined {
  if (!checkObject(raw, ['absolute', 'basisPoints'], path, issues)) {
    return undefined;
  }
  if (raw.absolute === undefined && raw.basisPoints === undefined) {
    issues.push({ path, reason: "states neither absolute nor basisPoints (write absolute: '0' for no tolerance)" });
    return undefined;
  }
  const limit: ToleranceLimit = {};
  if (raw.absolute !== undefined) {
    limit.absolute = take(checkNonNegativeAmount(raw.absolute, currency), `${path}.absolute`, issues);
  }
  if (raw.basisPoints !== undefined) {
    limit.basisPoints = take(checkBasisPoints(raw.basisPoints), `${path}.basisPoints`, issues);
  }
  return limit;
}

function checkCharges(raw: unknown, currency: string, path: string, issues: Issues): ChargesRule | undefined {
  if (!checkObject(raw, ['deductibleUnder', 'maxDeducted'], path, issues)) {
    return undefined;
  }
  const bearers = raw.deductibleUnder;
  const at = `${path}.deductibleUnder`;
  if (!Array.isArray(bearers)) {
    issues.push({ path: at, reason: `${show(bearers)} is not a list of charge bearers (${DEDUCTIBLE_CHARGE_BEARERS.join(', ')}), empty for none` });
    return undefined;
  }
  const deductibleUnder: DeductibleChargeBearer[] = [];
  for (const bearer of bearers) {
    if (bearer === 'DEBT') {
      issues.push({ path: at, reason: "'DEBT' cannot be deductible: under DEBT the debtor pays every charge and nothing is deducted on the way" });
    } else if (!(DEDUCTIBLE_CHARGE_BEARERS as readonly unknown[]).includes(bearer)) {
      issues.push({ path: at, reason: `${show(bearer)} is not one of ${DEDUCTIBLE_CHARGE_BEARERS.join(', ')}` });
    } else if (deductibleUnder.includes(bearer as DeductibleChargeBearer)) {
      issues.push({ path: at, reason: `${show(bearer)} is listed twice` });
    } else {
      deductibleUnder.push(bearer as DeductibleChargeBearer);
    }
  }
  const rule: ChargesRule = { deductibleUnder: deductibleUnder.sort() };
  if (raw.maxDeducted !== undefined) {
    rule.maxDeducted = take(checkNonNegativeAmount(raw.maxDeducted, currency), `${path}.maxDeducted`, issues);
  }
  return rule;
}

function checkCurrencyRule(raw: unknown, currency: string, path: string, issues: Issues): CurrencyRule | undefined {
  if (!checkObject(raw, ['amount', 'fx', 'charges', 'valueDate'], path, issues)) {
    return undefined;
  }
  let amount: AmountTolerance | undefined;
  if (checkObject(raw.amount, ['above', 'below'], `${path}.amount`, issues)) {
    const above = checkLimit(raw.amount.above, currency, `${path}.amount.above`, issues);
    const below = checkLimit(raw.amount.below, currency, `${path}.amount.below`, issues);
    amount = above && below && { above, below };
  }
  let fx: FxTolerance | undefined;
  if (raw.fx !== undefined && checkObject(raw.fx, ['basisPoints', 'rounding'], `${path}.fx`, issues)) {
    const basisPoints = take(checkBasisPoints(raw.fx.basisPoints), `${path}.fx.basisPoints`, issues);
    const rounding = take(checkRounding(raw.fx.rounding), `${path}.fx.rounding`, issues);
    fx = basisPoints !== undefined && rounding !== undefined ? { basisPoints, rounding } : undefined;
  }
  const charges = checkCharges(raw.charges, currency, `${path}.charges`, issues);
  let valueDate: ValueDateWindow | undefined;
  if (checkObject(raw.valueDate, ['businessDaysBefore', 'businessDaysAfter'], `${path}.valueDate`, issues)) {
    const before = take(checkBusinessDays(raw.valueDate.businessDaysBefore), `${path}.valueDate.businessDaysBefore`, issues);
    const after = take(checkBusinessDays(raw.valueDate.businessDaysAfter), `${path}.valueDate.businessDaysAfter`, issues);
    valueDate = before !== undefined && after !== undefined ? { businessDaysBefore: before, businessDaysAfter: after } : undefined;
  }
  if (amount === undefined || charges === undefined || valueDate === undefined) {
    return undefined;
  }
  return fx === undefined ? { amount, charges, valueDate } : { amount, fx, charges, valueDate };
}

function checkPair(raw: unknown, path: string, issues: Issues, directory: Directory): [string, string] | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((org) => typeof org === 'string' && directory.isMemberBank(org)) || raw[0] === raw[1]) {
    issues.push({ path, reason: `${show(raw)} is not two different member banks` });
    return undefined;
  }
  return [...(raw as string[])].sort() as [string, string];
}

function checkCalendars(raw: unknown, pair: [string, string] | undefined, path: string, issues: Issues, directory: Directory): string[] | undefined {
  if (!Array.isArray(raw) || !raw.every((id) => typeof id === 'string')) {
    issues.push({ path, reason: `${show(raw)} is not a list of calendar editions` });
    return undefined;
  }
  const ids = raw as string[];
  const unknown = ids.filter((id) => !HOLIDAY_CALENDARS.has(id));
  if (unknown.length > 0) {
    issues.push({ path, reason: `${unknown.map(show).join(', ')} not a calendar edition (expected among ${[...HOLIDAY_CALENDARS.keys()].join(', ')})` });
    return undefined;
  }
  if (pair === undefined) {
    return undefined;
  }
  const regions = ids.map((id) => HOLIDAY_CALENDARS.get(id)?.data.region);
  const needed = [...new Set(pair.map((org) => calendarRegionOf(directory.regimeOf(org)) ?? `no calendar of regime ${directory.regimeOf(org)}`))].sort();
  const named = [...regions].sort();
  if (named.length !== needed.length || named.some((region, index) => region !== needed[index])) {
    issues.push({ path, reason: `${show(ids)} does not name exactly one calendar edition for each of the pair's regions ${needed.join(', ')}` });
    return undefined;
  }
  return [...ids].sort();
}

/**
 * Checks a proposed rule set and brings it to canonical form: the pair and calendars sorted, amounts written
 * with their currency's minor units, basis points without trailing zeros. Equal rules then have equal
 * canonical JSON and so an equal {@link ruleSetDigest}, which is what both banks approve. Every problem is an
 * issue naming the field (`ruleSet.currencies.HKD.amount.above.absolute`) and the reason.
 */
export function validatePairRuleSet(raw: unknown, directory: Directory, path = 'ruleSet'): RuleSetValidation {
  const issues: Issues = [];
  if (!checkObject(raw, ['pair', 'version', 'calendars', 'currencies'], path, issues)) {
    return { ok: false, issues };
  }
  const pair = checkPair(raw.pair, `${path}.pair`, issues, directory);
  const version = take(checkVersion(raw.version), `${path}.version`, issues);
  const calendars = checkCalendars(raw.calendars, pair, `${path}.calendars`, issues, directory);
  const currencies: Record<string, CurrencyRule> = {};
  if (isObject(raw.currencies)) {
    const codes = Object.keys(raw.currencies).sort();
    if (codes.length === 0) {
      issues.push({ path: `${path}.currencies`, reason: 'has no currency: a rule set without rules changes nothing' });
    }
    for (const code of codes) {
      const at = `${path}.currencies.${code}`;
      const currency = checkCurrency(code);
      if (!currency.ok) {
        issues.push({ path: at, reason: currency.reason });
        continue;
      }
      const rule = checkCurrencyRule(raw.currencies[code], code, at, issues);
      if (rule !== undefined) {
        currencies[code] = rule;
      }
    }
  } else {
    issues.push({ path: `${path}.currencies`, reason: `${show(raw.currencies)} is not an object of rules by currency code` });
  }
  if (issues.length > 0 || pair === undefined || version === undefined || calendars === undefined) {
    return { ok: false, issues };
  }
  return { ok: true, ruleSet: { pair, version, calendars, currencies } };
}

/** The canonical JSON (RFC 8785) of a validated rule set: the bytes both banks sign off. */
export function canonicalRuleSet(ruleSet: PairRuleSet): string {
  return canonicalJson(ruleSet);
}

/** Lower-case hex SHA-256 of {@link canonicalRuleSet}: names one rule set's exact content. */
export function ruleSetDigest(ruleSet: PairRuleSet): string {
  return sha256Hex(canonicalRuleSet(ruleSet));
}

/** The rule for payments settled in `currency`, or undefined when the pair agreed none. */
export function currencyRule(ruleSet: PairRuleSet, currency: string): CurrencyRule | undefined {
  return minorUnits(currency) !== undefined && Object.prototype.hasOwnProperty.call(ruleSet.currencies, currency)
    ? ruleSet.currencies[currency]
    : undefined;
}
