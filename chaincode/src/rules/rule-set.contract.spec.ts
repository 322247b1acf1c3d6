import { strict as assert } from 'node:assert';
import { AgreedRuleSet, PairRuleSets, RuleSetChangedEvent, RuleSetProposal, unmarshal } from '@bayrecon/common';
import { DirectoryContract } from '../directory/directory.contract';
import { PaymentContract } from '../payment/payment.contract';
import { FakeLedger, FakeNetwork } from '../testing/fake-ledger';
import { refused } from '../testing/refusals';
import { agreeRuleSet, szHkRuleSet } from '../testing/rule-sets';
import { RuleSetContract } from './rule-set.contract';

const contract = new RuleSetContract();
const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const MO = 'MOBankMSP';

async function propose(ledger: FakeLedger, mspId: string, ruleSet: unknown): Promise<RuleSetProposal> {
  const { result } = await ledger.submit({ mspId }, (ctx) => contract.proposeRuleSet(ctx, JSON.stringify(ruleSet)));
  return JSON.parse(result) as RuleSetProposal;
}

async function ruleSets(ledger: FakeLedger, mspId: string): Promise<PairRuleSets> {
  return JSON.parse(await ledger.evaluate({ mspId }, (ctx) => contract.getRuleSets(ctx))) as PairRuleSets;
}

describe('rule set contract', () => {
  let network: FakeNetwork;
  let ledger: FakeLedger;
  beforeEach(() => {
    network = new FakeNetwork([new DirectoryContract(), new PaymentContract(), contract]);
    ledger = network.pair(SZ, HK);
  });

  it('takes a version into effect when the other bank accepts the one proposed, keeping every version', async () => {
    const proposal = await propose(ledger, SZ, szHkRuleSet(1));
    assert.equal(proposal.proposedBy, SZ);
    assert.match(proposal.digest, /^[0-9a-f]{64}$/);
    assert.deepEqual(proposal.ruleSet.pair, [HK, SZ], 'in canonical form');
    assert.equal((await ruleSets(ledger, HK)).effective, null, 'a proposal alone changes nothing');
    const accepted = await ledger.submit({ mspId: HK }, (ctx) => contract.acceptRuleSet(ctx, '1', proposal.digest));
    const agreed = JSON.parse(accepted.result) as AgreedRuleSet;
    assert.deepEqual([agreed.proposedBy, agreed.acceptedBy, agreed.digest], [SZ, HK, proposal.digest]);
    assert.deepEqual(accepted.events.map((event) => [event.name, unmarshal<RuleSetChangedEvent>(event.payload).action]), [['RuleSetChanged', 'ACCEPTED']]);
    await agreeRuleSet(ledger, szHkRuleSet(2, { below: '9.00' }));
    const read = await ruleSets(ledger, 'HKMAMSP');
    assert.deepEqual(read.versions.map((version) => version.ruleSet.version), [1, 2]);
    assert.equal(read.effective?.ruleSet.version, 2);
    assert.equal(read.effective?.ruleSet.currencies.HKD.amount.below.absolute, '9.00');
    assert.equal(read.proposal, null);
    assert.equal(read.channel, 'pair-hkbank-szbank');
    assert.equal((await ruleSets(ledger, 'PBOCMSP')).versions.length, 2, 'both regulators of the pair read them');
  });

  it('lets only the pair\'s banks propose and accept, and only the pair\'s members read', async () => {
    assert.equal((await refused(propose(ledger, 'HKMAMSP', szHkRuleSet(1)))).kind, 'FORBIDDEN');
    assert.equal((await refused(propose(ledger, MO, szHkRuleSet(1)))).kind, 'FORBIDDEN');
    const proposal = await propose(ledger, SZ, szHkRuleSet(1));
    const own = await refused(ledger.submit({ mspId: SZ }, (ctx) => contract.acceptRuleSet(ctx, '1', proposal.digest)));
    assert.equal(own.kind, 'FORBIDDEN');
    assert.match(own.message, /SZBankMSP proposed version 1: the pair's other bank accepts it/);
    assert.equal((await refused(ledger.submit({ mspId: MO }, (ctx) => contract.acceptRuleSet(ctx, '1', proposal.digest)))).kind, 'FORBIDDEN');
    assert.equal((await refused(ruleSets(ledger, MO))).kind, 'FORBIDDEN');
    assert.equal((await refused(ruleSets(ledger, 'AMCMMSP'))).kind, 'FORBIDDEN', 'Macau\'s regulator oversees neither bank');
  });

  it('refuses a rule set that is invalid, of another pair or not the next version, naming the field', async () => {
    const invalid = await refused(propose(ledger, SZ, { ...szHkRuleSet(1), calendars: ['HK-2026.1', 'MO-2026.1'] }));
    assert.equal(invalid.kind, 'INVALID');
    assert.deepEqual(invalid.issues.map((issue) => issue.path), ['ruleSet.calendars']);
    const other = await refused(propose(ledger, SZ, { ...szHkRuleSet(1), pair: [SZ, MO], calendars: ['CN-2026.1', 'MO-2026.1'] }));
    assert.equal(other.kind, 'INVALID');
    assert.match(other.message, /ruleSet\.pair: .* is not this channel's pair HKBankMSP and SZBankMSP/);
    const skipped = await refused(propose(ledger, SZ, szHkRuleSet(2)));
    assert.equal(skipped.kind, 'CONFLICT');
    assert.match(skipped.message, /ruleSet\.version: 2 is not the next version: the pair has agreed none yet, so it is 1/);
    assert.equal((await refused(propose(ledger, SZ, 'not a rule set'))).kind, 'INVALID');
    assert.equal(ledger.state.size, 0, 'nothing written');
  });

  it('accepts only the open proposal, by its version and digest; a newer proposal replaces it', async () => {
    assert.equal((await refused(ledger.submit({ mspId: HK }, (ctx) => contract.acceptRuleSet(ctx, '1', 'a'.repeat(64))))).kind, 'NOT_FOUND');
    const first = await propose(ledger, SZ, szHkRuleSet(1));
    const second = await propose(ledger, HK, szHkRuleSet(1, { below: '1.00' }));
    assert.equal((await ruleSets(ledger, SZ)).proposal?.digest, second.digest);
    const stale = await refused(ledger.submit({ mspId: HK }, (ctx) => contract.acceptRuleSet(ctx, '1', first.digest)));
    assert.equal(stale.kind, 'CONFLICT');
    assert.match(stale.message, /the open proposal is version 1 with digest [0-9a-f]{64}, not version 1 with digest/);
    assert.equal((await refused(ledger.submit({ mspId: SZ }, (ctx) => contract.acceptRuleSet(ctx, 'one', second.digest)))).kind, 'INVALID');
    await ledger.submit({ mspId: SZ }, (ctx) => contract.acceptRuleSet(ctx, '1', second.digest));
    const again = await ledger.submit({ mspId: SZ }, (ctx) => contract.acceptRuleSet(ctx, '1', second.digest));
    assert.deepEqual(again.writtenKeys, [], 'accepting the effective version again writes nothing');
    assert.equal((await ruleSets(ledger, HK)).effective?.proposedBy, HK);
  });

  it('refuses the same rules proposed again by the other bank, pointing at the acceptance', async () => {
    const proposal = await propose(ledger, SZ, szHkRuleSet(1));
    assert.deepEqual(await propose(ledger, SZ, szHkRuleSet(1)), proposal, 'the proposer proposing it again changes nothing');
    const message = (await refused(propose(ledger, HK, szHkRuleSet(1)))).message;
    assert.match(message, /SZBankMSP has proposed these rules already: accept version 1 with digest/);
  });

  it('runs only on a pair\'s channel', async () => {
    const message = (await refused(network.consortium.evaluate({ mspId: SZ }, (ctx) => contract.beforeTransaction(ctx).then(() => '')))).message;
    assert.match(message, /payments are recorded on their bank pair's channel/);
  });
});
