import { Context } from 'fabric-contract-api';
import { EVENT_ORIGIN_FIELD, EventOrigin, marshal } from '@bayrecon/common';
import { callerOrg } from './guards';
import { txTime } from './state';

/**
 * Sets the transaction's one chaincode event, with its origin (timestamp and creator) added to the payload.
 * Fabric keeps only the last `setEvent` of a transaction, so every transaction calls this exactly once, at the
 * end, with a summary of everything it changed.
 */
export function emitEvent(ctx: Context, name: string, payload: object): void {
  const origin: EventOrigin = { at: txTime(ctx).iso, creatorMspId: callerOrg(ctx) };
  ctx.stub.setEvent(name, marshal({ ...payload, [EVENT_ORIGIN_FIELD]: origin }));
}
