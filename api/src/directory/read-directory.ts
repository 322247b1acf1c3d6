import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash } from '@hyperledger/fabric-gateway';
import { CHAINCODE_NAME, DirectoryState, newNodeSigner } from '@bayrecon/common';
import { FabricSettings } from '../config/app-config';
import { MemberDirectory } from '../fabric/member-directory';
import { commitByStatus } from '../fabric/typed-contract';

const ATTEMPTS = 120;
const PAUSE_MS = 500;

/**
 * The member directory as the consortium channel records it, read through this org's own peer before the instance
 * starts: it decides whether the instance serves a bank (write routes) or a regulator (read-only), and which
 * channels it follows. A peer still starting (or restarting after a power cut) is asked again for a minute.
 *
 * @throws the last ledger error when the peer never answered.
 */
export async function readDirectoryAtStart(fabric: FabricSettings): Promise<DirectoryState> {
  const client = new grpc.Client(fabric.peerEndpoint, grpc.credentials.createSsl(readFileSync(fabric.tlsCaCertPath)), {
    'grpc.ssl_target_name_override': fabric.peerHostAlias,
  });
  const gateway = connect({
    client,
    identity: { mspId: fabric.mspId, credentials: readFileSync(fabric.certPath) },
    signer: newNodeSigner(readFileSync(fabric.keyPath, 'utf8')),
    hash: hash.none,
    evaluateOptions: () => ({ deadline: Date.now() + 5_000 }),
  });
  const directory = new MemberDirectory(gateway.getNetwork(fabric.consortiumChannel).getContract(CHAINCODE_NAME), commitByStatus);
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await directory.read();
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    }
  } finally {
    gateway.close();
    client.close();
  }
}
