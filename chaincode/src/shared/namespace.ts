import { Context } from 'fabric-contract-api';
import { MemberBankOrg, RefusalError, pairChaincode, pairOfChaincode } from '@bayrecon/common';
import { peer } from '@hyperledger/fabric-protos';

/** fabric-shim 2.5 types the channel header as a plain object; at run time it hands over the decoded message. */
interface DecodedChannelHeader {
  getExtension_asU8(): Uint8Array;
}

/**
 * The chaincode name the transaction was invoked under. One package serves several chaincode definitions (the
 * main one and one per bank pair), and each definition is its own namespace with its own endorsement policy, so
 * the contract must know which one it writes into. The name comes from the signed proposal's header extension.
 */
export function invokedChaincode(ctx: Context): string {
  const channelHeader = ctx.stub.getSignedProposal().proposal.header.channelHeader as unknown as DecodedChannelHeader;
  const name = peer.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8()).getChaincodeId()?.getName();
  if (name === undefined || name === '') {
    throw new Error('the proposal names no chaincode');
  }
  return name;
}

/** The two banks whose payments this namespace holds. @throws INVALID when the transaction runs outside a pair chaincode. */
export function namespacePair(ctx: Context): [MemberBankOrg, MemberBankOrg] {
  const chaincode = invokedChaincode(ctx);
  const pair = pairOfChaincode(chaincode);
  if (pair === undefined) {
    throw new RefusalError('INVALID', `payments are recorded in their bank pair's chaincode (payments_<bank>_<bank>), not in '${chaincode}'`);
  }
  return pair;
}

/** Refuses (INVALID) a payment of two banks other than the namespace's: it belongs to, and is endorsed in, its own pair's. */
export function assertPairNamespace(ctx: Context, orgA: string, orgB: string, path: string): void {
  const pair = namespacePair(ctx);
  if (!pair.includes(orgA as MemberBankOrg) || !pair.includes(orgB as MemberBankOrg)) {
    throw RefusalError.ofField('INVALID', path, `payments between ${orgA} and ${orgB} are recorded in chaincode '${pairChaincode(orgA, orgB)}', not '${invokedChaincode(ctx)}'`);
  }
}

/** Refuses (INVALID) a transaction of the main chaincode (documents, heartbeats) in a pair chaincode. */
export function assertMainNamespace(ctx: Context): void {
  const chaincode = invokedChaincode(ctx);
  if (pairOfChaincode(chaincode) !== undefined) {
    throw new RefusalError('INVALID', `'${chaincode}' holds one bank pair's payments only: documents and heartbeats are recorded in the main chaincode`);
  }
}
