import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, Contract, Gateway, hash } from '@hyperledger/fabric-gateway';
import { newNodeSigner } from '@bayrecon/common';
import { contractAt, pairPaymentsLocation } from '../../api/src/fabric/contract-locations';
import { Documents } from '../../api/src/fabric/documents';
import { Heartbeats } from '../../api/src/fabric/heartbeats';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { Committed, Committer, commitByStatus } from '../../api/src/fabric/typed-contract';
import { NetworkMap, OrgName, readNetworkMap } from './network-map';

/**
 * One org's client on the network: its gateway, and the typed contracts the API uses too. A submission commits
 * the way `commit` says, by default by asking the peer for the transaction's status.
 */
export interface OrgConnection {
  org: OrgName;
  mspId: string;
  gateway: Gateway;
  /** The main bayrecon chaincode on the channel (documents, heartbeats). */
  contract: Contract;
  /** The gateway Contract where a bank pair's payments live, by the two banks' MSP ids in any order. */
  pairContract(orgA: string, orgB: string): Contract;
  /** The payments of a bank pair. */
  payments(orgA: string, orgB: string, commit?: Committer<Committed>): PairPayments;
  documents(commit?: Committer<Committed>): Documents;
  heartbeats(commit?: Committer<Committed>): Heartbeats;
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
  const main = gateway.getNetwork(network.channel).getContract(network.chaincode);
  const pairContract = (orgA: string, orgB: string): Contract => contractAt(gateway, pairPaymentsLocation(network.channel, orgA, orgB));
  return {
    org,
    mspId: endpoints.mspId,
    gateway,
    contract: main,
    pairContract,
    payments: (orgA, orgB, commit = commitByStatus) => new PairPayments(pairContract(orgA, orgB), [orgA, orgB], commit),
    documents: (commit = commitByStatus) => new Documents(main, commit),
    heartbeats: (commit = commitByStatus) => new Heartbeats(main, commit),
    close() {
      gateway.close();
      client.close();
    },
  };
}
