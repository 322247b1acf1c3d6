import { randomBytes } from 'node:crypto';
import {
  BreakList, CutOffPage, PAIR_KEY_BYTES, PAYMENT_TRANSACTIONS, PaymentAgents, PaymentDetails, PaymentHistory, PaymentRecord,
  PaymentSide, PaymentsChangedEvent, SubmitSidesSummary, canonicalJson, intakeArguments,
} from '@bayrecon/common';
import { Contract } from '@hyperledger/fabric-gateway';
import { Committed, Committer, Endorsers, Submitted, TypedContract } from './typed-contract';

const TRANSACTIONS = PAYMENT_TRANSACTIONS;

/**
 * The payments of one bank pair (PAYMENT_TRANSACTIONS), over whatever gateway Contract holds them (see
 * pairPaymentsLocation). Every write is endorsed by exactly the pair's two banks unless a caller names other
 * endorsers: the private details in the transient map then reach no third bank's peer.
 */
export class PairPayments<C extends Committed = Committed> extends TypedContract<C> {
  private readonly pairEndorsers: Endorsers;

  constructor(contract: Contract, readonly pair: readonly [string, string], commit: Committer<C>) {
    super(contract, commit);
    this.pairEndorsers = { endorsingOrganizations: [...pair].sort() };
  }

  /**
   * Records a batch of the caller's own sides (1..500, all with the same counterparty), given as sides or as the
   * JSON array of their canonical JSON (as the outbox stores them). A fresh pair key proposal goes with it, used
   * only if the pair has no key yet. `intake` is what an outbox announces with the batch (see IntakeAnnouncement);
   * a caller without an outbox announces nothing.
   */
  submitSides(
    sides: readonly PaymentSide[] | string, endorsers: Endorsers = this.pairEndorsers, intake?: { outbox: string; acceptedSides: number },
  ): Promise<Submitted<SubmitSidesSummary, C>> {
    return this.submit(TRANSACTIONS.submitSides, intakeArguments(intake), {
      sides: typeof sides === 'string' ? sides : canonicalJson(sides),
      pairKeyProposal: randomBytes(PAIR_KEY_BYTES).toString('base64'),
    }, endorsers);
  }

  /** Replaces the caller's own side of a payment and re-reconciles it. */
  amendSide(side: PaymentSide, endorsers: Endorsers = this.pairEndorsers): Promise<Submitted<PaymentsChangedEvent, C>> {
    return this.submit(TRANSACTIONS.amendSide, [], { side: canonicalJson(side) }, endorsers);
  }

  /** The caller's bank accepts the payment's current discrepancy; `reason` is public. */
  acceptDiscrepancy(uetr: string, reason: string, endorsers: Endorsers = this.pairEndorsers): Promise<Submitted<PaymentsChangedEvent, C>> {
    return this.submit(TRANSACTIONS.acceptDiscrepancy, [uetr, reason], undefined, endorsers);
  }

  /** One page of the pair's cut-off: at most `pageSize` (default 500) pending payments settling on or before the date become UNMATCHED. */
  runCutOff(cutOffDate: string, pageSize?: number, endorsers: Endorsers = this.pairEndorsers): Promise<Submitted<CutOffPage, C>> {
    return this.submit(TRANSACTIONS.runCutOff, [cutOffDate, pageSize === undefined ? '' : String(pageSize)], undefined, endorsers);
  }

  /**
   * Asks, for the caller's bank, that these payments (1 to 500) be decided again under the effective rule set
   * version; once both banks have asked, the second request decides them.
   */
  requestReevaluation(uetrs: readonly string[], ruleSetVersion: number, endorsers: Endorsers = this.pairEndorsers): Promise<Submitted<PaymentsChangedEvent, C>> {
    return this.submit(TRANSACTIONS.requestReevaluation, [JSON.stringify(uetrs), String(ruleSetVersion)], undefined, endorsers);
  }

  /** The agent banks of each of the UETRs (at most 500) this pair records, by UETR. */
  findPayments(uetrs: readonly string[], endorsers?: Endorsers): Promise<Record<string, PaymentAgents>> {
    return this.evaluate(TRANSACTIONS.findPayments, [JSON.stringify(uetrs)], endorsers);
  }

  getPayment(uetr: string, endorsers?: Endorsers): Promise<PaymentRecord> {
    return this.evaluate(TRANSACTIONS.getPayment, [uetr], endorsers);
  }

  /** Both sides' full details; the payment's two banks and the regulator only. */
  getPaymentDetails(uetr: string, endorsers?: Endorsers): Promise<PaymentDetails> {
    return this.evaluate(TRANSACTIONS.getPaymentDetails, [uetr], endorsers);
  }

  getPaymentHistory(uetr: string, endorsers?: Endorsers): Promise<PaymentHistory> {
    return this.evaluate(TRANSACTIONS.getPaymentHistory, [uetr], endorsers);
  }

  listBreaks(corridor: string, settlementDate: string, endorsers?: Endorsers): Promise<BreakList> {
    return this.evaluate(TRANSACTIONS.listBreaks, [corridor, settlementDate], endorsers);
  }
}
