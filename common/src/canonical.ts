import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Serialises a JSON value in the RFC 8785 canonical form (JCS): sorted keys, no insignificant white space,
 * ECMAScript number formatting. The chaincode and the API hash and store only this form, so the two can
 * never compute different bytes for the same record.
 *
 * @throws Error when the value has no JSON form (undefined at top level, NaN, Infinity).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new Error('value has no canonical JSON form');
  }
  return text;
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
  return createHmac('sha256', key).update(canonicalText).digest().subarray(0, bytes).toString('base64url');
}

/** Parses bytes written by {@link canonicalBytes}. */
export function parseJsonBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
