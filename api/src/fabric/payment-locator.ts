import { MAX_SIDES_PER_BATCH, PaymentRecord, ValidationIssue, allBankPairs, bankPairsOf } from '@bayrecon/common';
import { LedgerRefusedError, NotFoundError } from '../errors/domain-errors';
import { LedgerClient } from './ledger-client';

/** A payment's public record and the bank pair chaincode that holds it. */
export interface LocatedPayment {
  chaincode: string;
  record: PaymentRecord;
}

const NOT_RECORDED = /no payment recorded/;

/**
 * Finds a payment by its UETR alone. Which bank pair's chaincode holds it shows only in the record, so every
 * pair's is asked at once, on this org's own peer. Should two pairs each hold the UETR (two banks reusing one),
 * the pair this org belongs to wins, then the first pair in the directory's order.
 *
 * @throws NotFoundError when no pair's chaincode records the UETR.
 */
export async function locatePayment(ledger: Pick<LedgerClient, 'evaluate' | 'mspId'>, uetr: string): Promise<LocatedPayment> {
  const ownPairs = new Set(bankPairsOf(ledger.mspId).map((pair) => pair.chaincode));
  const answers = await Promise.all(allBankPairs().map(async ({ chaincode }) => {
    try {
      const record = JSON.parse(await ledger.evaluate('payment:getPayment', [uetr], chaincode)) as PaymentRecord;
      return { chaincode, record, ours: ownPairs.has(chaincode) };
    } catch (error) {
      if (error instanceof LedgerRefusedError && NOT_RECORDED.test(error.message)) return undefined;
      throw error;
    }
  }));
  const found = answers.filter((answer) => answer !== undefined);
  const chosen = found.find((answer) => answer.ours) ?? found[0];
  if (chosen === undefined) {
    const message = `uetr: no payment recorded for '${uetr}'`;
    throw new NotFoundError(message, [{ path: 'uetr', reason: message }]);
  }
  return { chaincode: chosen.chaincode, record: chosen.record };
}

/** Evaluates a query in a named chaincode; the result is the chaincode's JSON text. */
export type Evaluate = (transaction: string, args: string[], chaincode: string) => Promise<string>;

/**
 * Problems for the sides whose UETR another bank pair's chaincode already records. Each pair's chaincode sees
 * only its own payments, so the ledger alone cannot refuse a UETR reused across pairs; the outbox asks every
 * other pair's chaincode (one query per pair per MAX_SIDES_PER_BATCH UETRs, on this org's own peer) before it sends a batch,
 * so that a UETR keeps naming one payment. `sides[i]` in a problem's path is the side's index in `sides`.
 */
export async function uetrsOfOtherPairs(
  evaluate: Evaluate, ownOrg: string, sides: readonly { uetr: string; counterpartyOrg: string }[],
): Promise<ValidationIssue[]> {
  const problems: ValidationIssue[] = [];
  for (const { chaincode, orgs } of allBankPairs()) {
    const pair: readonly string[] = orgs;
    const elsewhere = sides.map((side, index) => ({ side, index }))
      .filter(({ side }) => !(pair.includes(ownOrg) && pair.includes(side.counterpartyOrg)));
    for (let start = 0; start < elsewhere.length; start += MAX_SIDES_PER_BATCH) {
      const chunk = elsewhere.slice(start, start + MAX_SIDES_PER_BATCH);
      const found = JSON.parse(await evaluate('payment:findPayments', [JSON.stringify(chunk.map(({ side }) => side.uetr))], chaincode)) as
        Record<string, { debtorAgentOrg: string; creditorAgentOrg: string }>;
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
