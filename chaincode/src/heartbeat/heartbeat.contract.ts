import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalBytes, parseJsonBytes } from '@bayrecon/common';
import { assertConsortiumChannel } from '../shared/namespace';

/** What one org's last heartbeat proves: that its client could get a transaction endorsed and committed. */
export interface Heartbeat {
  org: string;
  txId: string;
  at: string;
}

const HEARTBEAT_KEY_TYPE = 'heartbeat';

/**
 * Liveness of the whole write path (client, endorsing peers, chaincode servers, orderer, commit), used by
 * `make up` and the API's health check: a port that answers is not yet a network that commits.
 */
@Info({ title: 'Heartbeat', description: 'Proves the network endorses and commits, one key per org' })
export class HeartbeatContract extends Contract {
  constructor() {
    super('heartbeat');
  }

  /** Not on a pair's channel: those hold one bank pair's payments only. */
  override async beforeTransaction(ctx: Context): Promise<void> {
    assertConsortiumChannel(ctx);
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
    return JSON.stringify(heartbeat);
  }

  @Transaction(false)
  @Returns('string')
  async read(ctx: Context, org: string): Promise<string> {
    const bytes = await ctx.stub.getState(ctx.stub.createCompositeKey(HEARTBEAT_KEY_TYPE, [org]));
    if (bytes.length === 0) {
      throw new Error(`no heartbeat recorded for org ${org}`);
    }
    return JSON.stringify(parseJsonBytes<Heartbeat>(bytes));
  }
}
