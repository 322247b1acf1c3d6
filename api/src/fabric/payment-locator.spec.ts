import { strict as assert } from 'node:assert';
import { status as GrpcStatus, ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { BankPair, Directory, PaymentRecord, RefusalError, applyDirectoryChange, genesisDirectory, refusalOnTheWire } from '@bayrecon/common';
import { NotFoundError } from '../errors/domain-errors';
import { ClosedPairsOfLedger, locatePayment, locateRecordedPayment } from './payment-locator';

const UETR = '0c6e4ac7-4b7e-4d2b-9b67-7d8c5b0a3f11';
const removedMoBank = new Directory(applyDirectoryChange(genesisDirectory(), { kind: 'REMOVE_MEMBER', name: 'MOBank' },
  { txId: 'tx-remove', at: '2026-12-01T00:00:00.000Z' }));

const gatewayError = (message: string): GatewayError => new GatewayError({
  code: GrpcStatus.FAILED_PRECONDITION, cause: new Error(message) as ServiceError,
  details: [{ address: 'peer0', mspId: 'SZBankMSP', message }], message,
});
const notFoundOnLedger = (): GatewayError => gatewayError(`chaincode response 500, ${refusalOnTheWire(RefusalError.ofField('NOT_FOUND', 'uetr', 'no payment').refusal)}`);

type Answer = PaymentRecord | (() => Error);

/** Each channel's answer to getPayment, and which channels were asked. */
class FakeLedger implements ClosedPairsOfLedger<{ getPayment(uetr: string): Promise<PaymentRecord> }> {
  readonly mspId = 'SZBankMSP';
  readonly asked: string[] = [];
  constructor(private readonly directory: Directory, private readonly answers: Record<string, Answer>) {}

  payments(orgA: string, orgB: string) {
    return this.on(this.directory.bankPair(orgA, orgB).channel);
  }

  closedPairPayments(pair: BankPair) {
    return this.on(pair.channel);
  }

  private on(channel: string) {
    return {
      getPayment: async (): Promise<PaymentRecord> => {
        this.asked.push(channel);
        const answer = this.answers[channel] ?? (() => notFoundOnLedger());
        if (typeof answer === 'function') throw answer();
        return answer;
      },
    };
  }
}

const record = { uetr: UETR, status: 'MATCHED' } as PaymentRecord;

describe('locating a payment by its UETR', () => {
  it('finds a payment of a pair closed by the counterparty\'s removal, after its active pairs', async () => {
    const ledger = new FakeLedger(removedMoBank, { 'pair-mobank-szbank': record });
    const found = await locateRecordedPayment(ledger, removedMoBank, UETR);
    assert.equal(found.record, record);
    assert.deepEqual(ledger.asked, ['pair-hkbank-szbank', 'pair-mobank-szbank']);
  });

  it('looks among the active pairs only for a change (locatePayment): the closed pair\'s payment is not found', async () => {
    const ledger = new FakeLedger(removedMoBank, { 'pair-mobank-szbank': record });
    await assert.rejects(locatePayment(ledger, removedMoBank, UETR), NotFoundError);
  });

  it('counts a closed pair\'s channel its peer is not on as holding nothing', async () => {
    const ledger = new FakeLedger(removedMoBank, { 'pair-mobank-szbank': () => gatewayError('failed to find any endorsing peers for org(s): SZBankMSP') });
    await assert.rejects(locateRecordedPayment(ledger, removedMoBank, UETR), NotFoundError);
  });

  it('passes on any other failure of a closed pair\'s channel, and an absent channel among the active pairs', async () => {
    const unavailable = new FakeLedger(removedMoBank, { 'pair-mobank-szbank': () => gatewayError('connection refused') });
    await assert.rejects(locateRecordedPayment(unavailable, removedMoBank, UETR), /connection refused/);
    const absent = new FakeLedger(removedMoBank, { 'pair-hkbank-szbank': () => gatewayError('channel pair-hkbank-szbank not found') });
    await assert.rejects(locateRecordedPayment(absent, removedMoBank, UETR),
      (error: unknown) => error instanceof GatewayError && /channel pair-hkbank-szbank not found/.test(error.message));
  });
});
