import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { roundScaled, scaledText } from '../testing/decimal-reference';
import { ROUNDING_MODES, basisPointsOf, dec, roundTo, withinBasisPoints, written, writtenShortest } from './decimal';

describe('matching decimals', () => {
  it('rounds to the minor units exactly as the rounding mode says, checked against BigInt arithmetic', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...ROUNDING_MODES),
      (numerator, scale, decimals, mode) => {
        const shift = Math.max(scale - decimals, 0);
        const expected = scaledText(roundScaled(numerator, shift, mode), Math.min(scale, decimals));
        assert.equal(written(roundTo(dec(scaledText(numerator, scale)), decimals, mode), Math.min(scale, decimals)), expected);
      },
    ));
  });

  it('orders the modes: DOWN <= HALF_DOWN <= HALF_EVEN <= HALF_UP <= UP', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 6 }), (numerator, scale) => {
      const value = dec(scaledText(numerator, scale));
      const [down, halfDown, halfEven, halfUp, up] = (['DOWN', 'HALF_DOWN', 'HALF_EVEN', 'HALF_UP', 'UP'] as const)
        .map((mode) => roundTo(value, 0, mode));
      assert.ok(down.lte(halfDown) && halfDown.lte(halfEven) && halfEven.lte(halfUp) && halfUp.lte(up));
      assert.ok(up.minus(down).lte(1));
    }));
  });

  it('tells the half-way cases apart', () => {
    assert.deepEqual(ROUNDING_MODES.map((mode) => written(roundTo(dec('2.345'), 2, mode), 2)), ['2.34', '2.35', '2.35', '2.34', '2.34']);
    assert.deepEqual(ROUNDING_MODES.map((mode) => written(roundTo(dec('2.355'), 2, mode), 2)), ['2.35', '2.36', '2.36', '2.35', '2.36']);
  });

  it('writes decimals plainly, never in exponent notation or as negative zero', () => {
    assert.equal(written(dec('0.0000001'), 2), '0.00');
    assert.equal(written(dec('-0.001'), 2), '0.00');
    assert.equal(written(dec('-12.5'), 2), '-12.50');
    assert.equal(written(dec('123456789012345678901234567890'), 0), '123456789012345678901234567890');
    assert.equal(writtenShortest(dec('7.80000')), '7.8');
    assert.equal(writtenShortest(dec('1e-30')), '0.000000000000000000000000000001');
  });

  it('compares basis points exactly, including at the boundary', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10000 }), (baseMinor, bp) => {
      const base = dec(scaledText(baseMinor, 2));
      // base x bp / 10000 exactly, in units of 10^-6.
      const limit = dec(scaledText(baseMinor * BigInt(bp), 6));
      assert.equal(withinBasisPoints(limit, base, dec(String(bp))), true);
      assert.equal(withinBasisPoints(limit.negated(), base, dec(String(bp))), true);
      assert.equal(withinBasisPoints(limit.plus('0.000001'), base, dec(String(bp))), false);
    }));
  });

  it('shows a difference in basis points for reading', () => {
    assert.equal(basisPointsOf(dec('0.00005'), dec('7.8312')), '0.0638');
    assert.equal(basisPointsOf(dec('-2.5'), dec('1000')), '-25.0000');
  });
});
