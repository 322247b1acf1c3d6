import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  ContractImplementation, DifferencesBatch, IntakeAnnouncement, MAX_SIDES_PER_BATCH, PAYMENTS_CHANGED_EVENT, PAYMENT_TRANSACTIONS, PaymentAgents, PaymentChange,
  PaymentDetails, PaymentRecord, PaymentSide, PaymentVersion, PaymentsChangedEvent, RefusalError, SideBatch,
  SubmitSidesSummary, TransactionDeclaration, WorkflowStep, assertDate, assertUetr, batchKey, checkText, contractName,
  differencesKey, encodeResult, parseIntake, paymentKey, unmarshal, valueOrThrow,
} from '@bayrecon/common';
import { emitEvent } from '../shared/events';
import {
  assertCallerIn, assertKnownCaller, assertMemberBankCaller, assertPageSize,
} from '../shared/guards';
import { loadDirectory } from '../directory/directory-state';
import { channelPair } from '../shared/namespace';
import { RefusingContract } from '../shared/refusing-contract';
import { isoOf, keyOf, putRecord, readPrivateRecord, readRecord, readRecords, txTime, walk } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';
import { breaksOf, pendingPage, stillPending, updateBreakIndex } from './indexes';
import { reconcile } from './reconcile';
import { reevaluate } from './reevaluation';
import { applySides, changeOf, validateBatch } from './side-batch';

/** Longest acceptance reason; it is public, so it is a short justification, not a place for details. */
const MAX_REASON_LENGTH = 500;
/** Most payments one cut-off call moves, so that no call scans without bound. */
const MAX_CUT_OFF_PAGE = 500;
const TRANSACTIONS = PAYMENT_TRANSACTIONS;

/**
 * Payment-side reconciliation between member banks.
 *
 * Each bank submits its own side of a payment (DEBTOR_AGENT or CREDITOR_AGENT) with the full details in the
 * transient map only. Public state keeps one record per UETR, key ('payment', [uetr]): who submitted which
 * side, keyed commitments per matching field, the status and the names (never values) of differing fields.
 * Details go to the private collection of the payment's bank pair as one blob per transaction.
 *
 * Concurrency: both sides of a UETR live in the one payment key, so both banks submitting the same UETR in the
 * same block collide: the later transaction fails validation with MVCC_READ_CONFLICT (nothing of it is
 * written). The API retries such a transaction; the retry reads the committed first side and reconciles. No
 * submission is lost and no UETR stays pending because of the collision. A batch is retried whole.
 *
 * Channels: the contract runs only on a bank pair's channel (`pair-<a>-<b>`), whose members are the pair's two
 * banks and their regulators, and where the chaincode's endorsement policy is AND(A.peer, B.peer) and its only
 * collection the pair's. Every change of a payment (a side, an amendment, an acceptance, a cut-off) therefore needs
 * both banks' peers, checked once per transaction. A key-level policy per payment would say the same, but Fabric evaluates it once per written key,
 * verifying every endorsement and hashing the whole response again each time: quadratic in the batch size.
 *
 * Refusals say their kind (see RefusalError in @bayrecon/common): `<path>: <reason>` for one field, a header
 * over one issue per bad side for a batch. Every transaction that writes emits exactly one `PaymentsChanged`
 * event. The transactions are declared in PAYMENT_TRANSACTIONS, which this class implements.
 */
@Info({ title: 'Payments', description: 'Confidential reconciliation of cross-border interbank payment sides' })
export class PaymentContract extends RefusingContract implements ContractImplementation<typeof TRANSACTIONS, Context> {
  constructor() {
    super(contractName(TRANSACTIONS));
  }

  /** Every payment transaction, reads included, runs on a bank pair's channel only. */
  protected async admit(ctx: Context): Promise<void> {
    await channelPair(ctx);
  }

  /**
   * Records a batch (1..500) of the caller's sides, all with the same counterparty bank. Transient: `sides`
   * (JSON array of PaymentSide) and `pairKeyProposal`. `outbox` and `acceptedSides` are what the caller's outbox
   * announces (see IntakeAnnouncement; both '' for none): carried in the event only, never written to state, so
   * that two batches of one bank never conflict over it. Returns the PaymentsChanged event's counts, without its
   * changes (see SubmitSidesSummary): read them from the event.
   */
  @Transaction()
  @Returns('string')
  async submitSides(ctx: Context, outbox: string, acceptedSides: string): Promise<string> {
    const submitter = await assertMemberBankCaller(ctx, 'submit payment sides');
    const announced = parseIntake(outbox, acceptedSides);
    const rawSides = transientJson(ctx, TRANSACTIONS.submitSides, 'sides');
    if (!Array.isArray(rawSides) || rawSides.length === 0 || rawSides.length > MAX_SIDES_PER_BATCH) {
      throw RefusalError.ofField('INVALID', 'transient sides', `expected a JSON array of 1 to ${MAX_SIDES_PER_BATCH} sides, got ${Array.isArray(rawSides) ? `${rawSides.length} sides` : typeof rawSides}`);
    }
    const sides = validateBatch(rawSides, submitter, 'sides', await loadDirectory(ctx));
    const { changes, unchanged } = await applySides(ctx, submitter, sides, 'SUBMIT', txTime(ctx), 'sides', rawSides.length);
    const intake = announced === undefined ? undefined : { org: submitter, ...announced };
    const event = emitChanges(ctx, TRANSACTIONS.submitSides.name, changes, rawSides.length, unchanged + rawSides.length - sides.length, intake);
    const summary: SubmitSidesSummary = {
      transaction: event.transaction, txId: event.txId, counts: event.counts, ...(intake === undefined ? {} : { intake }),
    };
    return encodeResult(TRANSACTIONS.submitSides, summary);
  }

  /**
   * Replaces the caller's own side of a payment and re-reconciles it; acceptances of the old discrepancy are
   * cleared and the amendment joins the trail. Transient: `side` (one PaymentSide JSON object).
   */
  @Transaction()
  @Returns('string')
  async amendSide(ctx: Context): Promise<string> {
    const submitter = await assertMemberBankCaller(ctx, 'amend a payment side');
    const rawSide = transientJson(ctx, TRANSACTIONS.amendSide, 'side');
    const sides = validateBatch([rawSide], submitter, 'side', await loadDirectory(ctx));
    const { changes, unchanged } = await applySides(ctx, submitter, sides, 'AMEND', txTime(ctx), 'side', 1);
    return encodeResult(TRANSACTIONS.amendSide, emitChanges(ctx, TRANSACTIONS.amendSide.name, changes, 1, unchanged));
  }

  /**
   * The caller's bank accepts the payment's current discrepancy; once both banks have, it is RESOLVED.
   * `reason` is public. Accepting twice is a no-op.
   */
  @Transaction()
  @Returns('string')
  async acceptDiscrepancy(ctx: Context, uetr: string, reason: string): Promise<string> {
    const org = await assertMemberBankCaller(ctx, 'accept a discrepancy');
    assertUetr(uetr);
    valueOrThrow('reason', checkText(reason, MAX_REASON_LENGTH));
    const before = await requirePayment(ctx, uetr);
    assertCallerIn(ctx, [before.debtorAgentOrg, before.creditorAgentOrg], `accept a discrepancy of payment '${uetr}'`);
    if (before.status !== 'DISCREPANCY') {
      throw RefusalError.ofField('CONFLICT', 'uetr', `payment '${uetr}' is ${before.status}; only a DISCREPANCY can be accepted`);
    }
    if (before.acceptances.some((acceptance) => acceptance.org === org)) {
      return encodeResult(TRANSACTIONS.acceptDiscrepancy, emitChanges(ctx, TRANSACTIONS.acceptDiscrepancy.name, [], 1, 1));
    }
    const now = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const acceptances = [...before.acceptances, { org, txId, at: now.iso, reason }];
    const reconciliation = reconcile({ ...before, acceptances, previousStatus: before.status });
    const trail: WorkflowStep[] = [...before.trail, { action: 'ACCEPT', org, txId, at: now.iso, reason }];
    if (reconciliation.status === 'RESOLVED') {
      trail.push({ action: 'RESOLVE', org, txId, at: now.iso });
    }
    const after: PaymentRecord = { ...before, acceptances, trail, ...reconciliation };
    const writes = new WriteBatch();
    putRecord(writes, ctx, paymentKey(uetr), after);
    updateBreakIndex(ctx, writes, before, after);
    await writes.flush(ctx);
    return encodeResult(TRANSACTIONS.acceptDiscrepancy, emitChanges(ctx, TRANSACTIONS.acceptDiscrepancy.name, [changeOf(after)], 1, 0));
  }

  /**
   * Declares UNMATCHED every PENDING_COUNTERPARTY payment settling on or before `cutOffDate`, oldest settlement
   * date first, examining at most `pageSize` (1..500, '' for 500) listed UETRs per call, so that no call's read
   * and write sets grow without bound; call again while `more` is true. Refused until the transaction time's UTC
   * date is after `cutOffDate`. It moves the payments of this pair's channel only, and only one of the pair's two
   * banks may run it (both endorse).
   */
  @Transaction()
  @Returns('string')
  async runCutOff(ctx: Context, cutOffDate: string, pageSize: string): Promise<string> {
    const org = await assertMemberBankCaller(ctx, 'run a cut-off');
    assertCallerIn(ctx, (await channelPair(ctx)).orgs, 'run the cut-off of this bank pair');
    assertDate(cutOffDate, 'cutOffDate');
    const limit = assertPageSize(pageSize, MAX_CUT_OFF_PAGE, MAX_CUT_OFF_PAGE);
    const now = txTime(ctx);
    if (now.date <= cutOffDate) {
      throw RefusalError.ofField('INVALID', 'cutOffDate', `'${cutOffDate}' has not passed yet (transaction time ${now.iso})`);
    }
    const txId = ctx.stub.getTxID();
    const writes = new WriteBatch();
    const { listed, more } = await pendingPage(ctx, writes, cutOffDate, limit);
    const records = await readRecords<PaymentRecord>(ctx, listed.map(({ uetr }) => paymentKey(uetr)));
    const changes: PaymentChange[] = [];
    const moved = new Set<string>();
    records.forEach((before, position) => {
      // An amendment that moved the date away and back lists a payment twice under one date.
      if (!stillPending(before, listed[position].settlementDate) || moved.has(before.uetr)) {
        return;
      }
      moved.add(before.uetr);
      const after: PaymentRecord = {
        ...before,
        status: 'UNMATCHED',
        trail: [...before.trail, { action: 'CUT_OFF', org, txId, at: now.iso, reason: `cut-off ${cutOffDate}` }],
      };
      putRecord(writes, ctx, paymentKey(before.uetr), after);
      updateBreakIndex(ctx, writes, before, after);
      changes.push(changeOf(after));
    });
    await writes.flush(ctx);
    return encodeResult(TRANSACTIONS.runCutOff, { ...emitChanges(ctx, TRANSACTIONS.runCutOff.name, changes, changes.length, 0), cutOffDate, more });
  }

  /**
   * The caller's bank asks that each of the given payments (a JSON array of 1 to 500 UETRs with both sides in and
   * some field differing) be decided again under the pair's effective rule set, `ruleSetVersion`. A new version
   * never rewrites a decision by itself: a payment is decided again when one of its sides changes, or here, once
   * both banks have asked for the same version, in the transaction of the second. Asking again, or for a payment
   * already decided under that version, changes nothing. See reevaluation.ts.
   */
  @Transaction()
  @Returns('string')
  async requestReevaluation(ctx: Context, uetrs: string, ruleSetVersion: string): Promise<string> {
    const org = await assertMemberBankCaller(ctx, 'ask for a re-evaluation');
    const pair = await channelPair(ctx);
    assertCallerIn(ctx, pair.orgs, 'ask for a re-evaluation of this bank pair\'s payments');
    const { changes, unchanged, received } = await reevaluate(ctx, org, pair, uetrs, ruleSetVersion);
    return encodeResult(TRANSACTIONS.requestReevaluation, emitChanges(ctx, TRANSACTIONS.requestReevaluation.name, changes, received, unchanged));
  }

  /**
   * The agent banks of each of the given UETRs (a JSON array of at most 500) that this pair's channel records, by
   * UETR; any member of the channel.
   */
  @Transaction(false)
  @Returns('string')
  async findPayments(ctx: Context, uetrs: string): Promise<string> {
    await assertKnownCaller(ctx, 'read payments');
    const parsed = parseJsonArgument(uetrs, 'uetrs');
    if (!Array.isArray(parsed) || parsed.length > MAX_SIDES_PER_BATCH || !parsed.every((uetr) => typeof uetr === 'string')) {
      throw RefusalError.ofField('INVALID', 'uetrs', `expected a JSON array of at most ${MAX_SIDES_PER_BATCH} UETRs`);
    }
    const records = await readRecords<PaymentRecord>(ctx, parsed.map((uetr: string) => paymentKey(uetr)));
    const found: Record<string, PaymentAgents> = {};
    records.forEach((record) => {
      if (record !== undefined) found[record.uetr] = { debtorAgentOrg: record.debtorAgentOrg, creditorAgentOrg: record.creditorAgentOrg };
    });
    return encodeResult(TRANSACTIONS.findPayments, found);
  }

  /**
   * Which of the given UETRs (a JSON array of at most 500) this pair's channel records, and nothing else of them:
   * what another pair's endorsement asks, on a peer of a bank in both pairs (see uetr-elsewhere.ts).
   */
  @Transaction(false)
  @Returns('string')
  async uetrsTaken(ctx: Context, uetrs: string): Promise<string> {
    const parsed = parseJsonArgument(uetrs, 'uetrs');
    if (!Array.isArray(parsed) || parsed.length > MAX_SIDES_PER_BATCH || !parsed.every((uetr) => typeof uetr === 'string')) {
      throw RefusalError.ofField('INVALID', 'uetrs', `expected a JSON array of at most ${MAX_SIDES_PER_BATCH} UETRs`);
    }
    const records = await readRecords<PaymentRecord>(ctx, parsed.map((uetr: string) => paymentKey(uetr)));
    return encodeResult(TRANSACTIONS.uetrsTaken, parsed.filter((_, index) => records[index] !== undefined));
  }

  /** The public record of a payment (statuses, commitments, differing field names, trail); any member. */
  @Transaction(false)
  @Returns('string')
  async getPayment(ctx: Context, uetr: string): Promise<string> {
    await assertKnownCaller(ctx, 'read payments');
    assertUetr(uetr);
    return encodeResult(TRANSACTIONS.getPayment, await requirePayment(ctx, uetr));
  }

  /** Both sides' full details from the pair collection; the payment's two banks and the regulator only. */
  @Transaction(false)
  @Returns('string')
  async getPaymentDetails(ctx: Context, uetr: string): Promise<string> {
    assertUetr(uetr);
    const record = await requirePayment(ctx, uetr);
    const pair = await channelPair(ctx);
    assertCallerIn(ctx, (await loadDirectory(ctx)).pairMembers(pair), `read the details of payment '${uetr}'`);
    const collection = pair.collection;
    const details: PaymentDetails = { uetr, collection, sides: {} };
    for (const sideName of ['DEBTOR_AGENT', 'CREDITOR_AGENT'] as const) {
      const publicSide = record.sides[sideName];
      if (publicSide === undefined) {
        continue;
      }
      // Each bank submits only its own side, so the two sides always come from different batch blobs.
      const batch = await readPrivateRecord<SideBatch>(ctx, collection, keyOf(ctx, batchKey(publicSide.txId)));
      const side: PaymentSide | undefined = batch?.sides[publicSide.detailsIndex];
      if (side === undefined) {
        throw new Error(`the ${sideName} details of payment '${uetr}' are missing from ${collection} on this peer (not yet disseminated?)`);
      }
      details.sides[sideName] = side;
    }
    if (record.decision?.ruleSetVersion !== undefined) {
      const blob = await readPrivateRecord<DifferencesBatch>(ctx, collection, keyOf(ctx, differencesKey(record.decision.txId)));
      const differences = blob?.payments[uetr];
      if (differences === undefined) {
        throw new Error(`the differences behind payment '${uetr}''s decision are missing from ${collection} on this peer (not yet disseminated?)`);
      }
      details.differences = differences;
    }
    return encodeResult(TRANSACTIONS.getPaymentDetails, details);
  }

  /**
   * Every committed version of the payment's public record, as the peer's history returns them (newest first on
   * Fabric 2 and later); the payment's two banks and the regulator only.
   */
  @Transaction(false)
  @Returns('string')
  async getPaymentHistory(ctx: Context, uetr: string): Promise<string> {
    assertUetr(uetr);
    const record = await requirePayment(ctx, uetr);
    assertCallerIn(ctx, (await loadDirectory(ctx)).pairMembers(await channelPair(ctx)), `read the history of payment '${uetr}'`);
    const versions: PaymentVersion[] = [];
    for await (const { txId, isDelete, value, timestamp } of walk(ctx.stub.getHistoryForKey(keyOf(ctx, paymentKey(uetr))))) {
      versions.push({ txId, at: isoOf(timestamp), isDelete, ...(isDelete ? {} : { record: unmarshal<PaymentRecord>(value) }) });
    }
    return encodeResult(TRANSACTIONS.getPaymentHistory, { uetr, versions });
  }

  /**
   * The breaks (PENDING_COUNTERPARTY, DISCREPANCY, UNMATCHED) of a corridor ('SZ->HK') settling on a date, by
   * UETR (see breaksOf); the regulator and the corridor's two banks only.
   */
  @Transaction(false)
  @Returns('string')
  async listBreaks(ctx: Context, corridor: string, settlementDate: string): Promise<string> {
    const pair = await channelPair(ctx);
    const directory = await loadDirectory(ctx);
    const corridors = [directory.corridorOf(pair.orgs[0], pair.orgs[1]), directory.corridorOf(pair.orgs[1], pair.orgs[0])];
    if (!corridors.includes(corridor)) {
      throw RefusalError.ofField('INVALID', 'corridor', `'${corridor}' is not a corridor of this pair's channel (${corridors.join(', ')})`);
    }
    assertDate(settlementDate, 'settlementDate');
    assertCallerIn(ctx, directory.pairMembers(pair), `list the breaks of corridor ${corridor}`);
    return encodeResult(TRANSACTIONS.listBreaks, { corridor, settlementDate, breaks: await breaksOf(ctx, corridor, settlementDate) });
  }
}

/** A JSON field of the transaction's transient map, as the transaction's declaration names it. */
function transientJson<T extends TransactionDeclaration>(ctx: Context, _transaction: T, field: T['transient'][number]): unknown {
  const bytes = ctx.stub.getTransient().get(field);
  if (bytes === undefined || bytes.length === 0) {
    throw RefusalError.ofField('INVALID', `transient ${field}`, 'missing (payment details travel in the transient map, never in arguments)');
  }
  return parseJsonArgument(Buffer.from(bytes).toString('utf8'), `transient ${field}`);
}

function parseJsonArgument(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw RefusalError.ofField('INVALID', path, `not JSON (${(error as Error).message})`);
  }
}

async function requirePayment(ctx: Context, uetr: string): Promise<PaymentRecord> {
  const record = await readRecord<PaymentRecord>(ctx, paymentKey(uetr));
  if (record === undefined) {
    throw RefusalError.ofField('NOT_FOUND', 'uetr', `no payment recorded for '${uetr}'`);
  }
  return record;
}

/** Emits the transaction's one PaymentsChanged event and returns the same summary (the result). */
function emitChanges(
  ctx: Context, transaction: string, changes: PaymentChange[], received: number, unchanged: number, intake?: IntakeAnnouncement,
): PaymentsChangedEvent {
  const event: PaymentsChangedEvent = {
    transaction,
    txId: ctx.stub.getTxID(),
    changes,
    counts: { received, changed: changes.length, unchanged },
    ...(intake === undefined ? {} : { intake }),
  };
  emitEvent(ctx, PAYMENTS_CHANGED_EVENT, event);
  return event;
}
