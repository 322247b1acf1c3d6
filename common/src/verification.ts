import {
  Checked, ValidationIssue, checkDate, checkOneOf, checkSha256Hex, show, unknownFieldIssues,
} from './validation';

/** Kinds of document an institution anchors. */
export const DOCUMENT_TYPES = ['STATEMENT', 'KYC_RECORD', 'CREDIT_REPORT', 'INCOME_PROOF', 'TRADE_DOCUMENT', 'OTHER'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const VERIFICATION_RESULTS = ['VALID', 'REVOKED', 'EXPIRED', 'UNKNOWN'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** What an issuer submits per document (in the `anchorDocuments` argument: none of it is confidential). */
export interface AnchorInput {
  documentHash: string;
  documentType: DocumentType;
  /** Pseudonymous reference to the subject (never a name or id number). */
  subjectRef: string;
  /** First and last day (UTC, inclusive) the document is valid. */
  validFrom: string;
  validUntil: string;
  consentRef: string;
}

/** A document anchor on the ledger, key ('anchor', [documentHash]). */
export interface DocumentAnchor extends AnchorInput {
  issuerOrg: string;
  anchoredAt: string;
  txId: string;
  status: 'ACTIVE' | 'REVOKED';
  revocation?: { reason: string; at: string; txId: string };
}

/** One logged verification, key ('verification', [documentHash, txId]). */
export interface VerificationRecord {
  documentHash: string;
  verifierOrg: string;
  at: string;
  txId: string;
  result: VerificationResult;
  purpose?: string;
  issuerOrg?: string;
}

export const DOCUMENTS_ANCHORED_EVENT = 'DocumentsAnchored';
export const DOCUMENT_VERIFIED_EVENT = 'DocumentVerified';
export const DOCUMENT_REVOKED_EVENT = 'DocumentRevoked';
export const MAX_ANCHORS_PER_BATCH = 500;

/** Pseudonymous references: opaque tokens, no spaces, so names and free text do not slip in. */
const REFERENCE_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function checkReference(value: unknown): Checked<string> {
  return typeof value === 'string' && REFERENCE_PATTERN.test(value)
    ? { ok: true, value }
    : { ok: false, reason: `${show(value)} is not a reference (1-128 of A-Z a-z 0-9 . _ : -)` };
}

const ANCHOR_FIELDS = ['documentHash', 'documentType', 'subjectRef', 'validFrom', 'validUntil', 'consentRef'] as const;

export type AnchorValidation = { ok: true; anchor: AnchorInput } | { ok: false; issues: ValidationIssue[] };

/** Checks one anchor input; issue paths are prefixed with `path` (e.g. `anchors[2]`). */
export function validateAnchorInput(raw: unknown, path: string): AnchorValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path, reason: `${show(raw)} is not an anchor object` }] };
  }
  const record = raw as Record<string, unknown>;
  const issues = unknownFieldIssues(record, (field) => (ANCHOR_FIELDS as readonly string[]).includes(field), path);
  const checks: Record<(typeof ANCHOR_FIELDS)[number], Checked<string>> = {
    documentHash: checkSha256Hex(record.documentHash),
    documentType: checkOneOf(record.documentType, DOCUMENT_TYPES),
    subjectRef: checkReference(record.subjectRef),
    validFrom: checkDate(record.validFrom),
    validUntil: checkDate(record.validUntil),
    consentRef: checkReference(record.consentRef),
  };
  for (const field of ANCHOR_FIELDS) {
    const checked = checks[field];
    if (!checked.ok) {
      issues.push({ path: `${path}.${field}`, reason: checked.reason });
    }
  }
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  const anchor = Object.fromEntries(ANCHOR_FIELDS.map((field) => [field, record[field]])) as unknown as AnchorInput;
  if (anchor.validUntil < anchor.validFrom) {
    return { ok: false, issues: [{ path: `${path}.validUntil`, reason: `${show(anchor.validUntil)} is before validFrom ${show(anchor.validFrom)}` }] };
  }
  return { ok: true, anchor };
}

/**
 * The verdict on a document at a given UTC date: UNKNOWN without an anchor, REVOKED once revoked, EXPIRED outside
 * [validFrom, validUntil] (before validFrom counts as outside too), VALID otherwise.
 */
export function verdict(anchor: DocumentAnchor | undefined, onDate: string): VerificationResult {
  if (anchor === undefined) {
    return 'UNKNOWN';
  }
  if (anchor.status === 'REVOKED') {
    return 'REVOKED';
  }
  return onDate < anchor.validFrom || onDate > anchor.validUntil ? 'EXPIRED' : 'VALID';
}

/** The DocumentsAnchored event, which `anchorDocuments` also returns. */
export interface DocumentsAnchored {
  txId: string;
  anchored: string[];
  unchanged: number;
}

/** What `verifyDocument` returns: the logged verification, with the anchor's type and validity when there is one. */
export type VerificationOutcome = VerificationRecord & Partial<Pick<DocumentAnchor, 'documentType' | 'validFrom' | 'validUntil'>>;

/** What `listVerifications` returns. */
export interface VerificationList {
  documentHash: string;
  verifications: VerificationRecord[];
}
