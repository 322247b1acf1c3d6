import { Context } from 'fabric-contract-api';
import { allBankPairs } from '@bayrecon/common';
import { invokedChaincode } from '../shared/namespace';

/** The two agent banks a UETR is recorded with in some pair's chaincode. */
export interface RecordedAgents {
  chaincode: string;
  debtorAgentOrg: string;
  creditorAgentOrg: string;
}

/** The transaction of every pair chaincode that answers which of a list of UETRs it records. */
export const FIND_PAYMENTS = 'payment:findPayments';

/**
 * Where the other bank pairs' chaincodes record any of these UETRs. A UETR names one payment on the channel, but
 * each pair's payments live in their own namespace, so a payment new to this pair is looked up in the others
 * (chaincode-to-chaincode queries, one per other pair for the whole batch). The reads join this transaction's
 * read set, so a payment created meanwhile in another pair invalidates it at commit (MVCC) rather than slipping by.
 */
export async function recordedInOtherPairs(ctx: Context, uetrs: readonly string[]): Promise<Map<string, RecordedAgents>> {
  const found = new Map<string, RecordedAgents>();
  if (uetrs.length === 0) return found;
  const own = invokedChaincode(ctx);
  for (const { chaincode } of allBankPairs().filter((pair) => pair.chaincode !== own)) {
    const response = await ctx.stub.invokeChaincode(chaincode, [FIND_PAYMENTS, JSON.stringify(uetrs)], '');
    if (response.status !== 200) {
      throw new Error(`looking the batch's UETRs up in ${chaincode} failed: ${response.message}`);
    }
    const answer = JSON.parse(Buffer.from(response.payload ?? new Uint8Array()).toString('utf8')) as Record<string, Omit<RecordedAgents, 'chaincode'>>;
    for (const [uetr, agents] of Object.entries(answer)) found.set(uetr, { chaincode, ...agents });
  }
  return found;
}
