import { PAYMENT_TRANSACTIONS, bankPairsOf, transactionName } from '@bayrecon/common';
import { OrgConnection, connectAs } from './org-gateway';
import { ORG_NAMES } from './network-map';

// Readiness is one committed transaction per org, and every bank's pair chaincodes endorsed by both banks'
// peers, not an open port: right after a deploy the gateway can still answer "no combination of peers can be
// derived" or "failed to find any endorsing peers" until gossip has told each peer where every chaincode runs.
const TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 60_000);

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
 * Endorses a read of each bank pair's payments the org's bank belongs to, through the org's gateway, by both
 * banks' peers (a query evaluates on one peer only, so it is endorsed and never ordered).
 */
async function endorsePairChaincodes(connection: OrgConnection, deadline: number): Promise<void> {
  for (const { orgs, chaincode } of bankPairsOf(connection.mspId)) {
    const contract = connection.pairContract(orgs[0], orgs[1]);
    await retryUntil(`${connection.org}: ${chaincode} not endorsed by both banks`, deadline,
      () => contract.newProposal(transactionName(PAYMENT_TRANSACTIONS.findPayments), { arguments: ['[]'], endorsingOrganizations: [...orgs] }).endorse());
  }
}

async function becomeReady(org: (typeof ORG_NAMES)[number], deadline: number): Promise<void> {
  const connection = connectAs(org, { deadlineMs: 10_000 });
  try {
    await retryUntil(`${org}: no heartbeat committed`, deadline, () => connection.heartbeats().beat());
    await endorsePairChaincodes(connection, deadline);
  } finally {
    connection.close();
  }
}

async function main(): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  await Promise.all(ORG_NAMES.map((org) => becomeReady(org, deadline)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
