import { RoundingMode } from '../matching/decimal';

/**
 * An independent reference: rounds the non-negative fraction numerator / 10^shift to an integer with `mode`,
 * in BigInt arithmetic, as a person rounds by hand.
 */
export function roundScaled(numerator: bigint, shift: number, mode: RoundingMode): bigint {
  const divisor = 10n ** BigInt(shift);
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  if (remainder === 0n) {
    return quotient;
  }
  const twice = remainder * 2n;
  switch (mode) {
    case 'DOWN': return quotient;
    case 'UP': return quotient + 1n;
    case 'HALF_UP': return twice >= divisor ? quotient + 1n : quotient;
    case 'HALF_DOWN': return twice > divisor ? quotient + 1n : quotient;
    case 'HALF_EVEN': return twice > divisor || (twice === divisor && quotient % 2n === 1n) ? quotient + 1n : quotient;
  }
}

/** A BigInt numerator with `scale` implied decimals, written as a decimal string. */
export function scaledText(value: bigint, scale: number): string {
  if (scale === 0) {
    return value.toString();
  }
  const digits = value.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
