import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AnchorInput, DocumentAnchor, ValidationIssue, VerificationList, checkSha256Hex, validateAnchorInput,
} from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InvalidInputError } from '../errors/domain-errors';
import { validateDto } from '../errors/validate-dto';
import { LedgerClient } from '../fabric/ledger-client';
import { submitRetryingConflicts } from '../fabric/submit-retrying';
import { AnchoredDto, AnchorsDto, VerificationDto, VerifyDto } from './verify.dto';

/** The part of an uploaded file the API uses: its bytes, held in memory only and never written anywhere. */
export interface UploadedDocument {
  buffer: Buffer;
  size: number;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function assertHashParam(hash: string): string {
  const checked = checkSha256Hex(hash);
  if (!checked.ok) throw new InvalidInputError(`documentHash: ${checked.reason}`, [{ path: 'documentHash', reason: checked.reason }]);
  return checked.value;
}

/**
 * Document anchors as this institution: anchor what it issued (a hash given, or the SHA-256 of an uploaded file,
 * which is hashed in memory and dropped), verify a document received, revoke its own anchors, list who verified
 * them. Only hashes ever reach the ledger.
 */
@Injectable()
export class VerifyService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly ledger: LedgerClient) {}

  /** Anchors JSON `{anchors: [...]}`, or one uploaded file with the anchor's other fields. */
  async anchor(body: unknown, file: UploadedDocument | undefined): Promise<AnchoredDto> {
    let raw: unknown[];
    if (file !== undefined) {
      const fields = { ...(body as Record<string, unknown> | undefined) };
      const documentHash = sha256(file.buffer);
      if (fields.documentHash !== undefined && fields.documentHash !== documentHash) {
        throw new InvalidInputError('documentHash differs from the SHA-256 of the uploaded file', [{ path: 'documentHash', reason: `the file hashes to ${documentHash}` }]);
      }
      raw = [{ ...fields, documentHash }];
    } else {
      raw = (await validateDto(AnchorsDto, body)).anchors;
    }
    const anchors: AnchorInput[] = [];
    const issues: ValidationIssue[] = [];
    raw.forEach((candidate, index) => {
      const validation = validateAnchorInput(candidate, `anchors[${index}]`);
      if (validation.ok) anchors.push(validation.anchor);
      else issues.push(...validation.issues);
    });
    if (issues.length > 0) throw new InvalidInputError(`${issues.length} problem(s) with the anchors; nothing was anchored`, issues);
    const { commit, result } = await submitRetryingConflicts(() => this.ledger.documents.anchorDocuments(anchors));
    return {
      transactionId: commit.transactionId, blockNumber: commit.blockNumber.toString(), anchored: result.anchored,
      unchanged: result.unchanged, documentHashes: anchors.map((anchor) => anchor.documentHash),
    };
  }

  /** Verifies an uploaded file (hashed here) or a given hash; the ledger logs the verification. */
  async verify(body: unknown, file: UploadedDocument | undefined): Promise<VerificationDto> {
    let documentHash: string;
    let purpose: string | undefined;
    if (file !== undefined) {
      const fields = { ...(body as Record<string, unknown> | undefined) };
      const unknown = Object.keys(fields).filter((field) => field !== 'purpose');
      if (unknown.length > 0) throw new InvalidInputError('unknown form fields', unknown.map((path) => ({ path, reason: 'unknown field' })));
      documentHash = sha256(file.buffer);
      purpose = typeof fields.purpose === 'string' && fields.purpose !== '' ? fields.purpose : undefined;
    } else {
      const dto = await validateDto(VerifyDto, body);
      documentHash = dto.documentHash;
      purpose = dto.purpose;
    }
    const { commit, result: record } = await submitRetryingConflicts(() => this.ledger.documents.verifyDocument(documentHash, purpose));
    return {
      documentHash, result: record.result, transactionId: commit.transactionId, blockNumber: commit.blockNumber.toString(),
      verifiedAt: record.at,
      ...(record.issuerOrg === undefined ? {} : { issuerOrg: record.issuerOrg }),
      ...(record.documentType === undefined ? {} : { documentType: record.documentType, validFrom: record.validFrom, validUntil: record.validUntil }),
    };
  }

  /** Revokes one of this institution's anchors; its key-level policy needs the issuer's peer alone. */
  async revoke(rawHash: string, reason: string): Promise<DocumentAnchor & { transactionId: string }> {
    const documentHash = assertHashParam(rawHash);
    const { commit, result } = await submitRetryingConflicts(() => this.ledger.documents.revokeDocument(documentHash, reason, this.config.fabric.mspId));
    return { ...result, transactionId: commit.transactionId };
  }

  /** The anchor of a hash (public: no personal data is on it). */
  async getAnchor(rawHash: string): Promise<DocumentAnchor> {
    return this.ledger.documents.getAnchor(assertHashParam(rawHash));
  }

  /** Every logged verification of one of this institution's documents (the regulator: of any). */
  async verifications(rawHash: string): Promise<VerificationList> {
    return this.ledger.documents.listVerifications(assertHashParam(rawHash));
  }
}
