import { strict as assert } from 'node:assert';
import {
  allBankPairs, bankPairsOf, corridorBanks, corridorOf, orgOfBic, pairChaincode, pairCollection, pairOfChaincode, parseCorridor,
  paymentEndorsingOrgs, pairsSeenBy, seesEverything,
} from './members';

describe('member directory', () => {
  it('maps BIC11 branch codes and BIC8 to the same bank, and foreign BICs to none', () => {
    assert.equal(orgOfBic('SZBKCNBSXXX'), 'SZBankMSP');
    assert.equal(orgOfBic('SZBKCNBS123'), 'SZBankMSP');
    assert.equal(orgOfBic('HKBKHKHH'), 'HKBankMSP');
    assert.equal(orgOfBic('DEUTDEFFXXX'), undefined);
  });

  it('derives one collection per unordered bank pair, whichever bank asks', () => {
    assert.equal(pairCollection('SZBankMSP', 'HKBankMSP'), 'pair_HKBank_SZBank');
    assert.equal(pairCollection('HKBankMSP', 'SZBankMSP'), 'pair_HKBank_SZBank');
    assert.deepEqual(allBankPairs().map((pair) => pair.collection), ['pair_HKBank_SZBank', 'pair_MOBank_SZBank', 'pair_HKBank_MOBank']);
    assert.throws(() => pairCollection('SZBankMSP', 'SZBankMSP'), /two different banks/);
    assert.throws(() => pairCollection('SZBankMSP', 'RegulatorMSP'), /not a member bank/);
  });

  it('names one payments chaincode per unordered bank pair, and reads the pair back from the name', () => {
    assert.equal(pairChaincode('SZBankMSP', 'HKBankMSP'), 'payments_HKBank_SZBank');
    assert.equal(pairChaincode('HKBankMSP', 'SZBankMSP'), 'payments_HKBank_SZBank');
    assert.deepEqual(allBankPairs().map((pair) => pair.chaincode), ['payments_HKBank_SZBank', 'payments_MOBank_SZBank', 'payments_HKBank_MOBank']);
    assert.deepEqual(pairOfChaincode('payments_MOBank_SZBank'), ['SZBankMSP', 'MOBankMSP']);
    assert.equal(pairOfChaincode('bayrecon'), undefined);
    assert.equal(pairOfChaincode('payments_SZBank_SZBank'), undefined);
  });

  it('lists the bank pairs an org belongs to, and none for the regulator', () => {
    assert.deepEqual(bankPairsOf('MOBankMSP').map((pair) => pair.chaincode), ['payments_MOBank_SZBank', 'payments_HKBank_MOBank']);
    assert.deepEqual(bankPairsOf('RegulatorMSP'), []);
  });

  it('shows the regulator every pair\'s payments and a bank its own pairs\' only', () => {
    assert.equal(seesEverything('RegulatorMSP'), true);
    assert.equal(seesEverything('SZBankMSP'), false);
    assert.deepEqual(pairsSeenBy('RegulatorMSP').map((pair) => pair.chaincode), allBankPairs().map((pair) => pair.chaincode));
    assert.deepEqual(pairsSeenBy('HKBankMSP').map((pair) => pair.chaincode), ['payments_HKBank_SZBank', 'payments_HKBank_MOBank']);
  });

  it('orders corridors from debtor to creditor jurisdiction', () => {
    assert.equal(corridorOf('SZBankMSP', 'HKBankMSP'), 'SZ->HK');
    assert.equal(corridorOf('HKBankMSP', 'SZBankMSP'), 'HK->SZ');
    assert.deepEqual(corridorBanks('HK->MO'), ['HKBankMSP', 'MOBankMSP']);
    assert.equal(parseCorridor('SZ->SZ'), undefined);
    assert.throws(() => corridorBanks('SZ-HK'), /corridor: 'SZ-HK' is not one of/);
  });

  it('names exactly the payment\'s two banks as its endorsers', () => {
    assert.deepEqual(paymentEndorsingOrgs('SZBankMSP', 'HKBankMSP'), ['HKBankMSP', 'SZBankMSP']);
  });
});
