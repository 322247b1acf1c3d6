import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Directory, DirectoryState, Jurisdiction } from '@bayrecon/common';

/** An organisation of the network by its name (its MSP id without `MSP`): SZBank, HKMA, ... */
export type OrgName = string;

interface IdentityFiles {
  cert: string;
  key: string;
}

export interface OrgEndpoints {
  mspId: string;
  kind: 'bank' | 'regulator' | 'orderer';
  /** The address the organisation's nodes listen on (127.0.0.1 on one machine, its host's on the hosts topology). */
  host: string;
  /** Its network namespace on the hosts topology, '' on one machine. */
  namespace: string;
  /** The channels it is a member of. */
  channels: string[];
  /** The CA of its nodes' TLS certificates. */
  tlsCaCert: string;
  admin: IdentityFiles & { tlsCert: string; tlsKey: string };
  /** Organisations that run a peer (banks and regulators): */
  peerEndpoint?: string;
  peerHostAlias?: string;
  peerOperations?: string;
  apiUrl?: string;
  apiPort?: number;
  /** The identity its API instance acts with. */
  user?: IdentityFiles;
  /** The TLS client identity its peer presents to the chaincode services. */
  peerChaincodeClient?: IdentityFiles;
  /** Organisations that run an orderer: */
  ordererEndpoint?: string;
  ordererOperations?: string;
}

/** What network/scripts/write-profiles.sh records of the running network (state/network.json). */
export interface NetworkMap {
  topology: 'single' | 'hosts';
  ordering: 'bft' | 'raft';
  consortiumChannel: string;
  chaincode: string;
  /** The consortium file in force (the genesis one, as add-bank and remove-bank changed it). */
  consortiumFile: string;
  /** Every channel: its members, its orderers and, for a bank pair's, its two banks (by name, sorted). */
  channels: Record<string, { members: OrgName[]; orderers: OrgName[]; pair?: [OrgName, OrgName] }>;
  orgs: Record<OrgName, OrgEndpoints>;
  /** The single-host topology's shared chaincode service (it answers the peers only, over mutual TLS). */
  chaincodeService: { endpoint: string; tlsCaCert: string } | null;
}

/** An organisation that runs a peer, with the fields that go with it. */
export type PeerOrg = OrgEndpoints & Required<Pick<OrgEndpoints, 'peerEndpoint' | 'peerHostAlias' | 'peerOperations' | 'apiUrl' | 'apiPort' | 'user' | 'peerChaincodeClient'>>;

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

/** The organisations of a kind (banks, regulators), in the consortium's order. */
export function orgsOfKind(network: NetworkMap, kind: OrgEndpoints['kind']): OrgName[] {
  return Object.keys(network.orgs).filter((org) => network.orgs[org].kind === kind);
}

/** The organisations that run a peer (banks and regulators), in the consortium's order. */
export function peerOrgs(network: NetworkMap): OrgName[] {
  return Object.keys(network.orgs).filter((org) => network.orgs[org].peerEndpoint !== undefined);
}

/** The channel of the pair of two banks (MSP ids or names, in any order). @throws when they are no pair. */
export function pairChannelOf(network: NetworkMap, orgA: string, orgB: string): string {
  const names = [orgA, orgB].map((org) => org.replace(/MSP$/, '')).sort();
  const found = Object.entries(network.channels).find(([, channel]) => channel.pair?.[0] === names[0] && channel.pair?.[1] === names[1]);
  if (found === undefined) throw new Error(`${names.join(' and ')} are no bank pair of this network`);
  return found[0];
}

/** The pair channels an organisation is a member of, with their two banks. */
export function pairChannelsOf(network: NetworkMap, org: OrgName): { channel: string; pair: [OrgName, OrgName] }[] {
  return Object.entries(network.channels)
    .filter(([, channel]) => channel.pair !== undefined && channel.members.includes(org))
    .map(([channel, { pair }]) => ({ channel, pair: pair as [OrgName, OrgName] }));
}

/** An organisation that runs a peer. @throws when it runs none. */
export function peerOrg(network: NetworkMap, org: OrgName): PeerOrg {
  const endpoints = network.orgs[org];
  if (endpoints?.peerEndpoint === undefined) throw new Error(`${org} runs no peer on this network`);
  return endpoints as PeerOrg;
}

interface ConsortiumFile {
  jurisdictions: Jurisdiction[];
  orgs: { name: string; kind: string; displayName: string; jurisdiction?: string; bic8s?: string[]; regime?: string; status?: string }[];
}

/**
 * The directory state a consortium file describes: its banks and regulators (the Raft ordering organisation is no
 * member), those being admitted not yet active. It is what `make up` writes to the ledger as the genesis directory,
 * and add-bank and remove-bank change the file as their ledger changes are approved, so clients on this machine
 * know the members without asking the ledger.
 */
export function directoryStateOf(file: string): DirectoryState {
  const consortium = JSON.parse(readFileSync(file, 'utf8')) as ConsortiumFile;
  return {
    version: 1,
    jurisdictions: consortium.jurisdictions,
    members: consortium.orgs.filter((org) => org.kind === 'bank' || org.kind === 'regulator').map(({ status, ...org }) => ({
      ...org, kind: org.kind as 'bank' | 'regulator', status: status === 'removed' || status === 'admitting' ? 'removed' as const : 'active' as const,
    })),
    rule: { banks: 'MAJORITY', regulators: 'MAJORITY' },
  };
}

/** The member directory of the running network, from its consortium file. */
export function directoryOf(network: NetworkMap): Directory {
  return new Directory(directoryStateOf(network.consortiumFile));
}
