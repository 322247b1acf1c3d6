import { Context } from 'fabric-contract-api';
import {
  BankPair, Directory, DryRunCase, DryRunReport, PairRuleSet, PaymentRecord, RECORDED_STATUSES, RecordedStatus, RefusalError,
  ValidationIssue, batchRefusal, dryRunRuleSet, paymentKey, prepareMatchingRules, show,
} from '@bayrecon/common';
import { StoredSides } from '../payment/stored-sides';
import { readRecords } from '../shared/state';

/**
 * A dry run of a rule set over payments of the pair settling on one date, on the evaluating peer: their records and
 * both sides' details from the pair's collection, through the same evaluation the tolerance path runs. A MATCHED
 * payment's sides are equal, which every rule set matches, so its details are not read: it counts as evaluated and
 * unchanged.
 *
 * @throws INVALID naming each UETR that is no payment of the pair settling on the date with both sides in.
 */
export async function dryRunOverPayments(
  ctx: Context, pair: BankPair, directory: Directory, ruleSet: PairRuleSet, settlementDate: string, uetrs: readonly string[],
): Promise<DryRunReport> {
  const records = await readRecords<PaymentRecord>(ctx, uetrs.map((uetr) => paymentKey(uetr)));
  const issues: ValidationIssue[] = [];
  records.forEach((record, index) => {
    const path = `uetrs[${index}]`;
    if (record === undefined) {
      issues.push({ path, reason: `no payment recorded for ${show(uetrs[index])} on this pair's channel` });
    } else if (record.settlementDate !== settlementDate) {
      issues.push({ path, reason: `payment ${show(record.uetr)} settles on ${record.settlementDate}, not ${settlementDate}` });
    } else if (!(RECORDED_STATUSES as readonly string[]).includes(record.status)) {
      issues.push({ path, reason: `payment ${show(record.uetr)} is ${record.status}: only a payment with both sides in has a decision to compare` });
    }
  });
  if (issues.length > 0) throw batchRefusal('INVALID', 'UETRs', uetrs.length, issues);
  const stored = new StoredSides(ctx, pair.collection);
  const cases: DryRunCase[] = [];
  let exact = 0;
  for (const record of records as PaymentRecord[]) {
    if (record.status === 'MATCHED') {
      exact += 1;
      continue;
    }
    cases.push({
      uetr: record.uetr, ...await stored.both(record), recordedStatus: record.status as RecordedStatus,
      ...(record.decision === undefined ? {} : { recordedDiscrepancies: record.decision.discrepancies }),
    });
  }
  const result = dryRunRuleSet(prepareMatchingRules(ruleSet, directory), cases, 'uetrs');
  if (!result.ok) throw new RefusalError('INVALID', 'the recorded sides cannot be evaluated together', result.issues);
  return { ...result.report, evaluated: result.report.evaluated + exact, unchanged: result.report.unchanged + exact };
}
