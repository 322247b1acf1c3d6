import {
  AgreedRuleSet, DryRunReport, PairRuleSet, PairRuleSets as PairRuleSetsRecord, RULE_SET_TRANSACTIONS, RuleSetProposal, canonicalJson,
} from '@bayrecon/common';
import { Contract } from '@hyperledger/fabric-gateway';
import { Committed, Committer, Endorsers, Submitted, TypedContract } from './typed-contract';

const TRANSACTIONS = RULE_SET_TRANSACTIONS;

/**
 * The matching rules of one bank pair (RULE_SET_TRANSACTIONS), on the pair's channel (see pairPaymentsLocation):
 * proposals and acceptances are endorsed by exactly the pair's two banks, as every write of the channel.
 */
export class PairRuleSets<C extends Committed = Committed> extends TypedContract<C> {
  private readonly pairEndorsers: Endorsers;

  constructor(contract: Contract, readonly pair: readonly [string, string], commit: Committer<C>) {
    super(contract, commit);
    this.pairEndorsers = { endorsingOrganizations: [...pair].sort() };
  }

  /** Proposes the next version of the pair's rule set; one of the pair's banks. */
  proposeRuleSet(ruleSet: PairRuleSet | unknown, endorsers: Endorsers = this.pairEndorsers): Promise<Submitted<RuleSetProposal, C>> {
    return this.submit(TRANSACTIONS.proposeRuleSet, [canonicalJson(ruleSet)], undefined, endorsers);
  }

  /** Accepts the open proposal of this version and digest; the pair's other bank. */
  acceptRuleSet(version: number, digest: string, endorsers: Endorsers = this.pairEndorsers): Promise<Submitted<AgreedRuleSet, C>> {
    return this.submit(TRANSACTIONS.acceptRuleSet, [String(version), digest], undefined, endorsers);
  }

  /** The effective version, the open proposal and every agreed version. */
  getRuleSets(endorsers?: Endorsers): Promise<PairRuleSetsRecord> {
    return this.evaluate(TRANSACTIONS.getRuleSets, [], endorsers);
  }

  /** What a rule set would decide for these payments settling on the date (1 to 500 UETRs), writing nothing. */
  dryRunRuleSet(ruleSet: PairRuleSet | unknown, settlementDate: string, uetrs: readonly string[], endorsers?: Endorsers): Promise<DryRunReport> {
    return this.evaluate(TRANSACTIONS.dryRunRuleSet, [canonicalJson(ruleSet), settlementDate, JSON.stringify(uetrs)], endorsers);
  }
}
