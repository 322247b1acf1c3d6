import { BankPair, Directory, MAX_SIDES_PER_BATCH, PaymentRecord, ValidationIssue } from '@bayrecon/common';
import { NotFoundError } from '../errors/domain-errors';
import { notOnChannel, refusedAs } from './ledger-errors';
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

/** A ledger that also reads the pairs closed by a bank's removal, on their channels. */
export interface ClosedPairsOfLedger<P> extends PairsOfLedger<P> {
  closedPairPayments(pair: BankPair): P;
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
  const active = directory.bankPairsOf(ledger.mspId).map(({ orgs }) => ledger.payments(orgs[0], orgs[1]));
  return (await firstRecording(active, uetr, false)) ?? notFound(uetr);
}

/**
 * As {@link locatePayment}, and then among the pairs closed by the removal of this org's counterparty (or, for a
 * regulator, of a bank of its regime's pairs): their channels stay on this org's peer with the payments they hold.
 * A closed pair's channel this peer is not on (it left it, or was restored without it) holds nothing for it.
 *
 * @throws NotFoundError when neither the active nor the closed pairs record the UETR.
 */
export async function locateRecordedPayment<P extends Pick<PairPayments, 'getPayment'>>(
  ledger: ClosedPairsOfLedger<P>, directory: Directory, uetr: string,
): Promise<LocatedPayment<P>> {
  const active = directory.bankPairsOf(ledger.mspId).map(({ orgs }) => ledger.payments(orgs[0], orgs[1]));
  const found = await firstRecording(active, uetr, false);
  if (found !== undefined) return found;
  const closed = directory.closedBankPairsOf(ledger.mspId).map((pair) => ledger.closedPairPayments(pair));
  return (await firstRecording(closed, uetr, true)) ?? notFound(uetr);
}

/** The payment as the first of these pairs that records it answers (all asked at once), or undefined. */
async function firstRecording<P extends Pick<PairPayments, 'getPayment'>>(
  candidates: readonly P[], uetr: string, absentChannelIsEmpty: boolean,
): Promise<LocatedPayment<P> | undefined> {
  const answers = await Promise.all(candidates.map(async (payments) => {
    try {
      return { payments, record: await payments.getPayment(uetr) };
    } catch (error) {
      if (refusedAs(error, 'NOT_FOUND') || (absentChannelIsEmpty && notOnChannel(error))) return undefined;
      throw error;
    }
  }));
  return answers.find((answer) => answer !== undefined);
}

function notFound(uetr: string): never {
  const message = `uetr: no payment recorded for '${uetr}'`;
  throw new NotFoundError(message, [{ path: 'uetr', reason: message }]);
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
  // The pairs are asked side by side: the batch waits for the slowest question, not for their sum.
  const perPair = await Promise.all(directory.bankPairsOf(ledger.mspId).map(async ({ orgs, channel }) => {
    const problems: ValidationIssue[] = [];
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
    return problems;
  }));
  return perPair.flat();
}
