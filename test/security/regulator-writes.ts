import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AnchorInput, paymentEndorsingOrgs } from '@bayrecon/common';
import { newUetr, szDebtorSide, szHk } from '../support/payments';
import { call, CallOptions, fixture, withFreshUetrs } from '../support/write-api';
import { assertEveryAttemptRefused, attempt, ledgerRefused, refusedWith } from './attempts';
import { Category } from './security-counts';
import { snapshot } from './unchanged';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'the regulator writing';
/** The regulator's instance has no write route at all, so Nest answers that no such route exists. */
const NO_SUCH_ROUTE = (route: string) => new RegExp(`Cannot POST ${route.replace(/[/.]/g, '\\$&')}`);
/** How the chaincode refuses a business write by the regulator, before reading or writing anything. */
const REGULATOR_DOES_NOT_WRITE = (action: string) => new RegExp(`RegulatorMSP cannot ${action}: the regulator reads, it does not write business records`);

function upload(bytes: Buffer, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'statement.pdf');
  return form;
}

/**
 * Category 3: the regulator writing. Every write route of the API on the regulator's instance, and every
 * business write of the chaincode with the regulator's identity. Two transactions that write are the
 * regulator's by design and not attempted here: `verification:verifyDocument` (any org may verify; the
 * verification is logged) and `heartbeat:beat` (each org's liveness key).
 */
export function describeRegulatorWrites(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('refuses every write route on the regulator\'s instance (404) and every business write with its identity on the gateway, and changes nothing', async () => {
      const { api, ledger, payment, documents } = world();
      const regulator = api.Regulator;
      const touched = { regulator: ledger.Regulator, uetrs: [payment.uetr], documentHashes: [documents.valid.hash], apis: Object.values(api), ledgerHeight: true };
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
      for (const [name, route, options] of routes) {
        await attempt(CATEGORY, `the regulator's instance, submitter key: ${name}`, 'API', async () =>
          refusedWith(await call(regulator, 'POST', route, options), 404, NO_SUCH_ROUTE(route)));
      }

      const anchors = ledger.Regulator.documents();
      const payments = szHk(ledger.Regulator);
      const pairSzHk = { endorsingOrganizations: paymentEndorsingOrgs('SZBankMSP', 'HKBankMSP') };
      const writes: [string, () => Promise<unknown>, RegExp][] = [
        ['payment:submitSides (an SZBank side), endorsed by SZBank\'s and HKBank\'s peers',
          () => payments.submitSides([szDebtorSide(newUetr())], pairSzHk), REGULATOR_DOES_NOT_WRITE('submit payment sides')],
        ['payment:submitSides, endorsed by its own peer only',
          () => payments.submitSides([szDebtorSide(newUetr())], { endorsingOrganizations: ['RegulatorMSP'] }), REGULATOR_DOES_NOT_WRITE('submit payment sides')],
        ['payment:amendSide (SZBank\'s side of the payment)',
          () => payments.amendSide({ ...payment.debtorSide, endToEndId: 'REGULATOR-E2E' }, pairSzHk), REGULATOR_DOES_NOT_WRITE('amend a payment side')],
        ['payment:acceptDiscrepancy (the payment)',
          () => payments.acceptDiscrepancy(payment.uetr, 'closed by the regulator', pairSzHk), REGULATOR_DOES_NOT_WRITE('accept a discrepancy')],
        ['payment:runCutOff, endorsed by SZBank\'s and HKBank\'s peers',
          () => payments.runCutOff('2020-01-01', undefined, pairSzHk), REGULATOR_DOES_NOT_WRITE('run a cut-off')],
        ['verification:anchorDocuments',
          () => anchors.anchorDocuments([newAnchor]), REGULATOR_DOES_NOT_WRITE('anchor documents')],
        ['verification:revokeDocument (HKBank\'s anchor), endorsed by HKBank\'s peer',
          () => anchors.revokeDocument(documents.valid.hash, 'revoked by the regulator', 'HKBankMSP'), REGULATOR_DOES_NOT_WRITE('revoke documents')],
      ];
      for (const [name, write, reason] of writes) {
        await attempt(CATEGORY, `the regulator's identity: ${name}`, 'gateway', () => ledgerRefused(write(), reason));
      }
      assertEveryAttemptRefused(CATEGORY, routes.length + writes.length);
      assert.deepEqual(await snapshot(touched), before, 'a refused attempt changed the ledger or an API database');
    });
  });
}
