import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DOCUMENT_TYPES, MAX_ANCHORS_PER_BATCH, VERIFICATION_RESULTS } from '@bayrecon/common';

const SHA256 = /^[a-f0-9]{64}$/;

export class AnchorInputDto {
  @ApiProperty({ description: 'SHA-256 of the document, 64 lower-case hex characters' }) documentHash!: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType!: string;
  @ApiProperty({ description: 'Pseudonymous subject reference (never a name)', example: 'subj:7f3a9c' }) subjectRef!: string;
  @ApiProperty({ example: '2026-01-01' }) validFrom!: string;
  @ApiProperty({ example: '2027-12-31' }) validUntil!: string;
  @ApiProperty({ example: 'consent:2026-0042' }) consentRef!: string;
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
  @ApiProperty() subjectRef!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty() validUntil!: string;
  @ApiProperty() consentRef!: string;
}

export class VerifyDto {
  @ApiProperty({ description: 'SHA-256 of the document held, 64 lower-case hex characters' })
  @Matches(SHA256, { message: 'documentHash must be 64 lower-case hex characters (SHA-256)' })
  documentHash!: string;

  @ApiPropertyOptional({ description: 'Why the document is checked (public, up to 140 characters)', example: 'account opening' })
  @IsOptional()
  @IsString()
  @Length(1, 140)
  purpose?: string;
}

export class VerifyUploadDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file!: unknown;
  @ApiPropertyOptional() purpose?: string;
}

export class RevokeDto {
  @ApiProperty({ description: 'Public reason (1 to 500 characters)', example: 'statement reissued' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AnchoredDto {
  @ApiProperty() transactionId!: string;
  @ApiProperty() blockNumber!: string;
  @ApiProperty({ type: [String], description: 'Hashes newly anchored' }) anchored!: string[];
  @ApiProperty({ description: 'Identical anchors already on the ledger' }) unchanged!: number;
  @ApiProperty({ type: [String], description: 'Every hash of the request, in order (for uploads: the computed SHA-256)' }) documentHashes!: string[];
}

export class VerificationDto {
  @ApiProperty() documentHash!: string;
  @ApiProperty({ enum: VERIFICATION_RESULTS }) result!: string;
  @ApiProperty() transactionId!: string;
  @ApiProperty() blockNumber!: string;
  @ApiProperty() verifiedAt!: string;
  @ApiPropertyOptional() issuerOrg?: string;
  @ApiPropertyOptional() documentType?: string;
  @ApiPropertyOptional() validFrom?: string;
  @ApiPropertyOptional() validUntil?: string;
}
