import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AnchorInput, VerificationRecord, sha256Hex } from '@bayrecon/common';
import { Documents } from '../../api/src/fabric/documents';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { chaincodeRefusal, committedOn, ledgerRefusal } from '../support/payments';

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
  const documents = (connection: OrgConnection): Documents => connection.documents(committedOn(everyone));
  const anchor = (connection: OrgConnection, anchors: AnchorInput[]) => documents(connection).anchorDocuments(anchors);
  const revoke = (connection: OrgConnection, hash: string, reason: string) => documents(connection).revokeDocument(hash, reason, connection.mspId);

  before(() => {
    everyone = [sz, hk, mo, regulator] = (['SZBank', 'HKBank', 'MOBank', 'Regulator'] as const).map((org) => connectAs(org));
  });
  after(() => everyone.forEach((connection) => connection.close()));

  const verify = async (connection: OrgConnection, hash: string): Promise<VerificationRecord> =>
    (await documents(connection).verifyDocument(hash, 'account opening')).result;

  it('verifies a copy against the issuer\'s anchor: VALID for the same bytes, UNKNOWN for altered ones', async () => {
    const document = statement();
    await anchor(hk, [document.anchor]);
    assert.equal((await sz.documents().getAnchor(document.anchor.documentHash)).issuerOrg, 'HKBankMSP');
    assert.equal((await verify(sz, sha256Hex(document.bytes))).result, 'VALID');
    const altered = Buffer.from(document.bytes.toString().replace('1,204,330.15', '9,204,330.15'));
    assert.equal((await verify(sz, sha256Hex(altered))).result, 'UNKNOWN');
  });

  it('answers EXPIRED outside the validity window, judged by transaction time', async () => {
    const document = statement();
    await anchor(hk, [{ ...document.anchor, validFrom: '2025-01-01', validUntil: '2025-12-31' }]);
    assert.equal((await verify(mo, document.anchor.documentHash)).result, 'EXPIRED');
  });

  it('lets only the issuer revoke, after which verification answers REVOKED', async () => {
    const document = statement();
    await anchor(hk, [document.anchor]);
    assert.match(await ledgerRefusal(revoke(sz, document.anchor.documentHash, 'not mine')), /SZBankMSP/);
    assert.match(await ledgerRefusal(revoke(regulator, document.anchor.documentHash, 'no')), /RegulatorMSP/);
    const notTheIssuer = await chaincodeRefusal(revoke(sz, document.anchor.documentHash, 'not mine'));
    assert.equal(notTheIssuer.kind, 'FORBIDDEN');
    assert.equal(notTheIssuer.message, `'SZBankMSP' cannot revoke document '${document.anchor.documentHash}': only HKBankMSP may`);
    const theRegulator = await chaincodeRefusal(revoke(regulator, document.anchor.documentHash, 'no'));
    assert.equal(theRegulator.kind, 'FORBIDDEN');
    assert.equal(theRegulator.message, 'RegulatorMSP cannot revoke documents: the regulator reads, it does not write business records');
    await revoke(hk, document.anchor.documentHash, 'superseded by a corrected statement');
    assert.equal((await verify(sz, document.anchor.documentHash)).result, 'REVOKED');
  });

  it('logs every verification for the issuer and the regulator, and for no one else', async () => {
    const document = statement();
    await anchor(hk, [document.anchor]);
    await verify(sz, document.anchor.documentHash);
    await verify(mo, document.anchor.documentHash);
    for (const auditor of [hk, regulator]) {
      const log = await auditor.documents().listVerifications(document.anchor.documentHash);
      assert.deepEqual(log.verifications.map((entry) => [entry.verifierOrg, entry.result]).sort(), [['MOBankMSP', 'VALID'], ['SZBankMSP', 'VALID']]);
    }
    assert.match(await ledgerRefusal(sz.documents().listVerifications(document.anchor.documentHash)), /SZBankMSP/);
    const notAnAuditor = await chaincodeRefusal(sz.documents().listVerifications(document.anchor.documentHash));
    assert.equal(notAnAuditor.kind, 'FORBIDDEN');
    assert.equal(notAnAuditor.message, `'SZBankMSP' cannot list the verifications of '${document.anchor.documentHash}': only HKBankMSP, RegulatorMSP may`);
  });

  it('anchors a batch in one transaction and refuses a bad one whole with every bad index', async () => {
    const batch = Array.from({ length: 200 }, () => statement().anchor);
    const { result } = await anchor(hk, batch);
    assert.equal(result.anchored?.length, 200);
    const bad = [statement().anchor, { ...statement().anchor, documentHash: 'abc' }, { ...statement().anchor, validUntil: '2026-02-30' }];
    const message = await ledgerRefusal(anchor(hk, bad));
    assert.match(message, /anchors\[1\]\.documentHash/);
    assert.match(message, /anchors\[2\]\.validUntil/);
    assert.match(await ledgerRefusal(sz.documents().getAnchor(bad[0].documentHash)), /is not anchored/);
  });
});
