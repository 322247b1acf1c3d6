import { Inject, Injectable } from '@nestjs/common';
import { PaymentDetails, PaymentsChangedEvent, checkUetr, validatePaymentSide } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { ForbiddenError, InvalidInputError } from '../errors/domain-errors';
import { LedgerClient, SubmitResult } from '../fabric/ledger-client';
import { locatePayment, locateRecordedPayment } from '../fabric/payment-locator';
import { submitRetryingConflicts } from '../fabric/submit-retrying';
import { Submitted } from '../fabric/typed-contract';
import { IngestRecordsService } from '../ingest/ingest-records.service';
import { CutOffResultDto, PaymentsChangedDto, PaymentViewDto } from './reconcile.dto';

/** A cut-off moves at most 500 payments per transaction; this bounds one request at 500,000. */
const MAX_CUT_OFF_PAGES = 1_000;

function assertUetrParam(uetr: string): string {
  const checked = checkUetr(uetr);
  if (!checked.ok) throw new InvalidInputError(`uetr: ${checked.reason}`, [{ path: 'uetr', reason: checked.reason }]);
  return checked.value;
}

/**
 * Working a payment's reconciliation as this bank: read it (with both sides' details for a party to it), amend
 * the bank's own side, accept a discrepancy, run the cut-off. Every write is synchronous: the answer carries the
 * committed transaction's id, or the ledger's refusal with it (its status follows the refusal's kind).
 */
@Injectable()
export class ReconcileService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerClient,
    private readonly records: IngestRecordsService,
    private readonly directory: MemberDirectoryService,
  ) {}

  private get org(): string {
    return this.config.fabric.mspId;
  }

  /** The public record, plus both sides' details when this bank is one of the payment's two banks. */
  async payment(rawUetr: string): Promise<PaymentViewDto> {
    const uetr = assertUetrParam(rawUetr);
    const { payments, record: payment } = await locateRecordedPayment(this.ledger, this.directory.current(), uetr);
    const party = payment.debtorAgentOrg === this.org || payment.creditorAgentOrg === this.org;
    const details: PaymentDetails | undefined = party ? await payments.getPaymentDetails(uetr) : undefined;
    const linked = await this.records.forUetr(uetr);
    return {
      payment,
      ...(details === undefined ? {} : { details }),
      statusReports: linked.statusReports,
      statementEntries: linked.statementEntries,
    };
  }

  /** Replaces this bank's own side of the payment and re-reconciles it. */
  async amend(rawUetr: string, body: unknown): Promise<PaymentsChangedDto> {
    const uetr = assertUetrParam(rawUetr);
    const validation = validatePaymentSide(body, this.org, 'side', this.directory.current());
    if (!validation.ok) throw new InvalidInputError(`the side is refused: ${validation.issues.length} problem(s)`, validation.issues);
    const side = validation.side;
    if (side.uetr !== uetr) {
      throw new InvalidInputError(`side.uetr '${side.uetr}' is not the UETR of the path`, [{ path: 'side.uetr', reason: `differs from ${uetr} in the path` }]);
    }
    const payments = this.ledger.payments(this.org, side.counterpartyOrg);
    return summary(await submitRetryingConflicts(() => payments.amendSide(side)));
  }

  /** This bank accepts the payment's current discrepancy; RESOLVED once both banks have. */
  async accept(rawUetr: string, reason: string): Promise<PaymentsChangedDto> {
    const uetr = assertUetrParam(rawUetr);
    const { payments, record: payment } = await locatePayment(this.ledger, this.directory.current(), uetr);
    if (payment.debtorAgentOrg !== this.org && payment.creditorAgentOrg !== this.org) {
      throw new ForbiddenError(`${this.org} is not a bank of payment '${uetr}'`);
    }
    return summary(await submitRetryingConflicts(() => payments.acceptDiscrepancy(uetr, reason)));
  }

  /**
   * Declares UNMATCHED every payment still waiting for its counterparty's side that settles on or before the
   * date, page by page, on the channel of each bank pair this bank belongs to, endorsed by that pair.
   */
  async cutOff(cutOffDate: string): Promise<CutOffResultDto> {
    const outcome: CutOffResultDto = { cutOffDate, moved: 0, transactionIds: [], changes: [] };
    for (const { orgs } of this.directory.current().bankPairsOf(this.org)) {
      const payments = this.ledger.payments(orgs[0], orgs[1]);
      for (let page = 0; page < MAX_CUT_OFF_PAGES; page += 1) {
        const { commit, result } = await submitRetryingConflicts(() => payments.runCutOff(cutOffDate));
        outcome.transactionIds.push(commit.transactionId);
        outcome.moved += result.changes.length;
        outcome.changes.push(...result.changes);
        if (!result.more) break;
      }
    }
    return outcome;
  }
}

function summary({ commit, result }: Submitted<PaymentsChangedEvent, SubmitResult>): PaymentsChangedDto {
  return {
    transaction: result.transaction, transactionId: commit.transactionId, blockNumber: commit.blockNumber.toString(),
    changes: result.changes, counts: result.counts,
  };
}
