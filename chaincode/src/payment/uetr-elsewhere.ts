import { Context } from 'fabric-contract-api';
import { ChaincodeResponse } from 'fabric-shim';
import { BankPair, CHAINCODE_NAME, Directory, PAYMENT_TRANSACTIONS, RefusalError, ValidationIssue, show, transactionName } from '@bayrecon/common';
import { ChannelWait, ChannelWaits, channelWaitsOf } from './channel-waits';

/**
 * The peer's answers when it has not joined a channel (its ACL check finds no policy manager first): that channel
 * is not this peer's organisation's to check.
 */
const NOT_ON_THIS_PEER = /Failed to get policy manager for channel|failed to find ledger for channel/;

/**
 * How long one transaction's questions to other channels may take in all: a query of 500 UETRs answers in about
 * 50-150 ms, and a commit it waits for in a few hundred to about 1,500 at batch 500.
 */
export const UETR_CHECK_DEADLINE_MS = 5_000;

/**
 * How long a question that closes a cycle of questions on its peer waits before it gives up: a cycle that is a
 * lock cycle never answers, one that is not (a commit waits for an answer already coming) answers within about a
 * query and a commit. Giving up ends this transaction's simulation, which lets its channel's commit through.
 */
export const CYCLE_GRACE_MS = 500;

export interface UetrCheckLimits {
  deadlineMs: number;
  cycleGraceMs: number;
}

const notWrittenSendAgain = 'nothing was written: send the batch again';

/**
 * The answer of one question, or an UNAVAILABLE refusal once `deadline` has passed, or once the question has
 * waited `limits.cycleGraceMs` as the youngest of a cycle of questions; an answer that comes later is dropped.
 */
async function answerInTime<T>(
  answer: Promise<T>, waits: ChannelWaits, wait: ChannelWait, deadline: number, limits: UetrCheckLimits,
): Promise<T> {
  const timers: NodeJS.Timeout[] = [];
  const refused = new Promise<never>((_, reject) => {
    timers.push(setTimeout(() => reject(new RefusalError('UNAVAILABLE',
      `the check that no other pair of the two banks records these UETRs did not finish within ${limits.deadlineMs} ms; ${notWrittenSendAgain}`)),
    Math.max(0, deadline - Date.now())));
    timers.push(setTimeout(() => {
      if (waits.isYoungestOfCycle(wait)) {
        reject(new RefusalError('UNAVAILABLE',
          `the check that no other pair of the two banks records these UETRs waited on a transaction of this peer that waits on this one; ${notWrittenSendAgain}`));
      }
    }, limits.cycleGraceMs));
  });
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, refused]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

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
 * Fabric answers such a query on a transaction simulator of the other channel, which holds that channel's commit
 * lock for reading, while this transaction's own simulator holds this channel's. A peer endorsing, on two channels
 * at once, a batch on each that asks the other, with a block of each waiting to commit, would hold both until its
 * execute timeout (30 s) aborted one: each commit waits for the other's simulator. So the chaincode keeps the
 * peer's questions in flight as a wait-for graph (`ChannelWaits`): a question that closes a cycle in it and has
 * not been answered within `cycleGraceMs` refuses its batch as UNAVAILABLE (nothing written, to be sent again),
 * which ends this transaction's simulation and lets the cycle's commits through; the older questions of the cycle
 * keep waiting and are answered. All the questions of one transaction have `deadlineMs` in all, whatever else
 * holds them up.
 *
 * @returns an issue for each side whose UETR another pair of either bank already records.
 */
export async function uetrsRecordedElsewhere(
  ctx: Context, directory: Directory, pair: BankPair, sides: readonly { uetr: string; path: string }[],
  limits: UetrCheckLimits = { deadlineMs: UETR_CHECK_DEADLINE_MS, cycleGraceMs: CYCLE_GRACE_MS },
): Promise<ValidationIssue[]> {
  if (sides.length === 0) return [];
  const others = pair.orgs.flatMap((org) => directory.bankPairsOf(org)).filter((other) => other.channel !== pair.channel);
  const taken = new Set<string>();
  const question = JSON.stringify(sides.map((side) => side.uetr));
  const deadline = Date.now() + limits.deadlineMs;
  const waits = channelWaitsOf(ctx);
  for (const other of others) {
    let response: ChaincodeResponse;
    const wait = waits.begin(pair.channel, other.channel);
    try {
      response = await answerInTime(
        ctx.stub.invokeChaincode(CHAINCODE_NAME, [transactionName(PAYMENT_TRANSACTIONS.uetrsTaken), question], other.channel),
        waits, wait, deadline, limits,
      );
    } catch (error) {
      if (NOT_ON_THIS_PEER.test(error instanceof Error ? error.message : String(error))) continue;
      throw error;
    } finally {
      waits.end(wait);
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
