import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, Contract, Gateway, hash } from '@hyperledger/fabric-gateway';
import { Directory, newNodeSigner } from '@bayrecon/common';
import { contractAt, pairPaymentsLocation } from '../../api/src/fabric/contract-locations';
import { Documents } from '../../api/src/fabric/documents';
import { Heartbeats } from '../../api/src/fabric/heartbeats';
import { MemberDirectory } from '../../api/src/fabric/member-directory';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { PairRuleSets } from '../../api/src/fabric/pair-rule-sets';
import { Committed, Committer, commitByStatus } from '../../api/src/fabric/typed-contract';
import { NetworkMap, OrgName, directoryOf, peerOrg, readNetworkMap } from './network-map';

/**
 * One org's client on the network: its gateway, and the typed contracts the API uses too. A submission commits
 * the way `commit` says, by default by asking the peer for the transaction's status.
 */
export interface OrgConnection {
  org: OrgName;
  mspId: string;
  gateway: Gateway;
  /** The member directory as the network knows it (the consortium file that mirrors the ledger's). */
  directory: Directory;
  /** The chaincode on the consortium channel (documents, heartbeats, the directory). */
  contract: Contract;
  /** The gateway Contract where a bank pair's payments live (its channel), by the two banks' MSP ids in any order. */
  pairContract(orgA: string, orgB: string): Contract;
  /** The payments of a bank pair. */
  payments(orgA: string, orgB: string, commit?: Committer<Committed>): PairPayments;
  /** The matching rules of a bank pair, on the pair's channel. */
  ruleSets(orgA: string, orgB: string, commit?: Committer<Committed>): PairRuleSets;
  documents(commit?: Committer<Committed>): Documents;
  heartbeats(commit?: Committer<Committed>): Heartbeats;
  /** The member directory on the ledger. */
  memberDirectory(commit?: Committer<Committed>): MemberDirectory;
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
  const directory = directoryOf(network);
  const main = gateway.getNetwork(network.consortiumChannel).getContract(network.chaincode);
  const pairContract = (orgA: string, orgB: string): Contract => contractAt(gateway, pairPaymentsLocation(directory, orgA, orgB));
  return {
    org,
    mspId: endpoints.mspId,
    gateway,
    directory,
    contract: main,
    pairContract,
    payments: (orgA, orgB, commit = commitByStatus) => new PairPayments(pairContract(orgA, orgB), [orgA, orgB], commit),
    ruleSets: (orgA, orgB, commit = commitByStatus) => new PairRuleSets(pairContract(orgA, orgB), [orgA, orgB], commit),
    documents: (commit = commitByStatus) => new Documents(main, commit),
    heartbeats: (commit = commitByStatus) => new Heartbeats(main, commit),
    memberDirectory: (commit = commitByStatus) => new MemberDirectory(main, commit),
    close() {
      gateway.close();
      client.close();
    },
  };
}
