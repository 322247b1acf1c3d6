import { Context } from 'fabric-contract-api';
import { marshal } from '@bayrecon/common';

/**
 * Sets the transaction's one chaincode event. Fabric keeps only the last `setEvent` of a transaction, so every
 * transaction calls this exactly once, at the end, with a summary of everything it changed.
 */
export function emitEvent(ctx: Context, name: string, payload: unknown): void {
  ctx.stub.setEvent(name, marshal(payload));
}
