import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The orgs that run a peer on the local network. */
export type OrgName = 'SZBank' | 'HKBank' | 'MOBank' | 'Regulator';
export const ORG_NAMES: readonly OrgName[] = ['SZBank', 'HKBank', 'MOBank', 'Regulator'];

interface IdentityFiles {
  cert: string;
  key: string;
}

export interface OrgEndpoints {
  mspId: string;
  peerEndpoint: string;
  peerHostAlias: string;
  peerOperations: string;
  apiPort: number;
  tlsCaCert: string;
  user: IdentityFiles;
  admin: IdentityFiles;
  /** The TLS client identity the org's peer presents to the chaincode services. */
  peerChaincodeClient: IdentityFiles;
}

/** What network/scripts/write-profiles.sh records of the running network (state/network.json). */
export interface NetworkMap {
  channel: string;
  chaincode: string;
  orderer: { endpoint: string; tlsCaCert: string; operations: string };
  /** The chaincode's service, which answers the peers only (mutual TLS), and the CA of its certificate. */
  chaincodeService: { endpoint: string; tlsCaCert: string };
  orgs: Record<OrgName, OrgEndpoints>;
}

/** The network's state folder: network/state unless BAYRECON_STATE_DIR says otherwise (as in env.sh). */
export function stateDir(): string {
  return process.env.BAYRECON_STATE_DIR ?? path.resolve(__dirname, '..', 'state');
}

/** Reads the running network's map; fails with a hint when the network was never brought up. */
export function readNetworkMap(): NetworkMap {
  const file = path.join(stateDir(), 'network.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as NetworkMap;
  } catch (cause) {
    throw new Error(`no network map at ${file}: is the network up ('make up')?`, { cause });
  }
}
