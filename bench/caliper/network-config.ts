import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pairPaymentsLocation } from '../../api/src/fabric/contract-locations';
import { NetworkMap, OrgName, readNetworkMap, stateDir } from '../../network/client/network-map';
import { ordererBatching } from '../harness/machine';
import { packageId } from '../harness/network';

/** The banks of the SZ->HK corridor the workload drives: SZBank submits debtor sides, HKBank creditor sides. */
export const CALIPER_ORGS: readonly OrgName[] = ['SZBank', 'HKBank'];
/** Each bank's client user from the generated crypto, under the name the workload invokes it by. */
export const INVOKER_IDENTITY = 'User1';

/** Where a run keeps what is particular to this network and machine: never in the repository. */
export const caliperStateDir = (): string => path.join(stateDir(), 'caliper');

/**
 * Caliper's network configuration (format 2.0) for the running network, from the same network map our own
 * clients read. Each bank connects through the connection profile write-profiles.sh wrote for it; with
 * `@hyperledger/fabric-gateway` installed Caliper uses its peer-gateway connector, which reads only the
 * profile's peer (URL, TLS CA, TLS name override), so no channel section or discovery setting is needed.
 */
export function caliperNetworkConfig(network: NetworkMap): object {
  const szHk = pairPaymentsLocation(network.channel, 'SZBankMSP', 'HKBankMSP');
  const batching = ordererBatching(stateDir());
  return {
    name: 'bayrecon',
    version: '2.0.0',
    caliper: { blockchain: 'fabric', sutOptions: { mutualTls: false } },
    // Shown in the HTML report's "System under test" list.
    info: {
      Fabric: 'v3.1.5, Raft, one orderer, four peers (LevelDB)',
      Chaincode: packageId(network.chaincode) ?? network.chaincode,
      'Orderer batching': batching === undefined ? 'unknown' : `BatchTimeout ${batching.batchTimeout}, MaxMessageCount ${batching.maxMessageCount}`,
      'Port offset': process.env.BAYRECON_PORT_OFFSET ?? '0',
    },
    // The workload's payments are SZBank's and HKBank's: they live where that pair's payments live.
    channels: [{ channelName: szHk.channel, contracts: [{ id: szHk.chaincode }] }],
    organizations: CALIPER_ORGS.map((org) => {
      const endpoints = network.orgs[org];
      return {
        mspid: endpoints.mspId,
        identities: {
          certificates: [{
            name: INVOKER_IDENTITY,
            clientPrivateKey: { path: endpoints.user.key },
            clientSignedCert: { path: endpoints.user.cert },
          }],
        },
        connectionProfile: { path: path.join(stateDir(), 'profiles', `${org}.json`), discover: false },
      };
    }),
  };
}

/** Writes the network configuration into the state folder (JSON, which Caliper's YAML reader accepts). */
export function writeCaliperNetworkConfig(): string {
  mkdirSync(caliperStateDir(), { recursive: true });
  const file = path.join(caliperStateDir(), 'network.json');
  writeFileSync(file, JSON.stringify(caliperNetworkConfig(readNetworkMap()), null, 2) + '\n');
  return file;
}
