import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CURRENCY_MINOR_UNITS } from './currencies';
import {
  checkAmount, checkBic, checkDate, checkExchangeRate, checkNonNegativeAmount, checkUetr, isIsoDate, MAX_AMOUNT_DIGITS,
} from './validation';

const currencies = Object.keys(CURRENCY_MINOR_UNITS);
const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

describe('validators', () => {
  describe('amounts', () => {
    it('normalises any valid amount to exactly the currency\'s minor units, keeping its value', () => {
      fc.assert(fc.property(fc.constantFrom(...currencies), fc.bigInt({ min: 1n, max: 10n ** 12n }), (currency, minor) => {
        const units = CURRENCY_MINOR_UNITS[currency];
        const scaled = minor.toString().padStart(units + 1, '0');
        const written = units === 0 ? scaled : `${scaled.slice(0, -units)}.${scaled.slice(-units)}`;
        const shortened = units === 0 ? written : written.replace(/0{0,4}$/, '').replace(/\.$/, '');
        const checked = checkAmount(shortened, currency);
        assert.ok(checked.ok, `${shortened} ${currency}`);
        assert.equal(checked.value, written);
      }));
    });

    it('gives equal strings for equal amounts however they are written (100 and 100.00)', () => {
      assert.deepEqual(checkAmount('100', 'HKD'), { ok: true, value: '100.00' });
      assert.deepEqual(checkAmount('100.0', 'HKD'), { ok: true, value: '100.00' });
      assert.deepEqual(checkAmount('5', 'KWD'), { ok: true, value: '5.000' });
      assert.deepEqual(checkAmount('5', 'JPY'), { ok: true, value: '5' });
    });

    it('refuses more decimals than the currency allows, naming value and currency', () => {
      assert.deepEqual(checkAmount('12.345', 'HKD'), { ok: false, reason: "'12.345' has more decimals than HKD allows (2)" });
      assert.deepEqual(checkAmount('1.5', 'JPY'), { ok: false, reason: "'1.5' has more decimals than JPY allows (0)" });
    });

    it('refuses zero, signs, exponents, leading zeros, numbers and too many digits', () => {
      fc.assert(fc.property(fc.constantFrom('0', '0.00', '-1', '+1', '1e3', '01', '1.', '.5', ' 1', '1,000', 'NaN', ''), (bad) => {
        assert.equal(checkAmount(bad, 'USD').ok, false);
      }));
      assert.equal(checkAmount(100 as unknown as string, 'USD').ok, false);
      assert.equal(checkAmount('1'.repeat(MAX_AMOUNT_DIGITS - 2), 'USD').ok, true);
      assert.match((checkAmount('1'.repeat(MAX_AMOUNT_DIGITS - 1), 'USD') as { reason: string }).reason, /more than 18 digits/);
    });

    it('accepts exactly the plain positive decimals with at most the minor units', () => {
      const decimalLike = fc.oneof(fc.string(), fc.tuple(digits(1, 19), fc.constantFrom('', '.'), digits(0, 3)).map(([a, dot, b]) => a + dot + b));
      fc.assert(fc.property(decimalLike, (text) => {
        const match = /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/.exec(text);
        const plain = match !== null && /[1-9]/.test(text) && (match[1] === '0' ? 0 : match[1].length) + 2 <= MAX_AMOUNT_DIGITS;
        assert.equal(checkAmount(text, 'USD').ok, plain, text);
      }));
    });

    it('accepts zero where a zero amount means something (a charge not taken, no tolerance), normalised the same way', () => {
      assert.deepEqual(checkNonNegativeAmount('0', 'HKD'), { ok: true, value: '0.00' });
      assert.deepEqual(checkNonNegativeAmount('0.0', 'KWD'), { ok: true, value: '0.000' });
      assert.deepEqual(checkNonNegativeAmount('0', 'JPY'), { ok: true, value: '0' });
      assert.deepEqual(checkNonNegativeAmount('0.000', 'HKD'), { ok: false, reason: "'0.000' has more decimals than HKD allows (2)" });
      assert.deepEqual(checkNonNegativeAmount('0', 'XYZ'), { ok: false, reason: "'XYZ' is not an ISO 4217 currency code" });
      fc.assert(fc.property(fc.string(), (text) => {
        if (!/^0(\.0*)?$/.test(text)) {
          assert.deepEqual(checkNonNegativeAmount(text, 'USD'), checkAmount(text, 'USD'));
        }
      }));
    });

    it('refuses unknown currencies', () => {
      assert.deepEqual(checkAmount('1', 'XYZ'), { ok: false, reason: "'XYZ' is not an ISO 4217 currency code" });
    });
  });

  describe('exchange rates', () => {
    it('drops trailing decimal zeros so equal rates compare equal', () => {
      fc.assert(fc.property(digits(1, 4).filter((d) => /^[1-9]/.test(d)), digits(0, 6), fc.nat(3), (integer, fraction, zeros) => {
        const a = checkExchangeRate(fraction === '' ? integer : `${integer}.${fraction}`);
        const b = checkExchangeRate(`${integer}.${fraction}${'0'.repeat(zeros + 1)}`);
        assert.ok(a.ok && b.ok);
        assert.equal(a.value, b.value);
      }));
    });
  });

  describe('UETR, BIC, dates', () => {
    it('accepts any lower-case UUIDv4 and refuses upper case and other versions', () => {
      fc.assert(fc.property(fc.uuid({ version: 4 }), (uuid) => {
        assert.equal(checkUetr(uuid.toLowerCase()).ok, true);
        if (/[a-f]/.test(uuid.toLowerCase())) {
          assert.equal(checkUetr(uuid.toUpperCase()).ok, false);
        }
      }));
      assert.equal(checkUetr('1a2b3c4d-0000-1000-8000-000000000001').ok, false);
    });

    it('extends a BIC8 with XXX and refuses lower case and wrong lengths', () => {
      assert.deepEqual(checkBic('HKBKHKHH'), { ok: true, value: 'HKBKHKHHXXX' });
      assert.deepEqual(checkBic('HKBKHKHH123'), { ok: true, value: 'HKBKHKHH123' });
      for (const bad of ['hkbkhkhh', 'HKBKHKH', 'HKBKHKHH1', 'HKBK12HH']) {
        assert.equal(checkBic(bad).ok, false, bad);
      }
    });

    it('accepts exactly the real calendar dates', () => {
      fc.assert(fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        assert.equal(isIsoDate(date.toISOString().slice(0, 10)), true);
      }));
      for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-5-1', '20240501', '1900-02-29']) {
        assert.equal(checkDate(bad).ok, false, bad);
      }
      assert.equal(checkDate('2000-02-29').ok, true);
    });
  });
});
