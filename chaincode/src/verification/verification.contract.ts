import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  AnchorInput, ContractImplementation, DOCUMENTS_ANCHORED_EVENT, DOCUMENT_REVOKED_EVENT, DOCUMENT_TRANSACTIONS,
  DOCUMENT_VERIFIED_EVENT, DocumentAnchor, DocumentsAnchored, KEY_TYPES, MAX_ANCHORS_PER_BATCH, RefusalError,
  RefusalKind, ValidationIssue, VerificationRecord, anchorKey, assertSha256Hex, batchRefusal, canonicalJson, checkText,
  contractName, encodeResult, show, unmarshal, validateAnchorInput, valueOrThrow, verdict, verificationKey,
} from '@bayrecon/common';
import { requirePeersOf } from '../shared/endorsement';
import { emitEvent } from '../shared/events';
import { loadDirectory } from '../directory/directory-state';
import { assertConsortiumChannel } from '../shared/namespace';
import { assertCallerIn, assertKnownCaller, assertMemberBankCaller } from '../shared/guards';
import { RefusingContract } from '../shared/refusing-contract';
import { keyOf, putRecord, readRecord, readRecords, txTime, walk } from '../shared/state';
import { WriteBatch } from '../shared/state-batch';

const MAX_PURPOSE_LENGTH = 140;
const MAX_REASON_LENGTH = 500;
const TRANSACTIONS = DOCUMENT_TRANSACTIONS;

/** The fields that make two anchors of the same hash "the same anchor". */
const anchorIdentity = (anchor: AnchorInput & { issuerOrg: string }): string => canonicalJson({
  documentHash: anchor.documentHash, documentType: anchor.documentType, subjectRef: anchor.subjectRef,
  validFrom: anchor.validFrom, validUntil: anchor.validUntil, consentRef: anchor.consentRef, issuerOrg: anchor.issuerOrg,
});

/**
 * Cross-border document verification: issuers anchor the SHA-256 of documents they issued (never the document),
 * receivers verify the hash of the copy they hold, and every verification is logged for the issuer and the
 * regulator. An anchor key carries the key-level policy "issuer's peer", so only the issuer can change it.
 */
@Info({ title: 'Verification', description: 'Document hash anchors, verification and revocation' })
export class VerificationContract extends RefusingContract implements ContractImplementation<typeof TRANSACTIONS, Context> {
  constructor() {
    super(contractName(TRANSACTIONS));
  }

  /** On the consortium channel only: a pair's channel holds that pair's payments only. */
  protected admit(ctx: Context): void {
    assertConsortiumChannel(ctx);
  }

  /**
   * Anchors a batch (1..500) of documents issued by the caller. `anchors` is a JSON array of AnchorInput.
   * Re-anchoring an identical anchor is a no-op; a different anchor for a known hash is refused. Event:
   * DocumentsAnchored {txId, anchored: [hash], unchanged}.
   */
  @Transaction()
  @Returns('string')
  async anchorDocuments(ctx: Context, anchors: string): Promise<string> {
    const issuerOrg = await assertMemberBankCaller(ctx, 'anchor documents');
    const rawAnchors = parseArray(anchors, 'anchors', MAX_ANCHORS_PER_BATCH);
    const issues: ValidationIssue[] = [];
    const distinct: { index: number; anchor: AnchorInput }[] = [];
    const firstByHash = new Map<string, { index: number; identity: string }>();
    rawAnchors.forEach((raw, index) => {
      const validation = validateAnchorInput(raw, `anchors[${index}]`);
      if (!validation.ok) {
        issues.push(...validation.issues);
        return;
      }
      const identity = anchorIdentity({ ...validation.anchor, issuerOrg });
      const first = firstByHash.get(validation.anchor.documentHash);
      if (first === undefined) {
        firstByHash.set(validation.anchor.documentHash, { index, identity });
        distinct.push({ index, anchor: validation.anchor });
      } else if (first.identity !== identity) {
        issues.push({ path: `anchors[${index}].documentHash`, reason: `${show(validation.anchor.documentHash)} is also at anchors[${first.index}] with different content` });
      }
    });
    refuseIfAny('INVALID', issues, rawAnchors.length);

    const now = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const created: DocumentAnchor[] = [];
    let unchanged = rawAnchors.length - distinct.length;
    const anchored = await readRecords<DocumentAnchor>(ctx, distinct.map(({ anchor }) => anchorKey(anchor.documentHash)));
    for (const [position, { index, anchor }] of distinct.entries()) {
      const existing = anchored[position];
      if (existing === undefined) {
        created.push({ ...anchor, issuerOrg, anchoredAt: now.iso, txId, status: 'ACTIVE' });
      } else if (anchorIdentity(existing) === anchorIdentity({ ...anchor, issuerOrg })) {
        unchanged += 1;
      } else {
        issues.push({ path: `anchors[${index}].documentHash`, reason: `${show(anchor.documentHash)} is already anchored by ${existing.issuerOrg} with different content` });
      }
    }
    refuseIfAny('CONFLICT', issues, rawAnchors.length);
    const writes = new WriteBatch();
    for (const anchor of created) {
      putRecord(writes, ctx, anchorKey(anchor.documentHash), anchor);
      requirePeersOf(writes, keyOf(ctx, anchorKey(anchor.documentHash)), [issuerOrg]);
    }
    await writes.flush(ctx);
    const event: DocumentsAnchored = { txId, anchored: created.map((anchor) => anchor.documentHash), unchanged };
    emitEvent(ctx, DOCUMENTS_ANCHORED_EVENT, event);
    return encodeResult(TRANSACTIONS.anchorDocuments, event);
  }

  /**
   * Verifies a document hash at the transaction's time: VALID, REVOKED, EXPIRED (outside its validity window) or
   * UNKNOWN, and logs the verification under ('verification', [documentHash, txId]), unknown hashes included.
   * `purpose` is public ('' for none). Event: DocumentVerified {documentHash, result, verifierOrg, txId}.
   */
  @Transaction()
  @Returns('string')
  async verifyDocument(ctx: Context, documentHash: string, purpose: string): Promise<string> {
    const verifierOrg = await assertKnownCaller(ctx, 'verify documents');
    assertSha256Hex(documentHash);
    if (purpose !== '') {
      valueOrThrow('purpose', checkText(purpose, MAX_PURPOSE_LENGTH));
    }
    const anchor = await readRecord<DocumentAnchor>(ctx, anchorKey(documentHash));
    const now = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const record: VerificationRecord = {
      documentHash, verifierOrg, at: now.iso, txId, result: verdict(anchor, now.date),
      ...(purpose === '' ? {} : { purpose }),
      ...(anchor === undefined ? {} : { issuerOrg: anchor.issuerOrg }),
    };
    const writes = new WriteBatch();
    putRecord(writes, ctx, verificationKey(documentHash, txId), record);
    await writes.flush(ctx);
    emitEvent(ctx, DOCUMENT_VERIFIED_EVENT, { documentHash, result: record.result, verifierOrg, txId });
    return encodeResult(TRANSACTIONS.verifyDocument, {
      ...record,
      ...(anchor === undefined ? {} : {
        documentType: anchor.documentType, validFrom: anchor.validFrom, validUntil: anchor.validUntil,
      }),
    });
  }

  /** Revokes an anchor; its issuer only. Revoking a revoked anchor is a no-op. Event: DocumentRevoked. */
  @Transaction()
  @Returns('string')
  async revokeDocument(ctx: Context, documentHash: string, reason: string): Promise<string> {
    await assertMemberBankCaller(ctx, 'revoke documents');
    assertSha256Hex(documentHash);
    valueOrThrow('reason', checkText(reason, MAX_REASON_LENGTH));
    const anchor = await requireAnchor(ctx, documentHash);
    assertCallerIn(ctx, [anchor.issuerOrg], `revoke document '${documentHash}'`);
    const txId = ctx.stub.getTxID();
    const revoked: DocumentAnchor = anchor.status === 'REVOKED'
      ? anchor
      : { ...anchor, status: 'REVOKED', revocation: { reason, at: txTime(ctx).iso, txId } };
    if (anchor.status !== 'REVOKED') {
      const writes = new WriteBatch();
      putRecord(writes, ctx, anchorKey(documentHash), revoked);
      await writes.flush(ctx);
    }
    emitEvent(ctx, DOCUMENT_REVOKED_EVENT, { documentHash, txId, changed: anchor.status !== 'REVOKED' });
    return encodeResult(TRANSACTIONS.revokeDocument, revoked);
  }

  /** The anchor of a hash (public: no personal data is on it); any member. */
  @Transaction(false)
  @Returns('string')
  async getAnchor(ctx: Context, documentHash: string): Promise<string> {
    await assertKnownCaller(ctx, 'read anchors');
    assertSha256Hex(documentHash);
    return encodeResult(TRANSACTIONS.getAnchor, await requireAnchor(ctx, documentHash));
  }

  /** Every logged verification of a hash, in key order; the issuer and the regulators only (unknown hashes: regulators). */
  @Transaction(false)
  @Returns('string')
  async listVerifications(ctx: Context, documentHash: string): Promise<string> {
    assertSha256Hex(documentHash);
    const anchor = await readRecord<DocumentAnchor>(ctx, anchorKey(documentHash));
    const regulators = (await loadDirectory(ctx)).regulators.map((regulator) => regulator.org);
    assertCallerIn(ctx, anchor === undefined ? regulators : [anchor.issuerOrg, ...regulators], `list the verifications of '${documentHash}'`);
    const verifications: VerificationRecord[] = [];
    for await (const { value } of walk(ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.verification, [documentHash]))) {
      verifications.push(unmarshal<VerificationRecord>(value));
    }
    return encodeResult(TRANSACTIONS.listVerifications, { documentHash, verifications });
  }
}

function parseArray(text: string, name: string, max: number): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw RefusalError.ofField('INVALID', name, `not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > max) {
    throw RefusalError.ofField('INVALID', name, `expected a JSON array of 1 to ${max} items, got ${Array.isArray(parsed) ? `${parsed.length} items` : typeof parsed}`);
  }
  return parsed;
}

async function requireAnchor(ctx: Context, documentHash: string): Promise<DocumentAnchor> {
  const anchor = await readRecord<DocumentAnchor>(ctx, anchorKey(documentHash));
  if (anchor === undefined) {
    throw RefusalError.ofField('NOT_FOUND', 'documentHash', `'${documentHash}' is not anchored`);
  }
  return anchor;
}

function refuseIfAny(kind: RefusalKind, issues: ValidationIssue[], received: number): void {
  if (issues.length > 0) {
    throw batchRefusal(kind, 'anchors', received, issues);
  }
}
