import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';

/** Most sides one JSON request carries; the outbox splits them into ledger batches of OUTBOX_BATCH_SIZE. */
export const MAX_SIDES_PER_REQUEST = 10_000;

class MoneyDto {
  @ApiProperty({ example: '125000.50', description: 'Decimal string, never a number' }) amount!: string;
  @ApiProperty({ example: 'HKD' }) currency!: string;
}

/**
 * One side of a payment as this bank records it (documentation of the shape; the rules are those of the
 * chaincode, checked with the shared `validatePaymentSide`). The submitting org is always this instance's.
 */
export class PaymentSideDto {
  @ApiProperty({ example: '2f0c7d7e-3f3b-4a52-9d1e-5c1f0e2b7a10', description: 'Lower-case UUIDv4' }) uetr!: string;
  @ApiProperty({ enum: ['DEBTOR_AGENT', 'CREDITOR_AGENT'] }) side!: string;
  @ApiProperty({ example: 'HKBankMSP', description: 'MSP id of the other bank of the payment' }) counterpartyOrg!: string;
  @ApiProperty({ enum: ['pacs.008', 'pacs.009'] }) messageType!: string;
  @ApiProperty({ example: 'INV-2026-0187' }) endToEndId!: string;
  @ApiProperty({ example: 'SZBKCNBSXXX' }) instructingAgentBic!: string;
  @ApiProperty({ example: 'HKBKHKHHXXX' }) instructedAgentBic!: string;
  @ApiProperty({ example: 'SZBKCNBSXXX' }) debtorAgentBic!: string;
  @ApiProperty({ example: 'HKBKHKHHXXX' }) creditorAgentBic!: string;
  @ApiProperty({ type: MoneyDto }) interbankSettlementAmount!: MoneyDto;
  @ApiProperty({ example: '2026-11-20' }) interbankSettlementDate!: string;
  @ApiPropertyOptional({ type: MoneyDto }) instructedAmount?: MoneyDto;
  @ApiPropertyOptional({ example: '1.0912' }) exchangeRate?: string;
  @ApiPropertyOptional({ enum: ['DEBT', 'CRED', 'SHAR', 'SLEV'] }) chargeBearer?: string;
  @ApiPropertyOptional({ description: 'Confidential: transient and private data only' }) debtorName?: string;
  @ApiPropertyOptional() debtorAccount?: string;
  @ApiPropertyOptional() creditorName?: string;
  @ApiPropertyOptional() creditorAccount?: string;
  @ApiPropertyOptional() remittanceInformation?: string;
  @ApiPropertyOptional() purpose?: string;
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
  @ApiProperty() id!: number;
  @ApiProperty({ nullable: true, description: 'Null for a statement entry that carries no UETR' }) uetr!: string | null;
  @ApiPropertyOptional({ description: 'Payment sides only' }) side?: string;
  @ApiProperty({ description: 'PENDING, COMMITTED or REJECTED for sides; STORED for reports and statement entries' }) status!: string;
  @ApiPropertyOptional({ nullable: true }) transactionId?: string | null;
  @ApiPropertyOptional({ nullable: true }) lastError?: string | null;
}

export class AcceptanceDto {
  @ApiProperty() submissionId!: string;
  @ApiProperty({ description: 'True when an earlier request with the same Idempotency-Key is replayed' }) replayed!: boolean;
  @ApiProperty({ description: 'json, csv, pacs.008, pacs.009, pacs.002, camt.053 or camt.054' }) source!: string;
  @ApiProperty({ type: [AcceptedItemDto] }) items!: AcceptedItemDto[];
}

export class SubmissionDto extends AcceptanceDto {
  @ApiProperty() createdAt!: string;
  @ApiProperty() itemCount!: number;
}

export class SubmissionSummaryDto {
  @ApiProperty() submissionId!: string;
  @ApiProperty() source!: string;
  @ApiProperty() itemCount!: number;
  @ApiProperty() createdAt!: string;
}

export class SubmissionListDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [SubmissionSummaryDto] }) submissions!: SubmissionSummaryDto[];
}
