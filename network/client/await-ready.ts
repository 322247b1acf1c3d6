import { PAYMENT_TRANSACTIONS, transactionName } from '@bayrecon/common';
import { OrgConnection, connectAs } from './org-gateway';
import { NetworkMap, OrgName, peerOrgs, readNetworkMap } from './network-map';

// Readiness is a committed transaction per org on the consortium channel, and every bank pair's channel endorsed
// by both banks' peers, not an open port: right after a deploy the gateway can still answer "no combination of
// peers can be derived" until gossip has told each peer where the chaincode runs, and a BFT channel commits only
// once its consenters have agreed on a leader.
const TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 90_000);

async function retryUntil(what: string, deadline: number, attempt: () => Promise<unknown>): Promise<void> {
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${what} within ${TIMEOUT_MS} ms: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Endorses a read on each of the bank's pair channels by both banks' peers (a query evaluates on one peer only,
 * so it is endorsed and never ordered).
 */
async function endorsePairChannels(connection: OrgConnection, deadline: number): Promise<void> {
  for (const { orgs, channel } of connection.directory.bankPairsOf(connection.mspId)) {
    if (!orgs.includes(connection.mspId)) continue;
    const contract = connection.pairContract(orgs[0], orgs[1]);
    await retryUntil(`${connection.org}: ${channel} not endorsed by both banks`, deadline,
      () => contract.newProposal(transactionName(PAYMENT_TRANSACTIONS.findPayments), { arguments: ['[]'], endorsingOrganizations: [...orgs] }).endorse());
  }
}

async function becomeReady(network: NetworkMap, org: OrgName, deadline: number): Promise<void> {
  const connection = connectAs(org, { deadlineMs: 10_000, network });
  try {
    await retryUntil(`${org}: no heartbeat committed`, deadline, () => connection.heartbeats().beat());
    await endorsePairChannels(connection, deadline);
  } finally {
    connection.close();
  }
}

async function main(): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  const network = readNetworkMap();
  // READY_ORGS="A B" limits the wait to those orgs (a bank just admitted: the others were ready before).
  const only = process.env.READY_ORGS?.split(' ').filter(Boolean);
  const orgs = peerOrgs(network).filter((org) => only === undefined || only.includes(org));
  if (only !== undefined && orgs.length !== only.length) throw new Error(`READY_ORGS names an org with no peer in the network map: ${only.join(' ')}`);
  await Promise.all(orgs.map((org) => becomeReady(network, org, deadline)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
