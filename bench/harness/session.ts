import { Contract } from '@hyperledger/fabric-gateway';
import { Documents } from '../../api/src/fabric/documents';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { Committer } from '../../api/src/fabric/typed-contract';
import { NetworkMap, OrgName, readNetworkMap } from '../../network/client/network-map';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { CommitTracker } from './commits';
import { TimedCommit } from './submit';

/** One org's client: its gateway connection, the commit tracker on its own peer, and the typed contracts. */
export interface BenchClient {
  org: OrgName;
  connection: OrgConnection;
  tracker: CommitTracker;
  /** A chaincode of the channel by name (the trivial comparison chaincode). */
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
  const tracker = await CommitTracker.open(connection, network.channel);
  const fabricNetwork = connection.gateway.getNetwork(network.channel);
  const szHk = connection.pairContract('SZBankMSP', 'HKBankMSP');
  return {
    org,
    connection,
    tracker,
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
      sz.tracker.forget();
      hk.tracker.forget();
    },
    close() {
      for (const client of [sz, hk]) {
        client.tracker.close();
        client.connection.close();
      }
    },
  };
}
