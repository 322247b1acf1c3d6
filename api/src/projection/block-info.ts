import { common, msp } from '@hyperledger/fabric-protos';

/** What the projection needs of one transaction of a block beyond its chaincode event. */
export interface TransactionInfo {
  /** The transaction's timestamp (its channel header's, the one the chaincode reads with getTxTimestamp), ISO 8601. */
  at: string;
  /** MSP id of the client that created the transaction: an anchor's issuer, a revocation's issuer. */
  creatorMspId: string;
}

/**
 * Reads each transaction's timestamp and creator out of a serialised `common.Block`. Chaincode events carry
 * neither, and both must come from the ledger rather than the projecting process's clock or state, so that a
 * rebuild from genesis gives identical tables and a break keeps its true age.
 */
export function transactionsOfBlock(blockBytes: Uint8Array): Map<string, TransactionInfo> {
  const block = common.Block.deserializeBinary(blockBytes);
  const transactions = new Map<string, TransactionInfo>();
  for (const envelopeBytes of block.getData()?.getDataList_asU8() ?? []) {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const header = payload.getHeader();
    if (header === undefined) continue;
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    const timestamp = channelHeader.getTimestamp();
    if (!channelHeader.getTxId() || timestamp === undefined) continue;
    const creator = msp.SerializedIdentity.deserializeBinary(common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8());
    const millis = timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000);
    transactions.set(channelHeader.getTxId(), { at: new Date(millis).toISOString(), creatorMspId: creator.getMspid() });
  }
  return transactions;
}

/** The height (number of blocks) in a serialised `common.BlockchainInfo`. */
export function heightOfChainInfo(infoBytes: Uint8Array): number {
  return common.BlockchainInfo.deserializeBinary(infoBytes).getHeight();
}
