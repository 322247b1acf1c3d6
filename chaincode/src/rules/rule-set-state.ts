import { Context } from 'fabric-contract-api';
import { AgreedRuleSet, Directory, MatchingRules, effectiveRuleSetKey, prepareMatchingRules } from '@bayrecon/common';
import { readRecord } from '../shared/state';

interface RuleSetCache {
  effectiveRuleSet?: { agreed: AgreedRuleSet | undefined };
}

/**
 * The pair's effective rule set (the latest version both banks agreed), read once per transaction; undefined
 * before the first is agreed. The read joins the transaction's read set, so a payment decided under one version
 * cannot commit after another has taken effect: it is endorsed again and decided under the new one.
 */
export async function effectiveRuleSet(ctx: Context): Promise<AgreedRuleSet | undefined> {
  const cache = ctx as unknown as RuleSetCache;
  if (cache.effectiveRuleSet === undefined) {
    cache.effectiveRuleSet = { agreed: await readRecord<AgreedRuleSet>(ctx, effectiveRuleSetKey()) };
  }
  return cache.effectiveRuleSet.agreed;
}

/** The effective rule set made ready to evaluate payments with, or undefined when the pair has agreed none. */
export async function effectiveRules(ctx: Context, directory: Directory): Promise<MatchingRules | undefined> {
  const agreed = await effectiveRuleSet(ctx);
  return agreed === undefined ? undefined : prepareMatchingRules(agreed.ruleSet, directory);
}
