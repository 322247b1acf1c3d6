import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { ApiInstance, startApis } from '../support/api-instance';
import { allPeersCaughtUp, call } from '../support/write-api';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function upload(bytes: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'statement.pdf');
  return form;
}

describe('API write side: documents (real API processes on the network)', function () {
  this.timeout(180_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let regulator: ApiInstance;

  before(async () => {
    [sz, hk, regulator] = await startApis([['SZBank', { port: 3101 }], ['HKBank', { port: 3102 }], ['HKMA', { port: 3105 }]]);
  });
  after(async () => {
    await Promise.all([sz, hk, regulator].filter(Boolean).map((api) => api.dispose()));
  });

  it('anchors an uploaded statement, verifies it VALID across the border, other bytes UNKNOWN, REVOKED once revoked, every verification listed', async () => {
    const statement = Buffer.concat([Buffer.from('%PDF-1.7 HKBank statement '), randomBytes(256)]);
    const hash = sha256(statement);
    const anchored = await call(hk, 'POST', '/documents/anchors', { form: upload(statement, {
      documentType: 'STATEMENT', subjectRef: `subj:${hash.slice(0, 12)}`, validFrom: '2026-01-01', validUntil: '2027-12-31', consentRef: 'consent:2026-0042',
    }) });
    assert.equal(anchored.status, 201, JSON.stringify(anchored.body));
    assert.deepEqual(anchored.body.anchored, [hash]);
    assert.deepEqual(anchored.body.documentHashes, [hash]);

    const valid = await call(sz, 'POST', '/documents/verify', { form: upload(statement, { purpose: 'account opening' }) });
    assert.equal(valid.status, 200, JSON.stringify(valid.body));
    assert.equal(valid.body.documentHash, hash);
    assert.equal(valid.body.result, 'VALID');
    assert.equal(valid.body.issuerOrg, 'HKBankMSP');
    assert.match(valid.body.transactionId, /^[0-9a-f]{64}$/);

    const tampered = Buffer.from(statement);
    tampered[tampered.length - 1] ^= 1;
    const unknown = await call(sz, 'POST', '/documents/verify', { form: upload(tampered) });
    assert.equal(unknown.body.result, 'UNKNOWN');

    assert.equal((await call(sz, 'POST', `/documents/${hash}/revoke`, { json: { reason: 'not mine' } })).status, 403);
    const revoked = await call(hk, 'POST', `/documents/${hash}/revoke`, { json: { reason: 'statement reissued' } });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.status, 'REVOKED');
    const afterRevoke = await call(sz, 'POST', '/documents/verify', { json: { documentHash: hash, purpose: 'recheck' } });
    assert.equal(afterRevoke.body.result, 'REVOKED');

    // SZBank's verifications committed on its own peer; HKBank lists them from HKBank's.
    await allPeersCaughtUp();
    const listed = await call(hk, 'GET', `/documents/${hash}/verifications`, { role: 'viewer' });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.verifications.map((v: { verifierOrg: string; result: string }) => [v.verifierOrg, v.result]).sort(),
      [['SZBankMSP', 'REVOKED'], ['SZBankMSP', 'VALID']]);
    assert.equal((await call(sz, 'GET', `/documents/${hash}/verifications`)).status, 403);
    assert.equal((await call(regulator, 'GET', `/documents/${hash}/verifications`)).status, 200);
    assert.equal((await call(regulator, 'POST', '/documents/verify', { form: upload(statement) })).status, 404);
  });

  it('anchors hashes sent as JSON, refusing invalid anchors whole (400) and an unanchored revoke (404)', async () => {
    const hash = sha256(randomBytes(64));
    const anchor = { documentHash: hash, documentType: 'KYC_RECORD', subjectRef: 'subj:42', validFrom: '2026-01-01', validUntil: '2026-12-31', consentRef: 'consent:1' };
    const bad = await call(sz, 'POST', '/documents/anchors', { json: { anchors: [anchor, { ...anchor, documentHash: 'nope' }] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.problems.map((problem: { path: string }) => problem.path), ['anchors[1].documentHash']);
    assert.equal((await call(sz, 'GET', `/documents/${hash}`)).status, 404);
    const good = await call(sz, 'POST', '/documents/anchors', { json: { anchors: [anchor] } });
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assert.equal((await call(sz, 'GET', `/documents/${hash}`)).body.issuerOrg, 'SZBankMSP');
    assert.equal((await call(sz, 'POST', `/documents/${sha256(randomBytes(8))}/revoke`, { json: { reason: 'x' } })).status, 404);
  });
});
