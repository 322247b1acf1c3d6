import { Contract } from '@hyperledger/fabric-gateway';
import { NetworkMap, OrgName, readNetworkMap } from '../../network/client/network-map';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { CommitTracker } from './commits';

/** One org's client: its gateway connection and the commit tracker on its own peer. */
export interface BenchClient {
  org: OrgName;
  connection: OrgConnection;
  tracker: CommitTracker;
  contract(chaincode: string): Contract;
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
  return { org, connection, tracker, contract: (chaincode) => fabricNetwork.getContract(chaincode) };
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
