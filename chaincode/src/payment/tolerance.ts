import { Context } from 'fabric-contract-api';
import {
  Directory, DifferencesBatch, MatchDecision, MatchingRules, PaymentRecord, PaymentSide, PrivateDifference, TOLERABLE_FIELDS,
  differencesKey, evaluateSides, findingsWithoutRules, marshal,
} from '@bayrecon/common';
import { effectiveRules } from '../rules/rule-set-state';
import { keyOf } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';
import { reconcile } from './reconcile';
import { StoredSides } from './stored-sides';

/** Whether a changed record needs its decision taken (again): some field differs, or it carries an old decision. */
export function awaitsDecision(record: PaymentRecord): boolean {
  return record.differingFields.length > 0 || record.decision !== undefined || record.reevaluationRequests !== undefined;
}

/**
 * The tolerance path, on the pair's two endorsing peers. Equal commitments need nothing here (the exact path:
 * MATCHED). When the commitments of a field a rule can tolerate differ (an amount, the rate, the value date), both
 * sides' details are read (the side this transaction carries from its transient data, the other from the pair's
 * collection) and the pair's effective rule set is applied: MATCHED_WITHIN_TOLERANCE or DISCREPANCY, with a code
 * per differing field and the rule set's version in the public record, and the worked differences in the pair's
 * collection, one private value per transaction. When only fields no rule tolerates differ, or the pair has agreed
 * no rule set, the codes follow from the fields' names and nothing private is read.
 */
export class Decider {
  private rules: { value: MatchingRules | undefined } | undefined;
  private readonly differences: Record<string, PrivateDifference[]> = {};
  private readonly stored: StoredSides;

  constructor(private readonly ctx: Context, private readonly directory: Directory, collection: string) {
    this.stored = new StoredSides(ctx, collection);
  }

  /**
   * The record with its decision taken under the effective rule set and its status decided again; requests to
   * re-evaluate it are settled by it. `inHand` are sides of the payment this transaction carries.
   */
  async decided(record: PaymentRecord, inHand: readonly PaymentSide[] = []): Promise<PaymentRecord> {
    return withDecision(record, await this.decision(record, inHand));
  }

  /** The decision on the record's differing fields; undefined when a side is missing or nothing differs. */
  private async decision(record: PaymentRecord, inHand: readonly PaymentSide[]): Promise<MatchDecision | undefined> {
    if (record.sides.DEBTOR_AGENT === undefined || record.sides.CREDITOR_AGENT === undefined || record.differingFields.length === 0) {
      return undefined;
    }
    const txId = this.ctx.stub.getTxID();
    const byName: MatchDecision = { txId, withinTolerance: [], discrepancies: findingsWithoutRules(record.differingFields) };
    if (!record.differingFields.some((field) => TOLERABLE_FIELDS.includes(field))) return byName;
    const rules = await this.effectiveRules();
    if (rules === undefined) return byName;
    const { debtorSide, creditorSide } = await this.stored.both(record, inHand);
    const { shared, differences } = evaluateSides(rules, debtorSide, creditorSide);
    this.differences[record.uetr] = differences;
    return {
      ruleSetVersion: shared.ruleSetVersion, ruleSetDigest: shared.ruleSetDigest, txId,
      withinTolerance: shared.withinTolerance, discrepancies: shared.discrepancies,
    };
  }

  /** The rule set version decisions are taken under in this transaction; undefined when the pair has agreed none. */
  async effectiveRules(): Promise<MatchingRules | undefined> {
    if (this.rules === undefined) this.rules = { value: await effectiveRules(this.ctx, this.directory) };
    return this.rules.value;
  }

  /** Buffers the differences worked out in this transaction as one private value, when there are any. */
  write(writes: WriteBatch): void {
    if (Object.keys(this.differences).length === 0) return;
    const txId = this.ctx.stub.getTxID();
    const blob: DifferencesBatch = { txId, payments: this.differences };
    writes.putPrivate(this.stored.collection, keyOf(this.ctx, differencesKey(txId)), marshal(blob));
  }
}

/** The record with `decision` in place of any earlier one, its status decided again, and no pending re-evaluation requests. */
function withDecision(record: PaymentRecord, decision: MatchDecision | undefined): PaymentRecord {
  const next: PaymentRecord = { ...record };
  delete next.decision;
  delete next.reevaluationRequests;
  const reconciliation = reconcile({
    sides: record.sides, debtorAgentOrg: record.debtorAgentOrg, creditorAgentOrg: record.creditorAgentOrg,
    acceptances: record.acceptances, previousStatus: record.status, decision,
  });
  return { ...next, ...reconciliation, ...(decision === undefined ? {} : { decision }) };
}
