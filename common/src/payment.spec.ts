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

  it('refuses fields named like members of every object (constructor, toString, __proto__) as unknown, changing nothing', () => {
    const raw = JSON.parse(`{${JSON.stringify(side).slice(1, -1)},"constructor":"x","toString":1,"__proto__":{"uetr":"y"}}`) as Record<string, unknown>;
    const result = validatePaymentSide(raw, 'HKBankMSP', 'sides[1]', directory);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues, ['__proto__', 'constructor', 'toString'].map((field) => ({ path: `sides[1].${field}`, reason: 'unknown field' })));
  });

  it('builds the normalised side with its keys in canonical order', () => {
    const result = validatePaymentSide(Object.fromEntries(Object.entries(side).reverse()), 'HKBankMSP', 'sides[0]', directory);
    assert.ok(result.ok);
    const keys = Object.keys(result.side);
    assert.deepEqual(keys, [...keys].sort());
  });

  it('normalises the charges information of pacs.008 and keeps its order', () => {
    const result = validatePaymentSide({
      ...side,
      chargesInformation: [
        { amount: { amount: '15', currency: 'USD' }, agentBic: 'SZBKCNBS' },
        { amount: { amount: '0', currency: 'USD' }, agentBic: 'HKBKHKHH123' },
      ],
    }, 'HKBankMSP', 'sides[0]', directory);
    assert.ok(result.ok);
    assert.deepEqual(result.side.chargesInformation, [
      { amount: { amount: '15.00', currency: 'USD' }, agentBic: 'SZBKCNBSXXX' },
      { amount: { amount: '0.00', currency: 'USD' }, agentBic: 'HKBKHKHH123' },
    ]);
  });

  it('refuses malformed charges information, naming the entry and the reason', () => {
    const refused = (chargesInformation: unknown): string => {
      const result = validatePaymentSide({ ...side, chargesInformation }, 'HKBankMSP', 'sides[2]', directory);
      assert.ok(!result.ok);
      assert.deepEqual(result.issues.map((issue) => issue.path), ['sides[2].chargesInformation']);
      return result.issues[0].reason;
    };
    const charge = { amount: { amount: '1', currency: 'USD' }, agentBic: 'SZBKCNBS' };
    assert.equal(refused([]), 'is empty: leave the field out when no charges are listed');
    assert.match(refused(charge), /^\{"amount":.* is not an array of \{amount, agentBic\}$/);
    assert.equal(refused(Array(11).fill(charge)), 'lists 11 charges, more than 10');
    assert.equal(refused([charge, { ...charge, amount: { amount: '-1', currency: 'USD' } }]),
      "entry [1]: amount '-1' is not a decimal string (digits with an optional '.' and decimals; no sign, exponent or leading zeros)");
    assert.equal(refused([{ ...charge, amount: { amount: '1.001', currency: 'USD' } }]), "entry [0]: amount '1.001' has more decimals than USD allows (2)");
    assert.equal(refused([{ ...charge, agentBic: 'nope' }]), "entry [0]: agentBic 'nope' is not a BIC (8 or 11 upper-case letters and digits)");
    assert.equal(refused([{ ...charge, agent: 'SZBKCNBS' }]), 'entry [0]: unknown field agent (expected amount, agentBic)');
  });
});
