import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { OrgName, peerOrg, readNetworkMap } from '../../network/client/network-map';

/** A client certificate and its private key, as files. */
interface IdentityFiles {
  cert: string;
  key: string;
}

/**
 * Connects to CLAIMED's own peer under CLAIMED's MSP id, but presenting `identity` instead of CLAIMED's client
 * identity: what a client that wants to pass for another org would do.
 */
export function connectClaiming(claimed: OrgName, identity: IdentityFiles): OrgConnection {
  const network = readNetworkMap();
  return connectAs(claimed, { network: { ...network, orgs: { ...network.orgs, [claimed]: { ...network.orgs[claimed], user: identity } } } });
}

/**
 * Connects with ORG's own client identity, honestly presented, to another org's peer (`peerOf`): what a client
 * that wants to read or write through a peer other than its own would do.
 */
export function connectVia(org: OrgName, peerOf: OrgName): OrgConnection {
  const network = readNetworkMap();
  const { peerEndpoint, peerHostAlias, tlsCaCert } = peerOrg(network, peerOf);
  return connectAs(org, { network: { ...network, orgs: { ...network.orgs, [org]: { ...network.orgs[org], peerEndpoint, peerHostAlias, tlsCaCert } } } });
}

/** ORG's client identity files on the local network. */
export function identityOf(org: OrgName): IdentityFiles {
  return peerOrg(readNetworkMap(), org).user;
}

/**
 * A rogue certificate authority that names itself exactly as ORG's (same org name and domain) and the client
 * identity it issued, made with Fabric's cryptogen: everything matches ORG's but the CA's key.
 */
export function rogueIdentity(org: OrgName, domain: string): { identity: IdentityFiles; remove(): void } {
  const folder = mkdtempSync(path.join(tmpdir(), 'bayrecon-rogue-ca-'));
  const config = path.join(folder, 'crypto-config.yaml');
  writeFileSync(config, `PeerOrgs:\n  - Name: ${org}\n    Domain: ${domain}\n    EnableNodeOUs: true\n    Template:\n      Count: 1\n    Users:\n      Count: 1\n`);
  const fabricHome = process.env.FABRIC_HOME ?? path.join(homedir(), '.fabric', 'v3.1.5');
  execFileSync(path.join(fabricHome, 'bin', 'cryptogen'), ['generate', `--config=${config}`, `--output=${folder}`], { stdio: 'ignore' });
  const msp = path.join(folder, 'peerOrganizations', domain, 'users', `User1@${domain}`, 'msp');
  return {
    identity: { cert: path.join(msp, 'signcerts', `User1@${domain}-cert.pem`), key: path.join(msp, 'keystore', 'priv_sk') },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
