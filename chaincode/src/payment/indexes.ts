import { Context } from 'fabric-contract-api';
import {
  BreakList, KEY_TYPES, KeyParts, PaymentRecord, breakIndexKey, marshal, paymentKey, pendingIndexKey, unmarshal,
} from '@bayrecon/common';
import { keyOf, readRecords, walk } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';

/** The value of a break index entry: the status, so a listing needs no read of the payment itself. */
export interface BreakIndexEntry {
  status: PaymentRecord['status'];
}

/**
 * The value of a pending index entry: the UETRs one transaction left PENDING_COUNTERPARTY for one settlement
 * date and corridor. Entries are never updated when a payment leaves the pending state (the counterparty's
 * side would otherwise pay a write, and contend on the entry, for every side): readers check each UETR's
 * record, and the cut-off drops the UETRs that no longer pend when it walks the entry.
 */
export interface PendingIndexEntry {
  uetrs: string[];
}

/** The break index entry a payment should have: one for DISCREPANCY and UNMATCHED, none otherwise. */
function breakEntryOf(record: PaymentRecord | undefined): { parts: KeyParts; value: BreakIndexEntry } | undefined {
  if (record === undefined || (record.status !== 'DISCREPANCY' && record.status !== 'UNMATCHED')) {
    return undefined;
  }
  return { parts: breakIndexKey(record.corridor, record.settlementDate, record.uetr), value: { status: record.status } };
}

/** Moves a payment's break index entry from what `before` needed to what `after` needs, writing only differences. */
export function updateBreakIndex(ctx: Context, writes: WriteBatch, before: PaymentRecord | undefined, after: PaymentRecord): void {
  const wanted = breakEntryOf(after);
  const existing = breakEntryOf(before);
  const wantedKey = wanted && keyOf(ctx, wanted.parts);
  const existingKey = existing && keyOf(ctx, existing.parts);
  if (existingKey !== undefined && existingKey !== wantedKey) {
    writes.delete(existingKey);
  }
  if (wanted !== undefined && (existing === undefined || existingKey !== wantedKey || existing.value.status !== wanted.value.status)) {
    writes.put(wantedKey as string, marshal(wanted.value));
  }
}

/** Whether a change leaves a payment pending under a settlement date that no pending entry lists it for yet. */
export function needsPendingEntry(before: PaymentRecord | undefined, after: PaymentRecord): boolean {
  return after.status === 'PENDING_COUNTERPARTY'
    && !(before?.status === 'PENDING_COUNTERPARTY' && before.settlementDate === after.settlementDate);
}

/** Whether a pending entry filed under `settlementDate` still stands for this payment. */
export function stillPending(record: PaymentRecord | undefined, settlementDate: string): record is PaymentRecord {
  return record?.status === 'PENDING_COUNTERPARTY' && record.settlementDate === settlementDate;
}

/**
 * Writes the transaction's pending index entries: one per settlement date and corridor among `records`, keyed
 * by the transaction id, so that no two transactions ever write the same entry.
 */
export function putPendingEntries(ctx: Context, writes: WriteBatch, records: readonly PaymentRecord[]): void {
  const groups = new Map<string, { settlementDate: string; corridor: string; uetrs: string[] }>();
  for (const { settlementDate, corridor, uetr } of records) {
    const group = `${settlementDate}\u0000${corridor}`;
    const entry = groups.get(group) ?? { settlementDate, corridor, uetrs: [] };
    entry.uetrs.push(uetr);
    groups.set(group, entry);
  }
  for (const { settlementDate, corridor, uetrs } of groups.values()) {
    const value: PendingIndexEntry = { uetrs };
    writes.put(keyOf(ctx, pendingIndexKey(settlementDate, corridor, ctx.stub.getTxID())), marshal(value));
  }
}

/** A UETR a pending index entry lists, with the settlement date it is listed under. */
export interface ListedPending {
  uetr: string;
  settlementDate: string;
}

/**
 * One page of the cut-off's walk of the pending index, every corridor, oldest settlement date first: the UETRs
 * listed under dates up to and including `lastDate`, at most `limit` of them. Each entry walked is deleted in
 * `writes`, or rewritten with the UETRs left of it, so the next page starts from the oldest entry still there
 * (not a paginated query: Fabric refuses those in transactions that write). `more` says entries are left.
 */
export async function pendingPage(
  ctx: Context, writes: WriteBatch, lastDate: string, limit: number,
): Promise<{ listed: ListedPending[]; more: boolean }> {
  const listed: ListedPending[] = [];
  for await (const { key, value } of walk(ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.pendingIndex, []))) {
    const [settlementDate] = ctx.stub.splitCompositeKey(key).attributes;
    if (settlementDate > lastDate) return { listed, more: false };
    if (listed.length === limit) return { listed, more: true };
    const { uetrs } = unmarshal<PendingIndexEntry>(value);
    const walked = uetrs.slice(0, limit - listed.length);
    listed.push(...walked.map((uetr) => ({ uetr, settlementDate })));
    if (walked.length < uetrs.length) {
      const rest: PendingIndexEntry = { uetrs: uetrs.slice(walked.length) };
      writes.put(key, marshal(rest));
      return { listed, more: true };
    }
    writes.delete(key);
  }
  return { listed, more: false };
}

/**
 * The breaks of a corridor settling on a date, sorted by UETR: the payments its pending entries list that are
 * still pending (entries are not updated when a payment matches), and the break index's DISCREPANCY and
 * UNMATCHED ones.
 */
export async function breaksOf(ctx: Context, corridor: string, settlementDate: string): Promise<BreakList['breaks']> {
  const breaks = new Map<string, PaymentRecord['status']>();
  for await (const { value } of walk(ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.pendingIndex, [settlementDate, corridor]))) {
    const { uetrs } = unmarshal<PendingIndexEntry>(value);
    const records = await readRecords<PaymentRecord>(ctx, uetrs.map((uetr) => paymentKey(uetr)));
    for (const record of records) {
      if (stillPending(record, settlementDate)) breaks.set(record.uetr, record.status);
    }
  }
  for await (const { key, value } of walk(ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.breakIndex, [corridor, settlementDate]))) {
    breaks.set(ctx.stub.splitCompositeKey(key).attributes[2], unmarshal<BreakIndexEntry>(value).status);
  }
  return [...breaks].map(([uetr, status]) => ({ uetr, status })).sort((a, b) => (a.uetr < b.uetr ? -1 : a.uetr > b.uetr ? 1 : 0));
}
