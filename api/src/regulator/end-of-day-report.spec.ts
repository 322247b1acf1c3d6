import { strict as assert } from 'node:assert';
import { EndOfDayLine, csvField, endOfDayCsv, endOfDayReport } from './end-of-day-report';

const line = (uetr: string, corridor: string, overrides: Partial<EndOfDayLine> = {}): EndOfDayLine => ({
  settlementDate: '2031-05-06', corridor, uetr, messageType: 'pacs.008', debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'HKBankMSP',
  status: 'MATCHED', differingFields: [], sidesPresent: ['DEBTOR_AGENT', 'CREDITOR_AGENT'], statusAt: '2031-05-06T01:00:00.000Z',
  blockNumber: 7, transactionId: 'abc', ruleSetVersion: null, reasons: [], ...overrides,
});

describe('end-of-day report', () => {
  it('sorts by corridor then UETR in byte order, whatever order the rows came in, and counts every status', () => {
    const lines = [line('b0000000-0000-4000-8000-000000000000', 'SZ->HK'), line('a0000000-0000-4000-8000-000000000000', 'SZ->HK', { status: 'DISCREPANCY' }),
      line('00000000-0000-4000-8000-000000000000', 'SZ->MO')];
    const forward = endOfDayReport('2031-05-06', null, lines);
    const backward = endOfDayReport('2031-05-06', null, [...lines].reverse());
    assert.equal(JSON.stringify(forward), JSON.stringify(backward));
    assert.deepEqual(forward.payments.map((row) => row.uetr[0]), ['a', 'b', '0']);
    assert.deepEqual(forward.totals, { payments: 3, byStatus: { PENDING_COUNTERPARTY: 0, MATCHED: 2, MATCHED_WITHIN_TOLERANCE: 0, DISCREPANCY: 1, UNMATCHED: 0, RESOLVED: 0 } });
  });

  it('writes RFC 4180 CSV: header, CRLF line ends, lists joined with semicolons', () => {
    const csv = endOfDayCsv(endOfDayReport('2031-05-06', 'SZ->HK', [
      line('a0000000-0000-4000-8000-000000000000', 'SZ->HK', { status: 'DISCREPANCY', differingFields: ['interbankSettlementAmount', 'chargeBearer'] }),
    ]));
    assert.equal(csv, 'settlement_date,corridor,uetr,message_type,debtor_agent_org,creditor_agent_org,status,differing_fields,sides_present,status_at,block_number,transaction_id\r\n'
      + '2031-05-06,SZ->HK,a0000000-0000-4000-8000-000000000000,pacs.008,SZBankMSP,HKBankMSP,DISCREPANCY,interbankSettlementAmount;chargeBearer,DEBTOR_AGENT;CREDITOR_AGENT,2031-05-06T01:00:00.000Z,7,abc\r\n');
  });

  it('quotes fields with commas, quotes or line breaks, and defuses spreadsheet formulas', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\r\nlines'), '"two\r\nlines"');
    assert.equal(csvField('=SUM(A1)'), "'=SUM(A1)");
  });
});
