/**
 * Asks a gateway stream for its first item at once. The gateway's iterables attach to their gRPC call only when first
 * read, and until then a failure of the call (the peer gone, or the cancel of `close()`) is an 'error' event nobody
 * listens to, which ends the process. A stream read late (a chaincode without events yet) must not.
 */
export function startReading<T>(iterable: AsyncIterable<T>): AsyncIterator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<T>> | undefined = iterator.next();
  // The failure reaches whoever reads the first item; until then it is not unhandled.
  first.catch(() => undefined);
  return {
    next: () => {
      const pending = first ?? iterator.next();
      first = undefined;
      return pending;
    },
    return: async (value?: unknown) => iterator.return?.(value) ?? { done: true, value: undefined },
  };
}
