import { common } from '@hyperledger/fabric-protos';

/** The height (number of blocks) in a serialised `common.BlockchainInfo`. */
export function heightOfChainInfo(infoBytes: Uint8Array): number {
  return common.BlockchainInfo.deserializeBinary(infoBytes).getHeight();
}
