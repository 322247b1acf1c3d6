import type { Schemas } from '../api/client';

export type PaymentStatus = Schemas['PaymentView']['status'];
export type MatchingField = Schemas['PaymentView']['differingFields'][number];
export type Side = Schemas['PaymentView']['sidesPresent'][number];

/** Every value of the API's unions, checked against the generated types: one missing or unknown fails the build. */
const STATUS_SET: Record<PaymentStatus, boolean> = {
  PENDING_COUNTERPARTY: true, DISCREPANCY: true, UNMATCHED: true, MATCHED: false, RESOLVED: false,
};
export const BREAK_STATUSES = (Object.keys(STATUS_SET) as PaymentStatus[]).filter((status) => STATUS_SET[status]);

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
