/** An exponential back-off: the first pause, and the longest any pause may grow to. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/**
 * The pause after the `failures`-th failure in a row (1 for the first): `firstMs`, doubling with each further
 * failure, never beyond `maxMs`. Given `random`, the pause is drawn between half and all of that, so that
 * clients that failed together (both banks' retries of one UETR) do not retry together.
 */
export function backoffMs(failures: number, { firstMs, maxMs }: Backoff, random?: () => number): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(0, failures - 1), 30));
  return random === undefined ? ceiling : Math.round(ceiling / 2 + (ceiling / 2) * random());
}
