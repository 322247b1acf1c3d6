import { Contract } from '@hyperledger/fabric-gateway';
import { Documents } from '../../api/src/fabric/documents';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { Committer } from '../../api/src/fabric/typed-contract';
import { NetworkMap, OrgName, pairChannelOf, readNetworkMap } from '../../network/client/network-map';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { CommitTracker } from './commits';
import { TimedCommit } from './submit';

/**
 * One org's client: its gateway connection, the commit trackers on its own peer (of the SZ-HK pair's channel, where
 * the payments and the trivial comparison chaincode are, and of the consortium channel, where the documents are),
 * and the typed contracts.
 */
export interface BenchClient {
  org: OrgName;
  connection: OrgConnection;
  tracker: CommitTracker;
  consortiumTracker: CommitTracker;
  /** A chaincode of the SZ-HK pair's channel by name (the trivial comparison chaincode). */
  contract(chaincode: string): Contract;
  /** The SZ-HK pair's payments, where every payment of the benchmarks is. */
  payments(commit: Committer<TimedCommit>): PairPayments<TimedCommit>;
  documents(commit: Committer<TimedCommit>): Documents<TimedCommit>;
}

/** The clients every benchmark shares: SZBank (debtor agent) and HKBank (creditor agent) of an SZ->HK corridor. */
export interface BenchSession {
  network: NetworkMap;
  sz: BenchClient;
  hk: BenchClient;
  /** Forgets the transactions the trackers have seen (between runs). */
  forget(): void;
  close(): void;
}

async function openClient(org: OrgName, network: NetworkMap): Promise<BenchClient> {
  // Long deadlines: under saturation a 500-side endorsement legitimately takes seconds.
  const connection = connectAs(org, { network, deadlineMs: 120_000 });
  const pairChannel = pairChannelOf(network, 'SZBank', 'HKBank');
  const tracker = await CommitTracker.open(connection, pairChannel);
  const consortiumTracker = await CommitTracker.open(connection, network.consortiumChannel);
  const fabricNetwork = connection.gateway.getNetwork(pairChannel);
  const szHk = connection.pairContract('SZBankMSP', 'HKBankMSP');
  return {
    org,
    connection,
    tracker,
    consortiumTracker,
    contract: (chaincode) => fabricNetwork.getContract(chaincode),
    payments: (commit) => new PairPayments(szHk, ['SZBankMSP', 'HKBankMSP'], commit),
    documents: (commit) => new Documents(connection.contract, commit),
  };
}

export async function openSession(): Promise<BenchSession> {
  const network = readNetworkMap();
  const sz = await openClient('SZBank', network);
  const hk = await openClient('HKBank', network);
  return {
    network,
    sz,
    hk,
    forget() {
      for (const client of [sz, hk]) {
        client.tracker.forget();
        client.consortiumTracker.forget();
      }
    },
    close() {
      for (const client of [sz, hk]) {
        client.tracker.close();
        client.consortiumTracker.close();
        client.connection.close();
      }
    },
  };
}
