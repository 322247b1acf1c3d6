import type { PairRuleSet } from './matching/rule-set';

/**
 * A bank pair's rule sets as its channel records them: one bank proposes a version, the other accepts it, and the
 * accepted version is the one the pair's payments are decided under from then on. Each is written by a transaction
 * of the pair's channel, endorsed by both banks' peers (the channel's chaincode policy), and read by the channel's
 * members only: the two banks and their regulators.
 */

/** A proposed version, open until the other bank accepts it or a new proposal replaces it. */
export interface RuleSetProposal {
  ruleSet: PairRuleSet;
  /** ruleSetDigest of the rule set: what the accepting bank names, so it accepts these exact rules. */
  digest: string;
  proposedBy: string;
  txId: string;
  at: string;
}

/** A version both banks agreed: proposed by one, accepted by the other. */
export interface AgreedRuleSet {
  ruleSet: PairRuleSet;
  digest: string;
  proposedBy: string;
  proposedTxId: string;
  proposedAt: string;
  acceptedBy: string;
  acceptedTxId: string;
  acceptedAt: string;
}

/** What `getRuleSets` returns: the effective version, the open proposal, and every agreed version, oldest first. */
export interface PairRuleSets {
  pair: [string, string];
  channel: string;
  effective: AgreedRuleSet | null;
  proposal: RuleSetProposal | null;
  versions: AgreedRuleSet[];
}

/** Name of the event of each rule set transaction. */
export const RULE_SET_CHANGED_EVENT = 'RuleSetChanged';

/** Payload of `RuleSetChanged`: what happened to which version, by whom. No payment is named. */
export interface RuleSetChangedEvent {
  action: 'PROPOSED' | 'ACCEPTED';
  pair: [string, string];
  version: number;
  digest: string;
  org: string;
  txId: string;
}

/** Versions are stored under their number written with this many digits, so keys sort as numbers do. */
export const RULE_SET_VERSION_DIGITS = 7;
