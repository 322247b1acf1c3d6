import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  AgreedRuleSet, BankPair, ContractImplementation, Directory, KEY_TYPES, PairRuleSet, PairRuleSets, RULE_SET_CHANGED_EVENT,
  RULE_SET_TRANSACTIONS, RefusalError, RuleSetChangedEvent, RuleSetProposal, assertDate, contractName, effectiveRuleSetKey,
  encodeResult, ruleSetDigest, ruleSetKey, ruleSetProposalKey, show, unmarshal, validatePairRuleSet,
} from '@bayrecon/common';
import { loadDirectory } from '../directory/directory-state';
import { emitEvent } from '../shared/events';
import { assertCallerIn, assertMemberBankCaller } from '../shared/guards';
import { channelPair } from '../shared/namespace';
import { RefusingContract } from '../shared/refusing-contract';
import { keyOf, putRecord, readRecord, txTime, walk } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';
import { assertUetrList } from '../shared/uetr-list';
import { dryRunOverPayments } from './dry-run';
import { effectiveRuleSet } from './rule-set-state';

const TRANSACTIONS = RULE_SET_TRANSACTIONS;
const DIGEST_PATTERN = /^[0-9a-f]{64}$/;
const VERSION_PATTERN = /^[1-9][0-9]{0,6}$/;

/**
 * A bank pair's matching rules, on the pair's channel (see docs/matching.md). One bank proposes a version (the
 * next after the effective one), the other accepts it by naming its version and digest, so it accepts exactly the
 * rules proposed; every such transaction is endorsed by both banks' peers, as every write on a pair's channel. The
 * accepted version takes effect for every decision taken from then on and is kept, with the earlier ones, for the
 * record. A proposal replaces the open one, if any; the channel's history keeps both. The pair's two banks and
 * their regulators read them; a dry run evaluates a rule set over past payments of the pair and writes nothing.
 */
@Info({ title: 'Rules', description: 'Matching rules agreed by the two banks of a pair' })
export class RuleSetContract extends RefusingContract implements ContractImplementation<typeof TRANSACTIONS, Context> {
  constructor() {
    super(contractName(TRANSACTIONS));
  }

  protected async admit(ctx: Context): Promise<void> {
    await channelPair(ctx);
  }

  /** Proposes the next version of the pair's rule set (JSON PairRuleSet); one of the pair's two banks. */
  @Transaction()
  @Returns('string')
  async proposeRuleSet(ctx: Context, ruleSet: string): Promise<string> {
    const org = await assertMemberBankCaller(ctx, 'propose a rule set');
    const pair = await channelPair(ctx);
    assertCallerIn(ctx, pair.orgs, 'propose this bank pair\'s rule set');
    const checked = pairRuleSet(ruleSet, pair, await loadDirectory(ctx));
    const effective = await effectiveRuleSet(ctx);
    const next = (effective?.ruleSet.version ?? 0) + 1;
    if (checked.version !== next) {
      throw RefusalError.ofField('CONFLICT', 'ruleSet.version', `${checked.version} is not the next version: ${effective === undefined ? 'the pair has agreed none yet, so it is 1' : `version ${effective.ruleSet.version} is in effect, so it is ${next}`}`);
    }
    const digest = ruleSetDigest(checked);
    const open = await readRecord<RuleSetProposal>(ctx, ruleSetProposalKey());
    if (open?.digest === digest) {
      if (open.proposedBy === org) return encodeResult(TRANSACTIONS.proposeRuleSet, open);
      throw RefusalError.ofField('CONFLICT', 'ruleSet', `${open.proposedBy} has proposed these rules already: accept version ${open.ruleSet.version} with digest ${digest}`);
    }
    const proposal: RuleSetProposal = { ruleSet: checked, digest, proposedBy: org, txId: ctx.stub.getTxID(), at: txTime(ctx).iso };
    const writes = new WriteBatch();
    putRecord(writes, ctx, ruleSetProposalKey(), proposal);
    await writes.flush(ctx);
    emitRuleSetChanged(ctx, pair, 'PROPOSED', checked.version, digest, org);
    return encodeResult(TRANSACTIONS.proposeRuleSet, proposal);
  }

  /**
   * Accepts the open proposal, named by its version and digest (lower-case hex SHA-256 of its canonical JSON); the
   * pair's other bank. It takes effect at once. Accepting the effective version again changes nothing.
   */
  @Transaction()
  @Returns('string')
  async acceptRuleSet(ctx: Context, version: string, digest: string): Promise<string> {
    const org = await assertMemberBankCaller(ctx, 'accept a rule set');
    const pair = await channelPair(ctx);
    assertCallerIn(ctx, pair.orgs, 'accept this bank pair\'s rule set');
    if (!VERSION_PATTERN.test(version)) throw RefusalError.ofField('INVALID', 'version', `${show(version)} is not a rule set version (a whole number from 1)`);
    if (!DIGEST_PATTERN.test(digest)) throw RefusalError.ofField('INVALID', 'digest', `${show(digest)} is not a digest (64 lower-case hex digits)`);
    const effective = await effectiveRuleSet(ctx);
    if (effective !== undefined && effective.ruleSet.version === Number(version) && effective.digest === digest) {
      return encodeResult(TRANSACTIONS.acceptRuleSet, effective);
    }
    const open = await readRecord<RuleSetProposal>(ctx, ruleSetProposalKey());
    if (open === undefined) throw RefusalError.ofField('NOT_FOUND', 'version', 'the pair has no open rule set proposal');
    if (open.ruleSet.version !== Number(version) || open.digest !== digest) {
      throw RefusalError.ofField('CONFLICT', 'digest', `the open proposal is version ${open.ruleSet.version} with digest ${open.digest}, not version ${version} with digest ${digest}`);
    }
    if (open.proposedBy === org) {
      throw RefusalError.ofField('FORBIDDEN', 'version', `${org} proposed version ${version}: the pair's other bank accepts it`);
    }
    const now = txTime(ctx);
    const agreed: AgreedRuleSet = {
      ruleSet: open.ruleSet, digest, proposedBy: open.proposedBy, proposedTxId: open.txId, proposedAt: open.at,
      acceptedBy: org, acceptedTxId: ctx.stub.getTxID(), acceptedAt: now.iso,
    };
    const writes = new WriteBatch();
    putRecord(writes, ctx, ruleSetKey(open.ruleSet.version), agreed);
    putRecord(writes, ctx, effectiveRuleSetKey(), agreed);
    writes.delete(keyOf(ctx, ruleSetProposalKey()));
    await writes.flush(ctx);
    emitRuleSetChanged(ctx, pair, 'ACCEPTED', open.ruleSet.version, digest, org);
    return encodeResult(TRANSACTIONS.acceptRuleSet, agreed);
  }

  /** The effective rule set, the open proposal and every agreed version; the pair's banks and their regulators. */
  @Transaction(false)
  @Returns('string')
  async getRuleSets(ctx: Context): Promise<string> {
    const pair = await channelPair(ctx);
    assertCallerIn(ctx, (await loadDirectory(ctx)).pairMembers(pair), 'read this bank pair\'s rule sets');
    const versions: AgreedRuleSet[] = [];
    for await (const { value } of walk(ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.ruleSet, []))) {
      versions.push(unmarshal<AgreedRuleSet>(value));
    }
    const result: PairRuleSets = {
      pair: pair.orgs, channel: pair.channel,
      effective: (await effectiveRuleSet(ctx)) ?? null,
      proposal: (await readRecord<RuleSetProposal>(ctx, ruleSetProposalKey())) ?? null,
      versions,
    };
    return encodeResult(TRANSACTIONS.getRuleSets, result);
  }

  /**
   * What a rule set (JSON PairRuleSet of this pair, of any version) would decide for payments settling on
   * `settlementDate` (a JSON array of 1 to 500 UETRs with both sides in), against what is recorded: counts and
   * UETRs, never an amount. Evaluated on one peer, it writes nothing; the pair's banks and their regulators.
   */
  @Transaction(false)
  @Returns('string')
  async dryRunRuleSet(ctx: Context, ruleSet: string, settlementDate: string, uetrs: string): Promise<string> {
    const pair = await channelPair(ctx);
    const directory = await loadDirectory(ctx);
    assertCallerIn(ctx, directory.pairMembers(pair), 'dry-run this bank pair\'s rules');
    const checked = pairRuleSet(ruleSet, pair, directory);
    assertDate(settlementDate, 'settlementDate');
    const report = await dryRunOverPayments(ctx, pair, directory, checked, settlementDate, assertUetrList(uetrs, 'uetrs'));
    return encodeResult(TRANSACTIONS.dryRunRuleSet, report);
  }
}

/** A rule set argument validated (INVALID with every issue) and of this channel's pair (INVALID otherwise). */
function pairRuleSet(text: string, pair: BankPair, directory: Directory): PairRuleSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    throw RefusalError.ofField('INVALID', 'ruleSet', `not JSON (${(error as Error).message})`);
  }
  const validation = validatePairRuleSet(raw, directory);
  if (!validation.ok) {
    const [first] = validation.issues;
    throw new RefusalError('INVALID', validation.issues.length === 1 ? `${first.path}: ${first.reason}` : `rule set refused: ${validation.issues.length} problems`, validation.issues);
  }
  const { ruleSet } = validation;
  if (!pair.orgs.every((org) => ruleSet.pair.includes(org))) {
    throw RefusalError.ofField('INVALID', 'ruleSet.pair', `${show(ruleSet.pair)} is not this channel's pair ${pair.orgs.join(' and ')}`);
  }
  return ruleSet;
}

function emitRuleSetChanged(ctx: Context, pair: BankPair, action: RuleSetChangedEvent['action'], version: number, digest: string, org: string): void {
  const event: RuleSetChangedEvent = { action, pair: pair.orgs, version, digest, org, txId: ctx.stub.getTxID() };
  emitEvent(ctx, RULE_SET_CHANGED_EVENT, event);
}
