/**
 * ISO 4217 minor units for the currencies bayrecon's banks settle in and their usual correspondents'.
 * Deliberately small and alone in this file: the shared package is getting a full table, and this one is
 * meant to be swapped for it. A code missing here is refused, which is the safe failure for a payment.
 * CNH is not an ISO 4217 code (offshore renminbi is CNY on the wire).
 */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ['CNY', 2], ['HKD', 2], ['MOP', 2], ['USD', 2], ['EUR', 2], ['GBP', 2], ['CHF', 2], ['CAD', 2], ['AUD', 2],
  ['NZD', 2], ['SGD', 2], ['TWD', 2], ['THB', 2], ['MYR', 2], ['PHP', 2], ['INR', 2], ['IDR', 2], ['AED', 2],
  ['SAR', 2], ['ZAR', 2], ['SEK', 2], ['NOK', 2], ['DKK', 2], ['JPY', 0], ['KRW', 0], ['VND', 0], ['CLP', 0],
  ['BHD', 3], ['KWD', 3], ['OMR', 3], ['JOD', 3], ['TND', 3],
]);

/** Number of minor-unit digits of an ISO 4217 currency, or undefined when the code is not known here. */
export function minorUnits(currency: string): number | undefined {
  return MINOR_UNITS.get(currency);
}
