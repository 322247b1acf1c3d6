import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { CommitError, Proposal } from '@hyperledger/fabric-gateway';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { PaymentRecord, PaymentSide, PaymentsChangedEvent, Refusal, readRefusal, refusalText } from '@bayrecon/common';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { Committed, Committer } from '../../api/src/fabric/typed-contract';
import { NetworkMap, pairChannelOf, readNetworkMap } from '../../network/client/network-map';
import { OrgConnection } from '../../network/client/org-gateway';

/**
 * The SZ-HK bank pair's payments, which hold every payment the tests make up (SZBank pays HKBank); a submission
 * commits as `commit` says (by default, asking the peer).
 */
export const szHk = (connection: OrgConnection, commit?: Committer<Committed>): PairPayments => connection.payments('SZBankMSP', 'HKBankMSP', commit);

/** The channel of the SZ-HK pair, whose members are SZBank, HKBank and their regulators, the PBOC and the HKMA. */
export const szHkChannel = (network: NetworkMap = readNetworkMap()): string => pairChannelOf(network, 'SZBank', 'HKBank');

/** A fresh UETR: a random lower-case UUIDv4, so tests never collide with earlier runs on a reused network. */
export const newUetr = (): string => randomUUID();

/** The debtor agent's (SZBank's) side of an SZ->HK payment; override any field. */
export function szDebtorSide(uetr: string, overrides: Partial<PaymentSide> = {}): PaymentSide {
  return {
    uetr,
    side: 'DEBTOR_AGENT',
    counterpartyOrg: 'HKBankMSP',
    messageType: 'pacs.008',
    endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: 'SZBKCNBSXXX',
    instructedAgentBic: 'HKBKHKHHXXX',
    debtorAgentBic: 'SZBKCNBSXXX',
    creditorAgentBic: 'HKBKHKHHXXX',
    interbankSettlementAmount: { amount: '125000.50', currency: 'HKD' },
    interbankSettlementDate: '2026-11-20',
    chargeBearer: 'SHAR',
    debtorName: 'Shenzhen Precision Parts Co Ltd',
    debtorAccount: '6222020200112233445',
    creditorName: 'Kowloon Components Trading Ltd',
    creditorAccount: '012-345678-001',
    remittanceInformation: `INV-${uetr.slice(0, 8)}`,
    ...overrides,
  };
}

/** The creditor agent's (HKBank's) side of the same payment, identical in every matching field. */
export function hkCreditorSide(uetr: string, overrides: Partial<PaymentSide> = {}): PaymentSide {
  return szDebtorSide(uetr, { side: 'CREDITOR_AGENT', counterpartyOrg: 'SZBankMSP', ...overrides });
}

/** The BIC of each bank's head office on the local network. */
const HEAD_OFFICE_BICS: Record<string, string> = { SZBankMSP: 'SZBKCNBSXXX', HKBankMSP: 'HKBKHKHHXXX', MOBankMSP: 'MOBKMOMXXXX' };

/**
 * Both sides of a payment from one bank to another (MSP ids), identical in every matching field, in MOP when
 * Macau is one end and HKD otherwise: the debtor agent's side first.
 */
export function sidesOf(uetr: string, debtorOrg: string, creditorOrg: string, overrides: Partial<PaymentSide> = {}): [PaymentSide, PaymentSide] {
  const [debtorBic, creditorBic] = [HEAD_OFFICE_BICS[debtorOrg], HEAD_OFFICE_BICS[creditorOrg]];
  const currency = [debtorOrg, creditorOrg].includes('MOBankMSP') ? 'MOP' : 'HKD';
  const debtor = szDebtorSide(uetr, {
    counterpartyOrg: creditorOrg, debtorAgentBic: debtorBic, instructingAgentBic: debtorBic, creditorAgentBic: creditorBic,
    instructedAgentBic: creditorBic, interbankSettlementAmount: { amount: '125000.50', currency }, ...overrides,
  });
  return [debtor, { ...debtor, side: 'CREDITOR_AGENT', counterpartyOrg: debtorOrg }];
}

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The height of a channel's chain (the next block's number) on the connection's own peer, through qscc. */
export async function chainHeight(connection: OrgConnection, channel: string): Promise<bigint> {
  const info = await connection.gateway.getNetwork(channel).getContract('qscc').evaluateTransaction('GetChainInfo', channel);
  return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}

/** The connections whose org is a member of the channel: only their peers hold its blocks. */
function membersOf(peers: readonly OrgConnection[], channel: string, network: NetworkMap): OrgConnection[] {
  const members = network.channels[channel]?.members ?? [];
  return peers.filter((connection) => members.includes(connection.org));
}

/**
 * Waits until, on each channel (every channel of the network unless told), every peer in `peers` that is a member
 * of it has the blocks the most advanced of them has.
 */
export async function catchUp(peers: readonly OrgConnection[], channels?: readonly string[]): Promise<void> {
  const network = readNetworkMap();
  await Promise.all((channels ?? Object.keys(network.channels)).map(async (channel) => {
    const members = membersOf(peers, channel, network);
    const heights = await Promise.all(members.map((connection) => chainHeight(connection, channel)));
    const target = heights.reduce((a, b) => (a > b ? a : b), 0n);
    for (const connection of members) {
      while ((await chainHeight(connection, channel)) < target) await sleep(20);
    }
  }));
}

/** The channel a proposal is for, from its signed header (a typed contract does not say which channel it is on). */
export function channelOfProposal(proposal: Proposal): string {
  const signed = gateway.ProposedTransaction.deserializeBinary(proposal.getBytes()).getProposal();
  if (signed === undefined) throw new Error(`proposal ${proposal.getTransactionId()} carries no signed proposal`);
  const header = common.Header.deserializeBinary(peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8()).getHeader_asU8());
  return common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getChannelId();
}

/**
 * Commits a proposal and returns once every peer in `peers` that is on the proposal's channel has committed its
 * block, so that the next step of a test, from any org of the channel, reads what it wrote. A proposal that can
 * succeed when endorsed again ({@link endorseAgainCanSucceed}) is endorsed again, as the API does.
 */
export function committedOn(peers: readonly OrgConnection[]): Committer<Committed> {
  return async (proposal) => {
    const channel = channelOfProposal(proposal);
    const members = membersOf(peers, channel, readNetworkMap());
    for (let attempt = 1; ; attempt += 1) {
      let transaction;
      try {
        transaction = await proposal.endorse();
      } catch (error) {
        if (attempt >= 8 || !endorseAgainCanSucceed(error)) throw error;
        await sleep(50 * 2 ** attempt);
        continue;
      }
      const submitted = await transaction.submit();
      const status = await submitted.getStatus();
      if (!status.successful) {
        throw new CommitError({ code: status.code, transactionId: status.transactionId, message: `transaction ${status.transactionId} invalid: code ${status.code}` });
      }
      for (const connection of members) {
        while ((await chainHeight(connection, channel)) <= status.blockNumber) await sleep(20);
      }
      return { result: submitted.getResult(), transactionId: status.transactionId, blockNumber: status.blockNumber };
    }
  };
}

/**
 * Submits a batch of the connection's own sides, details in the transient map, endorsed by the pair's banks, and
 * returns its PaymentsChanged event (the transaction's result holds only the counts), after checking the result
 * against it.
 */
export async function submitSides(connection: OrgConnection, sides: PaymentSide[], peers: readonly OrgConnection[] = []): Promise<PaymentsChangedEvent> {
  const payments = connection.payments(connection.mspId, sides[0].counterpartyOrg, committedOn(peers));
  const { commit, result } = await payments.submitSides(sides);
  const channel = connection.directory.bankPair(connection.mspId, sides[0].counterpartyOrg).channel;
  const event = await eventOf(connection, channel, payments.contract.getChaincodeName(), commit.transactionId, commit.blockNumber);
  assert.deepEqual(result, { transaction: event.transaction, txId: event.txId, counts: event.counts },
    `the result of ${commit.transactionId} is its event's counts`);
  return event;
}

/** The PaymentsChanged event of a committed transaction, from its chaincode's event stream at its block. */
async function eventOf(connection: OrgConnection, channel: string, chaincode: string, transactionId: string, blockNumber: bigint): Promise<PaymentsChangedEvent> {
  const events = await connection.gateway.getNetwork(channel).getChaincodeEvents(chaincode, { startBlock: blockNumber });
  try {
    for await (const event of events) {
      if (event.transactionId === transactionId) return decode(event.payload);
      if (event.blockNumber > blockNumber) break;
    }
  } finally {
    events.close();
  }
  throw new Error(`no event of transaction ${transactionId} in block ${blockNumber} of ${chaincode} on ${channel}`);
}

/** An SZ-HK payment's public record (see {@link szHk}). */
export async function getPayment(connection: OrgConnection, uetr: string): Promise<PaymentRecord> {
  return szHk(connection).getPayment(uetr);
}

/** How the gateway of a peer that has not joined a channel answers any call to that channel. */
export const notOnTheChannel = (channel: string): RegExp => new RegExp([
  `failed to get config for channel \\[${channel}\\]: could not get last config for channel ${channel}`,
  // The gateway of a peer that is not on the channel finds no endorser there; its admin service and block
  // stream know no such channel.
  'failed to find any endorsing peers for org', `Invalid chain ID, ${channel}`, 'Unexpected status response: 404',
].join('|'));

/** How a channel's peer refuses a proposal from a client of an org that is no member of the channel. */
export const notAMember = (mspId: string, channel: string): RegExp => new RegExp([
  `access denied: channel \\[${channel}\\] creator org( unknown)?.*${mspId}`, `${mspId}.*not.*member.*${channel}`,
  // Fabric 3 names no org it does not know; the block stream answers FORBIDDEN.
  `access denied: channel \\[${channel}\\] creator org unknown`, 'Unexpected status response: 403',
].join('|'));

/** The error details fabric-gateway attaches to a refused endorsement or evaluation, one per endorser. */
const detailsOf = (error: unknown): string[] => ((error as { details?: { message: string }[] }).details ?? []).map((detail) => detail.message);

/**
 * The ledger's message out of a refused endorsement or evaluation, for a person: the gateway's own message, then
 * each endorser's detail, with a chaincode refusal written out as its message and issues.
 */
export function ledgerMessage(error: unknown): string {
  return [(error as Error).message, ...detailsOf(error).map((detail) => {
    const refusal = readRefusal(detail);
    return refusal === undefined ? detail : refusalText(refusal);
  })].join('\n');
}

/** The chaincode's refusal in a refused endorsement or evaluation, when it sent one. */
export function refusalIn(error: unknown): Refusal | undefined {
  return detailsOf(error).map(readRefusal).find((refusal) => refusal !== undefined);
}

/**
 * True when endorsing the same proposal again can succeed: endorsers a block apart answered it differently, or the
 * chaincode refused it as UNAVAILABLE (its UETR check on another channel did not answer in time).
 */
export function endorseAgainCanSucceed(error: unknown): boolean {
  return /ProposalResponsePayloads do not match/.test(ledgerMessage(error)) || refusalIn(error)?.kind === 'UNAVAILABLE';
}

/** The ledger's message when the promise is refused; fails the test when it is not. */
export async function ledgerRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return ledgerMessage(error);
  }
  throw new Error('expected the ledger to refuse');
}

/**
 * The chaincode's refusal when the promise is refused by it; fails the test when it is not refused, or not by the
 * chaincode (a peer's or the gateway's error carries no refusal).
 */
export async function chaincodeRefusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    const refusal = refusalIn(error);
    assert.ok(refusal !== undefined, `expected a chaincode refusal, got ${ledgerMessage(error)}`);
    return refusal;
  }
  throw new Error('expected the chaincode to refuse');
}
