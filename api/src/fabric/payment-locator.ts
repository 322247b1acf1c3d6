import { Directory, MAX_SIDES_PER_BATCH, PaymentRecord, ValidationIssue } from '@bayrecon/common';
import { NotFoundError } from '../errors/domain-errors';
import { refusedAs } from './ledger-errors';
import { PairPayments } from './pair-payments';

/** A payment's public record and the bank pair's payments that hold it. */
export interface LocatedPayment<P extends Pick<PairPayments, 'getPayment'> = PairPayments> {
  payments: P;
  record: PaymentRecord;
}

/** What the locator needs of the ledger: this org, the directory, and the payments of any bank pair it sees. */
export interface PairsOfLedger<P> {
  readonly mspId: string;
  payments(orgA: string, orgB: string): P;
}

/**
 * Finds a payment by its UETR alone, among the pairs this org sees (a bank's own pairs, a regulator's pairs with a
 * bank of its regime): each of their channels is asked at once, on this org's own peer, which holds no other pair's
 * channel. A UETR names one payment across a bank's pairs (the ledger refuses a reused one), so at most one answers.
 *
 * @throws NotFoundError when none of them records the UETR.
 */
export async function locatePayment<P extends Pick<PairPayments, 'getPayment'>>(
  ledger: PairsOfLedger<P>, directory: Directory, uetr: string,
): Promise<LocatedPayment<P>> {
  const answers = await Promise.all(directory.bankPairsOf(ledger.mspId).map(async ({ orgs }) => {
    const payments = ledger.payments(orgs[0], orgs[1]);
    try {
      return { payments, record: await payments.getPayment(uetr) };
    } catch (error) {
      if (refusedAs(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  }));
  const chosen = answers.find((answer) => answer !== undefined);
  if (chosen === undefined) {
    const message = `uetr: no payment recorded for '${uetr}'`;
    throw new NotFoundError(message, [{ path: 'uetr', reason: message }]);
  }
  return chosen;
}

/**
 * Problems for the sides whose UETR another of this bank's pairs already records. The ledger refuses such a side
 * too (each bank's endorsing peer asks its other pairs' channels), but only after endorsement; asking here first,
 * on this org's own peer (one query per other pair per MAX_SIDES_PER_BATCH UETRs), keeps a batch whole and names
 * the side at fault. `sides[i]` in a problem's path is the side's index in `sides`.
 */
export async function uetrsOfOtherPairs(
  ledger: PairsOfLedger<Pick<PairPayments, 'findPayments'>>, directory: Directory, sides: readonly { uetr: string; counterpartyOrg: string }[],
): Promise<ValidationIssue[]> {
  const problems: ValidationIssue[] = [];
  for (const { orgs, channel } of directory.bankPairsOf(ledger.mspId)) {
    const pair: readonly string[] = orgs;
    const elsewhere = sides.map((side, index) => ({ side, index })).filter(({ side }) => !pair.includes(side.counterpartyOrg));
    for (let start = 0; start < elsewhere.length; start += MAX_SIDES_PER_BATCH) {
      const chunk = elsewhere.slice(start, start + MAX_SIDES_PER_BATCH);
      const found = await ledger.payments(orgs[0], orgs[1]).findPayments(chunk.map(({ side }) => side.uetr));
      for (const { side, index } of chunk) {
        const agents = found[side.uetr];
        if (agents !== undefined) {
          problems.push({
            path: `sides[${index}].uetr`,
            reason: `'${side.uetr}' is recorded with debtor agent ${agents.debtorAgentOrg} and creditor agent ${agents.creditorAgentOrg} (on ${channel}); a UETR names one payment`,
          });
        }
      }
    }
  }
  return problems;
}
