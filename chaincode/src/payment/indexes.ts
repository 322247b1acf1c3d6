import { Context } from 'fabric-contract-api';
import { KeyParts, PaymentRecord, breakIndexKey, marshal, pendingIndexKey } from '@bayrecon/common';
import { keyOf } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';

/** The value of an index entry: the status, so a listing needs no read of the payment itself. */
export interface BreakIndexEntry {
  status: PaymentRecord['status'];
}

/**
 * The index entries a payment should have: pending payments in the date-first pending index (walked by the
 * cut-off), other breaks in the corridor-first break index, reconciled payments in neither.
 */
export function indexEntriesOf(record: PaymentRecord | undefined): { parts: KeyParts; value: BreakIndexEntry }[] {
  if (record === undefined) {
    return [];
  }
  switch (record.status) {
    case 'PENDING_COUNTERPARTY':
      return [{ parts: pendingIndexKey(record.settlementDate, record.corridor, record.uetr), value: { status: record.status } }];
    case 'DISCREPANCY':
    case 'UNMATCHED':
      return [{ parts: breakIndexKey(record.corridor, record.settlementDate, record.uetr), value: { status: record.status } }];
    default:
      return [];
  }
}

/** Moves a payment's index entries from what `before` needed to what `after` needs, writing only differences. */
export function updateIndexes(ctx: Context, writes: WriteBatch, before: PaymentRecord | undefined, after: PaymentRecord): void {
  const wanted = new Map(indexEntriesOf(after).map((entry) => [keyOf(ctx, entry.parts), marshal(entry.value)]));
  const existing = new Map(indexEntriesOf(before).map((entry) => [keyOf(ctx, entry.parts), marshal(entry.value)]));
  for (const key of existing.keys()) {
    if (!wanted.has(key)) {
      writes.delete(key);
    }
  }
  for (const [key, value] of wanted) {
    const old = existing.get(key);
    if (old === undefined || !old.equals(value)) {
      writes.put(key, value);
    }
  }
}
