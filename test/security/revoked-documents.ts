import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance } from '../support/api-instance';
import { Answer, allPeersCaughtUp, call } from '../support/write-api';
import { Verdict, assertEveryAttemptRefused, attempt, ledgerRefused, refusedWith } from './attempts';
import { Category } from './security-counts';
import { snapshot } from './unchanged';
import { Document, SecurityWorld } from './world';

const CATEGORY: Category = 'a revoked document as valid';
const NOT_THE_ISSUER = (org: string) => new RegExp(`'${org}' cannot revoke document '[0-9a-f]{64}': only HKBankMSP may`);

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function upload(bytes: Buffer): FormData {
  const form = new FormData();
  form.append('purpose', 'security suite');
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'statement.pdf');
  return form;
}

/**
 * Refused when the verification answers `expected` (REVOKED or UNKNOWN); accepted when it answers VALID. The
 * chaincode's verifyDocument gives the result, through the API or the gateway alike.
 */
function verifiedAs(result: string | undefined, expected: string, detail: string): Verdict {
  if (result === expected) return { outcome: 'refused', detail: `${expected}${detail}`, layer: 'chaincode' };
  return { outcome: result === 'VALID' ? 'accepted' : 'wrong reason', detail: `expected ${expected}, got ${result ?? 'no result'}${detail}` };
}

const overApi = async (api: ApiInstance, body: { json?: unknown; form?: FormData }, expected: string): Promise<Verdict> => {
  const answer: Answer = await call(api, 'POST', '/documents/verify', body);
  if (answer.status !== 200) return { outcome: 'wrong reason', detail: `expected 200 with ${expected}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}` };
  return verifiedAs(answer.body.result, expected, ` (${answer.status}, transaction ${String(answer.body.transactionId).slice(0, 12)}…)`);
};

const onLedger = async (connection: OrgConnection, hash: string, expected: string): Promise<Verdict> => {
  const { result: record } = await connection.documents().verifyDocument(hash, 'security suite');
  return verifiedAs(record.result, expected, ` (logged for ${record.verifierOrg})`);
};

/** Altered copies of a document, each as a forger would make one: one bit flipped, cut short, lengthened. */
function tamperedCopies(document: Document): Record<string, Buffer> {
  const flipped = Buffer.from(document.bytes);
  flipped[flipped.length - 1] ^= 1;
  const edited = Buffer.from(document.bytes.toString('latin1').replace('1,204,330.15', '9,204,330.15'), 'latin1');
  return {
    'one bit flipped': flipped,
    'its balance edited': edited,
    'its last byte cut': document.bytes.subarray(0, -1),
    'a byte appended': Buffer.concat([document.bytes, Buffer.from([0x0a])]),
  };
}

/**
 * Category 5: a revoked (or altered) document verified as valid, and a revocation by anyone but the issuer:
 * HKBank anchored two statements and revoked one; SZBank, MOBank and the regulators verify them.
 */
export function describeRevokedDocuments(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('never answers VALID for a revoked or altered document, refuses a revocation by anyone but the issuer, and changes no anchor', async () => {
      const { api, ledger, documents } = world();
      const { SZBank: sz, HKBank: hk, MOBank: mo } = api;
      const { revoked, valid } = documents;
      // Verifications are logged on the ledger, so its height moves; the anchors and the API's write tables must not.
      const touched = { regulator: ledger.HKMA, ledger, uetrs: [], documentHashes: [revoked.hash, valid.hash], apis: Object.values(api), ledgerHeight: false };
      const before = await snapshot(touched);
      const genuine = await call(sz, 'POST', '/documents/verify', { form: upload(valid.bytes) });
      assert.equal(genuine.body.result, 'VALID', `the genuine statement must verify VALID, or UNKNOWN below proves nothing: ${JSON.stringify(genuine.body)}`);

      let count = 0;
      const counted = async (name: string, channel: 'API' | 'gateway', verdict: () => Promise<Verdict>) => { count += 1; await attempt(CATEGORY, name, channel, verdict); };

      await counted('SZBank uploads the revoked statement to verify it', 'API', () => overApi(sz, { form: upload(revoked.bytes) }, 'REVOKED'));
      await counted('SZBank verifies the revoked statement\'s hash', 'API', () => overApi(sz, { json: { documentHash: revoked.hash } }, 'REVOKED'));
      await counted('MOBank verifies the revoked statement\'s hash', 'API', () => overApi(mo, { json: { documentHash: revoked.hash, purpose: 'credit check' } }, 'REVOKED'));
      await counted('SZBank reads the revoked statement\'s anchor (GET /documents/:hash)', 'API', async () => {
        const answer = await call(sz, 'GET', `/documents/${revoked.hash}`, { role: 'viewer' });
        return answer.body.status === 'REVOKED'
          ? { outcome: 'refused', detail: `status REVOKED (${answer.body.revocation?.reason})`, layer: 'chaincode' }
          : { outcome: answer.body.status === 'ACTIVE' ? 'accepted' : 'wrong reason', detail: `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}` };
      });
      for (const [connection, org] of [[ledger.SZBank, 'SZBank'], [ledger.MOBank, 'MOBank'], [ledger.HKMA, 'the HKMA'], [ledger.AMCM, 'the AMCM']] as const) {
        await counted(`${org}'s identity: verification:verifyDocument of the revoked statement`, 'gateway', () => onLedger(connection, revoked.hash, 'REVOKED'));
      }
      await counted('HKBank anchors the revoked statement again, to make it active', 'API', async () => {
        const answer = await call(hk, 'POST', '/documents/anchors', { json: { anchors: [{ documentHash: revoked.hash, documentType: 'STATEMENT', subjectRef: `subj:${revoked.hash.slice(0, 12)}`, validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:security-suite' }] } });
        const anchor = await ledger.SZBank.documents().getAnchor(revoked.hash);
        if (anchor.status !== 'REVOKED') return { outcome: 'accepted', detail: `${answer.status}, the anchor is ${anchor.status} again` };
        return { outcome: 'refused', detail: `${answer.status}, anchored ${JSON.stringify(answer.body.anchored)}, unchanged ${answer.body.unchanged}: the anchor stays REVOKED`, layer: 'chaincode' };
      });
      await counted('SZBank anchors the revoked statement\'s hash as its own', 'API', async () =>
        refusedWith(await call(sz, 'POST', '/documents/anchors', { json: { anchors: [{ documentHash: revoked.hash, documentType: 'STATEMENT', subjectRef: 'subj:sz-copy', validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:sz' }] } }),
          422, /is already anchored by HKBankMSP with different content/));
      await counted('a statement revoked and at once verified on MOBank\'s peer, without waiting for it to catch up', 'API', async () => {
        const fresh = randomBytes(32).toString('hex');
        const anchored = await call(hk, 'POST', '/documents/anchors', { json: { anchors: [{ documentHash: fresh, documentType: 'STATEMENT', subjectRef: 'subj:race', validFrom: '2026-01-01', validUntil: '2099-12-31', consentRef: 'consent:race' }] } });
        assert.equal(anchored.status, 201, JSON.stringify(anchored.body));
        await allPeersCaughtUp();
        const revocation = await call(hk, 'POST', `/documents/${fresh}/revoke`, { json: { reason: 'withdrawn' } });
        assert.equal(revocation.status, 200, JSON.stringify(revocation.body));
        return overApi(mo, { json: { documentHash: fresh } }, 'REVOKED');
      });

      for (const [how, bytes] of Object.entries(tamperedCopies(valid))) {
        await counted(`SZBank uploads the valid statement with ${how}`, 'API', () => overApi(sz, { form: upload(bytes) }, 'UNKNOWN'));
      }
      await counted('MOBank\'s identity: verification:verifyDocument of the valid statement with one byte appended', 'gateway', () =>
        onLedger(ledger.MOBank, sha256(Buffer.concat([valid.bytes, Buffer.from([0x20])])), 'UNKNOWN'));

      await counted('SZBank revokes HKBank\'s valid statement', 'API', async () =>
        refusedWith(await call(sz, 'POST', `/documents/${valid.hash}/revoke`, { json: { reason: 'not mine' } }), 403, NOT_THE_ISSUER('SZBankMSP')));
      await counted('MOBank revokes HKBank\'s valid statement', 'API', async () =>
        refusedWith(await call(mo, 'POST', `/documents/${valid.hash}/revoke`, { json: { reason: 'not mine' } }), 403, NOT_THE_ISSUER('MOBankMSP')));
      await counted('SZBank revokes the revoked statement again, to rewrite its revocation', 'API', async () =>
        refusedWith(await call(sz, 'POST', `/documents/${revoked.hash}/revoke`, { json: { reason: 'rewritten' } }), 403, NOT_THE_ISSUER('SZBankMSP')));
      await counted('SZBank\'s identity: verification:revokeDocument, endorsed by HKBank\'s peer (the anchor\'s key-level policy)', 'gateway', () =>
        ledgerRefused(ledger.SZBank.documents().revokeDocument(valid.hash, 'not mine', 'HKBankMSP'), NOT_THE_ISSUER('SZBankMSP')));
      await counted('MOBank\'s identity: verification:revokeDocument', 'gateway', () =>
        ledgerRefused(ledger.MOBank.documents().revokeDocument(valid.hash, 'not mine', 'MOBankMSP', {}), NOT_THE_ISSUER('MOBankMSP')));

      assertEveryAttemptRefused(CATEGORY, count);
      assert.deepEqual(await snapshot(touched), before, 'an attempt changed an anchor or an API database');
    });
  });
}
