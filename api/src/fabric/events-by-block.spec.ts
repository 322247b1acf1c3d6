import { strict as assert } from 'node:assert';
import { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { BlockEvents, eventsByBlock, EventStreamsOutOfStepError } from './events-by-block';

/** A transaction as the filtered block names it: its ID, validity and the chaincode and name of its event. */
interface NamedTransaction {
  txId: string;
  chaincode?: string;
  eventName?: string;
  valid?: boolean;
}

function filteredBlock(number: number, transactions: NamedTransaction[]): peer.FilteredBlock {
  const block = new peer.FilteredBlock();
  block.setNumber(number);
  block.setFilteredTransactionsList(transactions.map(({ txId, chaincode, eventName = 'PaymentsChanged', valid = true }) => {
    const transaction = new peer.FilteredTransaction();
    transaction.setTxid(txId);
    transaction.setTxValidationCode(valid ? peer.TxValidationCode.VALID : peer.TxValidationCode.MVCC_READ_CONFLICT);
    const actions = new peer.FilteredTransactionActions();
    if (chaincode !== undefined) {
      const event = new peer.ChaincodeEvent();
      event.setChaincodeId(chaincode);
      event.setTxId(txId);
      event.setEventName(eventName);
      const action = new peer.FilteredChaincodeAction();
      action.setChaincodeEvent(event);
      actions.addChaincodeActions(action);
    }
    transaction.setTransactionActions(actions);
    return transaction;
  }));
  return block;
}

const event = (blockNumber: number, transactionId: string, chaincodeName: string): ChaincodeEvent => ({
  blockNumber: BigInt(blockNumber), transactionId, chaincodeName, eventName: 'PaymentsChanged', payload: Buffer.from(transactionId),
});

async function* each<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function readAll(spine: peer.FilteredBlock[], streams: Record<string, ChaincodeEvent[]>): Promise<BlockEvents[]> {
  const iterators = new Map(Object.entries(streams).map(([chaincode, events]) => [chaincode, each(events)]));
  const blocks: BlockEvents[] = [];
  for await (const block of eventsByBlock(each(spine), iterators)) blocks.push(block);
  return blocks;
}

const summary = (blocks: BlockEvents[]) => blocks.map((block) => [Number(block.blockNumber), block.events.map((e) => `${e.chaincodeName}:${e.transactionId}`)]);

describe('events by block', () => {
  it('puts the chaincodes\' events in block order, with their payloads, and gives every block', async () => {
    const blocks = await readAll([
      filteredBlock(7, [{ txId: 'a', chaincode: 'payments_HKBank_SZBank' }, { txId: 'b', chaincode: 'bayrecon' }, { txId: 'c', chaincode: 'payments_HKBank_SZBank' }]),
      filteredBlock(8, [{ txId: 'd', chaincode: 'trivial' }, { txId: 'e' }]),
      filteredBlock(9, [{ txId: 'f', chaincode: 'bayrecon' }]),
    ], {
      payments_HKBank_SZBank: [event(7, 'a', 'payments_HKBank_SZBank'), event(7, 'c', 'payments_HKBank_SZBank')],
      bayrecon: [event(7, 'b', 'bayrecon'), event(9, 'f', 'bayrecon')],
    });
    assert.deepEqual(summary(blocks), [
      [7, ['payments_HKBank_SZBank:a', 'bayrecon:b', 'payments_HKBank_SZBank:c']],
      [8, []],
      [9, ['bayrecon:f']],
    ]);
    assert.equal(Buffer.from(blocks[0].events[1].payload).toString(), 'b');
  });

  it('leaves out invalid transactions, unnamed events and chaincodes not read', async () => {
    const blocks = await readAll([
      filteredBlock(3, [
        { txId: 'x', chaincode: 'bayrecon', valid: false }, { txId: 'y', chaincode: 'bayrecon', eventName: '' },
        { txId: 'z', chaincode: 'payments_HKBank_MOBank' }, { txId: 'w', chaincode: 'bayrecon' },
      ]),
    ], { bayrecon: [event(3, 'w', 'bayrecon')] });
    assert.deepEqual(summary(blocks), [[3, ['bayrecon:w']]]);
  });

  it('refuses a stream that does not hold the event the block names next', async () => {
    await assert.rejects(
      readAll([filteredBlock(4, [{ txId: 'a', chaincode: 'bayrecon' }])], { bayrecon: [event(4, 'other', 'bayrecon')] }),
      (error: unknown) => error instanceof EventStreamsOutOfStepError && /transaction a.*gave transaction other of block 4/.test(error.message),
    );
    await assert.rejects(readAll([filteredBlock(4, [{ txId: 'a', chaincode: 'bayrecon' }])], { bayrecon: [] }), /gave its end/);
  });
});
