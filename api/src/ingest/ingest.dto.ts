import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';
import { BIC_PATTERN, CHARGE_BEARERS, MESSAGE_TYPES, SIDES, UETR_PATTERN } from '@bayrecon/common';
import { MSP_ID } from '../openapi/schema-parts';

/** A positive decimal string as the shared rules read it (the currency's minor units are checked beyond it). */
const AMOUNT_PATTERN = '^(0|[1-9][0-9]*)(\\.[0-9]+)?$';

export const ITEM_STATUSES = ['PENDING', 'COMMITTED', 'REJECTED', 'STORED'] as const;
export const SUBMISSION_SOURCES = ['json', 'csv', 'pacs.008', 'pacs.009', 'pacs.002', 'camt.053', 'camt.054'] as const;

/** Most sides one JSON request carries; the outbox splits them into ledger batches of OUTBOX_BATCH_SIZE. */
export const MAX_SIDES_PER_REQUEST = 10_000;

const TEXT = (maxLength: number) => ({ type: String, minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

/** An amount and its currency: decimal string with at most the currency's minor units, never a number. */
export class MoneyDto {
  @ApiProperty({ example: '125000.50', pattern: AMOUNT_PATTERN, description: 'Positive decimal string (no sign, exponent or leading zeros), at most the currency\'s minor units' }) amount!: string;
  @ApiProperty({ example: 'HKD', pattern: '^[A-Z]{3}$', description: 'Active ISO 4217 code' }) currency!: string;
}

/**
 * One side of a payment as this bank records it (documentation of the shape; the rules are those of the
 * chaincode, checked with the shared `validatePaymentSide`). The submitting org is always this instance's.
 */
export class PaymentSideDto {
  @ApiProperty({ example: '2f0c7d7e-3f3b-4a52-9d1e-5c1f0e2b7a10', pattern: UETR_PATTERN.source, description: 'Lower-case UUIDv4' }) uetr!: string;
  @ApiProperty({ enum: SIDES }) side!: string;
  @ApiProperty({ ...MSP_ID, example: 'HKBankMSP', description: 'MSP id of the other bank of the payment (a member bank of the directory)' }) counterpartyOrg!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty({ ...TEXT(35), example: 'INV-2026-0187' }) endToEndId!: string;
  @ApiProperty({ example: 'SZBKCNBSXXX', pattern: BIC_PATTERN.source }) instructingAgentBic!: string;
  @ApiProperty({ example: 'HKBKHKHHXXX', pattern: BIC_PATTERN.source }) instructedAgentBic!: string;
  @ApiProperty({ example: 'SZBKCNBSXXX', pattern: BIC_PATTERN.source }) debtorAgentBic!: string;
  @ApiProperty({ example: 'HKBKHKHHXXX', pattern: BIC_PATTERN.source }) creditorAgentBic!: string;
  @ApiProperty({ type: MoneyDto }) interbankSettlementAmount!: MoneyDto;
  @ApiProperty({ example: '2026-11-20', format: 'date' }) interbankSettlementDate!: string;
  @ApiPropertyOptional({ type: MoneyDto }) instructedAmount?: MoneyDto;
  @ApiPropertyOptional({ example: '1.0912', pattern: AMOUNT_PATTERN }) exchangeRate?: string;
  @ApiPropertyOptional({ enum: CHARGE_BEARERS }) chargeBearer?: string;
  @ApiPropertyOptional({ ...TEXT(140), description: 'Confidential: transient and private data only' }) debtorName?: string;
  @ApiPropertyOptional(TEXT(34)) debtorAccount?: string;
  @ApiPropertyOptional(TEXT(140)) creditorName?: string;
  @ApiPropertyOptional(TEXT(34)) creditorAccount?: string;
  @ApiPropertyOptional(TEXT(140)) remittanceInformation?: string;
  @ApiPropertyOptional(TEXT(35)) purpose?: string;
}

/** POST /payments: the bank's own sides. Any other top-level field (e.g. `submitterOrg`) is refused. */
export class SubmitSidesDto {
  @ApiProperty({ type: [PaymentSideDto], minItems: 1, maxItems: MAX_SIDES_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIDES_PER_REQUEST)
  @IsObject({ each: true })
  sides!: Record<string, unknown>[];
}

export class AcceptedItemDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a statement entry that carries no UETR' }) uetr!: string | null;
  @ApiPropertyOptional({ enum: SIDES, description: 'Payment sides only' }) side?: string;
  @ApiProperty({ enum: ITEM_STATUSES, description: 'PENDING, COMMITTED or REJECTED for sides; STORED for reports and statement entries' }) status!: string;
  @ApiPropertyOptional({ type: String, nullable: true, pattern: '^[0-9a-f]{64}$', description: 'Payment sides: the transaction that carried it, once sent' }) transactionId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Payment sides: why the last attempt failed, or why it was rejected' }) lastError?: string | null;
}

export class AcceptanceDto {
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty({ description: 'True when an earlier request with the same Idempotency-Key is replayed' }) replayed!: boolean;
  @ApiProperty({ enum: SUBMISSION_SOURCES }) source!: string;
  @ApiProperty({ type: [AcceptedItemDto] }) items!: AcceptedItemDto[];
}

export class SubmissionDto extends AcceptanceDto {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) itemCount!: number;
}

export class SubmissionSummaryDto {
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty({ enum: SUBMISSION_SOURCES }) source!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) itemCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SubmissionListDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: [SubmissionSummaryDto] }) submissions!: SubmissionSummaryDto[];
}
