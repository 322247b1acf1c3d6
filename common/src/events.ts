/**
 * Where and when a transaction came from, as every chaincode event states it: the transaction's timestamp (its
 * channel header's, which the chaincode reads with getTxTimestamp), ISO 8601, and the MSP id of the client that
 * created it. Both come from the ledger, so a projection rebuilt from genesis gets the same values, and a
 * projection needs no read of the whole block to learn them.
 */
export interface EventOrigin {
  at: string;
  creatorMspId: string;
}

/** The member of every chaincode event's payload that carries its {@link EventOrigin}. */
export const EVENT_ORIGIN_FIELD = 'origin';

/**
 * The origin of a decoded chaincode event payload.
 *
 * @throws Error when the payload has none (an event of a chaincode older than this code).
 */
export function originOf(payload: unknown): EventOrigin {
  const origin = (payload as { [EVENT_ORIGIN_FIELD]?: Partial<EventOrigin> } | null)?.[EVENT_ORIGIN_FIELD];
  if (typeof origin?.at !== 'string' || typeof origin.creatorMspId !== 'string') {
    throw new Error('chaincode event without an origin (timestamp and creator): its chaincode predates this code');
  }
  return { at: origin.at, creatorMspId: origin.creatorMspId };
}
