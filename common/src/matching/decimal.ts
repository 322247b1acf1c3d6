import Decimal from 'decimal.js';

/**
 * The decimal arithmetic of matching: a private decimal.js constructor, so no other code's global settings can
 * change a result the two endorsing peers must compute identically. 60 significant digits hold any product of
 * an 18-digit amount and an 11-digit rate exactly, so only an explicit rounding ever rounds; exponent notation is
 * pushed out of reach because amounts are written as plain decimals.
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -80, toExpPos: 80 });
export type Dec = Decimal;

/**
 * How a computed amount is brought to the currency's minor units, named as java.math.RoundingMode names them.
 * Amounts here are never negative, so UP is also the ceiling and DOWN the floor.
 */
export const ROUNDING_MODES = ['DOWN', 'UP', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const DECIMAL_JS_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  DOWN: Decimal.ROUND_DOWN,
  UP: Decimal.ROUND_UP,
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_DOWN: Decimal.ROUND_HALF_DOWN,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
};

export const ZERO = new Dec(0);

/** Basis points in one: 1 bp is a hundredth of a percent. */
export const BASIS_POINTS = new Dec(10000);

/** A validated decimal string (amount, rate, basis points) as a decimal. */
export function dec(value: string): Dec {
  return new Dec(value);
}

/** `value` rounded to `decimals` places with `mode`. */
export function roundTo(value: Dec, decimals: number, mode: RoundingMode): Dec {
  return value.toDecimalPlaces(decimals, DECIMAL_JS_ROUNDING[mode]);
}

/** A decimal written with exactly `decimals` places, as amounts are ('-0.50'); never in exponent notation. */
export function written(value: Dec, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A decimal written without trailing zeros ('12.5', '-3', '0'), as rates and basis points are. */
export function writtenShortest(value: Dec): string {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}

/**
 * True when `difference` is at most `basisPoints` of `base`: |difference| x 10000 <= basisPoints x base, compared
 * exactly by multiplying, so no quotient is ever rounded on the way to a decision.
 */
export function withinBasisPoints(difference: Dec, base: Dec, basisPoints: Dec): boolean {
  return difference.abs().times(BASIS_POINTS).lte(basisPoints.times(base));
}

/** `difference` as basis points of `base`, rounded half-up to `decimals` places: for people to read, never to decide. */
export function basisPointsOf(difference: Dec, base: Dec, decimals = 4): string {
  return written(roundTo(difference.times(BASIS_POINTS).div(base), decimals, 'HALF_UP'), decimals);
}
