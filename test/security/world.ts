import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { PaymentSide } from '@bayrecon/common';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { OrgName, peerOrgs, readNetworkMap } from '../../network/client/network-map';
import { ApiInstance, apiCli, startApi } from '../support/api-instance';
import { chainHeight, hkCreditorSide, newUetr, sidesOf, szDebtorSide } from '../support/payments';
import { uniqueSettlementDate, waitForBlock } from '../support/read-side';
import { allPeersCaughtUp, call, settledSubmission } from '../support/write-api';
import { EventStream, openEventStream } from './event-stream';

/**
 * The suite's API ports: 3401-3420 are this suite's alone (the other suites use 31xx-33xx), one per organisation
 * by its index in the consortium (SZBank 3401 ... AMCM 3406).
 */
const portOf = (org: OrgName): number => 3401 + Object.keys(readNetworkMap().orgs).indexOf(org);

/** How many SZ-HK payments the world writes that no test ever names to MOBank (see {@link SecurityWorld.unseen}). */
const UNSEEN_PAYMENTS = 20;

/** A document's bytes and their SHA-256, the hash an issuer anchors. */
export interface Document {
  bytes: Buffer;
  hash: string;
}

/** What every category's attempts are made against; built once for the suite. */
export interface SecurityWorld {
  /** Every organisation's API instance: SZBank, HKBank, MOBank, PBOC, HKMA, AMCM. */
  api: Record<OrgName, ApiInstance>;
  ledger: Record<OrgName, OrgConnection>;
  /** An SZBank->HKBank payment in DISCREPANCY (the banks booked different amounts), both sides posted through their APIs. */
  payment: {
    uetr: string;
    settlementDate: string;
    debtorSide: PaymentSide;
    creditorSide: PaymentSide;
    /** Values of the details that only SZBank, HKBank and their regulators may see, each unique to this run. */
    secrets: string[];
  };
  /**
   * SZ-HK payments (both sides, through SZBank's and HKBank's APIs) whose UETRs no test names to MOBank, not even
   * to refuse it: nothing of them may reach any of MOBank's files.
   */
  unseen: { uetrs: string[] };
  /** A MATCHED payment of each other pair, each between SZBank or HKBank and MOBank, through both banks' APIs. */
  otherPairs: { szMo: { uetr: string }; hkMo: { uetr: string } };
  /** Statements HKBank anchored through its API: one it then revoked, one still valid. */
  documents: { revoked: Document; valid: Document };
  /** A submitter key of SZBank's instance, revoked with the admin CLI. */
  revokedKey: string;
  /** MOBank's and SZBank's SSE streams, opened before the payment was written. */
  streams: { mo: EventStream; sz: EventStream };
  dispose(): Promise<void>;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function statement(): Document {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.7 HKBank statement, closing balance HKD 1,204,330.15 '), randomBytes(128)]);
  return { bytes, hash: sha256(bytes) };
}

async function postAndSettle(api: ApiInstance, route: string, json: unknown): Promise<void> {
  const answer = await call(api, 'POST', route, { json });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  const settled = await settledSubmission(api, answer.body.submissionId);
  assert.ok(settled.items.every((item) => item.status === 'COMMITTED'), JSON.stringify(settled.items));
}

/**
 * Starts the six orgs' API instances and connects to every peer, then writes what the attempts aim at: the
 * payment (through SZBank's and HKBank's APIs, with MOBank's and SZBank's event streams open), the unseen SZ-HK
 * payments, one payment of each other pair and the two documents (through HKBank's API); returns once every peer
 * and the projections have them.
 */
export async function buildWorld(): Promise<SecurityWorld> {
  const orgs = peerOrgs(readNetworkMap());
  const starting = await Promise.allSettled(orgs.map((org) => startApi(org, { port: portOf(org), env: { OUTBOX_LINGER_MS: '10' } })));
  const started = starting.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const ledger = Object.fromEntries(orgs.map((org) => [org, connectAs(org)])) as Record<OrgName, OrgConnection>;
  const streams: EventStream[] = [];
  // Whatever the set-up started is stopped again, also when it fails half-way.
  const dispose = async () => {
    streams.forEach((stream) => stream.close());
    Object.values(ledger).forEach((connection) => connection.close());
    await Promise.all(started.map((instance) => instance.dispose()));
  };
  try {
    const failed = starting.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const api = Object.fromEntries(started.map((instance) => [instance.org, instance])) as Record<OrgName, ApiInstance>;
    const [mo, sz] = [await openEventStream(api.MOBank), await openEventStream(api.SZBank)];
    streams.push(mo, sz);
    return { ...(await writeTargets(api, ledger)), api, ledger, streams: { mo, sz }, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Writes what the attempts aim at; see {@link buildWorld}. */
async function writeTargets(api: Record<OrgName, ApiInstance>, ledger: Record<OrgName, OrgConnection>): Promise<Pick<SecurityWorld, 'payment' | 'documents' | 'revokedKey' | 'unseen' | 'otherPairs'>> {
  const issued = JSON.parse(apiCli(api.SZBank.env, ['create-key', '--role', 'submitter'])) as { id: string; key: string };
  apiCli(api.SZBank.env, ['revoke-key', issued.id]);

  const uetr = newUetr();
  const settlementDate = uniqueSettlementDate();
  // A marker unique to this run in the details, so a search of any file for them finds this payment's only.
  const marker = randomBytes(5).toString('hex');
  const details = { interbankSettlementDate: settlementDate, debtorName: `Shenzhen Confidential Parts ${marker}`, debtorAccount: `62220${marker}` };
  const units = String(BigInt(`0x${marker}`) % 900000n + 100000n);
  const debtorSide = szDebtorSide(uetr, { ...details, interbankSettlementAmount: { amount: `${units}.37`, currency: 'HKD' } });
  // HKBank booked the amount without its cents: a DISCREPANCY on interbankSettlementAmount.
  const creditorSide = hkCreditorSide(uetr, { ...details, interbankSettlementAmount: { amount: `${units}.00`, currency: 'HKD' } });
  await postAndSettle(api.SZBank, '/payments', { sides: [debtorSide] });
  await postAndSettle(api.HKBank, '/payments', { sides: [creditorSide] });

  const unseen = Array.from({ length: UNSEEN_PAYMENTS }, () => newUetr());
  await Promise.all([
    postAndSettle(api.SZBank, '/payments', { sides: unseen.map((unseenUetr) => szDebtorSide(unseenUetr, { interbankSettlementDate: settlementDate })) }),
    postAndSettle(api.HKBank, '/payments', { sides: unseen.map((unseenUetr) => hkCreditorSide(unseenUetr, { interbankSettlementDate: settlementDate })) }),
  ]);
  // A payment of each of the other two pairs, on the same day: SZBank pays MOBank, HKBank pays MOBank.
  const otherPair = async (debtor: ApiInstance, creditor: ApiInstance): Promise<{ uetr: string }> => {
    const otherUetr = newUetr();
    const [debtorsSide, creditorsSide] = sidesOf(otherUetr, ledger[debtor.org].mspId, ledger[creditor.org].mspId, { interbankSettlementDate: settlementDate });
    await Promise.all([postAndSettle(debtor, '/payments', { sides: [debtorsSide] }), postAndSettle(creditor, '/payments', { sides: [creditorsSide] })]);
    return { uetr: otherUetr };
  };
  const [szMo, hkMo] = await Promise.all([otherPair(api.SZBank, api.MOBank), otherPair(api.HKBank, api.MOBank)]);

  const documents = { revoked: statement(), valid: statement() };
  const anchor = (document: Document) => ({
    documentHash: document.hash, documentType: 'STATEMENT', subjectRef: `subj:${document.hash.slice(0, 12)}`,
    validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:security-suite',
  });
  const anchored = await call(api.HKBank, 'POST', '/documents/anchors', { json: { anchors: [anchor(documents.revoked), anchor(documents.valid)] } });
  assert.equal(anchored.status, 201, JSON.stringify(anchored.body));
  const revoked = await call(api.HKBank, 'POST', `/documents/${documents.revoked.hash}/revoke`, { json: { reason: 'statement reissued' } });
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));

  await allPeersCaughtUp();
  // Every instance's projection has read every block of each channel its org's peer is on.
  const network = readNetworkMap();
  await Promise.all(Object.values(api).map(async (instance) => {
    for (const channel of network.orgs[instance.org].channels) {
      await waitForBlock(instance, channel, Number(await chainHeight(ledger[instance.org], channel)) - 1);
    }
  }));
  const payment = (await call(api.SZBank, 'GET', `/payments/${uetr}`)).body.payment as { status: string };
  assert.equal(payment.status, 'DISCREPANCY');

  return {
    payment: {
      uetr, settlementDate, debtorSide, creditorSide,
      secrets: [details.debtorName, details.debtorAccount, debtorSide.interbankSettlementAmount.amount, creditorSide.interbankSettlementAmount.amount],
    },
    unseen: { uetrs: unseen },
    otherPairs: { szMo, hkMo },
    documents,
    revokedKey: issued.key,
  };
}
