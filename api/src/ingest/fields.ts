/**
 * Checks of single ISO 20022 values, shared by the XML and CSV readers so that a field means the same thing
 * whichever way it arrived. Each check returns the normalised value or the reason it was refused.
 *
 * What a UETR, a BIC, a currency, an amount or a rate may be is decided by the checks of @bayrecon/common, the
 * ones the chaincode runs: this module only reads the ISO 20022 lexical forms (an xs:decimal may carry a sign,
 * leading and trailing zeros), applies the XSD facets of the message schemas, and words the reason for the
 * element it came from.
 */
import {
  checkAmount as checkLedgerAmount, checkBic as checkLedgerBic, checkCurrency as checkLedgerCurrency,
  checkExchangeRate as checkLedgerRate, checkUetr as checkLedgerUetr,
} from '@bayrecon/common';

export type Checked<T extends string = string> = { readonly value: T } | { readonly reason: string };

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** xs:decimal lexical space without the minus sign (a negative amount gets its own reason). */
const DECIMAL_PATTERN = /^\+?(\d+(\.\d*)?|\.\d+)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** XSD facets of ActiveOrHistoricCurrencyAndAmount. */
const AMOUNT_TOTAL_DIGITS = 18;
const AMOUNT_FRACTION_DIGITS = 5;
/** XSD facets of BaseOneRate (XchgRate). */
const RATE_TOTAL_DIGITS = 11;
const RATE_FRACTION_DIGITS = 10;

/** A value quoted for a reason; bounded so that a hostile value cannot blow up the error response. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** ISO 20022 UUIDv4Identifier: lowercase only, so an uppercase UETR is refused rather than silently folded. */
export function checkUetr(value: string): Checked {
  if (checkLedgerUetr(value).ok) return { value };
  if (checkLedgerUetr(value.toLowerCase()).ok) return { reason: `UETR ${quote(value)} must be lowercase` };
  return { reason: `${quote(value)} is not a UUIDv4 UETR` };
}

/** A BICFI, returned in its 11-character form (BIC8 + XXX) so that both banks' records compare as strings. */
export function checkBic(value: string): Checked {
  const checked = checkLedgerBic(value);
  return checked.ok ? { value: checked.value } : { reason: `${quote(value)} is not a BICFI` };
}

export function checkCurrency(value: string): Checked {
  if (!CURRENCY_PATTERN.test(value)) return { reason: `${quote(value)} is not a currency code` };
  if (!checkLedgerCurrency(value).ok) return { reason: `${quote(value)} is not a known ISO 4217 currency` };
  return { value };
}

interface DecimalParts {
  readonly integer: string;
  readonly fraction: string;
}

/** Splits a decimal into significant integer and fraction digits (no leading/trailing zeros), or undefined. */
function decimalParts(value: string): DecimalParts | undefined {
  if (!DECIMAL_PATTERN.test(value)) return undefined;
  const [integerPart, fractionPart = ''] = value.replace(/^\+/, '').split('.');
  return { integer: integerPart.replace(/^0+/, ''), fraction: fractionPart.replace(/0+$/, '') };
}

/** The decimal in the one form the shared checks read: no sign, no leading zeros, no trailing decimal zeros. */
const plainDecimal = ({ integer, fraction }: DecimalParts): string => `${integer === '' ? '0' : integer}${fraction === '' ? '' : `.${fraction}`}`;

function describeNonDecimal(value: string, what: string): string {
  if (/^-/.test(value)) return `${what} ${quote(value)} is negative`;
  if (/^\d+,\d+$/.test(value)) return `${what} ${quote(value)} uses a comma; the decimal separator is a dot`;
  return `${what} ${quote(value)} is not a decimal number`;
}

/**
 * An interbank amount: xs:decimal with at most 18 digits and 5 fraction digits (XSD), then the ledger's rule:
 * more than zero, no more decimals than the currency's minor units, and within 18 digits once written with them.
 * Normalised to exactly the currency's minor units ("300000" HKD becomes "300000.00"), so both banks' records of
 * one payment compare as strings.
 */
export function checkAmount(value: string, currency: string): Checked {
  const parts = decimalParts(value);
  if (parts === undefined) return { reason: describeNonDecimal(value, 'amount') };
  if (parts.integer.length + parts.fraction.length > AMOUNT_TOTAL_DIGITS) {
    return { reason: `amount ${quote(value)} has more than ${AMOUNT_TOTAL_DIGITS} digits` };
  }
  if (parts.fraction.length > AMOUNT_FRACTION_DIGITS) {
    return { reason: `amount ${quote(value)} has more than ${AMOUNT_FRACTION_DIGITS} fraction digits` };
  }
  const checked = checkLedgerAmount(plainDecimal(parts), currency);
  return checked.ok ? { value: checked.value } : { reason: `amount ${checked.reason}` };
}

/** An exchange rate (BaseOneRate): ≤ 11 digits, ≤ 10 fraction digits (XSD), then the ledger's rule; trailing zeros dropped. */
export function checkRate(value: string): Checked {
  const parts = decimalParts(value);
  if (parts === undefined) return { reason: describeNonDecimal(value, 'exchange rate') };
  if (parts.integer.length + parts.fraction.length > RATE_TOTAL_DIGITS || parts.fraction.length > RATE_FRACTION_DIGITS) {
    return { reason: `exchange rate ${quote(value)} has too many digits (${RATE_TOTAL_DIGITS} total, ${RATE_FRACTION_DIGITS} after the dot)` };
  }
  const checked = checkLedgerRate(plainDecimal(parts));
  return checked.ok ? { value: checked.value } : { reason: `exchange rate ${checked.reason}` };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** ISODate, returned as YYYY-MM-DD; an xs:date time zone suffix is accepted and dropped (the date is local). */
export function checkDate(value: string): Checked {
  const match = DATE_PATTERN.exec(value);
  if (match === null || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return { reason: `${quote(value)} is not a calendar date (YYYY-MM-DD)` };
  }
  return { value: `${match[1]}-${match[2]}-${match[3]}` };
}

/** ISODateTime, kept as sent (offsets matter to whoever reads it); the date must be a real one. */
export function checkDateTime(value: string): Checked {
  const match = DATE_TIME_PATTERN.exec(value);
  if (match === null || !('value' in checkDate(match[1]))) {
    return { reason: `${quote(value)} is not a date-time (YYYY-MM-DDThh:mm:ss[.s][Z|±hh:mm])` };
  }
  return { value };
}

/**
 * MaxNNText. Lengths are in characters (code points), as in XSD. Free text may be confidential (names,
 * accounts, remittance), so the reason gives the length, never the value.
 */
export function checkText(value: string, maxLength: number): Checked {
  const length = [...value].length;
  if (length === 0) return { reason: 'is empty' };
  if (length > maxLength) return { reason: `is ${length} characters long; at most ${maxLength} allowed` };
  return { value };
}

export function checkCode<T extends string>(value: string, allowed: readonly T[]): Checked<T> {
  const found = allowed.find((code) => code === value);
  return found === undefined ? { reason: `${quote(value)} is not one of ${allowed.join(', ')}` } : { value: found };
}
