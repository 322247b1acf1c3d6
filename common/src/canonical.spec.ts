import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalHash, canonicalJson, keyedCommitment, sha256Hex } from './canonical';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops white space', () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null, 'x'], 'é': 0, A: { z: 1, y: 2 } }),
      '{"A":{"y":2,"z":1},"a":[true,null,"x"],"b":1,"é":0}');
  });

  it('formats numbers as ECMAScript does (RFC 8785 appendix B samples)', () => {
    assert.equal(canonicalJson([1e21, 1e-7, -0, 0.000001, 333333333.3333333]),
      '[1e+21,1e-7,0,0.000001,333333333.3333333]');
  });

  it('refuses values with no JSON form', () => {
    assert.throws(() => canonicalJson(Number.NaN), /NaN/);
    assert.throws(() => canonicalJson(undefined), /no canonical JSON form/);
  });

  it('gives the same hash whatever the key order', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
      const reversed = Object.fromEntries(Object.entries(record).reverse());
      assert.equal(canonicalHash(reversed), canonicalHash(record));
    }));
  });

  it('writes every JSON value as the reference JCS serialiser does, whether its keys come sorted or not', () => {
    const inKeyOrder = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(inKeyOrder);
      if (typeof value !== 'object' || value === null) return value;
      const record = value as Record<string, unknown>;
      return Object.fromEntries(Object.keys(record).sort().map((key) => [key, inKeyOrder(record[key])]));
    };
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      assert.equal(canonicalJson(value), canonicalize(value));
      assert.equal(canonicalJson(inKeyOrder(value)), canonicalize(value));
    }), { numRuns: 500 });
  });

  it('sorts integer-like keys as strings, which JavaScript enumerates in numeric order', () => {
    assert.equal(canonicalJson({ 9: 'a', 10: 'b', x: { 2: true, 10: false } }), '{"10":"b","9":"a","x":{"10":false,"2":true}}');
  });

  it('writes a nested undefined, a Date or a Buffer as the reference serialiser does', () => {
    const value = { b: undefined, a: [undefined, 1], d: new Date(Date.UTC(2024, 4, 1)), e: Buffer.from('hi') };
    assert.equal(canonicalJson(value), canonicalize(value));
    assert.equal(canonicalJson({ a: 1, b: undefined }), '{"a":1}');
  });

  it('hashes with SHA-256 in lower-case hex', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('keys commitments: another key gives another commitment to the same amount', () => {
    const amount = { amount: '100.00', currency: 'HKD' };
    assert.notEqual(keyedCommitment(Buffer.from('k1'), canonicalJson(amount)), keyedCommitment(Buffer.from('k2'), canonicalJson(amount)));
    assert.equal(keyedCommitment(Buffer.from('k1'), canonicalJson(amount)), keyedCommitment(Buffer.from('k1'), canonicalJson({ currency: 'HKD', amount: '100.00' })));
  });
});
