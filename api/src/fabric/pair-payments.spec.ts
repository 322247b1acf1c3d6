import { strict as assert } from 'node:assert';
import { Contract, Proposal, ProposalOptions } from '@hyperledger/fabric-gateway';
import { PaymentSide, canonicalJson } from '@bayrecon/common';
import { Documents } from './documents';
import { PairPayments } from './pair-payments';
import { Committed } from './typed-contract';

/** A gateway Contract that records what it is asked and answers with the given result. */
function fakeContract(result: unknown) {
  const asked: { name: string; options: ProposalOptions; submitted: boolean }[] = [];
  const bytes = () => Buffer.from(JSON.stringify(result));
  const contract = {
    newProposal: (name: string, options: ProposalOptions = {}) => {
      asked.push({ name, options, submitted: true });
      return { getTransactionId: () => 'tx1', bytes } as unknown as Proposal;
    },
    evaluate: async (name: string, options: ProposalOptions = {}) => {
      asked.push({ name, options, submitted: false });
      return bytes();
    },
  } as unknown as Contract;
  const commit = async (proposal: Proposal): Promise<Committed> =>
    ({ transactionId: proposal.getTransactionId(), blockNumber: 7n, result: (proposal as unknown as { bytes: () => Uint8Array }).bytes() });
  return { contract, asked, commit };
}

const side = { uetr: '00000000-0000-4000-8000-000000000001', side: 'DEBTOR_AGENT', counterpartyOrg: 'HKBankMSP' } as PaymentSide;

describe('typed contracts', () => {
  it('submit a batch of sides under its name, details and a fresh pair key proposal in the transient map, endorsed by the pair alone', async () => {
    const summary = { transaction: 'submitSides', txId: 'tx1', counts: { received: 1, changed: 1, unchanged: 0 } };
    const { contract, asked, commit } = fakeContract(summary);
    const payments = new PairPayments(contract, ['SZBankMSP', 'HKBankMSP'], commit);
    const submitted = await payments.submitSides([side]);
    assert.deepEqual(submitted.result, summary);
    assert.equal(submitted.commit.blockNumber, 7n);
    await payments.submitSides([side], undefined, { outbox: 'outbox-1', acceptedSides: 42 });
    const [first, second] = asked;
    assert.equal(first.name, 'payment:submitSides');
    assert.deepEqual(first.options.arguments, ['', ''], 'a caller without an outbox announces nothing');
    assert.deepEqual(second.options.arguments, ['outbox-1', '42'], 'an outbox\'s announcement, in its declared order');
    assert.deepEqual(first.options.endorsingOrganizations, ['HKBankMSP', 'SZBankMSP']);
    const transient = first.options.transientData as Record<string, string>;
    assert.deepEqual(Object.keys(transient).sort(), ['pairKeyProposal', 'sides']);
    assert.equal(transient.sides, canonicalJson([side]));
    assert.equal(Buffer.from(transient.pairKeyProposal, 'base64').length, 32);
    assert.notEqual((second.options.transientData as Record<string, string>).pairKeyProposal, transient.pairKeyProposal, 'a fresh proposal per transaction');
  });

  it('pass the arguments of a query in their declared order, on the endorsers a caller names', async () => {
    const { contract, asked, commit } = fakeContract({ corridor: 'SZ->HK', settlementDate: '2026-01-02', breaks: [] });
    const payments = new PairPayments(contract, ['SZBankMSP', 'HKBankMSP'], commit);
    assert.deepEqual((await payments.listBreaks('SZ->HK', '2026-01-02', { endorsingOrganizations: ['MOBankMSP'] })).breaks, []);
    assert.deepEqual(asked, [{ name: 'payment:listBreaks', options: { arguments: ['SZ->HK', '2026-01-02'], endorsingOrganizations: ['MOBankMSP'] }, submitted: false }]);
  });

  it('have a revocation endorsed by the issuer\'s peer alone', async () => {
    const { contract, asked, commit } = fakeContract({});
    await new Documents(contract, commit).revokeDocument('ab'.repeat(32), 'superseded', 'HKBankMSP');
    assert.equal(asked[0].name, 'verification:revokeDocument');
    assert.deepEqual(asked[0].options, { arguments: ['ab'.repeat(32), 'superseded'], endorsingOrganizations: ['HKBankMSP'] });
  });
});
