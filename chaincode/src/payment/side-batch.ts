import { Context } from 'fabric-contract-api';
import {
  PaymentChange, SIDES, PaymentRecord, PaymentSide, PublicSide, SideBatch, ValidationIssue,
  Directory, agentOrgsOf, batchKey, batchRefusal, canonicalJson, paymentKey, show, validatePaymentSide,
} from '@bayrecon/common';
import { loadDirectory } from '../directory/directory-state';
import { assertPairChannel } from '../shared/namespace';
import { TxTime, keyOf, putRecord, readRecords } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';
import { commitSide } from './commitments';
import { needsPendingEntry, putPendingEntries, updateBreakIndex } from './indexes';
import { resolvePairKey, storePairKey } from './pair-key';
import { reconcile } from './reconcile';
import { Decider, awaitsDecision } from './tolerance';
import { uetrsRecordedElsewhere } from './uetr-elsewhere';

export type SideMode = 'SUBMIT' | 'AMEND';

/** Sides of one batch after validation: each distinct side once, with its index in the batch and its canonical JSON. */
interface DistinctSide {
  index: number;
  side: PaymentSide;
  canonical: string;
}

/** A decided change to one payment, written only once every side of the batch has been decided. */
interface PlannedWrite {
  before: PaymentRecord | undefined;
  after: PaymentRecord;
  side: PaymentSide;
}

/**
 * Validates a batch, then refuses it whole (INVALID) if any side is bad: field errors, a counterparty other than
 * the first side's (one batch is one bank pair, because transient data reaches every endorser of the batch), or
 * the same UETR twice with different content. The same UETR twice with identical content is kept once.
 */
export function validateBatch(rawSides: readonly unknown[], submitter: string, label: string, directory: Directory): DistinctSide[] {
  const issues: ValidationIssue[] = [];
  const distinct: DistinctSide[] = [];
  const firstByUetr = new Map<string, { index: number; canonical: string }>();
  let pair: { counterpartyOrg: string; index: number } | undefined;
  rawSides.forEach((raw, index) => {
    const path = `${label}[${index}]`;
    const validation = validatePaymentSide(raw, submitter, path, directory);
    if (!validation.ok) {
      issues.push(...validation.issues);
      return;
    }
    const side = validation.side;
    if (pair === undefined) {
      pair = { counterpartyOrg: side.counterpartyOrg, index };
    } else if (side.counterpartyOrg !== pair.counterpartyOrg) {
      issues.push({
        path: `${path}.counterpartyOrg`,
        reason: `${show(side.counterpartyOrg)} differs from ${show(pair.counterpartyOrg)} at ${label}[${pair.index}]: one batch carries one bank pair, or its details would reach a third bank's peer`,
      });
      return;
    }
    const canonical = canonicalJson(side);
    const first = firstByUetr.get(side.uetr);
    if (first === undefined) {
      firstByUetr.set(side.uetr, { index, canonical });
      distinct.push({ index, side, canonical });
    } else if (first.canonical !== canonical) {
      issues.push({ path: `${path}.uetr`, reason: `${show(side.uetr)} is also at ${label}[${first.index}] with different content` });
    }
  });
  if (issues.length > 0) {
    throw batchRefusal('INVALID', 'sides', rawSides.length, issues);
  }
  return distinct;
}

/**
 * Records (SUBMIT) or replaces (AMEND) the submitter's sides and re-reconciles each payment. Reads every side's
 * payment key in one round trip; writes, in one more, the payment keys, their break index entries when the
 * status moves, one pending index entry per settlement date and corridor for the payments left pending, and one
 * private blob with every changed side of the batch. A payment whose two sides differ takes the tolerance path
 * (see Decider), which reads more only for the fields a rule can tolerate. Refuses the batch whole (CONFLICT) when any side
 * conflicts with the ledger (listing every conflict), and then writes nothing.
 */
export async function applySides(
  ctx: Context, submitter: string, sides: DistinctSide[], mode: SideMode, now: TxTime, label: string, received: number,
): Promise<{ changes: PaymentChange[]; unchanged: number }> {
  const pair = await assertPairChannel(ctx, submitter, sides[0].side.counterpartyOrg, label);
  const directory = await loadDirectory(ctx);
  const collection = pair.collection;
  const pairKey = await resolvePairKey(ctx, collection);
  const txId = ctx.stub.getTxID();
  const issues: ValidationIssue[] = [];
  const plans: PlannedWrite[] = [];
  const newPayments: { uetr: string; path: string }[] = [];
  const changedSides: string[] = [];
  let unchanged = 0;

  const recorded = await readRecords<PaymentRecord>(ctx, sides.map(({ side }) => paymentKey(side.uetr)));
  for (const [position, { index, side, canonical }] of sides.entries()) {
    const path = `${label}[${index}]`;
    const before = recorded[position];
    const orgs = agentOrgsOf(side, submitter);
    const commitments = commitSide(pairKey.key, side, canonical);
    const existing = before?.sides[side.side];
    if (before !== undefined && (before.debtorAgentOrg !== orgs.debtorAgentOrg || before.creditorAgentOrg !== orgs.creditorAgentOrg)) {
      issues.push({
        path: `${path}.uetr`,
        reason: `${show(side.uetr)} is recorded with debtor agent ${before.debtorAgentOrg} and creditor agent ${before.creditorAgentOrg}; this ${side.side} side from ${submitter} names ${orgs.debtorAgentOrg} and ${orgs.creditorAgentOrg}`,
      });
      continue;
    }
    if (mode === 'SUBMIT' && existing !== undefined && existing.sideCommitment !== commitments.sideCommitment) {
      issues.push({ path, reason: `the ${side.side} side of ${show(side.uetr)} is already recorded with different content: use amendSide` });
      continue;
    }
    if (mode === 'AMEND' && existing === undefined) {
      issues.push({ path, reason: `there is no ${side.side} side of ${show(side.uetr)} to amend: use submitSides` });
      continue;
    }
    if (existing !== undefined && existing.sideCommitment === commitments.sideCommitment) {
      unchanged += 1;
      continue;
    }
    const publicSide: PublicSide = {
      detailsIndex: changedSides.length,
      fieldCommitments: commitments.fieldCommitments,
      sideCommitment: commitments.sideCommitment,
      submittedAt: now.iso,
      submittedBy: submitter,
      txId,
    };
    changedSides.push(canonical);
    plans.push({ before, after: nextRecord(directory, before, side, publicSide, submitter, mode, txId, now), side });
    if (before === undefined) newPayments.push({ uetr: side.uetr, path });
  }
  issues.push(...await uetrsRecordedElsewhere(ctx, directory, pair, newPayments));
  if (issues.length > 0) {
    throw batchRefusal('CONFLICT', 'sides', received, issues);
  }

  const decider = new Decider(ctx, directory, collection);
  for (const plan of plans) {
    if (awaitsDecision(plan.after)) plan.after = await decider.decided(plan.after, [plan.side]);
  }
  const writes = new WriteBatch();
  decider.write(writes);
  if (changedSides.length > 0) {
    storePairKey(writes, collection, pairKey);
    writes.putPrivate(collection, keyOf(ctx, batchKey(txId)), Buffer.from(sideBatchJson(txId, submitter, changedSides), 'utf8'));
  }
  for (const { before, after } of plans) {
    putRecord(writes, ctx, paymentKey(after.uetr), after);
    updateBreakIndex(ctx, writes, before, after);
  }
  putPendingEntries(ctx, writes, plans.filter(({ before, after }) => needsPendingEntry(before, after)).map(({ after }) => after));
  await writes.flush(ctx);
  return { changes: plans.map(({ after }) => changeOf(after)), unchanged };
}

/**
 * canonicalJson of the SideBatch {txId, submittedBy, sides}, written around the sides' canonical JSON that
 * validation has already produced rather than serialising 500 sides a second time.
 */
export function sideBatchJson(txId: string, submittedBy: string, canonicalSides: readonly string[]): string {
  return `{"sides":[${canonicalSides.join(',')}],"submittedBy":${JSON.stringify(submittedBy)},"txId":${JSON.stringify(txId)}}`;
}

function nextRecord(
  directory: Directory, before: PaymentRecord | undefined, side: PaymentSide, publicSide: PublicSide, submitter: string, mode: SideMode,
  txId: string, now: TxTime,
): PaymentRecord {
  const orgs = agentOrgsOf(side, submitter);
  // Built in canonical key order (as a record read back from the ledger is), so it is written natively.
  const base: PaymentRecord = before ?? {
    acceptances: [],
    corridor: directory.corridorOf(orgs.debtorAgentOrg, orgs.creditorAgentOrg),
    creditorAgentOrg: orgs.creditorAgentOrg,
    debtorAgentOrg: orgs.debtorAgentOrg,
    differingFields: [],
    messageType: side.messageType,
    settlementDate: side.interbankSettlementDate,
    sides: {},
    status: 'PENDING_COUNTERPARTY',
    trail: [],
    uetr: side.uetr,
  };
  const present: PaymentRecord['sides'] = { ...base.sides, [side.side]: publicSide };
  // Rebuilt in key order, CREDITOR_AGENT first, whichever side came first.
  const { CREDITOR_AGENT, DEBTOR_AGENT } = present;
  const sides: PaymentRecord['sides'] = { ...(CREDITOR_AGENT && { CREDITOR_AGENT }), ...(DEBTOR_AGENT && { DEBTOR_AGENT }) };
  const step = { at: now.iso, org: submitter, side: side.side, txId };
  const trail = mode === 'AMEND'
    ? [...base.trail, { action: 'AMEND' as const, ...step }]
    : before?.status === 'UNMATCHED' ? [...base.trail, { action: 'LATE_SIDE' as const, ...step }] : base.trail;
  // A new or amended side changes what was accepted: earlier acceptances no longer apply.
  const acceptances = mode === 'AMEND' ? [] : base.acceptances;
  const settlementDate = side.side === 'DEBTOR_AGENT' || sides.DEBTOR_AGENT === undefined
    ? side.interbankSettlementDate
    : base.settlementDate;
  const reconciliation = reconcile({
    sides, debtorAgentOrg: base.debtorAgentOrg, creditorAgentOrg: base.creditorAgentOrg, acceptances, previousStatus: before?.status,
  });
  return { ...base, sides, acceptances, trail, settlementDate, ...reconciliation };
}

/** The event entry for a payment's new state. */
export function changeOf(record: PaymentRecord): PaymentChange {
  return {
    corridor: record.corridor,
    creditorAgentOrg: record.creditorAgentOrg,
    debtorAgentOrg: record.debtorAgentOrg,
    ...(record.decision === undefined ? {} : { decision: record.decision }),
    differingFields: record.differingFields,
    messageType: record.messageType,
    settlementDate: record.settlementDate,
    sidesPresent: SIDES.filter((name) => record.sides[name] !== undefined),
    status: record.status,
    uetr: record.uetr,
  };
}
