import { strict as assert } from 'node:assert';
import {
  AnchorInput, DocumentAnchor, VerificationRecord, sha256Hex, unmarshal,
} from '@bayrecon/common';
import { policyOrgs } from '../shared/endorsement';
import { FakeLedger, TransactionResult } from '../testing/fake-ledger';
import { refusal, refused } from '../testing/refusals';
import { VerificationContract } from './verification.contract';

const contract = new VerificationContract();
const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const REGULATOR = 'RegulatorMSP';

function anchorOf(document: string, overrides: Partial<AnchorInput> = {}): AnchorInput {
  return {
    documentHash: sha256Hex(document),
    documentType: 'STATEMENT',
    subjectRef: 'subj:7f3a9c',
    validFrom: '2024-01-01',
    validUntil: '2024-12-31',
    consentRef: 'consent:2024-001',
    ...overrides,
  };
}

function onlyEvent(result: TransactionResult): { name: string; payload: Record<string, unknown> } {
  assert.equal(result.events.length, 1, 'exactly one chaincode event per transaction');
  return { name: result.events[0].name, payload: unmarshal<Record<string, unknown>>(result.events[0].payload) };
}

describe('verification contract', () => {
  let ledger: FakeLedger;
  const anchor = (mspId: string, anchors: unknown[]): Promise<TransactionResult> =>
    ledger.submit({ mspId }, (ctx) => contract.anchorDocuments(ctx, JSON.stringify(anchors)));
  const verify = (mspId: string, hash: string, time = '2024-06-01T00:00:00Z'): Promise<TransactionResult> =>
    ledger.submit({ mspId, time }, (ctx) => contract.verifyDocument(ctx, hash, 'account opening'));
  const resultOf = (result: TransactionResult): string => (JSON.parse(result.result) as VerificationRecord).result;

  beforeEach(() => {
    ledger = new FakeLedger();
  });

  it('anchors a batch with the issuer from the client identity and an issuer-only key policy', async () => {
    const result = await anchor(SZ, [anchorOf('statement A'), anchorOf('kyc B', { documentType: 'KYC_RECORD' })]);
    const { name, payload: { origin, ...payload } } = onlyEvent(result);
    assert.deepEqual({ name, payload }, {
      name: 'DocumentsAnchored',
      payload: { txId: result.txId, anchored: [sha256Hex('statement A'), sha256Hex('kyc B')], unchanged: 0 },
    });
    assert.equal((origin as { creatorMspId: string }).creatorMspId, SZ, 'the event names the issuer as its transaction\'s creator');
    const stored = JSON.parse(await ledger.evaluate({ mspId: HK }, (ctx) => contract.getAnchor(ctx, sha256Hex('kyc B')))) as DocumentAnchor;
    assert.equal(stored.issuerOrg, SZ);
    assert.equal(stored.status, 'ACTIVE');
    for (const key of result.writtenKeys) {
      assert.deepEqual(policyOrgs(ledger.validationParameters.get(key) ?? Buffer.alloc(0)), [SZ]);
    }
  });

  it('refuses to run in a bank pair\'s payments chaincode', async () => {
    await assert.rejects(ledger.submit({ mspId: SZ, chaincode: 'payments_HKBank_SZBank' }, (ctx) => contract.beforeTransaction(ctx).then(() => '')),
      /'payments_HKBank_SZBank' holds one bank pair's payments only/);
  });

  it('treats re-anchoring an identical anchor as a no-op and refuses a different one', async () => {
    await anchor(SZ, [anchorOf('statement A')]);
    const again = await anchor(SZ, [anchorOf('statement A')]);
    assert.deepEqual(onlyEvent(again).payload.unchanged, 1);
    assert.deepEqual(again.writtenKeys, []);
    const message = await refusal(anchor(SZ, [anchorOf('statement A', { validUntil: '2025-12-31' })]));
    assert.match(message, /anchors\[0\]\.documentHash: '.*' is already anchored by SZBankMSP with different content/);
    assert.match(await refusal(anchor(HK, [anchorOf('statement A')])), /already anchored by SZBankMSP/);
  });

  it('refuses a batch with bad anchors whole, listing each', async () => {
    const refusedBatch = await refused(anchor(SZ, [
      anchorOf('ok'), { ...anchorOf('bad hash'), documentHash: 'ABC' }, anchorOf('bad window', { validFrom: '2024-06-01', validUntil: '2024-05-01' }),
    ]));
    assert.equal(refusedBatch.kind, 'INVALID');
    assert.deepEqual(refusedBatch.issues.map((issue) => issue.path), ['anchors[1].documentHash', 'anchors[2].validUntil']);
    assert.equal(ledger.state.size, 0);
  });

  it('refuses the regulator as an issuer or revoker', async () => {
    assert.match(await refusal(anchor(REGULATOR, [anchorOf('x')])), /RegulatorMSP cannot anchor documents/);
    await anchor(SZ, [anchorOf('x')]);
    assert.match(await refusal(ledger.submit({ mspId: REGULATOR }, (ctx) => contract.revokeDocument(ctx, sha256Hex('x'), 'no'))),
      /RegulatorMSP cannot revoke documents/);
  });

  it('verifies VALID inside the validity window, EXPIRED outside it, by transaction time', async () => {
    await anchor(SZ, [anchorOf('statement A')]);
    assert.equal(resultOf(await verify(HK, sha256Hex('statement A'), '2024-12-31T23:59:59Z')), 'VALID');
    assert.equal(resultOf(await verify(HK, sha256Hex('statement A'), '2025-01-01T00:00:00Z')), 'EXPIRED');
    assert.equal(resultOf(await verify(HK, sha256Hex('statement A'), '2023-12-31T23:59:59Z')), 'EXPIRED');
  });

  it('answers UNKNOWN for a hash never anchored and still logs the verification', async () => {
    const unknown = sha256Hex('forged copy');
    const result = await verify(HK, unknown);
    assert.equal(resultOf(result), 'UNKNOWN');
    assert.deepEqual(onlyEvent(result), {
      name: 'DocumentVerified',
      payload: {
        documentHash: unknown, result: 'UNKNOWN', verifierOrg: HK, txId: result.txId,
        origin: { at: '2024-06-01T00:00:00.000Z', creatorMspId: HK },
      },
    });
    const log = JSON.parse(await ledger.evaluate({ mspId: REGULATOR }, (ctx) => contract.listVerifications(ctx, unknown)));
    assert.deepEqual(log.verifications.map((entry: VerificationRecord) => [entry.verifierOrg, entry.result]), [[HK, 'UNKNOWN']]);
  });

  it('lets only the issuer revoke, after which verification says REVOKED', async () => {
    await anchor(SZ, [anchorOf('statement A')]);
    assert.match(await refusal(ledger.submit({ mspId: HK }, (ctx) => contract.revokeDocument(ctx, sha256Hex('statement A'), 'mine now'))),
      /'HKBankMSP' cannot revoke document/);
    const revoked = await ledger.submit({ mspId: SZ }, (ctx) => contract.revokeDocument(ctx, sha256Hex('statement A'), 'reissued'));
    assert.equal(onlyEvent(revoked).name, 'DocumentRevoked');
    assert.equal(resultOf(await verify(HK, sha256Hex('statement A'))), 'REVOKED');
  });

  it('logs every verification for the issuer and the regulator, not for other banks', async () => {
    await anchor(SZ, [anchorOf('statement A')]);
    await verify(HK, sha256Hex('statement A'));
    await verify('MOBankMSP', sha256Hex('statement A'));
    for (const mspId of [SZ, REGULATOR]) {
      const log = JSON.parse(await ledger.evaluate({ mspId }, (ctx) => contract.listVerifications(ctx, sha256Hex('statement A'))));
      assert.deepEqual(log.verifications.map((entry: VerificationRecord) => [entry.verifierOrg, entry.result, entry.purpose]),
        [[HK, 'VALID', 'account opening'], ['MOBankMSP', 'VALID', 'account opening']]);
    }
    assert.match(await refusal(ledger.evaluate({ mspId: HK }, (ctx) => contract.listVerifications(ctx, sha256Hex('statement A')))),
      /'HKBankMSP' cannot list the verifications/);
  });
});
