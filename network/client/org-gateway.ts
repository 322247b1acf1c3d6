import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, Contract, Gateway, hash } from '@hyperledger/fabric-gateway';
import { newNodeSigner } from '@bayrecon/common';
import { NetworkMap, OrgName, pairChannelOf, peerOrg, readNetworkMap } from './network-map';

export interface OrgConnection {
  org: OrgName;
  mspId: string;
  gateway: Gateway;
  /** The chaincode on the consortium channel (documents, heartbeats); name a contract with `Contract:transaction`. */
  contract: Contract;
  /** The chaincode on a bank pair's channel (`payment:` transactions), by the two banks' MSP ids in any order. */
  pairContract(orgA: string, orgB: string): Contract;
  close(): void;
}

export interface ConnectOptions {
  /** Which identity of the org: its API client (default) or its admin. */
  identity?: 'user' | 'admin';
  /** Deadline of each endorse, submit and commit-status call, in milliseconds. */
  deadlineMs?: number;
  network?: NetworkMap;
}

/** Connects to ORG's own peer through the Fabric Gateway with an identity the org's own CA issued. */
export function connectAs(org: OrgName, options: ConnectOptions = {}): OrgConnection {
  const network = options.network ?? readNetworkMap();
  const endpoints = peerOrg(network, org);
  const files = options.identity === 'admin' ? endpoints.admin : endpoints.user;
  const deadlineMs = options.deadlineMs ?? 30_000;
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
  return {
    org,
    mspId: endpoints.mspId,
    gateway,
    contract: gateway.getNetwork(network.consortiumChannel).getContract(network.chaincode),
    pairContract: (orgA, orgB) => gateway.getNetwork(pairChannelOf(network, orgA, orgB)).getContract(network.chaincode),
    close() {
      gateway.close();
      client.close();
    },
  };
}
