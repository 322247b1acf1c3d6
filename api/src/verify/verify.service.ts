import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AnchorInput, DocumentAnchor, ValidationIssue, VerificationRecord, checkSha256Hex, validateAnchorInput,
} from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ForbiddenError, InvalidInputError, LedgerRefusedError, NotFoundError } from '../errors/domain-errors';
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

/** The chaincode's "not anchored" and "only the issuer may" refusals, as 404 and 403. */
function documentRefusal(error: unknown): unknown {
  if (error instanceof LedgerRefusedError) {
    if (/is not anchored/.test(error.message)) return new NotFoundError(error.message, [{ path: 'documentHash', reason: error.message }], error.transactionId);
    if (/ cannot /.test(error.message)) return new ForbiddenError(error.message, [], error.transactionId);
  }
  return error;
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
    // Anchor keys are new: the chaincode's policy applies and the gateway picks the endorsers.
    const result = await submitRetryingConflicts(this.ledger, 'verification:anchorDocuments', { arguments: [JSON.stringify(anchors)] });
    const event = JSON.parse(result.result) as { anchored: string[]; unchanged: number };
    return {
      transactionId: result.transactionId, blockNumber: result.blockNumber.toString(), anchored: event.anchored,
      unchanged: event.unchanged, documentHashes: anchors.map((anchor) => anchor.documentHash),
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
    const result = await submitRetryingConflicts(this.ledger, 'verification:verifyDocument', { arguments: [documentHash, purpose ?? ''] });
    const record = JSON.parse(result.result) as VerificationRecord & Partial<Pick<DocumentAnchor, 'documentType' | 'validFrom' | 'validUntil'>>;
    return {
      documentHash, result: record.result, transactionId: result.transactionId, blockNumber: result.blockNumber.toString(),
      verifiedAt: record.at,
      ...(record.issuerOrg === undefined ? {} : { issuerOrg: record.issuerOrg }),
      ...(record.documentType === undefined ? {} : { documentType: record.documentType, validFrom: record.validFrom, validUntil: record.validUntil }),
    };
  }

  /** Revokes one of this institution's anchors; its key-level policy needs the issuer's peer alone. */
  async revoke(rawHash: string, reason: string): Promise<DocumentAnchor & { transactionId: string }> {
    const documentHash = assertHashParam(rawHash);
    try {
      const result = await submitRetryingConflicts(this.ledger, 'verification:revokeDocument', {
        arguments: [documentHash, reason],
        endorsingOrganizations: [this.config.fabric.mspId],
      });
      return { ...(JSON.parse(result.result) as DocumentAnchor), transactionId: result.transactionId };
    } catch (error) {
      throw documentRefusal(error);
    }
  }

  /** The anchor of a hash (public: no personal data is on it). */
  async getAnchor(rawHash: string): Promise<DocumentAnchor> {
    const documentHash = assertHashParam(rawHash);
    try {
      return JSON.parse(await this.ledger.evaluate('verification:getAnchor', [documentHash])) as DocumentAnchor;
    } catch (error) {
      throw documentRefusal(error);
    }
  }

  /** Every logged verification of one of this institution's documents (the regulator: of any). */
  async verifications(rawHash: string): Promise<{ documentHash: string; verifications: VerificationRecord[] }> {
    const documentHash = assertHashParam(rawHash);
    try {
      return JSON.parse(await this.ledger.evaluate('verification:listVerifications', [documentHash])) as { documentHash: string; verifications: VerificationRecord[] };
    } catch (error) {
      throw documentRefusal(error);
    }
  }
}
