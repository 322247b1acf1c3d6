import { strict as assert } from 'node:assert';
import { Directory, genesisDirectory } from '@bayrecon/common';
import { orgKind, orgView } from './org-view';

describe('what an org sees, from the member directory', () => {
  const directory = new Directory(genesisDirectory());

  it('a bank: the corridors of its own pairs, both ways, and the other bank of each', () => {
    const { corridors, ...rest } = orgView(directory, 'SZBankMSP');
    assert.deepEqual(rest, { kind: 'bank', displayName: 'Shenzhen Bank (fictional)', regime: 'CN', counterparties: ['HKBankMSP', 'MOBankMSP'] });
    assert.deepEqual(new Set(corridors), new Set(['SZ->HK', 'HK->SZ', 'SZ->MO', 'MO->SZ']));
    assert.equal(corridors.length, 4);
  });

  it('a regulator: the pairs with a bank of its regime, and nothing of a pair outside it', () => {
    const hkma = orgView(directory, 'HKMAMSP');
    assert.equal(hkma.kind, 'regulator');
    assert.equal(hkma.regime, 'HK');
    assert.deepEqual(new Set(hkma.corridors), new Set(['SZ->HK', 'HK->SZ', 'HK->MO', 'MO->HK']));
    assert.deepEqual(new Set(hkma.counterparties), new Set(['SZBankMSP', 'HKBankMSP', 'MOBankMSP']));
    const amcm = orgView(directory, 'AMCMMSP');
    assert.ok(!amcm.corridors.includes('SZ->HK') && !amcm.corridors.includes('HK->SZ'), 'AMCM sees the SZ-HK corridor');
    assert.deepEqual(new Set(amcm.corridors), new Set(['SZ->MO', 'MO->SZ', 'HK->MO', 'MO->HK']));
    assert.deepEqual(new Set(orgView(directory, 'PBOCMSP').corridors), new Set(['SZ->HK', 'HK->SZ', 'SZ->MO', 'MO->SZ']));
  });

  it('names the kind as the directory does, and refuses an org it does not know', () => {
    assert.equal(orgKind(directory, 'PBOCMSP'), 'regulator');
    assert.equal(orgKind(directory, 'MOBankMSP'), 'bank');
    assert.throws(() => orgView(directory, 'NoSuchBankMSP'), /not a member bank/);
  });
});
