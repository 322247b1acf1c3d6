import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AnchorInput, PaymentSide } from '@bayrecon/common';
import { OrgConnection } from '../../network/client/org-gateway';
import { hkCreditorSide, newUetr, notAMember, notOnTheChannel, szDebtorSide, szHk } from '../support/payments';
import { call, fixture, settledSubmission, withFreshUetrs } from '../support/write-api';
import { assertEveryAttemptRefused, attempt, ledgerRefused, refusedWith, Verdict } from './attempts';
import { connectClaiming, connectVia, identityOf, rogueIdentity } from './forged-identities';
import { Category } from './security-counts';
import { snapshot } from './unchanged';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'impersonating another org';
/** How the shared validation refuses a side whose own agent BIC is not the submitter's. */
const NOT_THE_SUBMITTERS = (org: string) => new RegExp(`belongs to \\w+, not to the submitter ${org}`);
/** How the ISO 20022 and CSV ingestion refuse a transaction in which the posting bank is no agent. */
const NEITHER_AGENT = /the bank \(MOBKMOMX\) is neither the debtor nor the creditor agent/;
/** How a peer refuses a proposal whose creator does not check out against the MSP it claims. */
const FORGED_CREATOR = /error validating proposal: access denied: channel \[pair-hkbank-szbank\] creator org/;
/** How SZBank's endorsing peer refuses a UETR its bank records in another pair: it asks its own other pairs' channels. */
const UETR_OF_ANOTHER_PAIR = /is already recorded in another bank pair; a UETR names one payment/;
const NOT_ON_THE_CHANNEL = notOnTheChannel('pair-hkbank-szbank');
const NOT_A_MEMBER = (mspId: string) => notAMember(mspId, 'pair-hkbank-szbank');

/**
 * Submits a batch of sides as `connection` to the SZ-HK pair's payments, details in the transient map, endorsed
 * by the orgs given. The sides are what a forger sends, not necessarily sides at all.
 */
function submitSides(connection: OrgConnection, sides: unknown[], endorsingOrganizations: string[]): Promise<unknown> {
  return szHk(connection).submitSides(sides as PaymentSide[], { endorsingOrganizations });
}

function amendSide(connection: OrgConnection, side: PaymentSide, endorsingOrganizations: string[]): Promise<unknown> {
  return szHk(connection).amendSide(side, { endorsingOrganizations });
}

const anchorOf = (hash: string): AnchorInput => ({
  documentHash: hash, documentType: 'KYC_RECORD', subjectRef: 'subj:forged', validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:forged',
});

/**
 * A side posted to the API is validated at once, but whether the ledger already has the UETR with other banks
 * is only known when the outbox sends it: refused when every item of the submission ends REJECTED with `reason`,
 * by the chaincode when the rejected items name the refused transaction.
 */
async function rejectedByLedgerViaOutbox(world: SecurityWorld, sides: PaymentSide[], reason: RegExp): Promise<Verdict> {
  const answer = await call(world.api.MOBank, 'POST', '/payments', { json: { sides } });
  if (answer.status !== 202) return refusedWith(answer, 422, reason);
  const settled = await settledSubmission(world.api.MOBank, answer.body.submissionId);
  const committed = settled.items.filter((item) => item.status !== 'REJECTED');
  if (committed.length > 0) return { outcome: 'accepted', detail: `202, then ${JSON.stringify(committed)}` };
  const errors = settled.items.map((item) => item.lastError ?? '').join(' | ');
  // A side the ledger refused names the transaction its endorsement was; the outbox's own pre-check names none.
  const byLedger = settled.items.every((item) => item.transactionId !== null);
  return reason.test(errors)
    ? { outcome: 'refused', detail: `202, then REJECTED by ${byLedger ? 'the ledger' : 'the API\'s outbox'}: ${errors.slice(0, 200)}`, layer: byLedger ? 'chaincode' : 'API' }
    : { outcome: 'wrong reason', detail: `202, then REJECTED: ${errors.slice(0, 300)}` };
}

/** Category 2: a bank (or a forged client) acting as another org. */
export function describeImpersonation(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('refuses forged org fields, other banks\' sides and forged client identities, over HTTP and on the gateway, and changes nothing', async () => {
      const { api, ledger, payment, documents } = world();
      const { SZBank: sz, HKBank: hk, MOBank: mo } = api;
      // MOBank's instance is not compared: its attempts may leave the rows of submissions refused after acceptance.
      const touched = { regulator: ledger.HKMA, ledger, uetrs: [payment.uetr], documentHashes: [documents.valid.hash], apis: [sz, hk, api.PBOC, api.HKMA, api.AMCM], ledgerHeight: true };
      const before = await snapshot(touched);
      const rogueSz = rogueIdentity('SZBank', 'szbank.bayrecon.local');
      const forged = {
        hkAsSz: connectClaiming('SZBank', identityOf('HKBank')),
        hkSignedBySz: connectClaiming('HKBank', { cert: identityOf('HKBank').cert, key: identityOf('SZBank').key }),
        rogueSz: connectClaiming('SZBank', rogueSz.identity),
        moViaSz: connectVia('MOBank', 'SZBank'),
      };
      // SZBank's side of the payment as HKBank, one of its banks, would forge it. MOBank's forgeries carry made-up
      // details: it does not know the real ones, and the third-bank category checks that its files hold none.
      const szSide = { ...payment.debtorSide, endToEndId: 'FORGED-E2E' };
      const hkSideAsMoForgesIt = hkCreditorSide(payment.uetr);
      const moAsCreditor: PaymentSide = { ...hkSideAsMoForgesIt, creditorAgentBic: 'MOBKMOMXXXX', instructedAgentBic: 'MOBKMOMXXXX' };
      const pairSzHk = ledger.SZBank.directory.paymentEndorsingOrgs('SZBankMSP', 'HKBankMSP');
      const pairMoSz = ledger.SZBank.directory.paymentEndorsingOrgs('MOBankMSP', 'SZBankMSP');
      const { text: pacs008 } = withFreshUetrs(fixture('pacs008-sz-to-hk.xml'));
      const { text: csv } = withFreshUetrs(fixture('payments.csv').replace('2025-114\ncotton', '2025-114 cotton'));
      let count = 0;
      const overHttp = async (name: string, verdict: () => Promise<Verdict>) => { count += 1; await attempt(CATEGORY, name, 'API', verdict); };
      const onGateway = async (name: string, verdict: () => Promise<Verdict>) => { count += 1; await attempt(CATEGORY, name, 'gateway', verdict); };
      try {
        await overHttp('HKBank posts its side with submitterOrg: SZBankMSP at the top', async () =>
          refusedWith(await call(hk, 'POST', '/payments', { json: { submitterOrg: 'SZBankMSP', sides: [payment.creditorSide] } }), 400, /submitterOrg/));
        await overHttp('HKBank posts a side with org: SZBankMSP in it', async () =>
          refusedWith(await call(hk, 'POST', '/payments', { json: { sides: [{ ...payment.creditorSide, org: 'SZBankMSP' }] } }), 400, /sides\[0\]\.org: unknown field/));
        await overHttp('HKBank posts SZBank\'s DEBTOR_AGENT side (SZBank\'s BIC as debtor agent)', async () =>
          refusedWith(await call(hk, 'POST', '/payments', { json: { sides: [{ ...szSide, counterpartyOrg: 'SZBankMSP' }] } }), 400, NOT_THE_SUBMITTERS('HKBankMSP')));
        await overHttp('MOBank posts the payment\'s CREDITOR_AGENT side (HKBank\'s BIC as creditor agent)', async () =>
          refusedWith(await call(mo, 'POST', '/payments', { json: { sides: [hkSideAsMoForgesIt] } }), 400, NOT_THE_SUBMITTERS('MOBankMSP')));
        await overHttp('MOBank posts a CREDITOR_AGENT side of the SZ-HK payment naming itself the creditor agent', async () =>
          rejectedByLedgerViaOutbox(world(), [moAsCreditor], UETR_OF_ANOTHER_PAIR));
        await overHttp('HKBank amends SZBank\'s side of the payment', async () =>
          refusedWith(await call(hk, 'POST', `/payments/${payment.uetr}/amend`, { json: { ...szSide, counterpartyOrg: 'SZBankMSP' } }), 400, NOT_THE_SUBMITTERS('HKBankMSP')));
        await overHttp('MOBank accepts the discrepancy of the SZ-HK payment (to MOBank an unknown UETR)', async () =>
          refusedWith(await call(mo, 'POST', `/payments/${payment.uetr}/accept`, { json: { reason: 'accepted for SZBank' } }), 404, /no payment recorded for/));
        await overHttp('MOBank posts an SZBank->HKBank pacs.008', async () =>
          refusedWith(await call(mo, 'POST', '/payments/iso20022', { text: pacs008 }), 400, NEITHER_AGENT));
        await overHttp('MOBank posts a CSV of SZBank\'s and HKBank\'s sides', async () =>
          refusedWith(await call(mo, 'POST', '/payments/csv', { text: csv, contentType: 'text/csv' }), 400, NEITHER_AGENT));
        await overHttp('SZBank anchors a document with issuerOrg: HKBankMSP', async () =>
          refusedWith(await call(sz, 'POST', '/documents/anchors', { json: { anchors: [{ ...anchorOf(randomBytes(32).toString('hex')), issuerOrg: 'HKBankMSP' }] } }), 400, /anchors\[0\]\.issuerOrg: unknown field/));

        await onGateway('HKBank\'s client submits SZBank\'s DEBTOR_AGENT side', () =>
          ledgerRefused(submitSides(ledger.HKBank, [{ ...szSide, counterpartyOrg: 'SZBankMSP' }], pairSzHk), NOT_THE_SUBMITTERS('HKBankMSP')));
        await onGateway('HKBank\'s client submits a side claiming submitterOrg: SZBankMSP', () =>
          ledgerRefused(submitSides(ledger.HKBank, [{ ...szDebtorSide(newUetr()), submitterOrg: 'SZBankMSP' }], pairSzHk), /submitterOrg: unknown field/));
        await onGateway('HKBank\'s client amends SZBank\'s side of the payment', () =>
          ledgerRefused(amendSide(ledger.HKBank, { ...szSide, counterpartyOrg: 'SZBankMSP' }, pairSzHk), NOT_THE_SUBMITTERS('HKBankMSP')));
        await onGateway('MOBank\'s client records the SZ-HK payment\'s UETR in the MOBank-SZBank pair, endorsed by MOBank\'s and SZBank\'s peers', () =>
          ledgerRefused(ledger.MOBank.payments('MOBankMSP', 'SZBankMSP').submitSides([moAsCreditor], { endorsingOrganizations: pairMoSz }), UETR_OF_ANOTHER_PAIR));
        await onGateway('MOBank\'s client submits a side to the SZ-HK pair\'s channel through its own peer', () =>
          ledgerRefused(submitSides(ledger.MOBank, [moAsCreditor], pairMoSz), NOT_ON_THE_CHANNEL));
        await onGateway('MOBank\'s client submits a side to the SZ-HK pair\'s channel through SZBank\'s peer, endorsed by SZBank\'s and HKBank\'s peers', () =>
          ledgerRefused(submitSides(forged.moViaSz, [moAsCreditor], pairSzHk), NOT_A_MEMBER('MOBankMSP')));
        await onGateway('MOBank\'s client accepts the SZ-HK discrepancy through SZBank\'s peer, endorsed by SZBank\'s and HKBank\'s peers', () =>
          ledgerRefused(szHk(forged.moViaSz).acceptDiscrepancy(payment.uetr, 'as SZBank', { endorsingOrganizations: pairSzHk }), NOT_A_MEMBER('MOBankMSP')));
        await onGateway('HKBank\'s client anchors a document with issuerOrg: SZBankMSP', () =>
          ledgerRefused(ledger.HKBank.documents().anchorDocuments([{ ...anchorOf(randomBytes(32).toString('hex')), issuerOrg: 'SZBankMSP' } as AnchorInput]), /anchors\[0\]\.issuerOrg: unknown field/));
        await onGateway('HKBank\'s certificate presented as SZBankMSP: amends SZBank\'s side', () =>
          ledgerRefused(amendSide(forged.hkAsSz, szSide, pairSzHk), FORGED_CREATOR));
        await onGateway('HKBank\'s certificate presented as SZBankMSP: reads the payment\'s details', () =>
          ledgerRefused(szHk(forged.hkAsSz).getPaymentDetails(payment.uetr), FORGED_CREATOR));
        await onGateway('HKBank\'s certificate signed with SZBank\'s key: accepts the discrepancy', () =>
          ledgerRefused(szHk(forged.hkSignedBySz).acceptDiscrepancy(payment.uetr, 'forged signature', { endorsingOrganizations: pairSzHk }), FORGED_CREATOR));
        await onGateway('a rogue CA named exactly as SZBank\'s: its client amends SZBank\'s side', () =>
          ledgerRefused(amendSide(forged.rogueSz, szSide, pairSzHk), FORGED_CREATOR));
        await onGateway('a rogue CA named exactly as SZBank\'s: its client reads the payment\'s details', () =>
          ledgerRefused(szHk(forged.rogueSz).getPaymentDetails(payment.uetr), FORGED_CREATOR));
      } finally {
        Object.values(forged).forEach((connection) => connection.close());
        rogueSz.remove();
      }
      assertEveryAttemptRefused(CATEGORY, count);
      assert.deepEqual(await snapshot(touched), before, 'a refused attempt changed the ledger or an API database');
    });
  });
}
