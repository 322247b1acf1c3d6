import { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';

/**
 * The chaincode events of a block's valid transactions, in block order, for the chaincodes named. The gateway's
 * own event stream serves one chaincode; bayrecon's events come from its main chaincode and from every bank
 * pair's payments chaincode, and the projection needs them in one order to keep one checkpoint.
 */
export function chaincodeEventsOfBlock(block: common.Block, chaincodes: ReadonlySet<string>): ChaincodeEvent[] {
  const blockNumber = BigInt(block.getHeader()?.getNumber() ?? 0);
  const validity = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const events: ChaincodeEvent[] = [];
  (block.getData()?.getDataList_asU8() ?? []).forEach((envelopeBytes, index) => {
    if (validity[index] !== peer.TxValidationCode.VALID) return;
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const header = payload.getHeader();
    if (header === undefined) return;
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
    for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
      const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
      if (endorsed === undefined) continue;
      const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
      const eventBytes = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8();
      if (eventBytes.length === 0) continue;
      const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
      if (!chaincodes.has(event.getChaincodeId())) continue;
      events.push({
        blockNumber, transactionId: channelHeader.getTxId(), chaincodeName: event.getChaincodeId(),
        eventName: event.getEventName(), payload: event.getPayload_asU8(),
      });
    }
  });
  return events;
}
