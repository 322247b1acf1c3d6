import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** What the SSE stream and the webhooks carry: one payment's status after a transaction that changed it. */
export interface PaymentStatusChange {
  /** `<transactionId>:<uetr>`: unique per change, for receivers to deduplicate. */
  id: string;
  type: 'payment.status_changed';
  uetr: string;
  corridor: string;
  messageType: string;
  debtorAgentOrg: string;
  creditorAgentOrg: string;
  settlementDate: string;
  status: string;
  /** Null when the transaction created the payment. */
  previousStatus: string | null;
  differingFields: string[];
  sidesPresent: string[];
  transactionId: string;
  blockNumber: number;
  /** The transaction's timestamp (ledger time). */
  at: string;
}

/** In-process fan-out of status changes to the open SSE streams, fed by the projection after each commit. */
@Injectable()
export class StatusFeed {
  private readonly subject = new Subject<PaymentStatusChange>();

  publish(changes: readonly PaymentStatusChange[]): void {
    for (const change of changes) this.subject.next(change);
  }

  get changes(): Observable<PaymentStatusChange> {
    return this.subject.asObservable();
  }
}
