import { randomUUID } from 'node:crypto';
import { Directory, PaymentSide } from '@bayrecon/common';
import { connectAs, OrgConnection } from './org-gateway';
import { NetworkMap, OrgName, pairChannelsOf, peerOrgs, readNetworkMap } from './network-map';

/**
 * Waits until a restored organisation's peer endorses again, as its users need it:
 *   node -r ts-node/register/transpile-only network/client/await-endorsing.ts ORG
 * - on the consortium channel a heartbeat, endorsed by its peer and another member's, is committed;
 * - for a bank, on each of its pairs' channels, a probe side is endorsed (never submitted: nothing is written) by
 *   both banks' peers. That needs the pair's key, private data of the pair's collection, which a peer joined from
 *   a snapshot has only as a hash until private data reconciliation brings it from the pair's other members; until
 *   then the two endorsements differ and the gateway refuses them;
 * - on each pair channel it is a member of, a transaction that only reads (which UETRs of a fresh one the pair
 *   records) is committed, so that the channel orders a block after the organisation's orderer rejoined it. A
 *   SmartBFT orderer joined from a channel's genesis block (the latest configuration block of a channel never
 *   reconfigured) fetches the chain only once it sees consensus on a new block; on a channel with no traffic it would
 *   wait at height 1. The heartbeat does the same for the consortium channel.
 */
const TIMEOUT_MS = Number(process.env.ENDORSING_TIMEOUT_MS ?? 300_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function retryUntil(what: string, deadline: number, attempt: () => Promise<unknown>): Promise<void> {
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} within ${TIMEOUT_MS} ms: ${String(error)}`);
      await sleep(500);
    }
  }
}

/** A valid side of a payment from `bank` to `counterparty`, only ever endorsed. */
function probeSide(directory: Directory, bank: string, counterparty: string): PaymentSide {
  const bic = (org: string) => `${directory.memberBank(org).bic8s[0]}XXX`;
  return {
    uetr: randomUUID(),
    side: 'DEBTOR_AGENT',
    counterpartyOrg: counterparty,
    messageType: 'pacs.008',
    endToEndId: 'RESTORE-PROBE',
    instructingAgentBic: bic(bank),
    instructedAgentBic: bic(counterparty),
    debtorAgentBic: bic(bank),
    creditorAgentBic: bic(counterparty),
    interbankSettlementAmount: { amount: '1.00', currency: 'HKD' },
    interbankSettlementDate: new Date().toISOString().slice(0, 10),
  };
}

async function endorsesPairs(connection: OrgConnection, deadline: number): Promise<void> {
  const { directory } = connection;
  for (const pair of directory.bankPairsOf(connection.mspId)) {
    const counterparty = pair.orgs.find((bank: string) => bank !== connection.mspId);
    if (counterparty === undefined) continue;
    const contract = connection.pairContract(pair.orgs[0], pair.orgs[1]);
    await retryUntil(`${connection.org}: ${pair.channel} not endorsed by both banks`, deadline, () =>
      contract.newProposal('payment:submitSides', {
        // A probe announces no outbox (see IntakeAnnouncement).
        arguments: ['', ''],
        transientData: {
          sides: JSON.stringify([probeSide(directory, connection.mspId, counterparty)]),
          pairKeyProposal: Buffer.alloc(32).toString('base64'),
        },
        endorsingOrganizations: directory.paymentEndorsingOrgs(connection.mspId, counterparty),
      }).endorse());
    console.log(`[network] ${connection.org}: its peer endorses on ${pair.channel}`);
  }
}

/** Commits a read-only transaction on each pair channel of the organisation, endorsed by the pair's two banks. */
async function ordersABlockOnEachPair(connection: OrgConnection, network: NetworkMap, deadline: number): Promise<void> {
  for (const { channel, pair } of pairChannelsOf(network, connection.org)) {
    const [a, b] = pair.map((bank) => network.orgs[bank].mspId);
    await retryUntil(`${connection.org}: no block ordered on ${channel}`, deadline, () =>
      connection.pairContract(a, b).submit('payment:uetrsTaken', {
        arguments: [JSON.stringify([randomUUID()])],
        endorsingOrganizations: connection.directory.paymentEndorsingOrgs(a, b),
      }));
    console.log(`[network] ${connection.org}: a block ordered on ${channel}`);
  }
}

async function main(org: OrgName): Promise<void> {
  const network = readNetworkMap();
  const other = peerOrgs(network).find((name) => name !== org);
  if (other === undefined) throw new Error(`no other organisation runs a peer beside ${org}`);
  const deadline = Date.now() + TIMEOUT_MS;
  const connection = connectAs(org, { deadlineMs: 15_000 });
  try {
    await retryUntil(`${org}: no heartbeat committed`, deadline, () => connection.contract.submit('heartbeat:beat', {
      endorsingOrganizations: [connection.mspId, network.orgs[other].mspId],
    }));
    console.log(`[network] ${org}: its peer endorses and commits on ${network.consortiumChannel}`);
    if (connection.directory.isMemberBank(connection.mspId)) await endorsesPairs(connection, deadline);
    await ordersABlockOnEachPair(connection, network, deadline);
  } finally {
    connection.close();
  }
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
