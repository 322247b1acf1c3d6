import { strict as assert } from 'node:assert';
import { Directory, genesisDirectory } from './directory';
import { DirectoryChange, applyDirectoryChange, approvalsNeeded, isApproved, validateDirectoryChange } from './directory-change';

const genesis = () => new Directory(genesisDirectory());
const stamp = { txId: 'tx1', at: '2026-12-01T00:00:00.000Z' };

describe('member directory', () => {
  it('maps BIC11 branch codes and BIC8 to the same bank, and foreign BICs to none', () => {
    const directory = genesis();
    assert.equal(directory.orgOfBic('SZBKCNBSXXX'), 'SZBankMSP');
    assert.equal(directory.orgOfBic('SZBKCNBS123'), 'SZBankMSP');
    assert.equal(directory.orgOfBic('HKBKHKHH'), 'HKBankMSP');
    assert.equal(directory.orgOfBic('DEUTDEFFXXX'), undefined);
  });

  it('derives one channel and collection per pair of banks of different regimes, whichever bank asks', () => {
    const directory = genesis();
    assert.deepEqual(directory.bankPair('SZBankMSP', 'HKBankMSP'), directory.bankPair('HKBankMSP', 'SZBankMSP'));
    const pair = directory.bankPair('SZBankMSP', 'HKBankMSP');
    assert.equal(pair.channel, 'pair-hkbank-szbank');
    assert.equal(pair.collection, 'pair_HKBank_SZBank');
    assert.deepEqual(pair.regulators, ['HKMAMSP', 'PBOCMSP']);
    assert.deepEqual(directory.allBankPairs().map((p) => p.channel), ['pair-hkbank-szbank', 'pair-mobank-szbank', 'pair-hkbank-mobank']);
    assert.throws(() => directory.bankPair('SZBankMSP', 'SZBankMSP'), /two different banks/);
    assert.throws(() => directory.bankPair('SZBankMSP', 'PBOCMSP'), /not a member bank/);
  });

  it('reads a pair back from its channel name, and nothing from other names', () => {
    const directory = genesis();
    assert.deepEqual(directory.pairOfChannel('pair-mobank-szbank')?.orgs, ['MOBankMSP', 'SZBankMSP']);
    assert.equal(directory.pairOfChannel('consortium'), undefined);
    assert.equal(directory.pairOfChannel('pair-szbank-mobank'), undefined);
    assert.equal(directory.pairOfChannel('pair-szbank-szbank'), undefined);
  });

  it('shows each regulator the pairs with a bank of its regime, and no other', () => {
    const directory = genesis();
    assert.deepEqual(directory.bankPairsOf('HKMAMSP').map((p) => p.channel), ['pair-hkbank-szbank', 'pair-hkbank-mobank']);
    assert.deepEqual(directory.bankPairsOf('PBOCMSP').map((p) => p.channel), ['pair-hkbank-szbank', 'pair-mobank-szbank']);
    assert.deepEqual(directory.bankPairsOf('AMCMMSP').map((p) => p.channel), ['pair-mobank-szbank', 'pair-hkbank-mobank']);
    assert.deepEqual(directory.bankPairsOf('MOBankMSP').map((p) => p.channel), ['pair-mobank-szbank', 'pair-hkbank-mobank']);
  });

  it('orders corridors from debtor to creditor jurisdiction and refuses one within a regime', () => {
    const directory = genesis();
    assert.equal(directory.corridorOf('SZBankMSP', 'HKBankMSP'), 'SZ->HK');
    assert.equal(directory.corridorOf('HKBankMSP', 'SZBankMSP'), 'HK->SZ');
    assert.equal(directory.parseCorridor('SZ->GZ'), undefined);
    assert.equal(directory.parseCorridor('SZ->SZ'), undefined);
    assert.equal(directory.parseCorridor('GZ->HK')?.from.name, 'Guangzhou');
    assert.deepEqual(directory.allCorridors(), ['SZ->HK', 'SZ->MO', 'HK->SZ', 'HK->MO', 'MO->SZ', 'MO->HK']);
  });

  it('names exactly the payment\'s two banks as its endorsers', () => {
    assert.deepEqual(genesis().paymentEndorsingOrgs('SZBankMSP', 'HKBankMSP'), ['HKBankMSP', 'SZBankMSP']);
  });
});

describe('directory changes', () => {
  const admit: DirectoryChange = { kind: 'ADMIT_BANK', bank: { name: 'GZBank', displayName: 'Guangzhou Bank', jurisdiction: 'GZ', bic8s: ['GZBKCNBG'] } };

  it('admits a bank of a known jurisdiction with a new name and new BICs, and pairs it across regimes', () => {
    const directory = genesis();
    const checked = validateDirectoryChange(admit, directory);
    assert.ok(checked.ok);
    const next = new Directory(applyDirectoryChange(directory.state, checked.value, stamp));
    assert.equal(next.version, 2);
    assert.equal(next.orgOfBic('GZBKCNBGXXX'), 'GZBankMSP');
    assert.deepEqual(next.bankPairsOf('GZBankMSP').map((p) => p.channel), ['pair-gzbank-hkbank', 'pair-gzbank-mobank']);
    assert.deepEqual(next.member('GZBank')?.since, stamp);
  });

  it('names every problem of a bad admission', () => {
    const checked = validateDirectoryChange({ kind: 'ADMIT_BANK', bank: { name: 'SZBank', displayName: '', jurisdiction: 'XX', bic8s: ['HKBKHKHH', 'bad'] } }, genesis());
    assert.ok(!checked.ok);
    assert.deepEqual(checked.issues.map((issue) => issue.path), [
      'change.bank.name', 'change.bank.displayName', 'change.bank.jurisdiction', 'change.bank.bic8s[0]', 'change.bank.bic8s[1]',
    ]);
  });

  it('removes a member, whose pairs then leave the directory while their channels stay readable', () => {
    const directory = genesis();
    const next = new Directory(applyDirectoryChange(directory.state, { kind: 'REMOVE_MEMBER', name: 'MOBank' }, stamp));
    assert.equal(next.isMemberBank('MOBankMSP'), false);
    assert.deepEqual(next.allBankPairs().map((p) => p.channel), ['pair-hkbank-szbank']);
    assert.deepEqual(next.pairOfChannel('pair-mobank-szbank')?.orgs, ['MOBankMSP', 'SZBankMSP']);
    assert.equal(validateDirectoryChange({ kind: 'REMOVE_MEMBER', name: 'HKMA' }, directory).ok, false);
  });

  it('names the closed pairs of the members that had a pair with a removed bank, and none of a bank admitted after the removal', () => {
    const removed = applyDirectoryChange(genesis().state, { kind: 'REMOVE_MEMBER', name: 'MOBank' }, stamp);
    const later = { txId: 'tx-later', at: '2099-01-01T00:00:00.000Z' };
    const next = new Directory(applyDirectoryChange(removed, admit, later));
    assert.deepEqual(next.closedBankPairsOf('SZBankMSP').map((p) => p.channel), ['pair-mobank-szbank']);
    assert.deepEqual(next.closedBankPairsOf('HKMAMSP').map((p) => p.channel), ['pair-hkbank-mobank']);
    assert.deepEqual(next.closedBankPairsOf('AMCMMSP').map((p) => p.channel), ['pair-mobank-szbank', 'pair-hkbank-mobank']);
    assert.deepEqual(next.closedBankPairsOf('GZBankMSP'), []);
    assert.deepEqual(next.closedBankPairsOf('MOBankMSP'), []);
  });

  it('needs a majority of the banks and a majority of the regulators by default', () => {
    const directory = genesis();
    assert.deepEqual(approvalsNeeded(directory), { banks: 2, regulators: 2 });
    const approvals = (...orgs: string[]) => orgs.map((org) => ({ org, txId: org, at: stamp.at }));
    assert.equal(isApproved(directory, approvals('SZBankMSP', 'HKBankMSP', 'PBOCMSP')), false);
    assert.equal(isApproved(directory, approvals('SZBankMSP', 'HKBankMSP', 'PBOCMSP', 'HKMAMSP')), true);
    assert.equal(isApproved(directory, approvals('SZBankMSP', 'EvilMSP', 'PBOCMSP', 'HKMAMSP')), false);
  });
});
