import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { CommitError, StatusCode } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { Directory, PairRuleSets, PaymentSide, RuleSetProposal, readRefusal } from '@bayrecon/common';
import { Committed, Committer, commitByStatus } from '../../api/src/fabric/typed-contract';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
/** A Monday; Tuesday 3 March is the next business day in both Shenzhen and Hong Kong. */
const MONDAY = '2026-03-02';
/**
 * The rules these tests agree govern USD only: the other suites' SZ-HK payments are in HKD, for which the pair then
 * has no rule, so their discrepancies stay discrepancies on a network they share.
 */
const usd = (amount: string) => ({ amount, currency: 'USD' });
const SENT = '731942.18';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = async (check: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not reached within 60 s');
    await sleep(50);
  }
};

/** The SZBank-HKBank USD rules of a version: `below` less and nothing more, value dates up to a business day later. */
function usdRules(version: number, below: string): Record<string, unknown> {
  return {
    pair: [SZ, HK], version, calendars: ['CN-2026.1', 'HK-2026.1'],
    currencies: { USD: { amount: { above: { absolute: '0' }, below: { absolute: below } }, charges: { deductibleUnder: ['SHAR'] }, valueDate: { businessDaysBefore: 0, businessDaysAfter: 1 } } },
  };
}

/** SZBank's (DEBTOR_AGENT) or HKBank's (CREDITOR_AGENT) side of an SZ->HK payment in USD settling on MONDAY. */
function side(directory: Directory, uetr: string, name: PaymentSide['side'], overrides: Partial<PaymentSide> = {}): PaymentSide {
  const bic = (org: string) => `${directory.memberBank(org).bic8s[0]}XXX`;
  return {
    uetr, side: name, counterpartyOrg: name === 'DEBTOR_AGENT' ? HK : SZ, messageType: 'pacs.008', endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: bic(SZ), instructedAgentBic: bic(HK), debtorAgentBic: bic(SZ), creditorAgentBic: bic(HK),
    interbankSettlementAmount: usd(SENT), interbankSettlementDate: MONDAY, chargeBearer: 'SHAR',
    debtorName: 'Shenzhen Precision Parts Co Ltd', creditorName: 'Kowloon Components Trading Ltd', remittanceInformation: `INV-${uetr.slice(0, 8)}`,
    ...overrides,
  };
}

/** The height of the connection's own peer on a channel. */
async function ownHeight(connection: OrgConnection, channel: string): Promise<bigint> {
  const info = await connection.gateway.getNetwork(channel).getContract('qscc')
    .newProposal('GetChainInfo', { arguments: [channel], endorsingOrganizations: [connection.mspId] }).evaluate();
  return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}

/** The gateway error's text with each endorser's detail, where the chaincode's message is. */
function errorText(error: unknown): string {
  const details = (error as { details?: { message: string }[] }).details ?? [];
  return [(error as Error).message, ...details.map((detail) => detail.message)].join('\n');
}

describe('matching rules on a pair\'s channel (real network)', function () {
  this.timeout(300_000);
  this.bail(true);
  let sz: OrgConnection;
  let hk: OrgConnection;
  let hkma: OrgConnection;
  let pboc: OrgConnection;
  let mo: OrgConnection;
  let readers: OrgConnection[];
  let version: number;
  let channel: string;
  const uetrs = { exact: randomUUID(), within: randomUUID(), over: randomUUID() };

  /** Commits, then waits until every reader's peer has the block, so the next step reads it from any of them. */
  const everywhere: Committer<Committed> = async (proposal) => {
    const commit = await commitByStatus(proposal);
    for (const reader of readers) await sleepUntil(async () => (await ownHeight(reader, channel)) > commit.blockNumber);
    return commit;
  };

  /** The block holding a transaction, as SZBank's peer has it. */
  async function blockOf(txId: string): Promise<Buffer> {
    return Buffer.from(await sz.gateway.getNetwork(channel).getContract('qscc').evaluateTransaction('GetBlockByTxID', channel, txId));
  }

  before(() => {
    [sz, hk, hkma, pboc, mo] = ['SZBank', 'HKBank', 'HKMA', 'PBOC', 'MOBank'].map((org) => connectAs(org));
    readers = [sz, hk, hkma, pboc];
    channel = sz.directory.bankPair(SZ, HK).channel;
  });
  after(() => [sz, hk, hkma, pboc, mo].forEach((connection) => connection?.close()));

  it('takes a rule set into effect when HKBank accepts what SZBank proposed; both regulators read it, a third bank cannot', async () => {
    const before: PairRuleSets = await hkma.ruleSets(SZ, HK).getRuleSets();
    version = (before.effective?.ruleSet.version ?? 0) + 1;
    const { result: proposal } = await sz.ruleSets(SZ, HK, everywhere).proposeRuleSet(usdRules(version, '5.00'));
    assert.equal(proposal.proposedBy, SZ);
    const { result: agreed } = await hk.ruleSets(SZ, HK, everywhere).acceptRuleSet(version, proposal.digest);
    assert.deepEqual([agreed.proposedBy, agreed.acceptedBy, agreed.ruleSet.version], [SZ, HK, version]);
    for (const regulator of [hkma, pboc]) {
      const read = await regulator.ruleSets(SZ, HK).getRuleSets({ endorsingOrganizations: [regulator.mspId] });
      assert.equal(read.effective?.digest, proposal.digest, `${regulator.org} reads the effective version from its own peer`);
      assert.ok(read.versions.some((entry) => entry.ruleSet.version === version));
    }
    await assert.rejects(mo.ruleSets(SZ, HK).getRuleSets(), 'MOBank\'s peer is not on the pair\'s channel');
  });

  it('refuses at commit an acceptance endorsed by the accepting bank\'s peer alone', async () => {
    const { result: proposal } = await hk.ruleSets(SZ, HK, everywhere).proposeRuleSet(usdRules(version + 1, '10.00'));
    await assert.rejects(sz.ruleSets(SZ, HK).acceptRuleSet(version + 1, proposal.digest, { endorsingOrganizations: [SZ] }), (error: unknown) => {
      assert.ok(error instanceof CommitError, String(error));
      assert.equal(error.code, StatusCode.ENDORSEMENT_POLICY_FAILURE);
      return true;
    });
    assert.equal((await hkma.ruleSets(SZ, HK).getRuleSets()).effective?.ruleSet.version, version, 'the effective version is unchanged');
  });

  it('matches equal sides exactly, within tolerance when the amount and date differ as agreed, and names the fields outside it', async () => {
    const { directory } = sz;
    await sz.payments(SZ, HK, everywhere).submitSides(Object.values(uetrs).map((uetr) => side(directory, uetr, 'DEBTOR_AGENT')));
    const { commit } = await hk.payments(SZ, HK, everywhere).submitSides([
      side(directory, uetrs.exact, 'CREDITOR_AGENT'),
      side(directory, uetrs.within, 'CREDITOR_AGENT', { interbankSettlementAmount: usd('731938.75'), interbankSettlementDate: '2026-03-03' }),
      side(directory, uetrs.over, 'CREDITOR_AGENT', { interbankSettlementAmount: usd('731933.18') }),
    ]);
    const read = (uetr: string) => hkma.payments(SZ, HK).getPayment(uetr);
    const exact = await read(uetrs.exact);
    assert.deepEqual([exact.status, exact.decision], ['MATCHED', undefined]);
    const within = await read(uetrs.within);
    assert.equal(within.status, 'MATCHED_WITHIN_TOLERANCE');
    assert.equal(within.decision?.ruleSetVersion, version);
    assert.deepEqual(within.decision?.withinTolerance, [
      { field: 'interbankSettlementAmount', code: 'AMOUNT_WITHIN_TOLERANCE' }, { field: 'interbankSettlementDate', code: 'VALUE_DATE_WITHIN_WINDOW' },
    ]);
    const over = await read(uetrs.over);
    assert.equal(over.status, 'DISCREPANCY');
    assert.deepEqual(over.decision?.discrepancies, [{ field: 'interbankSettlementAmount', code: 'AMOUNT_OVER_TOLERANCE' }]);
    const details = await hkma.payments(SZ, HK).getPaymentDetails(uetrs.within, { endorsingOrganizations: [hkma.mspId] });
    assert.deepEqual(details.differences?.find((difference) => difference.field === 'interbankSettlementAmount'), {
      field: 'interbankSettlementAmount', currency: 'USD', difference: '-3.43', chargesDeducted: '0.00', fxConversion: '0.00', residual: '-3.43', allowed: '5.00',
    }, 'the regulator reads the differences from its own peer\'s copy of the pair collection');
    const block = await blockOf(commit.transactionId);
    assert.ok(block.includes(Buffer.from(uetrs.within)), 'the block holds the transaction');
    for (const secret of [SENT, '731938.75', '731933.18', '-3.43', '-9.00', 'Kowloon Components']) {
      assert.ok(!block.includes(Buffer.from(secret)), `the block must not contain '${secret}'`);
    }
  });

  it('dry-runs a wider rule set over the settlement date on one peer, writing nothing', async () => {
    const height = await ownHeight(sz, channel);
    const report = await sz.ruleSets(SZ, HK).dryRunRuleSet(usdRules(version + 1, '10.00'), MONDAY, Object.values(uetrs), { endorsingOrganizations: [SZ] });
    assert.deepEqual([report.ruleSetVersion, report.evaluated, report.unchanged], [version + 1, 3, 2]);
    assert.deepEqual(report.transitions, [{ from: 'DISCREPANCY', to: 'MATCHED_WITHIN_TOLERANCE', count: 1, uetrs: [uetrs.over] }]);
    assert.equal(await ownHeight(sz, channel), height, 'no block');
    const refused = await sz.ruleSets(SZ, HK).dryRunRuleSet(usdRules(version + 1, '10.00'), '2026-03-03', [uetrs.over]).then(() => undefined, (error: unknown) => error);
    assert.match(readRefusal(errorText(refused))?.issues[0].reason ?? String(refused), /settles on 2026-03-02, not 2026-03-03/);
  });

  it('keeps past decisions under a new version, and decides again once both banks ask for it', async () => {
    const { result: proposal } = await hk.ruleSets(SZ, HK, everywhere).proposeRuleSet(usdRules(version + 1, '10.00'));
    await sz.ruleSets(SZ, HK, everywhere).acceptRuleSet(version + 1, (proposal as RuleSetProposal).digest);
    const kept = await hkma.payments(SZ, HK).getPayment(uetrs.over);
    assert.deepEqual([kept.status, kept.decision?.ruleSetVersion], ['DISCREPANCY', version], 'a new version rewrites no decision');
    const { result: asked } = await sz.payments(SZ, HK, everywhere).requestReevaluation([uetrs.over, uetrs.within], version + 1);
    assert.deepEqual(asked.changes.map((change) => change.status), ['DISCREPANCY', 'MATCHED_WITHIN_TOLERANCE'], 'one bank asking decides nothing');
    const { commit, result } = await hk.payments(SZ, HK, everywhere).requestReevaluation([uetrs.over], version + 1);
    assert.deepEqual(result.changes.map((change) => [change.uetr, change.status, change.decision?.ruleSetVersion]), [[uetrs.over, 'MATCHED_WITHIN_TOLERANCE', version + 1]]);
    const after = await pboc.payments(SZ, HK).getPayment(uetrs.over);
    assert.deepEqual(after.trail.map((step) => [step.action, step.org]), [['REEVALUATION_REQUEST', SZ], ['REEVALUATE', HK]]);
    const block = await blockOf(commit.transactionId);
    for (const secret of [SENT, '731933.18', '-9.00']) assert.ok(!block.includes(Buffer.from(secret)), `the block must not contain '${secret}'`);
    const within = await pboc.payments(SZ, HK).getPayment(uetrs.within);
    assert.equal(within.decision?.ruleSetVersion, version, 'asked for by one bank only: decided as before');
  });
});
