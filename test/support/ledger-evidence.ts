import { common, msp, peer } from '@hyperledger/fabric-protos';
import { PAYMENTS_CHANGED_EVENT, PAYMENT_TRANSACTIONS, PaymentsChangedEvent } from '@bayrecon/common';
import { OrgConnection } from '../../network/client/org-gateway';
import { chainHeight } from './payments';

/** A transaction of a pair channel's block as the block itself says: who created it, whether it is valid, its event. */
export interface LedgerTransaction {
  blockNumber: bigint;
  txId: string;
  creatorMspId: string;
  valid: boolean;
  /** The PaymentsChanged event the transaction carries, if any (a peer keeps an invalid transaction's too). */
  event: PaymentsChangedEvent | undefined;
}

/** The transactions that write sides: a side changes only in these, and only for the creator's own side. */
const SIDE_WRITES: ReadonlySet<string> = new Set([PAYMENT_TRANSACTIONS.submitSides.name, PAYMENT_TRANSACTIONS.amendSide.name]);

function decodeTransaction(blockNumber: bigint, envelopeBytes: Uint8Array, validationCode: number): LedgerTransaction | undefined {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const header = payload.getHeader();
  if (header === undefined) return undefined;
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return undefined;
  const creator = msp.SerializedIdentity.deserializeBinary(common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8());
  let event: PaymentsChangedEvent | undefined;
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (endorsed === undefined) continue;
    const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
    const chaincodeEvent = peer.ChaincodeEvent.deserializeBinary(peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8());
    if (chaincodeEvent.getEventName() === PAYMENTS_CHANGED_EVENT) {
      event = JSON.parse(Buffer.from(chaincodeEvent.getPayload_asU8()).toString('utf8')) as PaymentsChangedEvent;
    }
  }
  return { blockNumber, txId: channelHeader.getTxId(), creatorMspId: creator.getMspid(), valid: validationCode === peer.TxValidationCode.VALID, event };
}

/**
 * Every endorser transaction of blocks [fromBlock, the reader's height) of CHANNEL, read block by block through
 * qscc on the reader's peer: the blocks and their validation codes, not any component's account of them.
 */
export async function readLedgerTransactions(reader: OrgConnection, channel: string, fromBlock: bigint): Promise<LedgerTransaction[]> {
  const qscc = reader.gateway.getNetwork(channel).getContract('qscc');
  const height = await chainHeight(reader, channel);
  const transactions: LedgerTransaction[] = [];
  for (let number = fromBlock; number < height; number += 1n) {
    const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByNumber', channel, number.toString()));
    const codes = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
    block.getData()?.getDataList_asU8().forEach((envelope, index) => {
      const transaction = decodeTransaction(number, envelope, codes[index] ?? peer.TxValidationCode.INVALID_OTHER_REASON);
      if (transaction !== undefined) transactions.push(transaction);
    });
  }
  return transactions;
}

/** A side a bank's API accepted: the payment's UETR and the bank that owns the side (its MSP id). */
export interface AcceptedSide {
  uetr: string;
  mspId: string;
}

/** What the ledger holds of a set of accepted sides, counted from valid transactions only. */
export interface SideEvidence {
  /** Accepted sides that a valid transaction of their own bank wrote at least once. */
  committed: number;
  /** Accepted sides written by more than one valid transaction: a side recorded twice. */
  committedTwice: number;
  /** Sides the banks' valid side-writing transactions carried that the chaincode found already recorded (no-ops). */
  resendsAbsorbed: number;
  /** Accepted sides no valid transaction wrote. */
  lost: number;
  /** Transactions of these banks the peers marked invalid (read conflicts, endorsement failures). */
  invalidTransactions: number;
}

/**
 * Counts the accepted sides against the transactions: a side counts as written by a valid submitSides or amendSide
 * of its own bank whose PaymentsChanged event names its UETR (the chaincode lets a bank write only its own side,
 * and an identical resend changes nothing and is counted in the event's `unchanged`).
 */
export function sideEvidence(accepted: readonly AcceptedSide[], transactions: readonly LedgerTransaction[]): SideEvidence {
  const banks = new Set(accepted.map((side) => side.mspId));
  const writes = new Map<string, number>();
  let resendsAbsorbed = 0;
  let invalidTransactions = 0;
  for (const transaction of transactions) {
    if (!banks.has(transaction.creatorMspId)) continue;
    if (!transaction.valid) {
      invalidTransactions += 1;
      continue;
    }
    const event = transaction.event;
    if (event === undefined || !SIDE_WRITES.has(event.transaction)) continue;
    resendsAbsorbed += event.counts.unchanged;
    for (const change of event.changes) {
      const key = `${change.uetr} ${transaction.creatorMspId}`;
      writes.set(key, (writes.get(key) ?? 0) + 1);
    }
  }
  let committed = 0;
  let committedTwice = 0;
  for (const side of accepted) {
    const times = writes.get(`${side.uetr} ${side.mspId}`) ?? 0;
    if (times > 0) committed += 1;
    if (times > 1) committedTwice += 1;
  }
  return { committed, committedTwice, resendsAbsorbed, lost: accepted.length - committed, invalidTransactions };
}
