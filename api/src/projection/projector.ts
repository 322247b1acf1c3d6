import {
  DOCUMENT_REVOKED_EVENT, DOCUMENT_VERIFIED_EVENT, DOCUMENTS_ANCHORED_EVENT, EventOrigin, MatchDecision, PAYMENTS_CHANGED_EVENT, PaymentChange,
  PaymentStatus, PaymentsChangedEvent, isBreak,
} from '@bayrecon/common';
import { EntityManager, In } from 'typeorm';
import { PaymentStatusChange } from '../events/status-change';
import type { IntakeAudit } from '../intake/intake-audit';
import { AnchorViewEntity, PaymentEventEntity, PaymentViewEntity, VerificationViewEntity } from './projection.entities';

/** A decision's codes as the projection's `reasons` column holds them: `field:CODE`, within-tolerance codes first. */
export function reasonsOf(decision: MatchDecision | undefined): string {
  if (decision === undefined) return '';
  return [...decision.withinTolerance, ...decision.discrepancies].map(({ field, code }) => `${field}:${code}`).join(',');
}

/** One chaincode event as the projection applies it (decoded from the gateway's ChaincodeEvent). */
export interface LedgerEvent {
  /** The channel the event's block is of. */
  channel: string;
  blockNumber: number;
  transactionId: string;
  eventName: string;
  payload: unknown;
}

/**
 * Applies chaincode events to the projection tables of one org. Payments come from the org's own peer, which is on
 * the channels of the pairs the org sees and no other, so every payment event is kept. Documents are on the
 * consortium channel: a bank keeps the anchors it issued and the verifications of its documents or by it, a
 * regulator keeps every one (`keepsEveryDocument`). Every write goes through the manager of the caller's transaction.
 */
export class Projector {
  constructor(private readonly mspId: string, private readonly keepsEveryDocument: boolean, private readonly intake?: Pick<IntakeAudit, 'observe'>) {}

  /**
   * Applies one event; returns the payment status changes it made (new payments included), for the SSE stream
   * and the webhooks. Unknown event names are ignored (a newer chaincode may emit more).
   */
  async apply(manager: EntityManager, event: LedgerEvent, origin: EventOrigin): Promise<PaymentStatusChange[]> {
    switch (event.eventName) {
      case PAYMENTS_CHANGED_EVENT:
        return this.applyPayments(manager, event, event.payload as PaymentsChangedEvent, origin);
      case DOCUMENTS_ANCHORED_EVENT:
        await this.applyAnchored(manager, event, event.payload as { anchored: string[] }, origin);
        return [];
      case DOCUMENT_REVOKED_EVENT:
        await this.applyRevoked(manager, event, event.payload as { documentHash: string; changed: boolean }, origin);
        return [];
      case DOCUMENT_VERIFIED_EVENT:
        await this.applyVerified(manager, event, event.payload as { documentHash: string; result: string; verifierOrg: string }, origin);
        return [];
      default:
        return [];
    }
  }

  private async applyPayments(
    manager: EntityManager, event: LedgerEvent, payload: PaymentsChangedEvent, origin: EventOrigin,
  ): Promise<PaymentStatusChange[]> {
    if (payload.intake !== undefined) await this.intake?.observe(manager, event.channel, event.blockNumber, payload);
    // One change per UETR (the last), should a transaction ever list one twice: the audit trail keeps one row per
    // transaction and UETR, which is also what guards against applying an event twice.
    const changes = [...new Map(payload.changes.map((change) => [change.uetr, change])).values()];
    if (changes.length === 0) return [];
    const payments = manager.getRepository(PaymentViewEntity);
    const existing = new Map<string, PaymentViewEntity>();
    for (let at = 0; at < changes.length; at += 500) {
      const found = await payments.findBy({ uetr: In(changes.slice(at, at + 500).map((change) => change.uetr)) });
      for (const row of found) existing.set(row.uetr, row);
    }
    const rows: PaymentViewEntity[] = [];
    const history: Omit<PaymentEventEntity, 'id'>[] = [];
    const out: PaymentStatusChange[] = [];
    for (const change of changes) {
      const before = existing.get(change.uetr);
      // The ledger refuses a UETR another pair of either bank records, except for two new payments endorsed at the
      // same moment on two channels (see uetr-elsewhere.ts): the UETR keeps naming the payment first projected.
      if (before !== undefined && (before.debtorAgentOrg !== change.debtorAgentOrg || before.creditorAgentOrg !== change.creditorAgentOrg)) continue;
      const row = this.nextRow(before, change, event, origin);
      existing.set(change.uetr, row);
      rows.push(row);
      history.push({
        uetr: change.uetr, transaction: payload.transaction, status: change.status, previousStatus: before?.status ?? null,
        differingFields: row.differingFields, sidesPresent: row.sidesPresent, transactionId: event.transactionId,
        channel: event.channel, blockNumber: event.blockNumber, at: origin.at,
      });
      if (before?.status !== change.status) {
        out.push({
          id: `${event.transactionId}:${change.uetr}`, type: 'payment.status_changed', uetr: change.uetr,
          corridor: change.corridor, messageType: change.messageType, debtorAgentOrg: change.debtorAgentOrg,
          creditorAgentOrg: change.creditorAgentOrg, settlementDate: change.settlementDate, status: change.status,
          previousStatus: before?.status ?? null, differingFields: [...change.differingFields],
          sidesPresent: [...change.sidesPresent], transactionId: event.transactionId, blockNumber: event.blockNumber,
          at: origin.at,
        });
      }
    }
    // One INSERT ... ON CONFLICT per chunk: save() would select the rows again and update them one by one.
    for (let at = 0; at < rows.length; at += 100) {
      await payments.upsert(rows.slice(at, at + 100), ['uetr']);
      await manager.getRepository(PaymentEventEntity).insert(history.slice(at, at + 100));
    }
    return out;
  }

  private nextRow(before: PaymentViewEntity | undefined, change: PaymentChange, event: LedgerEvent, origin: EventOrigin): PaymentViewEntity {
    const wasBreak = before !== undefined && isBreak(before.status as PaymentStatus);
    const row = new PaymentViewEntity();
    Object.assign(row, {
      uetr: change.uetr,
      corridor: change.corridor,
      channel: event.channel,
      messageType: change.messageType,
      debtorAgentOrg: change.debtorAgentOrg,
      creditorAgentOrg: change.creditorAgentOrg,
      settlementDate: change.settlementDate,
      sidesPresent: change.sidesPresent.join(','),
      status: change.status,
      differingFields: change.differingFields.join(','),
      reasons: reasonsOf(change.decision),
      ruleSetVersion: change.decision?.ruleSetVersion ?? null,
      firstSeenAt: before?.firstSeenAt ?? origin.at,
      firstSeenBlock: before?.firstSeenBlock ?? event.blockNumber,
      // A break's age runs from when it first stopped being reconciled, across PENDING -> DISCREPANCY -> UNMATCHED.
      breakSince: isBreak(change.status) ? (wasBreak ? before.breakSince : origin.at) : null,
      updatedAt: origin.at,
      lastTransactionId: event.transactionId,
      lastBlockNumber: event.blockNumber,
    });
    return row;
  }

  private async applyAnchored(manager: EntityManager, event: LedgerEvent, payload: { anchored: string[] }, origin: EventOrigin): Promise<void> {
    // The issuer is the transaction's creator: the chaincode anchors for the calling org only.
    if (!this.keepsEveryDocument && origin.creatorMspId !== this.mspId) return;
    const rows = payload.anchored.map((documentHash) => ({
      documentHash, issuerOrg: origin.creatorMspId, status: 'ACTIVE' as const, anchoredAt: origin.at,
      anchoredTransactionId: event.transactionId, anchoredBlock: event.blockNumber,
      revokedAt: null, revokedTransactionId: null, revokedBlock: null,
    }));
    for (let at = 0; at < rows.length; at += 100) {
      await manager.getRepository(AnchorViewEntity).insert(rows.slice(at, at + 100));
    }
  }

  private async applyRevoked(
    manager: EntityManager, event: LedgerEvent, payload: { documentHash: string; changed: boolean }, origin: EventOrigin,
  ): Promise<void> {
    if (!payload.changed) return;
    // Only anchors in this projection (its own, or all on the regulator's) are updated; others are not ours to know.
    await manager.getRepository(AnchorViewEntity).update(
      { documentHash: payload.documentHash },
      { status: 'REVOKED', revokedAt: origin.at, revokedTransactionId: event.transactionId, revokedBlock: event.blockNumber },
    );
  }

  private async applyVerified(
    manager: EntityManager, event: LedgerEvent, payload: { documentHash: string; result: string; verifierOrg: string }, origin: EventOrigin,
  ): Promise<void> {
    const anchor = await manager.getRepository(AnchorViewEntity).findOneBy({ documentHash: payload.documentHash });
    if (!this.keepsEveryDocument && payload.verifierOrg !== this.mspId && anchor === null) return;
    await manager.getRepository(VerificationViewEntity).insert({
      transactionId: event.transactionId, documentHash: payload.documentHash, verifierOrg: payload.verifierOrg,
      issuerOrg: anchor?.issuerOrg ?? null, result: payload.result, blockNumber: event.blockNumber, at: origin.at,
    });
  }
}
