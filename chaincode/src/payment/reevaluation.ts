import { Context } from 'fabric-contract-api';
import {
  BankPair, PaymentChange, PaymentRecord, RefusalError, ValidationIssue, batchRefusal, paymentKey, show,
} from '@bayrecon/common';
import { loadDirectory } from '../directory/directory-state';
import { putRecord, readRecords, txTime } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';
import { assertUetrList } from '../shared/uetr-list';
import { updateBreakIndex } from './indexes';
import { changeOf } from './side-batch';
import { Decider } from './tolerance';

const VERSION_PATTERN = /^[1-9][0-9]{0,6}$/;

/**
 * Re-evaluation of payments under a newer rule set, which both banks must ask for. Each bank asks with a
 * transaction of its own client (as each accepts a discrepancy), so neither can have the other's past decisions
 * rewritten: the first request is recorded on the payment, and the second bank's request for the same version
 * decides it again, in the same transaction. A request names the version it is for and must name the effective
 * one, so both banks knowingly ask for the same rules; a request for an older version never counts. Acceptances
 * of a discrepancy stay: a payment both banks accepted stays RESOLVED unless the new rules match it.
 */
export async function reevaluate(
  ctx: Context, org: string, pair: BankPair, uetrsText: string, versionText: string,
): Promise<{ changes: PaymentChange[]; unchanged: number; received: number }> {
  const uetrs = assertUetrList(uetrsText, 'uetrs');
  if (!VERSION_PATTERN.test(versionText)) {
    throw RefusalError.ofField('INVALID', 'ruleSetVersion', `${show(versionText)} is not a rule set version (a whole number from 1)`);
  }
  const version = Number(versionText);
  const decider = new Decider(ctx, await loadDirectory(ctx), pair.collection);
  const rules = await decider.effectiveRules();
  if (rules === undefined) throw RefusalError.ofField('CONFLICT', 'ruleSetVersion', 'the pair has agreed no rule set yet');
  if (rules.ruleSet.version !== version) {
    throw RefusalError.ofField('CONFLICT', 'ruleSetVersion', `version ${version} is not the pair's effective rule set, version ${rules.ruleSet.version}`);
  }
  const records = await readRecords<PaymentRecord>(ctx, uetrs.map((uetr) => paymentKey(uetr)));
  const issues: ValidationIssue[] = [];
  records.forEach((record, index) => {
    const path = `uetrs[${index}]`;
    if (record === undefined) {
      issues.push({ path, reason: `no payment recorded for ${show(uetrs[index])} on this pair's channel` });
    } else if (record.sides.DEBTOR_AGENT === undefined || record.sides.CREDITOR_AGENT === undefined) {
      issues.push({ path, reason: `payment ${show(record.uetr)} is ${record.status} with one side: there is nothing to evaluate` });
    } else if (record.differingFields.length === 0) {
      issues.push({ path, reason: `payment ${show(record.uetr)} is MATCHED: its sides are equal and no rule applies to them` });
    }
  });
  if (issues.length > 0) throw batchRefusal('CONFLICT', 'UETRs', uetrs.length, issues);

  const now = txTime(ctx);
  const txId = ctx.stub.getTxID();
  const step = { org, txId, at: now.iso, reason: `rule set version ${version}` };
  const writes = new WriteBatch();
  const changes: PaymentChange[] = [];
  let unchanged = 0;
  for (const before of records as PaymentRecord[]) {
    const requests = before.reevaluationRequests ?? [];
    const asked = (by: string) => requests.some((request) => request.org === by && request.ruleSetVersion === version);
    if (before.decision?.ruleSetVersion === version || asked(org)) {
      unchanged += 1;
      continue;
    }
    const after: PaymentRecord = pair.orgs.some((other) => other !== org && asked(other))
      ? { ...await decider.decided(before), trail: [...before.trail, { action: 'REEVALUATE', ...step }] }
      : {
        ...before,
        reevaluationRequests: [...requests.filter((request) => request.org !== org), { org, ruleSetVersion: version, txId, at: now.iso }],
        trail: [...before.trail, { action: 'REEVALUATION_REQUEST', ...step }],
      };
    putRecord(writes, ctx, paymentKey(after.uetr), after);
    updateBreakIndex(ctx, writes, before, after);
    changes.push(changeOf(after));
  }
  decider.write(writes);
  await writes.flush(ctx);
  return { changes, unchanged, received: uetrs.length };
}
