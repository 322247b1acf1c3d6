import { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';

/** The events of the chaincodes read in one block, in block order; a block with none of them comes too. */
export interface BlockEvents {
  blockNumber: bigint;
  events: ChaincodeEvent[];
}

/** A chaincode's event stream did not hold the event the filtered block named next; the streams are reopened. */
export class EventStreamsOutOfStepError extends Error {}

/**
 * Merges the gateway's per-chaincode event streams into one ledger order, block by block. The filtered block stream
 * (each transaction's ID, validation code and event name, without payloads or write sets) is the spine: it names,
 * in block order, every valid transaction whose event belongs to one of the chaincodes read, and that event, with
 * its payload, is the next one on the chaincode's own stream. So the peer sends only the events, never whole
 * blocks (whose write sets are most of their bytes and, on a shared channel, mostly other chaincodes'), and every
 * block still comes, which tells the reader how far it has read.
 *
 * @param streams one iterator per chaincode read, each started at the spine's first block.
 */
export async function* eventsByBlock(
  spine: AsyncIterable<peer.FilteredBlock>, streams: ReadonlyMap<string, AsyncIterator<ChaincodeEvent>>,
): AsyncGenerator<BlockEvents> {
  for await (const block of spine) {
    const blockNumber = BigInt(block.getNumber());
    const events: ChaincodeEvent[] = [];
    for (const transaction of block.getFilteredTransactionsList()) {
      if (transaction.getTxValidationCode() !== peer.TxValidationCode.VALID) continue;
      for (const action of transaction.getTransactionActions()?.getChaincodeActionsList() ?? []) {
        const named = action.getChaincodeEvent();
        const stream = named === undefined ? undefined : streams.get(named.getChaincodeId());
        // The gateway's streams leave out events without a name, as this does.
        if (named === undefined || stream === undefined || named.getEventName() === '') continue;
        const next = await stream.next();
        if (next.done === true || next.value.blockNumber !== blockNumber || next.value.transactionId !== transaction.getTxid()) {
          const found = next.done === true ? 'its end' : `transaction ${next.value.transactionId} of block ${next.value.blockNumber}`;
          throw new EventStreamsOutOfStepError(`block ${blockNumber} names an event of ${named.getChaincodeId()} in transaction ${transaction.getTxid()}; its stream gave ${found}`);
        }
        events.push(next.value);
      }
    }
    yield { blockNumber, events };
  }
}
