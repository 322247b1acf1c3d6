import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AnchorInput, DocumentAnchor, VerificationRecord, sha256Hex } from '@bayrecon/common';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { ledgerRefusal, submitSynced } from '../support/payments';

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;


/** A statement as HKBank would issue it; random content so every run anchors new hashes. */
function statement(): { bytes: Buffer; anchor: AnchorInput } {
  const bytes = Buffer.from(`HKBank statement ${randomBytes(16).toString('hex')}\nclosing balance HKD 1,204,330.15\n`);
  return {
    bytes,
    anchor: {
      documentHash: sha256Hex(bytes), documentType: 'STATEMENT', subjectRef: `subj-${randomBytes(6).toString('hex')}`,
      validFrom: '2026-01-01', validUntil: '2027-12-31', consentRef: `consent-${randomBytes(4).toString('hex')}`,
    },
  };
}

describe('cross-border document verification on the network', () => {
  let sz: OrgConnection;
  let hk: OrgConnection;
  let mo: OrgConnection;
  let regulator: OrgConnection;

  let everyone: OrgConnection[];
  // Every write waits until all four peers have committed it, so a verifier across the border reads it.
  const submit = async (connection: OrgConnection, transaction: string, ...args: string[]): Promise<Uint8Array> =>
    submitSynced(connection, transaction, { arguments: args }, everyone);

  before(() => {
    everyone = [sz, hk, mo, regulator] = (['SZBank', 'HKBank', 'MOBank', 'Regulator'] as const).map((org) => connectAs(org));
  });
  after(() => everyone.forEach((connection) => connection.close()));

  const verify = async (connection: OrgConnection, hash: string): Promise<VerificationRecord> =>
    decode(await submit(connection, 'verification:verifyDocument', hash, 'account opening'));

  it('verifies a copy against the issuer\'s anchor: VALID for the same bytes, UNKNOWN for altered ones', async () => {
    const document = statement();
    await submit(hk, 'verification:anchorDocuments', JSON.stringify([document.anchor]));
    const anchor = decode<DocumentAnchor>(await sz.contract.evaluateTransaction('verification:getAnchor', document.anchor.documentHash));
    assert.equal(anchor.issuerOrg, 'HKBankMSP');
    assert.equal((await verify(sz, sha256Hex(document.bytes))).result, 'VALID');
    const altered = Buffer.from(document.bytes.toString().replace('1,204,330.15', '9,204,330.15'));
    assert.equal((await verify(sz, sha256Hex(altered))).result, 'UNKNOWN');
  });

  it('answers EXPIRED outside the validity window, judged by transaction time', async () => {
    const document = statement();
    await submit(hk, 'verification:anchorDocuments', JSON.stringify([{ ...document.anchor, validFrom: '2025-01-01', validUntil: '2025-12-31' }]));
    assert.equal((await verify(mo, document.anchor.documentHash)).result, 'EXPIRED');
  });

  it('lets only the issuer revoke, after which verification answers REVOKED', async () => {
    const document = statement();
    await submit(hk, 'verification:anchorDocuments', JSON.stringify([document.anchor]));
    assert.match(await ledgerRefusal(submit(sz, 'verification:revokeDocument', document.anchor.documentHash, 'not mine')), /SZBankMSP/);
    assert.match(await ledgerRefusal(submit(regulator, 'verification:revokeDocument', document.anchor.documentHash, 'no')), /RegulatorMSP/);
    await submit(hk, 'verification:revokeDocument', document.anchor.documentHash, 'superseded by a corrected statement');
    assert.equal((await verify(sz, document.anchor.documentHash)).result, 'REVOKED');
  });

  it('logs every verification for the issuer and the regulator, and for no one else', async () => {
    const document = statement();
    await submit(hk, 'verification:anchorDocuments', JSON.stringify([document.anchor]));
    await verify(sz, document.anchor.documentHash);
    await verify(mo, document.anchor.documentHash);
    for (const auditor of [hk, regulator]) {
      const log = decode<{ verifications: VerificationRecord[] }>(await auditor.contract.evaluateTransaction('verification:listVerifications', document.anchor.documentHash));
      assert.deepEqual(log.verifications.map((entry) => [entry.verifierOrg, entry.result]).sort(), [['MOBankMSP', 'VALID'], ['SZBankMSP', 'VALID']]);
    }
    assert.match(await ledgerRefusal(sz.contract.evaluateTransaction('verification:listVerifications', document.anchor.documentHash)), /SZBankMSP/);
  });

  it('anchors a batch in one transaction and refuses a bad one whole with every bad index', async () => {
    const documents = Array.from({ length: 200 }, () => statement().anchor);
    const result = decode<{ anchored?: string[] }>(await submit(hk, 'verification:anchorDocuments', JSON.stringify(documents)));
    assert.equal(result.anchored?.length, 200);
    const bad = [statement().anchor, { ...statement().anchor, documentHash: 'abc' }, { ...statement().anchor, validUntil: '2026-02-30' }];
    const message = await ledgerRefusal(submit(hk, 'verification:anchorDocuments', JSON.stringify(bad)));
    assert.match(message, /anchors\[1\]\.documentHash/);
    assert.match(message, /anchors\[2\]\.validUntil/);
    assert.match(await ledgerRefusal(sz.contract.evaluateTransaction('verification:getAnchor', bad[0].documentHash)), /is not anchored/);
  });
});
