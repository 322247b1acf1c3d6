import { minorUnits } from './currencies';
import { RefusalError } from './refusal';

/** One thing wrong with an input: the path of the field (e.g. `sides[3].uetr`) and why. */
export interface ValidationIssue {
  path: string;
  reason: string;
}

/** The outcome of checking and normalising one value. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(reason: string): Checked<T> => ({ ok: false, reason });

/** The most digits an ISO 20022 amount carries (ActiveCurrencyAndAmount: totalDigits 18). */
export const MAX_AMOUNT_DIGITS = 18;
/** ISO 20022 BaseOneRate: at most 11 digits, 10 of them decimals. */
export const MAX_RATE_DIGITS = 11;
export const MAX_RATE_DECIMALS = 10;

export const UETR_PATTERN = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
export const BIC_PATTERN = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const SHA256_HEX_PATTERN = /^[a-f0-9]{64}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Unsigned decimal without exponent or leading zeros: what ISO 20022 XML and our JSON carry. */
const DECIMAL_PATTERN = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * An issue for each of the object's own keys that `isKnown` refuses, in key order. `isKnown` is asked of own keys
 * only, so a field named like an Object.prototype member (constructor, toString) is judged as any other name.
 */
export function unknownFieldIssues(
  record: object, isKnown: (field: string) => boolean, path: string, reason = 'unknown field',
): ValidationIssue[] {
  return Object.keys(record).sort().filter((field) => !isKnown(field)).map((field) => ({ path: `${path}.${field}`, reason }));
}

/** How a value is shown in an error: strings quoted and cut short, anything else by its JSON or type. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.length > 64 ? `${value.slice(0, 64)}...` : value}'`;
  }
  if (value === undefined) {
    return 'missing';
  }
  const json = JSON.stringify(value);
  return json === undefined ? typeof value : json.length > 64 ? `${json.slice(0, 64)}...` : json;
}

/** A UETR: lower-case UUIDv4 as ISO 20022 defines it. */
export function checkUetr(value: unknown): Checked<string> {
  return typeof value === 'string' && UETR_PATTERN.test(value)
    ? ok(value)
    : bad(`${show(value)} is not a UETR (lower-case UUIDv4)`);
}

/** A BIC (8 or 11 characters), normalised to 11 characters: a BIC8 gets the head-office branch 'XXX'. */
export function checkBic(value: unknown): Checked<string> {
  if (typeof value !== 'string' || !BIC_PATTERN.test(value)) {
    return bad(`${show(value)} is not a BIC (8 or 11 upper-case letters and digits)`);
  }
  return ok(value.length === 8 ? `${value}XXX` : value);
}

/** An active ISO 4217 currency code. */
export function checkCurrency(value: unknown): Checked<string> {
  return typeof value === 'string' && minorUnits(value) !== undefined
    ? ok(value)
    : bad(`${show(value)} is not an ISO 4217 currency code`);
}

/** True for a real calendar date in the proleptic Gregorian calendar, written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (match === null) {
    return false;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth[month - 1];
}

/** An ISO date (YYYY-MM-DD) that exists in the calendar. */
export function checkDate(value: unknown): Checked<string> {
  return typeof value === 'string' && isIsoDate(value)
    ? ok(value)
    : bad(`${show(value)} is not a calendar date (YYYY-MM-DD)`);
}

interface DecimalParts {
  integer: string;
  fraction: string;
}

function decimalParts(value: unknown): DecimalParts | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = DECIMAL_PATTERN.exec(value);
  return match === null ? undefined : { integer: match[1], fraction: match[2] ?? '' };
}

const isZero = (parts: DecimalParts): boolean => /^0*$/.test(parts.integer + parts.fraction);
const integerDigits = (parts: DecimalParts): number => (parts.integer === '0' ? 0 : parts.integer.length);

/**
 * A positive amount in a currency, normalised to exactly the currency's minor units ('100' HKD becomes
 * '100.00'), so equal amounts have equal strings. Never goes through binary floating point.
 */
export function checkAmount(amount: unknown, currency: string): Checked<string> {
  const units = minorUnits(currency);
  if (units === undefined) {
    return bad(`${show(currency)} is not an ISO 4217 currency code`);
  }
  const parts = decimalParts(amount);
  if (parts === undefined) {
    return bad(`${show(amount)} is not a decimal string (digits with an optional '.' and decimals; no sign, exponent or leading zeros)`);
  }
  if (isZero(parts)) {
    return bad(`${show(amount)} is not more than zero`);
  }
  if (parts.fraction.length > units) {
    return bad(`${show(amount)} has more decimals than ${currency} allows (${units})`);
  }
  if (integerDigits(parts) + units > MAX_AMOUNT_DIGITS) {
    return bad(`${show(amount)} has more than ${MAX_AMOUNT_DIGITS} digits with ${currency}'s ${units} decimals`);
  }
  return ok(units === 0 ? parts.integer : `${parts.integer}.${parts.fraction.padEnd(units, '0')}`);
}

/**
 * A zero or positive amount in a currency (a charge an agent took, a tolerance), normalised like
 * {@link checkAmount}: '0' HKD becomes '0.00'.
 */
export function checkNonNegativeAmount(amount: unknown, currency: string): Checked<string> {
  const parts = decimalParts(amount);
  if (parts !== undefined && isZero(parts)) {
    const units = minorUnits(currency);
    if (units === undefined) {
      return bad(`${show(currency)} is not an ISO 4217 currency code`);
    }
    if (parts.fraction.length > units) {
      return bad(`${show(amount)} has more decimals than ${currency} allows (${units})`);
    }
    return ok(units === 0 ? '0' : `0.${'0'.repeat(units)}`);
  }
  return checkAmount(amount, currency);
}

/** A positive exchange rate, normalised without trailing decimal zeros ('7.8000' becomes '7.8'). */
export function checkExchangeRate(value: unknown): Checked<string> {
  const parts = decimalParts(value);
  if (parts === undefined) {
    return bad(`${show(value)} is not a decimal string (digits with an optional '.' and decimals; no sign, exponent or leading zeros)`);
  }
  if (isZero(parts)) {
    return bad(`${show(value)} is not more than zero`);
  }
  const fraction = parts.fraction.replace(/0+$/, '');
  if (fraction.length > MAX_RATE_DECIMALS) {
    return bad(`${show(value)} has more than ${MAX_RATE_DECIMALS} decimals`);
  }
  if (integerDigits(parts) + fraction.length > MAX_RATE_DIGITS) {
    return bad(`${show(value)} has more than ${MAX_RATE_DIGITS} digits`);
  }
  return ok(fraction.length === 0 ? parts.integer : `${parts.integer}.${fraction}`);
}

/** One of a fixed set of strings. */
export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[]): Checked<T> {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? ok(value as T)
    : bad(`${show(value)} is not one of ${allowed.join(', ')}`);
}

/** Free text of 1..maxLength characters without control characters (ISO 20022 MaxNText). */
export function checkText(value: unknown, maxLength: number): Checked<string> {
  if (typeof value !== 'string' || value.length === 0) {
    return bad(`${show(value)} is not a non-empty string`);
  }
  if (value.length > maxLength) {
    return bad(`${show(value)} is longer than ${maxLength} characters`);
  }
  if (CONTROL_CHARACTERS.test(value)) {
    return bad(`${show(value)} contains control characters`);
  }
  return ok(value);
}

/** A lower-case hex SHA-256 digest (64 characters). */
export function checkSha256Hex(value: unknown): Checked<string> {
  return typeof value === 'string' && SHA256_HEX_PATTERN.test(value)
    ? ok(value)
    : bad(`${show(value)} is not a SHA-256 digest (64 lower-case hex characters)`);
}

/** Returns the checked value or throws an INVALID {@link RefusalError} `<path>: <reason>`. */
export function valueOrThrow<T>(path: string, checked: Checked<T>): T {
  if (!checked.ok) {
    throw RefusalError.ofField('INVALID', path, checked.reason);
  }
  return checked.value;
}

/** @throws RefusalError (INVALID) naming the argument when it is not a lower-case UUIDv4. */
export function assertUetr(value: unknown, path = 'uetr'): string {
  return valueOrThrow(path, checkUetr(value));
}

/** @throws RefusalError (INVALID) naming the argument when it is not a BIC; returns the BIC11 form. */
export function assertBic(value: unknown, path = 'bic'): string {
  return valueOrThrow(path, checkBic(value));
}

/** @throws RefusalError (INVALID) naming the argument when it is not a calendar date YYYY-MM-DD. */
export function assertDate(value: unknown, path = 'date'): string {
  return valueOrThrow(path, checkDate(value));
}

/** @throws RefusalError (INVALID) naming the argument when it is not a lower-case SHA-256 hex digest. */
export function assertSha256Hex(value: unknown, path = 'documentHash'): string {
  return valueOrThrow(path, checkSha256Hex(value));
}
