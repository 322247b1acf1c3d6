import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DOCUMENT_TYPES, MAX_ANCHORS_PER_BATCH, VERIFICATION_RESULTS } from '@bayrecon/common';
import { MSP_ID, TX_ID } from '../openapi/schema-parts';

const SHA256 = /^[a-f0-9]{64}$/;

/** Pseudonymous references: opaque tokens, so that names and free text do not slip in (the shared rule). */
const REFERENCE = { pattern: '^[A-Za-z0-9._:-]{1,128}$' };
const HASH = { pattern: SHA256.source, description: 'SHA-256 of the document, 64 lower-case hex characters' };
const BLOCK = { pattern: '^[0-9]+$', description: 'Block the transaction committed in (decimal string)' };

export class AnchorInputDto {
  @ApiProperty(HASH) documentHash!: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType!: string;
  @ApiProperty({ ...REFERENCE, description: 'Pseudonymous subject reference (never a name)', example: 'subj:7f3a9c' }) subjectRef!: string;
  @ApiProperty({ example: '2026-01-01', format: 'date' }) validFrom!: string;
  @ApiProperty({ example: '2027-12-31', format: 'date', description: 'Not before validFrom' }) validUntil!: string;
  @ApiProperty({ ...REFERENCE, example: 'consent:2026-0042' }) consentRef!: string;
}

export class RevocationDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty(TX_ID) txId!: string;
}

/** A document anchor on the ledger: hashes and dates, never the document. */
export class DocumentAnchorDto extends AnchorInputDto {
  @ApiProperty(MSP_ID) issuerOrg!: string;
  @ApiProperty({ format: 'date-time' }) anchoredAt!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ enum: ['ACTIVE', 'REVOKED'] }) status!: string;
  @ApiPropertyOptional({ type: RevocationDto }) revocation?: RevocationDto;
}

export class RevokedAnchorDto extends DocumentAnchorDto {
  @ApiProperty(TX_ID) transactionId!: string;
}

export class VerificationRecordDto {
  @ApiProperty(HASH) documentHash!: string;
  @ApiProperty(MSP_ID) verifierOrg!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ enum: VERIFICATION_RESULTS }) result!: string;
  @ApiPropertyOptional() purpose?: string;
  @ApiPropertyOptional(MSP_ID) issuerOrg?: string;
}

export class VerificationsDto {
  @ApiProperty(HASH) documentHash!: string;
  @ApiProperty({ type: [VerificationRecordDto] }) verifications!: VerificationRecordDto[];
}

/** POST /documents/anchors as JSON: hashes the issuer computed itself. */
export class AnchorsDto {
  @ApiProperty({ type: [AnchorInputDto], minItems: 1, maxItems: MAX_ANCHORS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ANCHORS_PER_BATCH)
  @IsObject({ each: true })
  anchors!: Record<string, unknown>[];
}

/** POST /documents/anchors as multipart/form-data: the file (hashed, never stored) and the anchor's other fields. */
export class AnchorUploadDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file!: unknown;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType!: string;
  @ApiProperty(REFERENCE) subjectRef!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty(REFERENCE) consentRef!: string;
}

export class VerifyDto {
  @ApiProperty(HASH)
  @Matches(SHA256, { message: 'documentHash must be 64 lower-case hex characters (SHA-256)' })
  documentHash!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 140, description: 'Why the document is checked (public, up to 140 characters)', example: 'account opening' })
  @IsOptional()
  @IsString()
  @Length(1, 140)
  purpose?: string;
}

export class VerifyUploadDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file!: unknown;
  @ApiPropertyOptional({ maxLength: 140 }) purpose?: string;
}

export class RevokeDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Public reason (1 to 500 characters)', example: 'statement reissued' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AnchoredDto {
  @ApiProperty(TX_ID) transactionId!: string;
  @ApiProperty(BLOCK) blockNumber!: string;
  @ApiProperty({ type: [String], description: 'Hashes newly anchored' }) anchored!: string[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Identical anchors already on the ledger' }) unchanged!: number;
  @ApiProperty({ type: [String], description: 'Every hash of the request, in order (for uploads: the computed SHA-256)' }) documentHashes!: string[];
}

export class VerificationDto {
  @ApiProperty(HASH) documentHash!: string;
  @ApiProperty({ enum: VERIFICATION_RESULTS }) result!: string;
  @ApiProperty(TX_ID) transactionId!: string;
  @ApiProperty(BLOCK) blockNumber!: string;
  @ApiProperty({ format: 'date-time', description: 'Ledger time of the verification' }) verifiedAt!: string;
  @ApiPropertyOptional({ ...MSP_ID, description: 'Anchored documents only' }) issuerOrg?: string;
  @ApiPropertyOptional({ enum: DOCUMENT_TYPES }) documentType?: string;
  @ApiPropertyOptional({ format: 'date' }) validFrom?: string;
  @ApiPropertyOptional({ format: 'date' }) validUntil?: string;
}
