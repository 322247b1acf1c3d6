import { strict as assert } from 'node:assert';
import { MATCHING_FIELDS, MatchingField, PublicSide } from '@bayrecon/common';
import { reconcile } from './reconcile';

function sideWith(overrides: Partial<Record<MatchingField, string>> = {}): PublicSide {
  const fieldCommitments = Object.fromEntries(MATCHING_FIELDS.map((field) => [field, overrides[field] ?? `c-${field}`])) as Record<MatchingField, string>;
  return {
    submittedBy: 'X', submittedAt: '', txId: '', fieldCommitments, sideCommitment: '', detailsIndex: 0,
  };
}
const parties = { debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'HKBankMSP' };
const acceptance = (org: string) => ({ org, txId: 't', at: '', reason: 'r' });

describe('reconcile', () => {
  it('is pending with one side, and stays UNMATCHED after a cut-off', () => {
    assert.equal(reconcile({ ...parties, sides: { DEBTOR_AGENT: sideWith() }, acceptances: [] }).status, 'PENDING_COUNTERPARTY');
    assert.equal(reconcile({ ...parties, sides: { DEBTOR_AGENT: sideWith() }, acceptances: [], previousStatus: 'UNMATCHED' }).status, 'UNMATCHED');
  });

  it('matches equal commitments and names each differing field in matching-field order', () => {
    assert.deepEqual(reconcile({ ...parties, sides: { DEBTOR_AGENT: sideWith(), CREDITOR_AGENT: sideWith() }, acceptances: [] }),
      { status: 'MATCHED', differingFields: [] });
    const differing = reconcile({
      ...parties, sides: { DEBTOR_AGENT: sideWith(), CREDITOR_AGENT: sideWith({ exchangeRate: 'other', messageType: 'other' }) }, acceptances: [],
    });
    assert.deepEqual(differing, { status: 'DISCREPANCY', differingFields: ['messageType', 'exchangeRate'] });
  });

  it('resolves only when both banks of the payment have accepted', () => {
    const sides = { DEBTOR_AGENT: sideWith(), CREDITOR_AGENT: sideWith({ chargeBearer: 'x' }) };
    assert.equal(reconcile({ ...parties, sides, acceptances: [acceptance('SZBankMSP')] }).status, 'DISCREPANCY');
    assert.equal(reconcile({ ...parties, sides, acceptances: [acceptance('SZBankMSP'), acceptance('MOBankMSP')] }).status, 'DISCREPANCY');
    assert.equal(reconcile({ ...parties, sides, acceptances: [acceptance('HKBankMSP'), acceptance('SZBankMSP')] }).status, 'RESOLVED');
  });
});
