import { strict as assert } from 'node:assert';
import { checkAmount, checkBic, checkCurrency, checkDate, checkDateTime, checkRate, checkText, checkUetr } from './fields';

const value = (checked: { value: string } | { reason: string }): string | undefined => ('value' in checked ? checked.value : undefined);
const reason = (checked: { value: string } | { reason: string }): string => ('reason' in checked ? checked.reason : '(accepted)');

describe('ingest field checks', () => {
  it('normalises amounts to the currency minor units without changing their value', () => {
    assert.equal(value(checkAmount('300000', 'HKD')), '300000.00');
    assert.equal(value(checkAmount('300000.5', 'CNY')), '300000.50');
    assert.equal(value(checkAmount('000123.10000', 'USD')), '123.10');
    assert.equal(value(checkAmount('+0.01', 'MOP')), '0.01');
    assert.equal(value(checkAmount('1500', 'JPY')), '1500');
    assert.equal(value(checkAmount('1.250', 'KWD')), '1.250');
  });

  it('refuses amounts the XSD or ISO 4217 forbid, saying why', () => {
    assert.match(reason(checkAmount('1500.5', 'JPY')), /more decimals than JPY allows \(0\)/);
    assert.match(reason(checkAmount('10.001', 'HKD')), /more decimals than HKD allows \(2\)/);
    assert.match(reason(checkAmount('1.123456', 'KWD')), /more than 5 fraction digits/);
    assert.match(reason(checkAmount('1234567890123456789', 'USD')), /more than 18 digits/);
    assert.match(reason(checkAmount('0.00', 'USD')), /more than zero/);
    assert.match(reason(checkAmount('-5.00', 'USD')), /negative/);
    assert.match(reason(checkAmount('1,50', 'USD')), /comma/);
    assert.match(reason(checkAmount('12E45', 'USD')), /not a decimal/);
    assert.match(reason(checkAmount('NaN', 'USD')), /not a decimal/);
  });

  it('accepts only lowercase UUIDv4 UETRs', () => {
    assert.equal(value(checkUetr('42ba933a-83d7-4cd4-81a5-26fbd654f347')), '42ba933a-83d7-4cd4-81a5-26fbd654f347');
    assert.match(reason(checkUetr('42BA933A-83D7-4CD4-81A5-26FBD654F347')), /must be lowercase/);
    assert.match(reason(checkUetr('42ba933a-83d7-1cd4-81a5-26fbd654f347')), /not a UUIDv4/);
    assert.match(reason(checkUetr('42ba933a-83d7-4cd4-c1a5-26fbd654f347')), /not a UUIDv4/);
  });

  it('checks BICFI and gives the 11-character form', () => {
    assert.equal(value(checkBic('HKBKHKHH')), 'HKBKHKHHXXX');
    assert.equal(value(checkBic('SZBKCNBS123')), 'SZBKCNBS123');
    assert.match(reason(checkBic('hkbkhkhhxxx')), /not a BICFI/);
    assert.match(reason(checkBic('HKBK1KHHXXX')), /not a BICFI/);
    assert.match(reason(checkBic('HKBKHKHHXX')), /not a BICFI/);
  });

  it('knows currencies by ISO 4217, not by shape', () => {
    assert.equal(value(checkCurrency('MOP')), 'MOP');
    assert.match(reason(checkCurrency('CNH')), /not a known ISO 4217/);
    assert.match(reason(checkCurrency('hkd')), /not a currency code/);
  });

  it('accepts real calendar dates only', () => {
    assert.equal(value(checkDate('2024-02-29')), '2024-02-29');
    assert.equal(value(checkDate('2025-06-23+08:00')), '2025-06-23');
    assert.match(reason(checkDate('2025-02-29')), /not a calendar date/);
    assert.match(reason(checkDate('2100-02-29')), /not a calendar date/);
    assert.match(reason(checkDate('2025-13-01')), /not a calendar date/);
    assert.match(reason(checkDate('23/06/2025')), /not a calendar date/);
    assert.equal(value(checkDateTime('2025-06-23T09:15:02.123+08:00')), '2025-06-23T09:15:02.123+08:00');
    assert.match(reason(checkDateTime('2025-06-31T09:15:02Z')), /not a date-time/);
  });

  it('keeps exchange rates exact and bounded', () => {
    assert.equal(value(checkRate('1.0905125400')), '1.09051254');
    assert.match(reason(checkRate('1.12345678901')), /too many digits/);
    assert.match(reason(checkRate('0')), /more than zero/);
  });

  it('counts text length in characters and never echoes free text', () => {
    assert.equal(value(checkText('深'.repeat(140), 140)), '深'.repeat(140));
    const tooLong = reason(checkText('secret account 1234567890123456789012345', 34));
    assert.match(tooLong, /is 40 characters long; at most 34/);
    assert.doesNotMatch(tooLong, /secret/);
  });
});
