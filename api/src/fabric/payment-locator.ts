import { PaymentRecord, allBankPairs } from '@bayrecon/common';
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
  const answers = await Promise.all(allBankPairs().map(async ({ chaincode, orgs }) => {
    try {
      const record = JSON.parse(await ledger.evaluate('payment:getPayment', [uetr], chaincode)) as PaymentRecord;
      return { chaincode, record, ours: (orgs as readonly string[]).includes(ledger.mspId) };
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
