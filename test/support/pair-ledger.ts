import { randomBytes, randomUUID } from 'node:crypto';
import { CommitError } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { Directory, PaymentDetails, PaymentRecord, PaymentSide, SideName } from '@bayrecon/common';
import { OrgConnection } from '../../network/client/org-gateway';
import { pairChannelOf as channelOfPair, readNetworkMap } from '../../network/client/network-map';
import { endorseAgainCanSucceed } from './payments';

/**
 * Payments on a bank pair's channel at the ledger level (the gateway, no API): sides of any two member banks, batches
 * submitted by one bank, and reads aimed at one organisation's own peer (payments, chain height, block signers).
 */

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The settlement currency of a payment to a bank of this regime. */
const CURRENCY_OF_REGIME: Record<string, string> = { CN: 'CNY', HK: 'HKD', MO: 'MOP' };

/**
 * `bank`'s side of a payment between the two banks (MSP ids): the debtor agent's when `side` is DEBTOR_AGENT, with
 * `bank` paying `counterparty`; the creditor agent's otherwise, `counterparty` paying `bank`. Both banks' sides of
 * one UETR built here match in every matching field.
 */
export function pairSide(directory: Directory, bank: string, counterparty: string, uetr: string, side: SideName): PaymentSide {
  const [debtor, creditor] = side === 'DEBTOR_AGENT' ? [bank, counterparty] : [counterparty, bank];
  const bic = (org: string) => `${directory.memberBank(org).bic8s[0]}XXX`;
  return {
    uetr,
    side,
    counterpartyOrg: counterparty,
    messageType: 'pacs.008',
    endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: bic(debtor),
    instructedAgentBic: bic(creditor),
    debtorAgentBic: bic(debtor),
    creditorAgentBic: bic(creditor),
    interbankSettlementAmount: { amount: '125000.50', currency: CURRENCY_OF_REGIME[directory.regimeOf(creditor)] },
    interbankSettlementDate: '2026-11-20',
    chargeBearer: 'SHAR',
    debtorName: 'Shenzhen Precision Parts Co Ltd',
    debtorAccount: '6222020200112233445',
    creditorName: 'Kowloon Components Trading Ltd',
    creditorAccount: '012-345678-001',
    remittanceInformation: `INV-${uetr.slice(0, 8)}`,
  };
}

/** `count` fresh UETRs. */
export const newUetrs = (count: number): string[] => Array.from({ length: count }, () => randomUUID());

/**
 * True when a submission can succeed when made again: endorsers a block apart answered differently, the
 * transaction lost an MVCC race with another one on the same keys, or the chaincode refused it as UNAVAILABLE (its
 * UETR check on another channel did not answer in time).
 */
function retryable(error: unknown): boolean {
  if (error instanceof CommitError) return error.code === 11 || error.code === 12;
  return endorseAgainCanSucceed(error);
}

/**
 * Submits one batch of the connection's own sides (all with one counterparty) on their pair's channel, endorsed by
 * the two banks' peers, and waits for its commit; returns the block it is in.
 */
export async function submitPairSides(connection: OrgConnection, sides: PaymentSide[]): Promise<bigint> {
  const counterparty = sides[0].counterpartyOrg;
  const contract = connection.pairContract(connection.mspId, counterparty);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const submitted = await contract.submitAsync('payment:submitSides', {
        arguments: ['', ''],
        transientData: { sides: JSON.stringify(sides), pairKeyProposal: randomBytes(32).toString('base64') },
        endorsingOrganizations: connection.directory.paymentEndorsingOrgs(connection.mspId, counterparty),
      });
      const status = await submitted.getStatus();
      if (!status.successful) {
        throw new CommitError({ code: status.code, transactionId: status.transactionId, message: `transaction ${status.transactionId} invalid: code ${status.code}` });
      }
      return status.blockNumber;
    } catch (error) {
      if (attempt >= 8 || !retryable(error)) throw error;
      await sleep(100 * 2 ** attempt);
    }
  }
}

/** Submits `bank`'s sides of the given UETRs with `counterparty` in batches of `batchSize`, `inFlight` at a time. */
export async function submitPayments(
  connection: OrgConnection, counterparty: string, uetrs: readonly string[], side: SideName, batchSize = 500, inFlight = 1,
): Promise<void> {
  const batches: PaymentSide[][] = [];
  for (let start = 0; start < uetrs.length; start += batchSize) {
    batches.push(uetrs.slice(start, start + batchSize).map((uetr) => pairSide(connection.directory, connection.mspId, counterparty, uetr, side)));
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next];
      next += 1;
      await submitPairSides(connection, batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, worker));
}

/** Evaluates a payment read on the pair's channel on the connection's own peer only. */
async function evaluateOwn(connection: OrgConnection, orgA: string, orgB: string, transaction: string, args: string[]): Promise<Uint8Array> {
  return connection.pairContract(orgA, orgB).newProposal(transaction, { arguments: args, endorsingOrganizations: [connection.mspId] }).evaluate();
}

/** Which of the UETRs the connection's own peer records on the pair's channel (findPayments, 500 at a time). */
export async function recordedUetrs(connection: OrgConnection, orgA: string, orgB: string, uetrs: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < uetrs.length; start += 500) {
    const page = decode<Record<string, unknown>>(await evaluateOwn(connection, orgA, orgB, 'payment:findPayments', [JSON.stringify(uetrs.slice(start, start + 500))]));
    Object.keys(page).forEach((uetr) => found.add(uetr));
  }
  return found;
}

/** A payment's public record as the connection's own peer has it. */
export async function ownPayment(connection: OrgConnection, orgA: string, orgB: string, uetr: string): Promise<PaymentRecord> {
  return decode(await evaluateOwn(connection, orgA, orgB, 'payment:getPayment', [uetr]));
}

/** Both sides' details as the connection's own peer has them in the pair's collection. */
export async function ownPaymentDetails(connection: OrgConnection, orgA: string, orgB: string, uetr: string): Promise<PaymentDetails> {
  return decode(await evaluateOwn(connection, orgA, orgB, 'payment:getPaymentDetails', [uetr]));
}

/** The height of the connection's own peer on a channel. */
export async function ownHeight(connection: OrgConnection, channel: string): Promise<bigint> {
  const info = await connection.gateway.getNetwork(channel).getContract('qscc')
    .newProposal('GetChainInfo', { arguments: [channel], endorsingOrganizations: [connection.mspId] }).evaluate();
  return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}

/** The consenter ids whose signatures a block carries (SmartBFT: the quorum that committed it), read from the connection's own peer. */
export async function blockSigners(connection: OrgConnection, channel: string, blockNumber: bigint): Promise<number[]> {
  const bytes = await connection.gateway.getNetwork(channel).getContract('qscc')
    .newProposal('GetBlockByNumber', { arguments: [channel, blockNumber.toString()], endorsingOrganizations: [connection.mspId] }).evaluate();
  const metadata = common.Block.deserializeBinary(bytes).getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.SIGNATURES];
  if (metadata === undefined) throw new Error(`block ${blockNumber} of ${channel} has no signatures metadata`);
  return common.Metadata.deserializeBinary(metadata).getSignaturesList()
    .map((signature) => signature.getIdentifierHeader_asU8())
    .filter((header) => header.length > 0)
    .map((header) => common.IdentifierHeader.deserializeBinary(header).getIdentifier());
}

/** The channel of the two banks' pair on the running network. */
export const pairChannelOf = (orgA: string, orgB: string): string => channelOfPair(readNetworkMap(), orgA, orgB);
