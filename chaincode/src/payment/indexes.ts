import { Context } from 'fabric-contract-api';
import { KeyParts, PaymentRecord, breakIndexKey, marshal, pendingIndexKey } from '@bayrecon/common';
import { keyOf } from '../shared/state';
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
