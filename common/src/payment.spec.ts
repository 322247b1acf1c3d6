import { strict as assert } from 'node:assert';
import { Directory, genesisDirectory } from './directory';
import { PaymentSide, validatePaymentSide } from './payment';

const directory = new Directory(genesisDirectory());

const side: PaymentSide = {
  uetr: '1a2b3c4d-0000-4000-8000-000000000001',
  side: 'CREDITOR_AGENT',
  counterpartyOrg: 'SZBankMSP',
  messageType: 'pacs.009',
  endToEndId: 'E2E-1',
  instructingAgentBic: 'SZBKCNBS',
  instructedAgentBic: 'HKBKHKHH',
  debtorAgentBic: 'SZBKCNBS',
  creditorAgentBic: 'HKBKHKHH',
  interbankSettlementAmount: { amount: '10', currency: 'USD' },
  interbankSettlementDate: '2024-05-01',
};

describe('payment side validation', () => {
  it('normalises a valid side', () => {
    const result = validatePaymentSide(side, 'HKBankMSP', 'sides[0]', directory);
    assert.ok(result.ok);
    assert.equal(result.side.interbankSettlementAmount.amount, '10.00');
    assert.equal(result.side.creditorAgentBic, 'HKBKHKHHXXX');
  });

  it('refuses a side whose own BIC is not the submitter\'s (a forged side)', () => {
    const result = validatePaymentSide(side, 'MOBankMSP', 'sides[0]', directory);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((issue) => issue.path), ['sides[0].creditorAgentBic']);
  });

  it('names every bad and unknown field with its path', () => {
    const result = validatePaymentSide({ ...side, uetr: 'x', interbankSettlementDate: '2024-02-30', colour: 'red' }, 'HKBankMSP', 'sides[4]', directory);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((issue) => issue.path), ['sides[4].colour', 'sides[4].uetr', 'sides[4].interbankSettlementDate']);
  });
});
