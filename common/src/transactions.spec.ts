import { strict as assert } from 'node:assert';
import {
  DOCUMENT_TRANSACTIONS, HEARTBEAT_TRANSACTIONS, PAYMENT_TRANSACTIONS, contractName, decodeResult, encodeResult, transactionName,
} from './transactions';

describe('transaction declarations', () => {
  it('name each transaction by its key, in its contract, as fabric-contract-api routes it', () => {
    assert.equal(transactionName(PAYMENT_TRANSACTIONS.submitSides), 'payment:submitSides');
    assert.equal(transactionName(DOCUMENT_TRANSACTIONS.getAnchor), 'verification:getAnchor');
    assert.equal(transactionName(HEARTBEAT_TRANSACTIONS.beat), 'heartbeat:beat');
    assert.equal(contractName(PAYMENT_TRANSACTIONS), 'payment');
    for (const declarations of [PAYMENT_TRANSACTIONS, DOCUMENT_TRANSACTIONS, HEARTBEAT_TRANSACTIONS]) {
      for (const [key, declaration] of Object.entries(declarations)) {
        assert.equal(declaration.name, key);
        assert.equal(declaration.contract, contractName(declarations));
      }
    }
  });

  it('keep private details in the transient map of the payment writes only', () => {
    assert.deepEqual(PAYMENT_TRANSACTIONS.submitSides.transient, ['sides', 'pairKeyProposal']);
    assert.deepEqual(PAYMENT_TRANSACTIONS.amendSide.transient, ['side']);
    assert.deepEqual(PAYMENT_TRANSACTIONS.getPaymentDetails.arguments, ['uetr']);
    const withTransient = [PAYMENT_TRANSACTIONS, DOCUMENT_TRANSACTIONS, HEARTBEAT_TRANSACTIONS]
      .flatMap((declarations) => Object.values(declarations)).filter((declaration) => declaration.transient.length > 0).map(transactionName);
    assert.deepEqual(withTransient, ['payment:submitSides', 'payment:amendSide']);
  });

  it('encode and decode a result as its declaration types it', () => {
    const heartbeat = { org: 'SZBankMSP', txId: 'tx1', at: '2026-01-01T00:00:00.000Z' };
    const wire = encodeResult(HEARTBEAT_TRANSACTIONS.beat, heartbeat);
    assert.deepEqual(decodeResult(HEARTBEAT_TRANSACTIONS.beat, Buffer.from(wire)), heartbeat);
  });
});
