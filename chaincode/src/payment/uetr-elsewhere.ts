import { Context } from 'fabric-contract-api';
import { ChaincodeResponse } from 'fabric-shim';
import { BankPair, CHAINCODE_NAME, Directory, PAYMENT_TRANSACTIONS, ValidationIssue, show, transactionName } from '@bayrecon/common';

/**
 * The peer's answers when it has not joined a channel (its ACL check finds no policy manager first): that channel
 * is not this peer's organisation's to check.
 */
const NOT_ON_THIS_PEER = /Failed to get policy manager for channel|failed to find ledger for channel/;

/**
 * A UETR names one payment, but each pair's channel sees only its own. A bank's peer is on every channel of its
 * own pairs, so when it endorses a side of a new payment it asks each of those channels, on itself, whether the
 * UETR is already recorded there, and refuses the side if it is. Both banks' peers must endorse, so each checks
 * the pairs of its own bank, and neither learns anything of a pair it is not in: a channel this peer has not
 * joined is skipped (that is the other bank's peer to check). The refusal names no pair, counterparty or status.
 *
 * The question goes to the other channel as a chaincode-to-chaincode query under the submitter's identity; the
 * pair channels' `peer/ChaincodeToChaincode` ACL admits it (see channel.sh), and the answer never enters this
 * transaction's read set, so two new payments with one UETR endorsed at the same moment on two channels are not
 * caught: the API's outbox, which sees its own bank's pairs, refuses that case before sending.
 *
 * @returns an issue for each side whose UETR another pair of either bank already records.
 */
export async function uetrsRecordedElsewhere(
  ctx: Context, directory: Directory, pair: BankPair, sides: readonly { uetr: string; path: string }[],
): Promise<ValidationIssue[]> {
  if (sides.length === 0) return [];
  const others = pair.orgs.flatMap((org) => directory.bankPairsOf(org)).filter((other) => other.channel !== pair.channel);
  const taken = new Set<string>();
  const question = JSON.stringify(sides.map((side) => side.uetr));
  for (const other of others) {
    let response: ChaincodeResponse;
    try {
      response = await ctx.stub.invokeChaincode(CHAINCODE_NAME, [transactionName(PAYMENT_TRANSACTIONS.uetrsTaken), question], other.channel);
    } catch (error) {
      if (NOT_ON_THIS_PEER.test(error instanceof Error ? error.message : String(error))) continue;
      throw error;
    }
    if (response.status !== 200) {
      throw new Error(`the UETR check on channel '${other.channel}' failed: ${response.message ?? `status ${response.status}`}`);
    }
    for (const uetr of JSON.parse(Buffer.from(response.payload ?? []).toString('utf8')) as string[]) taken.add(uetr);
  }
  return sides.filter((side) => taken.has(side.uetr)).map((side) => ({
    path: `${side.path}.uetr`,
    reason: `${show(side.uetr)} is already recorded in another bank pair; a UETR names one payment`,
  }));
}
