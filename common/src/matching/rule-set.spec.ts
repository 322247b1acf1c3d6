import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { directory, ruleSetInput, validRuleSet } from '../testing/matching-fixtures';
import { canonicalRuleSet, checkBasisPoints, currencyRule, ruleSetDigest, validatePairRuleSet } from './rule-set';

/** The issues of a rule set that must be refused, as `path: reason` lines. */
function refusal(raw: unknown): string[] {
  const result = validatePairRuleSet(raw, directory);
  assert.ok(!result.ok, 'expected the rule set to be refused');
  return result.issues.map((issue) => `${issue.path}: ${issue.reason}`);
}

/** A proposal as raw JSON, which a test breaks in any way it likes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawJson = Record<string, any>;

/** A copy of the fixture's rule set with one change. */
function changed(change: (raw: RawJson) => void): RawJson {
  const raw = JSON.parse(JSON.stringify(ruleSetInput({ fxBasisPoints: '2' }))) as RawJson;
  change(raw);
  return raw;
}

describe('pair rule sets', () => {
  it('brings a rule set to canonical form', () => {
    const ruleSet = validRuleSet(ruleSetInput({
      above: { absolute: '5', basisPoints: '2.50' }, below: { basisPoints: '10.0' }, fxBasisPoints: '0.5000',
      deductibleUnder: ['SHAR', 'CRED'], maxDeducted: '30',
    }));
    assert.deepEqual(ruleSet, {
      pair: ['HKBankMSP', 'SZBankMSP'],
      version: 3,
      calendars: ['CN-2026.1', 'HK-2026.1'],
      currencies: {
        HKD: {
          amount: { above: { absolute: '5.00', basisPoints: '2.5' }, below: { basisPoints: '10' } },
          fx: { basisPoints: '0.5', rounding: 'HALF_UP' },
          charges: { deductibleUnder: ['CRED', 'SHAR'], maxDeducted: '30.00' },
          valueDate: { businessDaysBefore: 0, businessDaysAfter: 1 },
        },
      },
    });
    assert.equal(canonicalRuleSet(ruleSet).slice(0, 60), '{"calendars":["CN-2026.1","HK-2026.1"],"currencies":{"HKD":{');
    assert.match(ruleSetDigest(ruleSet), /^[a-f0-9]{64}$/);
  });

  it('gives the same digest to the same rules however they are written, and another to other rules', () => {
    const writings = fc.record({
      absolute: fc.constantFrom('5', '5.0', '5.00'),
      basisPoints: fc.constantFrom('2.5', '2.50', '2.5000'),
      pairReversed: fc.boolean(),
      calendarsReversed: fc.boolean(),
      bearersReversed: fc.boolean(),
    });
    type Writing = typeof writings extends fc.Arbitrary<infer T> ? T : never;
    const digestOf = (writing: Writing): string => {
      const raw = ruleSetInput({
        above: { absolute: writing.absolute, basisPoints: writing.basisPoints },
        deductibleUnder: writing.bearersReversed ? ['SHAR', 'CRED'] : ['CRED', 'SHAR'],
      });
      if (writing.pairReversed) {
        (raw.pair as string[]).reverse();
      }
      if (writing.calendarsReversed) {
        (raw.calendars as string[]).reverse();
      }
      return ruleSetDigest(validRuleSet(raw));
    };
    fc.assert(fc.property(writings, writings, (a, b) => assert.equal(digestOf(a), digestOf(b))));
    const other = ruleSetDigest(validRuleSet(ruleSetInput({ above: { absolute: '5.01', basisPoints: '2.5' } })));
    assert.notEqual(other, digestOf({ absolute: '5', basisPoints: '2.5', pairReversed: false, calendarsReversed: false, bearersReversed: false }));
  });

  it('is idempotent: a canonical rule set validates to itself', () => {
    const ruleSet = validRuleSet(ruleSetInput({ above: { basisPoints: '1.25' }, fxBasisPoints: '3' }));
    assert.deepEqual(validRuleSet(JSON.parse(canonicalRuleSet(ruleSet))), ruleSet);
  });

  it('names the field and the reason of every problem', () => {
    assert.deepEqual(refusal(changed((raw) => {
      raw.version = 0;
      raw.pair = ['HKBankMSP', 'HKBankMSP'];
      raw.currencies.HKD.amount.above = { absolute: '-1' };
      raw.currencies.HKD.amount.below = {};
      raw.currencies.HKD.fx.rounding = 'NEAREST';
      raw.currencies.HKD.fx.basisPoints = '10000.5';
      raw.currencies.HKD.charges.deductibleUnder = ['DEBT', 'SHAR', 'SHAR', 'XYZ'];
      raw.currencies.HKD.charges.maxDeducted = '1.234';
      raw.currencies.HKD.valueDate.businessDaysAfter = 11;
      raw.currencies.HKD.valueDate.businessDaysBefore = 0.5;
      raw.currencies.HKD.colour = 'red';
      raw.currencies.XXY = {};
    })), [
      "ruleSet.pair: [\"HKBankMSP\",\"HKBankMSP\"] is not two different member banks",
      'ruleSet.version: 0 is not a version from 1 to 1000000',
      'ruleSet.currencies.HKD.colour: unknown field (expected amount, fx, charges, valueDate)',
      "ruleSet.currencies.HKD.amount.above.absolute: '-1' is not a decimal string (digits with an optional '.' and decimals; no sign, exponent or leading zeros)",
      "ruleSet.currencies.HKD.amount.below: states neither absolute nor basisPoints (write absolute: '0' for no tolerance)",
      "ruleSet.currencies.HKD.fx.basisPoints: '10000.5' is more than 10000 basis points (100 %)",
      "ruleSet.currencies.HKD.fx.rounding: 'NEAREST' is not one of DOWN, UP, HALF_UP, HALF_DOWN, HALF_EVEN",
      "ruleSet.currencies.HKD.charges.deductibleUnder: 'DEBT' cannot be deductible: under DEBT the debtor pays every charge and nothing is deducted on the way",
      "ruleSet.currencies.HKD.charges.deductibleUnder: 'SHAR' is listed twice",
      "ruleSet.currencies.HKD.charges.deductibleUnder: 'XYZ' is not one of CRED, SHAR, SLEV",
      "ruleSet.currencies.HKD.charges.maxDeducted: '1.234' has more decimals than HKD allows (2)",
      'ruleSet.currencies.HKD.valueDate.businessDaysBefore: 0.5 is not a whole number of business days from 0 to 10',
      'ruleSet.currencies.HKD.valueDate.businessDaysAfter: 11 is not a whole number of business days from 0 to 10',
      "ruleSet.currencies.XXY: 'XXY' is not an ISO 4217 currency code",
    ]);
  });

  it('wants one calendar edition for each of the pair\'s regions, and only shipped editions', () => {
    assert.deepEqual(refusal(changed((raw) => { raw.calendars = ['HK-2026.1']; })), [
      "ruleSet.calendars: [\"HK-2026.1\"] does not name exactly one calendar edition for each of the pair's regions CN, HK",
    ]);
    assert.deepEqual(refusal(changed((raw) => { raw.calendars = ['HK-2026.1', 'CN-2026.1', 'MO-2026.1']; })), [
      "ruleSet.calendars: [\"HK-2026.1\",\"CN-2026.1\",\"MO-2026.1\"] does not name exactly one calendar edition for each of the pair's regions CN, HK",
    ]);
    assert.deepEqual(refusal(changed((raw) => { raw.calendars = ['HK-2027.1', 'CN-2026.1']; })), [
      "ruleSet.calendars: 'HK-2027.1' not a calendar edition (expected among CN-2026.1, HK-2026.1, MO-2026.1)",
    ]);
    assert.ok(validatePairRuleSet(changed((raw) => {
      raw.pair = ['MOBankMSP', 'HKBankMSP'];
      raw.calendars = ['MO-2026.1', 'HK-2026.1'];
    }), directory).ok);
  });

  it('refuses shapes that are not rule sets', () => {
    assert.deepEqual(refusal('rules'), ["ruleSet: 'rules' is not an object {pair, version, calendars, currencies}"]);
    assert.deepEqual(refusal(changed((raw) => { raw.currencies = {}; })), ['ruleSet.currencies: has no currency: a rule set without rules changes nothing']);
    assert.deepEqual(refusal(changed((raw) => { raw.currencies = []; })), ['ruleSet.currencies: [] is not an object of rules by currency code']);
    assert.deepEqual(refusal(changed((raw) => { delete raw.currencies.HKD.valueDate; })), [
      'ruleSet.currencies.HKD.valueDate: missing is not an object {businessDaysBefore, businessDaysAfter}',
    ]);
    assert.deepEqual(refusal(changed((raw) => { raw.currencies = JSON.parse('{"__proto__": {}}'); })), [
      "ruleSet.currencies.__proto__: '__proto__' is not an ISO 4217 currency code",
    ]);
  });

  it('accepts the example of docs/matching.md as written there', () => {
    const page = readFileSync(join(__dirname, '../../../docs/matching.md'), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(page);
    assert.ok(example, 'docs/matching.md has a json example');
    const result = validatePairRuleSet(JSON.parse(example[1]), directory);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
    assert.equal(canonicalRuleSet(result.ruleSet), canonicalRuleSet(JSON.parse(example[1])), 'the example is in canonical form');
  });

  it('reads basis points as decimal strings with at most four decimals', () => {
    assert.deepEqual(checkBasisPoints('0'), { ok: true, value: '0' });
    assert.deepEqual(checkBasisPoints('10000'), { ok: true, value: '10000' });
    assert.deepEqual(checkBasisPoints('0.00010'), { ok: true, value: '0.0001' });
    for (const bad of ['-1', '1e2', '01', '0.00001', '10001', 12, '', ' 1']) {
      assert.equal(checkBasisPoints(bad).ok, false, String(bad));
    }
  });

  it('finds the rule of a settlement currency, and none for another', () => {
    const ruleSet = validRuleSet(ruleSetInput());
    assert.equal(currencyRule(ruleSet, 'HKD'), ruleSet.currencies.HKD);
    assert.equal(currencyRule(ruleSet, 'CNY'), undefined);
    assert.equal(currencyRule(ruleSet, 'toString'), undefined);
  });
});
