import type { Schemas } from '../api/client';

export type PaymentStatus = Schemas['PaymentView']['status'];
export type MatchingField = Schemas['PaymentView']['differingFields'][number];
export type Side = Schemas['PaymentView']['sidesPresent'][number];
export type ReasonCode = Schemas['PaymentView']['reasons'][number]['code'];

/** Every value of the API's unions, checked against the generated types: one missing or unknown fails the build. */
const STATUS_SET: Record<PaymentStatus, boolean> = {
  PENDING_COUNTERPARTY: true, DISCREPANCY: true, UNMATCHED: true, MATCHED: false, MATCHED_WITHIN_TOLERANCE: false, RESOLVED: false,
};
export const BREAK_STATUSES = (Object.keys(STATUS_SET) as PaymentStatus[]).filter((status) => STATUS_SET[status]);

/** A decision's codes: true for why a differing field is within the pair's tolerance, false for why it is a discrepancy. */
const REASON_SET: Record<ReasonCode, boolean> = {
  AMOUNT_WITHIN_TOLERANCE: true, CHARGES_DEDUCTED: true, FX_CONVERSION: true, FX_RATE_WITHIN_TOLERANCE: true, VALUE_DATE_WITHIN_WINDOW: true,
  AMOUNT_OVER_TOLERANCE: false, CURRENCY_DIFFERS: false, FX_RATE_OVER_TOLERANCE: false, FX_RATE_MISSING: false, CHARGES_DIFFER: false,
  VALUE_DATE_OUTSIDE_WINDOW: false, VALUE_DATE_NOT_COVERED: false, NO_RULE_FOR_CURRENCY: false, NOT_TOLERATED: false,
};
export const REASON_CODES = Object.keys(REASON_SET) as ReasonCode[];
export const withinTolerance = (code: ReasonCode): boolean => REASON_SET[code];

const FIELD_SET: Record<MatchingField, true> = {
  messageType: true, endToEndId: true, instructingAgentBic: true, instructedAgentBic: true, debtorAgentBic: true,
  creditorAgentBic: true, interbankSettlementAmount: true, interbankSettlementDate: true, instructedAmount: true,
  exchangeRate: true, chargeBearer: true,
};
export const MATCHING_FIELDS = Object.keys(FIELD_SET) as MatchingField[];

const SIDE_SET: Record<Side, true> = { DEBTOR_AGENT: true, CREDITOR_AGENT: true };
export const SIDES = Object.keys(SIDE_SET) as Side[];

/** A bank's MSP id as people read it (SZBankMSP → SZBank). */
export const orgName = (mspId: string): string => mspId.replace(/MSP$/, '');

export const shortTx = (txId: string): string => `${txId.slice(0, 10)}…`;

export function formatTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }) + ' UTC';
}

export function formatHours(hours: number | null): string {
  if (hours === null) return '–';
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
}

/** Money or text of a side's field, as shown next to the other side's. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'object' && 'amount' in value && 'currency' in value) {
    const money = value as { amount: string; currency: string };
    return `${money.amount} ${money.currency}`;
  }
  return String(value);
}

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
