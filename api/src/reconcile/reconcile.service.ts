import { Inject, Injectable } from '@nestjs/common';
import {
  PaymentDetails, PaymentsChangedEvent, TRANSIENT_FIELDS, bankPairsOf, canonicalJson, checkUetr, pairChaincode,
  paymentEndorsingOrgs, validatePaymentSide,
} from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ForbiddenError, InvalidInputError, LedgerRefusedError } from '../errors/domain-errors';
import { LedgerClient, SubmitRequest, SubmitResult } from '../fabric/ledger-client';
import { LocatedPayment, locatePayment } from '../fabric/payment-locator';
import { submitRetryingConflicts } from '../fabric/submit-retrying';
import { IngestRecordsService } from '../ingest/ingest-records.service';
import { CutOffResultDto, PaymentsChangedDto, PaymentViewDto } from './reconcile.dto';

/** A cut-off moves at most 500 payments per transaction; this bounds one request at 500,000. */
const MAX_CUT_OFF_PAGES = 1_000;

function assertUetrParam(uetr: string): string {
  const checked = checkUetr(uetr);
  if (!checked.ok) throw new InvalidInputError(`uetr: ${checked.reason}`, [{ path: 'uetr', reason: checked.reason }]);
  return checked.value;
}

/** The chaincode's "not allowed" refusal of a read, as 403. */
function readRefusal(error: unknown): unknown {
  return error instanceof LedgerRefusedError && /cannot read/.test(error.message) ? new ForbiddenError(error.message) : error;
}

/**
 * Working a payment's reconciliation as this bank: read it (with both sides' details for a party to it), amend
 * the bank's own side, accept a discrepancy, run the cut-off. Every write is synchronous: the answer carries the
 * committed transaction's id, or the ledger's refusal (422) with it.
 */
@Injectable()
export class ReconcileService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerClient,
    private readonly records: IngestRecordsService,
  ) {}

  private get org(): string {
    return this.config.fabric.mspId;
  }

  /** The public record, plus both sides' details when this bank is one of the payment's two banks. */
  async payment(rawUetr: string): Promise<PaymentViewDto> {
    const uetr = assertUetrParam(rawUetr);
    const { chaincode, record: payment } = await this.locate(uetr);
    const party = payment.debtorAgentOrg === this.org || payment.creditorAgentOrg === this.org;
    let details: PaymentDetails | undefined;
    if (party) {
      try {
        details = JSON.parse(await this.ledger.evaluate('payment:getPaymentDetails', [uetr], chaincode)) as PaymentDetails;
      } catch (error) {
        throw readRefusal(error);
      }
    }
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
    const validation = validatePaymentSide(body, this.org, 'side');
    if (!validation.ok) throw new InvalidInputError(`the side is refused: ${validation.issues.length} problem(s)`, validation.issues);
    const side = validation.side;
    if (side.uetr !== uetr) {
      throw new InvalidInputError(`side.uetr '${side.uetr}' is not the UETR of the path`, [{ path: 'side.uetr', reason: `differs from ${uetr} in the path` }]);
    }
    const result = await this.submit('payment:amendSide', {
      chaincode: pairChaincode(this.org, side.counterpartyOrg),
      transientData: { [TRANSIENT_FIELDS.side]: canonicalJson(side) },
      endorsingOrganizations: paymentEndorsingOrgs(this.org, side.counterpartyOrg),
    });
    return this.summary(result);
  }

  /** This bank accepts the payment's current discrepancy; RESOLVED once both banks have. */
  async accept(rawUetr: string, reason: string): Promise<PaymentsChangedDto> {
    const uetr = assertUetrParam(rawUetr);
    const { chaincode, record: payment } = await this.locate(uetr);
    if (payment.debtorAgentOrg !== this.org && payment.creditorAgentOrg !== this.org) {
      throw new ForbiddenError(`${this.org} is not a bank of payment '${uetr}'`);
    }
    const result = await this.submit('payment:acceptDiscrepancy', {
      chaincode,
      arguments: [uetr, reason],
      endorsingOrganizations: paymentEndorsingOrgs(payment.debtorAgentOrg, payment.creditorAgentOrg),
    });
    return this.summary(result);
  }

  /**
   * Declares UNMATCHED every payment still waiting for its counterparty's side that settles on or before the
   * date, page by page, in each bank pair's chaincode this bank belongs to, endorsed by that pair.
   */
  async cutOff(cutOffDate: string): Promise<CutOffResultDto> {
    const outcome: CutOffResultDto = { cutOffDate, moved: 0, transactionIds: [], changes: [] };
    for (const { chaincode, orgs } of bankPairsOf(this.org)) {
      for (let page = 0; page < MAX_CUT_OFF_PAGES; page += 1) {
        const result = await this.submit('payment:runCutOff', { chaincode, arguments: [cutOffDate, ''], endorsingOrganizations: [...orgs] });
        const event = JSON.parse(result.result) as PaymentsChangedEvent & { more: boolean };
        outcome.transactionIds.push(result.transactionId);
        outcome.moved += event.changes.length;
        outcome.changes.push(...event.changes);
        if (!event.more) break;
      }
    }
    return outcome;
  }

  private async locate(uetr: string): Promise<LocatedPayment> {
    try {
      return await locatePayment(this.ledger, uetr);
    } catch (error) {
      throw readRefusal(error);
    }
  }

  private submit(transaction: string, request: SubmitRequest): Promise<SubmitResult> {
    return submitRetryingConflicts(this.ledger, transaction, request);
  }

  private summary(result: SubmitResult): PaymentsChangedDto {
    const event = JSON.parse(result.result) as PaymentsChangedEvent;
    return {
      transaction: event.transaction, transactionId: result.transactionId, blockNumber: result.blockNumber.toString(),
      changes: event.changes, counts: event.counts,
    };
  }
}
