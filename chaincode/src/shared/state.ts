import { Context } from 'fabric-contract-api';
import type { Iterators, Timestamp } from 'fabric-shim';
import { KeyParts, marshal, unmarshal } from '@bayrecon/common';
import { WriteBatch, getStates } from './state-batch';

/** The composite key string of some key parts. */
export function keyOf(ctx: Context, parts: KeyParts): string {
  return ctx.stub.createCompositeKey(parts.objectType, parts.attributes);
}

/** Reads and parses a world-state record, undefined when the key has no value. */
export async function readRecord<T>(ctx: Context, parts: KeyParts): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(keyOf(ctx, parts));
  return bytes === undefined || bytes.length === 0 ? undefined : unmarshal<T>(bytes);
}

/** Reads and parses many world-state records in one round trip; undefined where a key has no value. */
export async function readRecords<T>(ctx: Context, parts: readonly KeyParts[]): Promise<(T | undefined)[]> {
  const values = await getStates(ctx, parts.map((key) => keyOf(ctx, key)));
  return values.map((bytes) => (bytes.length === 0 ? undefined : unmarshal<T>(bytes)));
}

/** Buffers the write of a record to world state as canonical JSON. */
export function putRecord(writes: WriteBatch, ctx: Context, parts: KeyParts, value: unknown): void {
  writes.put(keyOf(ctx, parts), marshal(value));
}

/** Reads and parses a private data record, undefined when the key has no value. */
export async function readPrivateRecord<T>(ctx: Context, collection: string, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getPrivateData(collection, key);
  return bytes === undefined || bytes.length === 0 ? undefined : unmarshal<T>(bytes);
}

/**
 * The results of a range or history query, one by one. The query's iterator is closed when the walk ends,
 * whether it ran to the end or its caller stopped early (a `break` or `return` out of `for await`).
 */
export async function* walk<T>(query: Promise<Iterators.CommonIterator<T>>): AsyncGenerator<T, void, undefined> {
  const iterator = await query;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  } finally {
    await iterator.close();
  }
}

/** A protobuf timestamp (a transaction's, a key modification's) as ISO 8601 UTC, millisecond precision. */
export function isoOf(timestamp: Timestamp): string {
  return new Date(Number(timestamp.seconds.toString()) * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

/** The transaction's time: the client's proposal timestamp, the same on every endorser. */
export interface TxTime {
  /** ISO 8601 UTC instant, millisecond precision. */
  iso: string;
  /** The UTC calendar date, YYYY-MM-DD. */
  date: string;
}

export function txTime(ctx: Context): TxTime {
  const iso = isoOf(ctx.stub.getTxTimestamp());
  return { iso, date: iso.slice(0, 10) };
}
