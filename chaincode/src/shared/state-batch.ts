import * as path from 'node:path';
import { peer } from '@hyperledger/fabric-protos';
import { Context } from 'fabric-contract-api';

/**
 * Many reads in one round trip to the peer, and every write of a transaction in one more.
 *
 * fabric-shim 2.5 sends each getState, putState and key-level policy as its own message and waits for the answer,
 * so a 500-side batch cost the endorsing peer about 2,000 sequential round trips. Fabric 3.1 peers also take
 * GET_STATE_MULTIPLE and WRITE_BATCH_STATE messages (what fabric-chaincode-go v2 sends when the peer's READY
 * message offers `useGetMultipleKeys` / `useWriteBatch`, both on by default); the Node shim has no API for them,
 * so they are sent here through the shim's own message queue. The peer applies a write batch's records in order,
 * exactly as the separate calls would be, and a transaction never reads its own writes on Fabric, so buffering the
 * writes to the end changes nothing but the number of round trips.
 */

/** The peer's default `chaincode.runtimeParams.maxSizeGetMultipleKeys` and `maxSizeWriteBatch`. */
export const MAX_RECORDS_PER_MESSAGE = 1000;

/** ChaincodeMessage types of Fabric 3.1 that fabric-shim 2.5's protobuf enum does not name. */
export const MESSAGE_TYPE = { WRITE_BATCH_STATE: 24, GET_STATE_MULTIPLE: 25 } as const;

/** The part of fabric-shim's ChaincodeMessageHandler this module relies on (pinned: fabric-shim 2.5.8). */
export interface ShimMessageHandler {
  _askPeerAndListen(message: ShimChaincodeMessage, method: string): Promise<Buffer>;
}

/** fabric-shim's own ChaincodeMessage class: its gRPC stream refuses instances of any other copy of the protos. */
export interface ShimChaincodeMessage {
  setType(type: number): void;
  setPayload(payload: Uint8Array): void;
  setTxid(txId: string): void;
  setChannelId(channelId: string): void;
  getType(): number;
  getPayload_asU8(): Uint8Array;
}

interface ShimProtos {
  peer: { ChaincodeMessage: { new (): ShimChaincodeMessage; deserializeBinary(bytes: Uint8Array): ShimChaincodeMessage } };
}

/** The protobuf package fabric-shim itself loads (an older copy than ours, without the batch messages). */
export const shimProtos: ShimProtos = require(require.resolve('@hyperledger/fabric-protos', {
  paths: [path.dirname(require.resolve('fabric-shim'))],
})) as ShimProtos;

/**
 * The message handler of the peer connection this transaction came on: fabric-shim 2.5's stub keeps it. One
 * handler is one peer, so it also tells the transactions of one peer from those of another.
 */
export function handlerOf(ctx: Context): ShimMessageHandler {
  const handler = (ctx.stub as unknown as { handler?: ShimMessageHandler }).handler;
  if (handler === undefined || typeof handler._askPeerAndListen !== 'function') {
    throw new Error('the transaction context\'s stub has no fabric-shim message handler (fabric-shim other than 2.5?)');
  }
  return handler;
}

function ask(ctx: Context, type: number, payload: Uint8Array, method: string): Promise<Buffer> {
  const message = new shimProtos.peer.ChaincodeMessage();
  message.setType(type);
  message.setPayload(payload);
  message.setTxid(ctx.stub.getTxID());
  message.setChannelId(ctx.stub.getChannelID());
  return handlerOf(ctx)._askPeerAndListen(message, method);
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += MAX_RECORDS_PER_MESSAGE) {
    result.push(items.slice(start, start + MAX_RECORDS_PER_MESSAGE));
  }
  return result;
}

/**
 * The world-state values of `keys`, in order; an empty array where a key has no value. Each key joins the
 * transaction's read set, as with getState.
 */
export async function getStates(ctx: Context, keys: readonly string[]): Promise<Uint8Array[]> {
  const values: Uint8Array[] = [];
  for (const chunk of chunks(keys)) {
    const request = new peer.GetStateMultiple();
    request.setKeysList(chunk);
    request.setCollection('');
    const answer = await ask(ctx, MESSAGE_TYPE.GET_STATE_MULTIPLE, request.serializeBinary(), 'GetStateMultiple');
    const found = peer.GetStateMultipleResult.deserializeBinary(answer).getValuesList_asU8();
    if (found.length !== chunk.length) {
      throw new Error(`state batch: asked the peer for ${chunk.length} keys, it answered ${found.length} values`);
    }
    values.push(...found);
  }
  return values;
}

/**
 * The writes of one transaction, sent to the peer together by {@link flush}. A transaction that buffers writes
 * here must flush before it returns, or they are lost; nothing is written if it throws first.
 */
export class WriteBatch {
  private readonly records: peer.WriteRecord[] = [];

  put(key: string, value: Uint8Array): void {
    if (value.length === 0) {
      // Fabric would record an empty value as a delete: refuse it, as putState does.
      throw new Error(`state batch: empty value for ${JSON.stringify(key)}`);
    }
    this.records.push(record(peer.WriteRecord.Type.PUT_STATE, key, '', value));
  }

  delete(key: string): void {
    this.records.push(record(peer.WriteRecord.Type.DEL_STATE, key, ''));
  }

  putPrivate(collection: string, key: string, value: Uint8Array): void {
    if (value.length === 0) {
      throw new Error(`state batch: empty private value for ${JSON.stringify(key)} in ${collection}`);
    }
    this.records.push(record(peer.WriteRecord.Type.PUT_STATE, key, collection, value));
  }

  /** Sets a key-level endorsement policy, as setStateValidationParameter does. */
  setValidationParameter(key: string, policy: Uint8Array): void {
    const metadata = new peer.StateMetadata();
    metadata.setMetakey(VALIDATION_PARAMETER_METAKEY);
    metadata.setValue(policy);
    const write = record(peer.WriteRecord.Type.PUT_STATE_METADATA, key, '');
    write.setMetadata(metadata);
    this.records.push(write);
  }

  get size(): number {
    return this.records.length;
  }

  /** Sends every buffered write, in the order buffered, and empties the batch. */
  async flush(ctx: Context): Promise<void> {
    const pending = this.records.splice(0);
    for (const chunk of chunks(pending)) {
      const batch = new peer.WriteBatchState();
      batch.setRecList(chunk);
      await ask(ctx, MESSAGE_TYPE.WRITE_BATCH_STATE, batch.serializeBinary(), 'WriteBatchState');
    }
  }
}

/** The metadata key Fabric keeps key-level endorsement policies under (fabric-shim's validationParameterMetakey). */
export const VALIDATION_PARAMETER_METAKEY = 'VALIDATION_PARAMETER';

function record(type: peer.WriteRecord.TypeMap[keyof peer.WriteRecord.TypeMap], key: string, collection: string, value?: Uint8Array): peer.WriteRecord {
  const write = new peer.WriteRecord();
  write.setType(type);
  write.setKey(key);
  write.setCollection(collection);
  if (value !== undefined) write.setValue(value);
  return write;
}
