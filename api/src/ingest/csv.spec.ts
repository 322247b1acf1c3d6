import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parsePaymentSidesCsv, splitCsv } from './csv';
import { IngestError } from './ingest-error';
import { fixture, refusal } from './xml-guard.spec';

const SZ = { ownBics: ['SZBKCNBSXXX'] };
const HEADER = 'uetr,messageType,endToEndId,instructingAgentBic,instructedAgentBic,debtorAgentBic,creditorAgentBic,interbankSettlementAmount,interbankSettlementCurrency,interbankSettlementDate';
const ROW = '42ba933a-83d7-4cd4-81a5-26fbd654f347,pacs.008,E2E-1,SZBKCNBSXXX,HKBKHKHHXXX,SZBKCNBSXXX,HKBKHKHHXXX,100,HKD,2025-06-23';

describe('CSV ingestion', () => {
  it('reads the fixture, with quoted commas, doubled quotes and a line break in a field', () => {
    const sides = parsePaymentSidesCsv(fixture('payments.csv'), SZ);
    assert.equal(sides.length, 3);
    assert.equal(sides[1].creditor?.name, 'Kowloon Freight Forwarders, Ltd');
    assert.equal(sides[1].remittanceInformation, 'Freight "June" 2025, PO-88231');
    assert.deepEqual(sides[1].interbankSettlementAmount, { amount: '300000.00', currency: 'HKD' });
    assert.equal(sides[2].remittanceInformation, '/INV/VHT-2025-114\ncotton fabric lot 7');
    assert.deepEqual(sides.map((s) => s.side), ['DEBTOR_AGENT', 'DEBTOR_AGENT', 'CREDITOR_AGENT']);
  });

  it('refuses unknown and missing columns in the header', () => {
    const error = refusal(() => parsePaymentSidesCsv(`${HEADER.replace('uetr,', '')},colour\n${ROW}`, SZ));
    assert.deepEqual(error.problems.map((p) => p.path), ['colour', 'uetr']);
  });

  it('names the row, its line and the column of each bad cell', () => {
    const bad = ROW.replace('100,HKD', '100.001,HKD').replace('2025-06-23', '2025-06-31');
    const error = refusal(() => parsePaymentSidesCsv(`${HEADER}\r\n${ROW}\r\n\r\n${bad}\r\n`, SZ));
    assert.deepEqual(error.problems.map((p) => [p.transactionIndex, p.line, p.path]), [
      [1, 4, 'interbankSettlementAmount'],
      [1, 4, 'interbankSettlementDate'],
    ]);
  });

  it('refuses unclosed quotes and stray quotes as malformed', () => {
    assert.equal(refusal(() => parsePaymentSidesCsv(`${HEADER}\n"${ROW}`, SZ)).kind, 'MALFORMED');
    assert.equal(refusal(() => parsePaymentSidesCsv(`${HEADER}\n${ROW.replace('E2E-1', 'E2"E')}`, SZ)).kind, 'MALFORMED');
  });

  it('refuses more rows than the transaction limit', () => {
    const rows = Array.from({ length: 4 }, () => ROW).join('\n');
    assert.equal(refusal(() => parsePaymentSidesCsv(`${HEADER}\n${rows}`, { ...SZ, limits: { maxTransactions: 3 } })).kind, 'TOO_LARGE');
  });

  it('splits whatever fields it is given back into the same fields', () => {
    const field = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', '深') });
    fc.assert(fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (records) => {
      const text = records.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
      assert.deepEqual(splitCsv(text, 100).map((r) => r.fields), records);
    }));
  });

  it('answers any input with rows or an IngestError, never another exception', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'uetr', '1', '.', 'HKD') }), (body) => {
      try {
        parsePaymentSidesCsv(`${HEADER}\n${body}`, SZ);
      } catch (error) {
        if (!(error instanceof IngestError)) throw error;
      }
    }), { numRuns: 300 });
  });
});
