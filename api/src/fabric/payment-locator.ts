import { MAX_SIDES_PER_BATCH, PaymentRecord, ValidationIssue, allBankPairs, bankPairsOf } from '@bayrecon/common';
import { NotFoundError } from '../errors/domain-errors';
import { refusedAs } from './ledger-errors';
import { PairPayments } from './pair-payments';

/** A payment's public record and the bank pair's payments that hold it. */
export interface LocatedPayment<P extends Pick<PairPayments, 'getPayment'> = PairPayments> {
  payments: P;
  record: PaymentRecord;
}

/** What the locator needs of the ledger: this org, and the payments of any bank pair. */
export interface PairsOfLedger<P> {
  readonly mspId: string;
  payments(orgA: string, orgB: string): P;
}

/**
 * Finds a payment by its UETR alone. Which bank pair holds it shows only in the record, so every pair's payments
 * are asked at once, on this org's own peer. Should two pairs each hold the UETR (two banks reusing one), the
 * pair this org belongs to wins, then the first pair in the directory's order.
 *
 * @throws NotFoundError when no pair records the UETR.
 */
export async function locatePayment<P extends Pick<PairPayments, 'getPayment'>>(ledger: PairsOfLedger<P>, uetr: string): Promise<LocatedPayment<P>> {
  const ownPairs = new Set(bankPairsOf(ledger.mspId).map((pair) => pair.collection));
  const answers = await Promise.all(allBankPairs().map(async ({ orgs, collection }) => {
    const payments = ledger.payments(...orgs);
    try {
      return { payments, record: await payments.getPayment(uetr), ours: ownPairs.has(collection) };
    } catch (error) {
      if (refusedAs(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  }));
  const found = answers.filter((answer) => answer !== undefined);
  const chosen = found.find((answer) => answer.ours) ?? found[0];
  if (chosen === undefined) {
    const message = `uetr: no payment recorded for '${uetr}'`;
    throw new NotFoundError(message, [{ path: 'uetr', reason: message }]);
  }
  return { payments: chosen.payments, record: chosen.record };
}

/**
 * Problems for the sides whose UETR another bank pair already records. Each pair sees only its own payments, so
 * the ledger alone cannot refuse a UETR reused across pairs; the outbox asks every other pair (one query per pair
 * per MAX_SIDES_PER_BATCH UETRs, on this org's own peer) before it sends a batch, so that a UETR keeps naming one
 * payment. `sides[i]` in a problem's path is the side's index in `sides`.
 */
export async function uetrsOfOtherPairs(
  ledger: PairsOfLedger<Pick<PairPayments, 'findPayments'>>, sides: readonly { uetr: string; counterpartyOrg: string }[],
): Promise<ValidationIssue[]> {
  const problems: ValidationIssue[] = [];
  for (const { orgs, chaincode } of allBankPairs()) {
    const pair: readonly string[] = orgs;
    const elsewhere = sides.map((side, index) => ({ side, index }))
      .filter(({ side }) => !(pair.includes(ledger.mspId) && pair.includes(side.counterpartyOrg)));
    for (let start = 0; start < elsewhere.length; start += MAX_SIDES_PER_BATCH) {
      const chunk = elsewhere.slice(start, start + MAX_SIDES_PER_BATCH);
      const found = await ledger.payments(...orgs).findPayments(chunk.map(({ side }) => side.uetr));
      for (const { side, index } of chunk) {
        const agents = found[side.uetr];
        if (agents !== undefined) {
          problems.push({
            path: `sides[${index}].uetr`,
            reason: `'${side.uetr}' is recorded with debtor agent ${agents.debtorAgentOrg} and creditor agent ${agents.creditorAgentOrg} (in ${chaincode}); a UETR names one payment`,
          });
        }
      }
    }
  }
  return problems;
}
