import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ingestIsoMessage } from './index';
import { IngestError } from './ingest-error';
import { parsePacs008 } from './pacs008';
import { buildPacs008, type Pacs008Build, type Pacs008Transaction } from './pacs008-builder';
import { fixture, refusal } from './xml-guard.spec';

const SZ = ['SZBKCNBSXXX'];
const HK = ['HKBKHKHHXXX'];

const tx = (overrides: Partial<Pacs008Transaction> = {}): Pacs008Transaction => ({
  uetr: '42ba933a-83d7-4cd4-81a5-26fbd654f347',
  endToEndId: 'E2E-1',
  instructionId: 'INSTR-1',
  amount: '100.00',
  currency: 'HKD',
  settlementDate: '2025-06-23',
  instructingAgentBic: 'SZBKCNBSXXX',
  instructedAgentBic: 'HKBKHKHHXXX',
  debtorAgentBic: 'SZBKCNBSXXX',
  creditorAgentBic: 'HKBKHKHHXXX',
  ...overrides,
});

const message = (transactions: Pacs008Transaction[], overrides: Partial<Pacs008Build> = {}): string => buildPacs008({
  messageId: 'MSG-1',
  creationDateTime: '2025-06-23T09:00:00+08:00',
  settlementMethod: 'CLRG',
  clearingSystem: 'CIP',
  transactions,
  ...overrides,
});

describe('pacs.008 ingestion', () => {
  it('reads every transaction of the SZ→HK fixture as SZBank debtor-agent sides', () => {
    const result = parsePacs008(fixture('pacs008-sz-to-hk.xml'), { ownBics: SZ, document: 'pacs008-sz-to-hk.xml' });
    assert.equal(result.header.messageId, 'SZBK20250623-0001');
    assert.equal(result.header.definition.id, 'pacs.008.001.08');
    assert.equal(result.header.businessHeader?.fromBic, 'SZBKCNBSXXX');
    assert.equal(result.sides.length, 3);
    const [first, second, third] = result.sides;
    assert.deepEqual(first.interbankSettlementAmount, { amount: '250000.00', currency: 'CNY' });
    assert.equal(first.side, 'DEBTOR_AGENT');
    assert.equal(first.counterpartyBic, 'HKBKHKHHXXX');
    assert.equal(first.clearingSystem, 'CIP');
    assert.equal(first.debtor?.name, '深圳前海电子科技有限公司');
    // Padded values are trimmed, "300000" is normalised, and FX fields are kept exactly.
    assert.equal(second.endToEndId, 'PO-88231');
    assert.deepEqual(second.interbankSettlementAmount, { amount: '300000.00', currency: 'HKD' });
    assert.deepEqual(second.instructedAmount, { amount: '275100.00', currency: 'CNY' });
    assert.equal(second.exchangeRate, '1.09051254');
    assert.equal(second.debtor?.name, 'Shenzhen Bay Logistics & Supply Co');
    assert.equal(third.endToEndId, 'NOTPROVIDED');
    assert.equal(third.interbankSettlementAmount.amount, '18000.50');
  });

  it('gives HKBank the creditor-agent side of the same message', () => {
    const sides = parsePacs008(fixture('pacs008-sz-to-hk.xml'), { ownBics: ['HKBKHKHH'] }).sides;
    assert.deepEqual(sides.map((side) => side.side), ['CREDITOR_AGENT', 'CREDITOR_AGENT', 'CREDITOR_AGENT']);
    assert.deepEqual(sides.map((side) => side.counterpartyBic), ['SZBKCNBSXXX', 'SZBKCNBSXXX', 'SZBKCNBSXXX']);
  });

  it('reads the CBPR+ single-transaction fixture with its total', () => {
    const result = parsePacs008(fixture('pacs008-cbpr-single.xml'), { ownBics: SZ });
    assert.equal(result.sides.length, 1);
    assert.equal(result.sides[0].side, 'CREDITOR_AGENT');
    assert.equal(result.sides[0].clearingSystem, 'HKL');
    assert.equal(result.sides[0].creditor?.account, '755987650020001');
  });

  it('refuses a message for a bank that is neither agent, naming each transaction', () => {
    const error = refusal(() => parsePacs008(fixture('pacs008-sz-to-hk.xml'), { ownBics: ['MOBKMOMXXXX'] }));
    assert.equal(error.kind, 'INVALID');
    assert.deepEqual(error.problems.map((problem) => problem.transactionIndex), [0, 1, 2]);
    assert.equal(error.problems[2].path, 'CdtTrfTxInf[2]');
    assert.equal(error.problems[2].messageId, 'SZBK20250623-0001');
    assert.match(error.problems[0].reason, /neither the debtor nor the creditor agent/);
  });

  it('falls back to InstgAgt/InstdAgt when the agents carry no BIC', () => {
    const xml = message([tx()]).replace(/<DbtrAgt>.*?<\/DbtrAgt>/, '').replace(/<CdtrAgt>.*?<\/CdtrAgt>/, '');
    const [side] = parsePacs008(xml, { ownBics: HK }).sides;
    assert.equal(side.side, 'CREDITOR_AGENT');
    assert.equal(side.debtorAgentBic, 'SZBKCNBSXXX');
  });

  it('refuses an on-us payment', () => {
    const error = refusal(() => parsePacs008(message([tx()]), { ownBics: ['SZBKCNBSXXX', 'HKBKHKHHXXX'] }));
    assert.match(error.problems[0].reason, /both debtor and creditor/);
  });

  it('refuses the whole message for one bad transaction, listing every problem with its path', () => {
    const xml = message([
      tx(),
      tx({ uetr: '55C6F9A2-577B-431F-9343-378EB2E156D7', amount: '10.001' }),
      tx({ uetr: '94b69fe7-e1af-4057-bf55-e9a6d165cadb', currency: 'XYZ', endToEndId: 'X'.repeat(36), settlementDate: '2025-02-30' }),
    ]);
    const error = refusal(() => parsePacs008(xml, { ownBics: SZ, document: 'batch.xml' }));
    const found = error.problems.map((problem) => `${problem.transactionIndex} ${problem.path}`);
    assert.deepEqual(found, [
      '1 CdtTrfTxInf[1]/PmtId/UETR',
      '1 CdtTrfTxInf[1]/IntrBkSttlmAmt',
      '2 CdtTrfTxInf[2]/PmtId/EndToEndId',
      '2 CdtTrfTxInf[2]/IntrBkSttlmAmt/@Ccy',
      '2 CdtTrfTxInf[2]/IntrBkSttlmDt',
    ]);
    assert.ok(error.problems.every((problem) => problem.document === 'batch.xml'));
    assert.match(error.problems[0].reason, /lowercase/);
    assert.match(error.problems[1].reason, /more decimals than HKD/);
  });

  it('checks NbOfTxs, the total, BizMsgIdr and repeated UETRs against the transactions', () => {
    const wrongCount = refusal(() => parsePacs008(message([tx()], { numberOfTransactions: '2' }), { ownBics: SZ }));
    assert.equal(wrongCount.problems[0].path, 'GrpHdr/NbOfTxs');
    const second = tx({ uetr: '55c6f9a2-577b-431f-9343-378eb2e156d7', amount: '0.5' });
    assert.equal(parsePacs008(message([tx(), second], { total: { amount: '100.50', currency: 'HKD' } }), { ownBics: SZ }).sides.length, 2);
    const wrongTotal = refusal(() => parsePacs008(message([tx(), second], { total: { amount: '100.00', currency: 'HKD' } }), { ownBics: SZ }));
    assert.match(wrongTotal.problems[0].reason, /add up to 100.5/);
    const header = { fromBic: 'SZBKCNBSXXX', toBic: 'HKBKHKHHXXX', businessMessageId: 'OTHER' };
    assert.equal(refusal(() => parsePacs008(message([tx()], { appHdr: header }), { ownBics: SZ })).problems[0].path, 'AppHdr/BizMsgIdr');
    const repeated = refusal(() => parsePacs008(message([tx(), tx()]), { ownBics: SZ }));
    assert.deepEqual(repeated.problems.map((problem) => [problem.path, problem.transactionIndex]), [['CdtTrfTxInf[1]/PmtId/UETR', 1]]);
  });

  it('takes the settlement date from GrpHdr when the transaction has none', () => {
    const xml = message([tx({ settlementDate: undefined })], { groupSettlementDate: '2025-06-24' });
    assert.equal(parsePacs008(xml, { ownBics: SZ }).sides[0].interbankSettlementDate, '2025-06-24');
    const missing = refusal(() => parsePacs008(message([tx({ settlementDate: undefined })]), { ownBics: SZ }));
    assert.equal(missing.problems[0].path, 'CdtTrfTxInf[0]/IntrBkSttlmDt');
  });

  it('refuses a repeated 1..1 element instead of picking one', () => {
    const xml = message([tx()]).replace('<IntrBkSttlmAmt Ccy="HKD">100.00</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="HKD">100.00</IntrBkSttlmAmt><IntrBkSttlmAmt Ccy="HKD">999.00</IntrBkSttlmAmt>');
    assert.match(refusal(() => parsePacs008(xml, { ownBics: SZ })).problems[0].reason, /appears 2 times/);
  });

  it('detects the type with any prefix, with or without AppHdr and envelope, and refuses a disagreeing MsgDefIdr', () => {
    const prefixed = message([tx()], { prefix: 'ns2', appHdr: { fromBic: 'SZBKCNBSXXX', toBic: 'HKBKHKHHXXX' } });
    assert.equal(ingestIsoMessage(prefixed, { ownBics: SZ }).kind, 'payment-sides');
    assert.equal(ingestIsoMessage(`\uFEFF${message([tx()]).replace('?>', '?><!-- exported -->')}`, { ownBics: SZ }).kind, 'payment-sides');
    const disagreeing = prefixed.replace('<MsgDefIdr>pacs.008.001.08', '<MsgDefIdr>pacs.009.001.08');
    assert.equal(refusal(() => ingestIsoMessage(disagreeing, { ownBics: SZ })).problems[0].path, 'AppHdr/MsgDefIdr');
  });

  it('refuses versions without a UETR and types that carry no payment sides', () => {
    const old = message([tx()]).replace('pacs.008.001.08', 'pacs.008.001.07');
    assert.equal(refusal(() => ingestIsoMessage(old, { ownBics: SZ })).kind, 'UNSUPPORTED');
    const camt056 = message([tx()]).replace('pacs.008.001.08', 'camt.056.001.08');
    assert.equal(refusal(() => ingestIsoMessage(camt056, { ownBics: SZ })).kind, 'UNSUPPORTED');
    assert.equal(refusal(() => parsePacs008(fixture('pacs009-hk-to-mo.xml'), { ownBics: HK })).kind, 'UNSUPPORTED');
  });

  it('refuses more transactions than the limit before reading them', () => {
    const many = Array.from({ length: 6 }, (_, i) => tx({ uetr: `42ba933a-83d7-4cd4-81a5-26fbd654f3${String(i).padStart(2, '0')}` }));
    const error = refusal(() => parsePacs008(message(many), { ownBics: SZ, limits: { maxTransactions: 5 } }));
    assert.equal(error.kind, 'TOO_LARGE');
  });

  it('decodes character references and keeps CDATA literally', () => {
    const xml = message([tx({ debtorName: 'placeholder' })]).replace('placeholder', '&#x6DF1;&#22323; A&amp;B <![CDATA[&amp;]]>');
    assert.equal(parsePacs008(xml, { ownBics: SZ }).sides[0].debtor?.name, '深圳 A&B &amp;');
  });
});

describe('pacs.008 ingestion properties', () => {
  const bics = fc.constantFrom('SZBKCNBSXXX', 'SZBKCNBS', 'SZBKCNBS001');
  const currencyAmount = fc.record({
    currency: fc.constantFrom('CNY', 'HKD', 'MOP', 'USD', 'JPY'),
    units: fc.bigInt({ min: 0n, max: 999_999_999_999n }),
    cents: fc.integer({ min: 0, max: 99 }),
  }).filter(({ units, cents }) => units > 0n || cents > 0);
  const safeText = fc.string({ minLength: 1, maxLength: 35 }).map((s) => s.replace(/[\u0000-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/g, 'x').trim()).filter((s) => s !== '');
  const transaction = fc.record({
    uetr: fc.uuid({ version: 4 }),
    endToEndId: safeText,
    debtorName: fc.option(safeText, { nil: undefined }),
    money: currencyAmount,
    debtorAgentBic: bics,
    date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
  });

  it('round-trips generated valid messages field for field', () => {
    fc.assert(fc.property(fc.uniqueArray(transaction, { minLength: 1, maxLength: 5, selector: (t) => t.uetr }), (generated) => {
      const transactions = generated.map((g) => tx({
        uetr: g.uetr,
        endToEndId: g.endToEndId,
        debtorName: g.debtorName,
        amount: g.money.currency === 'JPY' ? String(g.money.units + 1n) : `${g.money.units}.${String(g.money.cents).padStart(2, '0')}`,
        currency: g.money.currency,
        debtorAgentBic: g.debtorAgentBic,
        settlementDate: g.date.toISOString().slice(0, 10),
      }));
      const sides = parsePacs008(message(transactions), { ownBics: ['SZBKCNBS'] }).sides;
      assert.equal(sides.length, transactions.length);
      sides.forEach((side, i) => {
        const sent = transactions[i];
        assert.equal(side.uetr, sent.uetr);
        assert.equal(side.endToEndId, sent.endToEndId);
        assert.equal(side.debtor?.name, sent.debtorName);
        assert.deepEqual(side.interbankSettlementAmount, { amount: sent.amount.replace(/^0+(?=\d)/, ''), currency: sent.currency });
        assert.equal(side.interbankSettlementDate, sent.settlementDate);
        assert.equal(side.debtorAgentBic, sent.debtorAgentBic.length === 8 ? `${sent.debtorAgentBic}XXX` : sent.debtorAgentBic);
        assert.equal(side.side, 'DEBTOR_AGENT');
      });
    }), { numRuns: 150 });
  });

  const outcome = (input: string | Uint8Array): 'accepted' | 'refused' => {
    try {
      ingestIsoMessage(input, { ownBics: SZ });
      return 'accepted';
    } catch (error) {
      if (error instanceof IngestError) return 'refused';
      throw error;
    }
  };

  it('refuses arbitrary text and bytes with an IngestError, never another exception', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), (input) => {
      assert.equal(outcome(input), 'refused');
    }), { numRuns: 500 });
  });

  it('answers corrupted real messages with a result or an IngestError, never a crash', () => {
    const original = fixture('pacs008-sz-to-hk.xml').toString('utf8');
    const edit = fc.record({ at: fc.nat({ max: original.length }), remove: fc.nat({ max: 20 }), insert: fc.string({ maxLength: 20, unit: fc.constantFrom('<', '>', '/', '&', ';', '"', '=', ':', ' ', 'a', 'Ccy', '#x', '\u0000', '深') }) });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      const corrupted = edits.reduce((text, e) => text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove), original);
      outcome(corrupted);
    }), { numRuns: 400 });
  });

  it('refuses a DOCTYPE or ENTITY declaration wherever and however it is spelt', () => {
    const original = message([tx()]);
    const spelling = fc.tuple(fc.constantFrom('<!DOCTYPE', '<!ENTITY'), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }))
      .map(([word, upper]) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
    fc.assert(fc.property(spelling, fc.nat({ max: original.length }), (declaration, at) => {
      const error = refusal(() => ingestIsoMessage(`${original.slice(0, at)}${declaration} x [<!ENTITY y "z">]>${original.slice(at)}`, { ownBics: SZ }));
      assert.equal(error.kind, 'UNSAFE');
    }), { numRuns: 200 });
  });

  it('refuses generated deep nesting as too large', () => {
    fc.assert(fc.property(fc.integer({ min: 31, max: 5000 }), fc.constantFrom('A', 'ns:B', 'Ntry'), (depth, name) => {
      const open = name.includes(':') ? `<${name} xmlns:ns="urn:x">` : `<${name}>`;
      const xml = message([tx()]).replace('<GrpHdr>', `${open.repeat(depth)}${`</${name}>`.repeat(depth)}<GrpHdr>`);
      assert.equal(refusal(() => ingestIsoMessage(xml, { ownBics: SZ })).kind, 'TOO_LARGE');
    }), { numRuns: 50 });
  });
});
