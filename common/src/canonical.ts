import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Serialises a JSON value in the RFC 8785 canonical form (JCS): sorted keys, no insignificant white space,
 * ECMAScript number formatting. The chaincode and the API hash and store only this form, so the two can
 * never compute different bytes for the same record.
 *
 * JCS writes strings and numbers exactly as JSON.stringify does, so every part of a value whose objects already
 * hold their keys in canonical order is written by the engine's native JSON.stringify, and only the objects out of
 * order are sorted here. Records read back from the ledger and those the chaincode builds in key order are
 * written natively whole, several times faster than by a serialiser that sorts every object.
 *
 * @throws Error when the value has no JSON form (undefined at top level, NaN, Infinity).
 */
export function canonicalJson(value: unknown): string {
  const text = writeCanonical(value);
  if (text === undefined) {
    throw new Error('value has no canonical JSON form');
  }
  return text;
}

/**
 * The canonical form of a value, or undefined when it has none: natively where {@link inCanonicalOrder} holds,
 * keys sorted here for plain objects and arrays that hold something out of order, and anything else (toJSON,
 * values with no JSON form) by the reference serialiser, which also refuses NaN and Infinity.
 */
function writeCanonical(value: unknown): string | undefined {
  if (inCanonicalOrder(value)) return JSON.stringify(value);
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalize(value);
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value as unknown[]) {
      items.push(item === undefined || typeof item === 'symbol' ? 'null' : writeRequired(item));
    }
    return `[${items.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined && typeof member !== 'symbol') members.push(`${JSON.stringify(key)}:${writeRequired(member)}`);
  }
  return `{${members.join(',')}}`;
}

function writeRequired(value: unknown): string {
  const text = writeCanonical(value);
  if (text === undefined) throw new Error(`${typeof value} has no canonical JSON form`);
  return text;
}

/**
 * Whether JSON.stringify writes this value in canonical form: strings, booleans, null and finite numbers; arrays
 * of such values; plain data objects (no toJSON) whose own keys come in strictly ascending UTF-16 order. That
 * order also rules out integer-like keys out of string order, which JavaScript enumerates numerically.
 * Undefined, functions, symbols and bigints anywhere leave the value to the general serialiser.
 */
function inCanonicalOrder(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (!inCanonicalOrder(value[index])) return false;
    }
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let index = 0; index < keys.length; index += 1) {
    if (index > 0 && !(keys[index - 1] < keys[index])) return false;
    if (!inCanonicalOrder(record[keys[index]])) return false;
  }
  return true;
}

/** The canonical JSON of a value as UTF-8 bytes: what goes into world state and private data. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/** Lower-case hex SHA-256 of some bytes, the form document anchors use. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Lower-case hex SHA-256 of a value's canonical JSON. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Keyed commitment to a value: HMAC-SHA256 over its canonical JSON (`canonicalText`, as {@link canonicalJson}
 * writes it), in base64url (RFC 4648 §5), optionally truncated to its first `bytes` bytes as HMAC-SHA256-128 is
 * (RFC 4868). Without the key an outsider cannot test guesses, which matters for low-entropy values such as
 * amounts. It takes the text, not the value, so that a hot caller can write a fixed shape's canonical form itself.
 */
export function keyedCommitment(key: Uint8Array, canonicalText: string, bytes = 32): string {
  return createHmac('sha256', key).update(canonicalText).digest().toString('base64url', 0, bytes);
}

/** Parses bytes written by {@link canonicalBytes}. */
export function parseJsonBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
