import { Context } from 'fabric-contract-api';
import { BankPair, CONSORTIUM_CHANNEL, RefusalError } from '@bayrecon/common';
import { loadDirectory } from '../directory/directory-state';

/**
 * Where a transaction runs decides what it may touch. The one chaincode is defined on the consortium channel
 * (documents, heartbeats, the directory) and on each bank pair's channel (that pair's payments, visible to its two
 * banks and their regulators only, since only their peers and orderers are the channel's). The channel comes from
 * the signed proposal, so a client cannot pick another.
 */

/** The bank pair whose channel this is. @throws INVALID when the transaction runs outside a pair's channel. */
export async function channelPair(ctx: Context): Promise<BankPair> {
  const channel = ctx.stub.getChannelID();
  const pair = (await loadDirectory(ctx)).pairOfChannel(channel);
  if (pair === undefined) {
    throw new RefusalError('INVALID', `payments are recorded on their bank pair's channel (pair-<bank>-<bank>), not on '${channel}'`);
  }
  return pair;
}

/** Refuses (INVALID) a payment of two banks other than the channel's: it belongs to, and is endorsed on, its own pair's. */
export async function assertPairChannel(ctx: Context, orgA: string, orgB: string, path: string): Promise<BankPair> {
  const pair = await channelPair(ctx);
  if (!pair.orgs.includes(orgA) || !pair.orgs.includes(orgB)) {
    const theirs = (await loadDirectory(ctx)).bankPair(orgA, orgB).channel;
    throw RefusalError.ofField('INVALID', path, `payments between ${orgA} and ${orgB} are recorded on channel '${theirs}', not '${ctx.stub.getChannelID()}'`);
  }
  return pair;
}

/** Refuses (INVALID) a transaction of the consortium's (documents, heartbeats, the directory) on any other channel. */
export function assertConsortiumChannel(ctx: Context): void {
  const channel = ctx.stub.getChannelID();
  if (channel !== CONSORTIUM_CHANNEL) {
    throw new RefusalError('INVALID', `'${channel}' holds one bank pair's payments only: documents, heartbeats and the directory are on channel '${CONSORTIUM_CHANNEL}'`);
  }
}
