import { strict as assert } from 'node:assert';
import { parseCamt053, parseCamt054 } from './camt053';
import { parsePacs002 } from './pacs002';
import { parsePacs009 } from './pacs009';
import { fixture, refusal } from './xml-guard.spec';

describe('pacs.009 ingestion', () => {
  it('reads the HK→MO bank transfer, the debtor and creditor FIs standing as agents', () => {
    const [side] = parsePacs009(fixture('pacs009-hk-to-mo.xml'), { ownBics: ['MOBKMOMX'] }).sides;
    assert.equal(side.messageType, 'pacs.009');
    assert.equal(side.side, 'CREDITOR_AGENT');
    assert.equal(side.counterpartyBic, 'HKBKHKHHXXX');
    assert.deepEqual(side.interbankSettlementAmount, { amount: '5000000.00', currency: 'MOP' });
    assert.equal(side.clearingSystem, 'MQQ');
    assert.equal(side.chargeBearer, undefined);
  });
});

describe('pacs.002 ingestion', () => {
  it('reads one status report per TxInfAndSts, with the original message id from the group', () => {
    const result = parsePacs002(fixture('pacs002-acsc.xml'));
    assert.equal(result.reports.length, 3);
    assert.deepEqual(result.reports.map((r) => r.transactionStatus), ['ACSC', 'ACSC', 'RJCT']);
    assert.equal(result.reports[0].originalMessageId, 'SZBK20250623-0001');
    assert.equal(result.reports[2].originalUetr, '94b69fe7-e1af-4057-bf55-e9a6d165cadb');
    assert.equal(result.reports[2].reasonCode, 'AC01');
    assert.equal(result.reports[0].reasonCode, undefined);
  });

  it('refuses a status without OrgnlUETR, naming the transaction', () => {
    const xml = fixture('pacs002-acsc.xml').toString().replace('<OrgnlUETR>55c6f9a2-577b-431f-9343-378eb2e156d7</OrgnlUETR>', '');
    const error = refusal(() => parsePacs002(xml));
    assert.deepEqual(error.problems.map((p) => [p.transactionIndex, p.path, p.reason]), [[1, 'TxInfAndSts[1]/OrgnlUETR', 'is missing']]);
  });
});

describe('camt.053 / camt.054 ingestion', () => {
  it('reads the HK statement: UETRs, both status forms, batch entries split per TxDtls', () => {
    const result = parseCamt053(fixture('camt053-hk-statement.xml'));
    assert.equal(result.statements[0].statementId, 'STMT-SZBK-HKD-20250623');
    assert.equal(result.statements[0].lastPage, true);
    assert.equal(result.entries.length, 5);
    const [debit, credit, batchFirst, batchSecond, pending] = result.entries;
    assert.deepEqual([debit.uetr, debit.amount, debit.creditDebit, debit.status], ['55c6f9a2-577b-431f-9343-378eb2e156d7', '300000.00', 'DBIT', 'BOOK']);
    assert.equal(credit.bookingDate, '2025-06-23');
    assert.deepEqual([batchFirst.entryIndex, batchFirst.transactionDetailIndex, batchFirst.amount], [2, 0, '25000.00']);
    assert.deepEqual([batchSecond.entryIndex, batchSecond.transactionDetailIndex, batchSecond.amount], [2, 1, '15000.00']);
    assert.equal(pending.status, 'PDNG');
    assert.equal(pending.bookingDate, undefined);
    assert.equal(pending.entryReference, 'HKBK0623P0000003');
    assert.equal(debit.bankTransactionCode, 'PMNT/ICDT/XBCT');
  });

  it('reads the camt.054 notification with the pre-07 <Sts>BOOK</Sts> form', () => {
    const [entry] = parseCamt054(fixture('camt054-ntfctn.xml')).entries;
    assert.equal(entry.status, 'BOOK');
    assert.equal(entry.messageType, 'camt.054');
    assert.equal(entry.endToEndId, 'NOSTRO-TOPUP-0623');
    assert.equal(entry.uetr, undefined);
  });

  it('refuses a bad entry with its statement and entry position', () => {
    const xml = fixture('camt053-hk-statement.xml').toString()
      .replace('<Sts><Cd>PDNG</Cd></Sts>', '<Sts><Cd>DONE</Cd></Sts>')
      .replace('<Amt Ccy="HKD">15000.00</Amt>', '<Amt Ccy="HKD">15000.001</Amt>');
    const error = refusal(() => parseCamt053(xml));
    assert.deepEqual(error.problems.map((p) => [p.transactionIndex, p.path]), [
      [2, 'Stmt[0]/Ntry[2]/NtryDtls[0]/TxDtls[1]/Amt'],
      [3, 'Stmt[0]/Ntry[3]/Sts/Cd'],
    ]);
  });

  it('refuses a statement parsed as the other type', () => {
    assert.equal(refusal(() => parseCamt054(fixture('camt053-hk-statement.xml'))).kind, 'UNSUPPORTED');
  });
});
