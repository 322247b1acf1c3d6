import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ingestIsoMessage } from './index';
import { toLedgerSide, validateSides } from './side-mapper';
import type { IngestedSide } from './ingested-side';

const fixture = (name: string): string => readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'iso20022', name), 'utf8');

function sidesOf(xml: string, bic8: string): IngestedSide[] {
  const result = ingestIsoMessage(xml, { ownBics: [bic8] });
  if (result.kind !== 'payment-sides') throw new Error(`expected payment sides, got ${result.kind}`);
  return [...result.sides];
}

describe('side mapper (ingested side to the ledger\'s PaymentSide)', () => {
  it('maps a pacs.008 read by SZBank onto valid DEBTOR_AGENT sides with HKBank as counterparty and flat party fields', () => {
    const ingested = sidesOf(fixture('pacs008-sz-to-hk.xml'), 'SZBKCNBS');
    const raw = ingested.map(toLedgerSide);
    const validation = validateSides(raw, 'SZBankMSP', raw.map((_, index) => ({ path: `CdtTrfTxInf[${index}]`, messageIndex: 0, transactionIndex: index })));
    assert.ok(validation.ok, JSON.stringify(!validation.ok && validation.problems));
    assert.equal(validation.sides.length, ingested.length);
    const [first] = validation.sides;
    assert.equal(first.side, 'DEBTOR_AGENT');
    assert.equal(first.counterpartyOrg, 'HKBankMSP');
    assert.equal(first.debtorName, ingested[0].debtor?.name);
    assert.equal(first.creditorAccount, ingested[0].creditor?.account);
    assert.equal(first.interbankSettlementAmount.amount, ingested[0].interbankSettlementAmount.amount);
    for (const field of ['counterpartyBic', 'debtor', 'creditor', 'instructionId', 'transactionId', 'settlementMethod', 'clearingSystem']) {
      assert.ok(!(field in first), `${field} is not a ledger field`);
    }
  });

  it('gives HKBank the CREDITOR_AGENT sides of the same message', () => {
    const raw = sidesOf(fixture('pacs008-sz-to-hk.xml'), 'HKBKHKHH').map(toLedgerSide);
    const validation = validateSides(raw, 'HKBankMSP', raw.map((_, index) => ({ path: `CdtTrfTxInf[${index}]` })));
    assert.ok(validation.ok);
    assert.ok(validation.sides.every((side) => side.side === 'CREDITOR_AGENT' && side.counterpartyOrg === 'SZBankMSP'));
  });

  it('locates each problem by message, transaction and field; a counterparty BIC of no member bank is refused', () => {
    const [ingested] = sidesOf(fixture('pacs008-sz-to-hk.xml'), 'SZBKCNBS');
    const foreign = { ...ingested, counterpartyBic: 'DEUTDEFFXXX', creditorAgentBic: 'DEUTDEFFXXX' };
    const validation = validateSides([toLedgerSide(ingested), toLedgerSide(foreign)], 'SZBankMSP', [
      { path: 'CdtTrfTxInf[0]', messageIndex: 0, transactionIndex: 0 },
      { path: 'CdtTrfTxInf[1]', messageIndex: 0, transactionIndex: 1 },
    ]);
    assert.ok(!validation.ok);
    assert.deepEqual(validation.problems.map((problem) => [problem.transactionIndex, problem.path]), [[1, 'CdtTrfTxInf[1].counterpartyOrg']]);
    assert.equal(validation.problems[0].messageIndex, 0);
  });

  it('refuses a side the submitter does not own', () => {
    const [ingested] = sidesOf(fixture('pacs008-sz-to-hk.xml'), 'SZBKCNBS');
    const validation = validateSides([toLedgerSide(ingested)], 'HKBankMSP', [{ path: 'sides[0]' }]);
    assert.ok(!validation.ok);
    assert.ok(validation.problems.some((problem) => problem.path === 'sides[0].counterpartyOrg' || problem.path === 'sides[0].debtorAgentBic'));
  });
});
