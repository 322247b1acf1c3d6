import { ChaincodeResponse } from 'fabric-shim';
import {
  BankPair, CONSORTIUM_CHANNEL, DIRECTORY_TRANSACTIONS, Directory, DirectoryState, PAYMENT_TRANSACTIONS, genesisDirectory, marshal,
  transactionName,
} from '@bayrecon/common';
import { Context } from 'fabric-contract-api';
import { DIRECTORY_KEY } from '../directory/directory-state';
import { DirectoryContract } from '../directory/directory.contract';
import { PaymentContract } from '../payment/payment.contract';
import { ChannelCalls, CollectionMembers, FakeLedger } from './fake-ledger';

/** The chaincode-to-chaincode queries the contracts make, by transaction name. */
const QUERIES: Record<string, (ctx: Context, args: string[]) => Promise<string>> = {
  [transactionName(DIRECTORY_TRANSACTIONS.read)]: (ctx) => new DirectoryContract().read(ctx),
  [transactionName(PAYMENT_TRANSACTIONS.uetrsTaken)]: (ctx, [uetrs]) => new PaymentContract().uetrsTaken(ctx, uetrs),
};

/**
 * One organisation's peer for unit tests: the channels it has joined, each a {@link FakeLedger}, and the
 * chaincode-to-chaincode queries between them as Fabric runs them (on this peer, under the caller's identity,
 * read-only). The consortium channel holds the member directory (the genesis one unless told), which a pair's
 * channel reads from it; a call to a channel the peer has not joined fails as on Fabric.
 */
export class FakePeer implements ChannelCalls {
  private readonly ledgers = new Map<string, FakeLedger>();
  readonly directory: Directory;
  /** The consortium channel, with the directory in its state. */
  readonly consortium: FakeLedger;

  constructor(state: DirectoryState = genesisDirectory()) {
    this.directory = new Directory(state);
    this.consortium = this.join(CONSORTIUM_CHANNEL);
    this.consortium.state.set(DIRECTORY_KEY, marshal(state));
  }

  /** Joins a bank pair's channel, its collection enforcing member-only reads as the pair's definition does. */
  joinPair(orgA: string, orgB: string): FakeLedger {
    const pair = this.directory.bankPair(orgA, orgB);
    return this.join(pair.channel, pairCollection(this.directory, pair));
  }

  /** Joins a channel (idempotent). */
  join(channel: string, collections?: CollectionMembers): FakeLedger {
    let ledger = this.ledgers.get(channel);
    if (ledger === undefined) {
      ledger = new FakeLedger(collections, channel, this);
      this.ledgers.set(channel, ledger);
    }
    return ledger;
  }

  async invoke(channel: string, args: string[], mspId: string, time: string): Promise<ChaincodeResponse> {
    const ledger = this.ledgers.get(channel);
    if (ledger === undefined) throw new Error(`failed to find ledger for channel: ${channel}`);
    const [name, ...rest] = args;
    const query = QUERIES[name];
    if (query === undefined) throw new Error(`FakePeer: no chaincode-to-chaincode query '${name}'`);
    try {
      const result = await ledger.evaluate({ mspId, time }, (ctx) => query(ctx, rest));
      return { status: 200, message: '', payload: Buffer.from(result, 'utf8') };
    } catch (error) {
      return { status: 500, message: error instanceof Error ? error.message : String(error), payload: Buffer.alloc(0) };
    }
  }
}

/** A pair's private data collection and its members, the pair channel's members (as deploy-chaincode.sh defines it). */
export function pairCollection(directory: Directory, pair: BankPair): CollectionMembers {
  return { [pair.collection]: directory.pairMembers(pair) };
}
