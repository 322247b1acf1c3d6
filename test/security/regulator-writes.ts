import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AnchorInput } from '@bayrecon/common';
import { newUetr, szDebtorSide, szHk } from '../support/payments';
import { call, CallOptions, fixture, withFreshUetrs } from '../support/write-api';
import { assertEveryAttemptRefused, attempt, ledgerRefused, refusedWith } from './attempts';
import { Category } from './security-counts';
import { snapshot } from './unchanged';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'the regulator writing';
/** The regulator's instance has no write route at all, so Nest answers that no such route exists. */
const NO_SUCH_ROUTE = (route: string) => new RegExp(`Cannot POST ${route.replace(/[/.]/g, '\\$&')}`);
/** How the chaincode refuses a business write by a regulator, before reading or writing anything. */
const REGULATOR_DOES_NOT_WRITE = (org: string, action: string) => new RegExp(`${org} cannot ${action}: a regulator reads, it does not write business records`);

/** A write attempt: its name, the call, and the refusal it must meet. */
type Write = [string, () => Promise<unknown>, RegExp];

function upload(bytes: Buffer, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'statement.pdf');
  return form;
}

/**
 * Category 3: the regulators writing. Every write route of the API on each regulator's instance, and every
 * business write of the chaincode with the identity of each regulator of the SZ-HK pair (the PBOC and the HKMA,
 * members of its channel; the AMCM is not, and writes documents on the consortium channel only). Two
 * transactions that write are a regulator's by design and not attempted here: `verification:verifyDocument` (any
 * org may verify; the verification is logged) and `heartbeat:beat` (each org's liveness key).
 */
export function describeRegulatorWrites(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('refuses every write route on each regulator\'s instance (404) and every business write with their identities on the gateway, and changes nothing', async () => {
      const { api, ledger, payment, documents } = world();
      const touched = { regulator: ledger.HKMA, ledger, uetrs: [payment.uetr], documentHashes: [documents.valid.hash], apis: Object.values(api), ledgerHeight: true };
      const before = await snapshot(touched);
      const newAnchor: AnchorInput = { documentHash: randomBytes(32).toString('hex'), documentType: 'STATEMENT', subjectRef: 'subj:regulator', validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:regulator' };
      const { text: pacs008 } = withFreshUetrs(fixture('pacs008-sz-to-hk.xml'));
      const routes: [string, string, CallOptions][] = [
        ['POST /payments', '/payments', { json: { sides: [szDebtorSide(newUetr())] } }],
        ['POST /payments/iso20022', '/payments/iso20022', { text: pacs008 }],
        ['POST /payments/csv', '/payments/csv', { text: withFreshUetrs(fixture('payments.csv')).text, contentType: 'text/csv' }],
        ['POST /payments/:uetr/amend', `/payments/${payment.uetr}/amend`, { json: payment.debtorSide }],
        ['POST /payments/:uetr/accept', `/payments/${payment.uetr}/accept`, { json: { reason: 'closed by the regulator' } }],
        ['POST /cut-off', '/cut-off', { json: { cutOffDate: '2020-01-01' } }],
        ['POST /documents/anchors (JSON)', '/documents/anchors', { json: { anchors: [newAnchor] } }],
        ['POST /documents/anchors (upload)', '/documents/anchors', { form: upload(randomBytes(64), { documentType: 'STATEMENT', subjectRef: 'subj:r', validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:r' }) }],
        ['POST /documents/verify', '/documents/verify', { json: { documentHash: documents.valid.hash } }],
        ['POST /documents/:hash/revoke', `/documents/${documents.valid.hash}/revoke`, { json: { reason: 'revoked by the regulator' } }],
      ];
      const regulators = [api.PBOC, api.HKMA, api.AMCM];
      for (const regulator of regulators) {
        for (const [name, route, options] of routes) {
          await attempt(CATEGORY, `the ${regulator.org}'s instance, submitter key: ${name}`, 'API', async () =>
            refusedWith(await call(regulator, 'POST', route, options), 404, NO_SUCH_ROUTE(route)));
        }
      }

      const pairSzHk = { endorsingOrganizations: ledger.HKMA.directory.paymentEndorsingOrgs('SZBankMSP', 'HKBankMSP') };
      /** Every business write of one regulator of the SZ-HK pair, with its identity. */
      const writesOf = (org: 'PBOC' | 'HKMA'): Write[] => {
        const anchors = ledger[org].documents();
        const payments = szHk(ledger[org]);
        const msp = ledger[org].mspId;
        const refusal = (action: string) => REGULATOR_DOES_NOT_WRITE(msp, action);
        const own: Write[] = [
          ['payment:submitSides (an SZBank side), endorsed by SZBank\'s and HKBank\'s peers',
            () => payments.submitSides([szDebtorSide(newUetr())], pairSzHk), refusal('submit payment sides')],
          ['payment:submitSides, endorsed by its own peer only',
            () => payments.submitSides([szDebtorSide(newUetr())], { endorsingOrganizations: [msp] }), refusal('submit payment sides')],
          ['payment:amendSide (SZBank\'s side of the payment)',
            () => payments.amendSide({ ...payment.debtorSide, endToEndId: 'REGULATOR-E2E' }, pairSzHk), refusal('amend a payment side')],
          ['payment:acceptDiscrepancy (the payment)',
            () => payments.acceptDiscrepancy(payment.uetr, 'closed by the regulator', pairSzHk), refusal('accept a discrepancy')],
          ['payment:runCutOff, endorsed by SZBank\'s and HKBank\'s peers',
            () => payments.runCutOff('2020-01-01', undefined, pairSzHk), refusal('run a cut-off')],
          ['verification:anchorDocuments', () => anchors.anchorDocuments([newAnchor]), refusal('anchor documents')],
          ['verification:revokeDocument (HKBank\'s anchor), endorsed by HKBank\'s peer',
            () => anchors.revokeDocument(documents.valid.hash, 'revoked by the regulator', 'HKBankMSP'), refusal('revoke documents')],
        ];
        return own.map(([name, write, reason]) => [`the ${org}'s identity: ${name}`, write, reason]);
      };
      const amcmAnchors = ledger.AMCM.documents();
      const writes: Write[] = [
        ...writesOf('PBOC'),
        ...writesOf('HKMA'),
        ['the AMCM\'s identity: verification:anchorDocuments', () => amcmAnchors.anchorDocuments([newAnchor]), REGULATOR_DOES_NOT_WRITE('AMCMMSP', 'anchor documents')],
        ['the AMCM\'s identity: verification:revokeDocument (HKBank\'s anchor), endorsed by HKBank\'s peer',
          () => amcmAnchors.revokeDocument(documents.valid.hash, 'revoked by the regulator', 'HKBankMSP'), REGULATOR_DOES_NOT_WRITE('AMCMMSP', 'revoke documents')],
      ];
      for (const [name, write, reason] of writes) {
        await attempt(CATEGORY, name, 'gateway', () => ledgerRefused(write(), reason));
      }
      assertEveryAttemptRefused(CATEGORY, regulators.length * routes.length + writes.length);
      assert.deepEqual(await snapshot(touched), before, 'a refused attempt changed the ledger or an API database');
    });
  });
}
