import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  ContractImplementation, HEARTBEAT_TRANSACTIONS, Heartbeat, RefusalError, canonicalBytes, encodeResult, parseJsonBytes,
} from '@bayrecon/common';
import { assertMainNamespace } from '../shared/namespace';
import { RefusingContract } from '../shared/refusing-contract';

const HEARTBEAT_KEY_TYPE = 'heartbeat';
const TRANSACTIONS = HEARTBEAT_TRANSACTIONS;

/**
 * Liveness of the whole write path (client, endorsing peers, chaincode servers, orderer, commit), used by
 * `make up` and the API's health check: a port that answers is not yet a network that commits.
 */
@Info({ title: 'Heartbeat', description: 'Proves the network endorses and commits, one key per org' })
export class HeartbeatContract extends RefusingContract implements ContractImplementation<typeof TRANSACTIONS, Context> {
  constructor() {
    super(TRANSACTIONS.beat.contract);
  }

  /** Not in a pair chaincode: those hold one bank pair's payments only. */
  protected admit(ctx: Context): void {
    assertMainNamespace(ctx);
  }

  @Transaction()
  @Returns('string')
  async beat(ctx: Context): Promise<string> {
    const org = ctx.clientIdentity.getMSPID();
    const seconds = ctx.stub.getTxTimestamp().seconds;
    const heartbeat: Heartbeat = {
      org,
      txId: ctx.stub.getTxID(),
      at: new Date(Number(seconds.toString()) * 1000).toISOString(),
    };
    await ctx.stub.putState(ctx.stub.createCompositeKey(HEARTBEAT_KEY_TYPE, [org]), canonicalBytes(heartbeat));
    return encodeResult(TRANSACTIONS.beat, heartbeat);
  }

  @Transaction(false)
  @Returns('string')
  async read(ctx: Context, org: string): Promise<string> {
    const bytes = await ctx.stub.getState(ctx.stub.createCompositeKey(HEARTBEAT_KEY_TYPE, [org]));
    if (bytes.length === 0) {
      throw new RefusalError('NOT_FOUND', `no heartbeat recorded for org ${org}`);
    }
    return encodeResult(TRANSACTIONS.read, parseJsonBytes<Heartbeat>(bytes));
  }
}
