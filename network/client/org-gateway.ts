import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, Contract, Gateway, hash } from '@hyperledger/fabric-gateway';
import { newNodeSigner, pairChaincode } from '@bayrecon/common';
import { NetworkMap, OrgName, readNetworkMap } from './network-map';

export interface OrgConnection {
  org: OrgName;
  mspId: string;
  gateway: Gateway;
  /** The main bayrecon chaincode on the recon channel; name a contract with `Contract:transaction`. */
  contract: Contract;
  /** The payments chaincode of a bank pair (`payment:` transactions), by the two banks' MSP ids in any order. */
  pairContract(orgA: string, orgB: string): Contract;
  close(): void;
}

export interface ConnectOptions {
  /** Which identity of the org: its client user (default) or its admin. */
  identity?: 'user' | 'admin';
  /** Deadline of each endorse, submit and commit-status call, in milliseconds. */
  deadlineMs?: number;
  network?: NetworkMap;
}

/** Connects to ORG's own peer through the Fabric Gateway with the org's identity from the generated crypto. */
export function connectAs(org: OrgName, options: ConnectOptions = {}): OrgConnection {
  const network = options.network ?? readNetworkMap();
  const endpoints = network.orgs[org];
  const files = endpoints[options.identity ?? 'user'];
  const deadlineMs = options.deadlineMs ?? 30_000;
  // Connecting by IP with the TLS name overridden to 'localhost' (a SAN of every certificate) keeps Node
  // from warning that an IP address is used as a TLS server name.
  const client = new grpc.Client(endpoints.peerEndpoint, grpc.credentials.createSsl(readFileSync(endpoints.tlsCaCert)), {
    'grpc.ssl_target_name_override': endpoints.peerHostAlias,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  const deadline = () => ({ deadline: Date.now() + deadlineMs });
  const gateway = connect({
    client,
    identity: { mspId: endpoints.mspId, credentials: readFileSync(files.cert) },
    signer: newNodeSigner(readFileSync(files.key, 'utf8')),
    hash: hash.none,
    evaluateOptions: deadline,
    endorseOptions: deadline,
    submitOptions: deadline,
    commitStatusOptions: deadline,
  });
  const channel = gateway.getNetwork(network.channel);
  return {
    org,
    mspId: endpoints.mspId,
    gateway,
    contract: channel.getContract(network.chaincode),
    pairContract: (orgA, orgB) => channel.getContract(pairChaincode(orgA, orgB)),
    close() {
      gateway.close();
      client.close();
    },
  };
}
