import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { CommitError, Contract } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { PaymentRecord, PaymentSide, PaymentsChangedEvent, paymentEndorsingOrgs } from '@bayrecon/common';
import { readNetworkMap } from '../../network/client/network-map';
import { OrgConnection } from '../../network/client/org-gateway';

/** The SZ-HK bank pair's payments chaincode, which holds every payment the tests make up (SZBank pays HKBank). */
export const szHk = (connection: OrgConnection): Contract => connection.pairContract('SZBankMSP', 'HKBankMSP');

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

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;

export interface SubmitOptions {
  arguments?: string[];
  transientData?: Record<string, string>;
  endorsingOrganizations?: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function chainHeight(connection: OrgConnection): Promise<bigint> {
  const info = await connection.gateway.getNetwork('recon').getContract('qscc').evaluateTransaction('GetChainInfo', 'recon');
  return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}

/** Waits until every peer in `peers` has the blocks the most advanced of them has. */
export async function catchUp(peers: readonly OrgConnection[]): Promise<void> {
  const target = (await Promise.all(peers.map(chainHeight))).reduce((a, b) => (a > b ? a : b), 0n);
  for (const peer of peers) {
    while ((await chainHeight(peer)) < target) await sleep(20);
  }
}

/**
 * Submits a transaction (to the main chaincode unless another contract is given) and returns once every peer in
 * `peers` has committed its block, so that the next step of a test, from any org, reads what it wrote. Endorsers a block apart answer "ProposalResponsePayloads do not
 * match": that is retried, as the API does.
 */
export async function submitSynced(
  connection: OrgConnection, transaction: string, options: SubmitOptions, peers: readonly OrgConnection[], contract = connection.contract,
): Promise<Uint8Array> {
  return (await submitSyncedCommit(connection, transaction, options, peers, contract)).result;
}

/** {@link submitSynced}, with the transaction's id and block. */
async function submitSyncedCommit(
  connection: OrgConnection, transaction: string, options: SubmitOptions, peers: readonly OrgConnection[], contract: Contract,
): Promise<{ result: Uint8Array; transactionId: string; blockNumber: bigint }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const submitted = await contract.submitAsync(transaction, options);
      const status = await submitted.getStatus();
      if (!status.successful) {
        throw new CommitError({ code: status.code, transactionId: status.transactionId, message: `transaction ${status.transactionId} invalid: code ${status.code}` });
      }
      for (const peer of peers) {
        while ((await chainHeight(peer)) <= status.blockNumber) await sleep(20);
      }
      return { result: submitted.getResult(), transactionId: status.transactionId, blockNumber: status.blockNumber };
    } catch (error) {
      if (attempt >= 8 || !endorsersApart(error)) throw error;
      await sleep(50 * 2 ** attempt);
    }
  }
}

/**
 * Submits a batch of the connection's own sides, details in the transient map, endorsed by the pair's banks, and
 * returns its PaymentsChanged event (the transaction's result holds only the counts), after checking the result
 * against it.
 */
export async function submitSides(connection: OrgConnection, sides: PaymentSide[], peers: readonly OrgConnection[] = []): Promise<PaymentsChangedEvent> {
  const contract = connection.pairContract(connection.mspId, sides[0].counterpartyOrg);
  const committed = await submitSyncedCommit(connection, 'payment:submitSides', {
    transientData: { sides: JSON.stringify(sides), pairKeyProposal: randomBytes(32).toString('base64') },
    endorsingOrganizations: paymentEndorsingOrgs(connection.mspId, sides[0].counterpartyOrg),
  }, peers, contract);
  const event = await eventOf(connection, contract.getChaincodeName(), committed.transactionId, committed.blockNumber);
  assert.deepEqual(decode(committed.result), { transaction: event.transaction, txId: event.txId, counts: event.counts },
    `the result of ${committed.transactionId} is its event's counts`);
  return event;
}

/** The PaymentsChanged event of a committed transaction, from its chaincode's event stream at its block. */
async function eventOf(connection: OrgConnection, chaincode: string, transactionId: string, blockNumber: bigint): Promise<PaymentsChangedEvent> {
  const events = await connection.gateway.getNetwork(readNetworkMap().channel).getChaincodeEvents(chaincode, { startBlock: blockNumber });
  try {
    for await (const event of events) {
      if (event.transactionId === transactionId) return decode(event.payload);
      if (event.blockNumber > blockNumber) break;
    }
  } finally {
    events.close();
  }
  throw new Error(`no event of transaction ${transactionId} in block ${blockNumber} of ${chaincode}`);
}

/** An SZ-HK payment's public record (see {@link szHk}). */
export async function getPayment(connection: OrgConnection, uetr: string): Promise<PaymentRecord> {
  return decode(await szHk(connection).evaluateTransaction('payment:getPayment', uetr));
}

/** The chaincode's own message out of a refused endorsement or evaluation (fabric-gateway puts it in details). */
export function ledgerMessage(error: unknown): string {
  const details = (error as { details?: { message: string }[] }).details ?? [];
  return [(error as Error).message, ...details.map((detail) => detail.message)].join('\n');
}

/** True when endorsers a block apart answered the same proposal differently: endorsing again can succeed. */
export function endorsersApart(error: unknown): boolean {
  return /ProposalResponsePayloads do not match/.test(ledgerMessage(error));
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
