import { AgreedRuleSet, RuleSetProposal } from '@bayrecon/common';
import { RuleSetContract } from '../rules/rule-set.contract';
import { FakeLedger } from './fake-ledger';

/** The SZBank-HKBank rule set `version` with one HKD rule: amounts up to `below` less and `above` more, value dates a day apart. */
export function szHkRuleSet(version: number, options: { above?: string; below?: string; businessDaysAfter?: number } = {}): Record<string, unknown> {
  return {
    pair: ['SZBankMSP', 'HKBankMSP'],
    version,
    calendars: ['CN-2026.1', 'HK-2026.1'],
    currencies: {
      HKD: {
        amount: { above: { absolute: options.above ?? '0' }, below: { absolute: options.below ?? '5.00' } },
        charges: { deductibleUnder: ['CRED', 'SHAR'] },
        valueDate: { businessDaysBefore: 0, businessDaysAfter: options.businessDaysAfter ?? 1 },
      },
    },
  };
}

/** SZBank proposes the rule set on the pair's ledger and HKBank accepts it: the version both agreed. */
export async function agreeRuleSet(ledger: FakeLedger, ruleSet: Record<string, unknown>, contract = new RuleSetContract()): Promise<AgreedRuleSet> {
  const proposed = JSON.parse((await ledger.submit({ mspId: 'SZBankMSP' }, (ctx) => contract.proposeRuleSet(ctx, JSON.stringify(ruleSet)))).result) as RuleSetProposal;
  const accepted = await ledger.submit({ mspId: 'HKBankMSP' }, (ctx) => contract.acceptRuleSet(ctx, String(proposed.ruleSet.version), proposed.digest));
  return JSON.parse(accepted.result) as AgreedRuleSet;
}
