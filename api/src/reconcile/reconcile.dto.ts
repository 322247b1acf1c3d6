import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import {
  MATCHING_FIELDS, MEMBER_BANKS, MESSAGE_TYPES, PAYMENT_STATUSES, REGULATOR_ORG, SIDES, UETR_PATTERN, allCorridors,
} from '@bayrecon/common';
import { PaymentSideDto } from '../ingest/ingest.dto';

export class AcceptDiscrepancyDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Public justification (1 to 500 characters): no confidential details', example: 'FX rate difference within tolerance agreed with HKBank' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CutOffDto {
  @ApiProperty({ example: '2026-11-20', format: 'date', description: 'Pending payments settling on or before this date become UNMATCHED; the date must have passed' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'cutOffDate must be a date YYYY-MM-DD' })
  cutOffDate!: string;
}

const TX_ID = { pattern: '^[0-9a-f]{64}$', description: 'Fabric transaction id' };
const MSP_IDS = [...MEMBER_BANKS.map((bank) => bank.org), REGULATOR_ORG];

export class PaymentChangeDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ enum: allCorridors(), example: 'SZ->HK' }) corridor!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty({ enum: MEMBER_BANKS.map((bank) => bank.org) }) debtorAgentOrg!: string;
  @ApiProperty({ enum: MEMBER_BANKS.map((bank) => bank.org) }) creditorAgentOrg!: string;
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ enum: SIDES, isArray: true }) sidesPresent!: string[];
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true, description: 'Names of the matching fields that differ, never their values' }) differingFields!: string[];
}

export class ChangeCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) received!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) changed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unchanged!: number;
}

/** The PaymentsChanged summary of a synchronous payment transaction. */
export class PaymentsChangedDto {
  @ApiProperty({ example: 'acceptDiscrepancy' }) transaction!: string;
  @ApiProperty(TX_ID) transactionId!: string;
  @ApiProperty({ pattern: '^[0-9]+$', description: 'Block the transaction committed in (decimal string: block numbers are 64-bit)' }) blockNumber!: string;
  @ApiProperty({ type: [PaymentChangeDto] }) changes!: PaymentChangeDto[];
  @ApiProperty({ type: ChangeCountsDto }) counts!: ChangeCountsDto;
}

export class CutOffResultDto {
  @ApiProperty({ format: 'date' }) cutOffDate!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Payments declared UNMATCHED' }) moved!: number;
  @ApiProperty({ type: [String], description: 'One transaction per page of at most 500 payments' }) transactionIds!: string[];
  @ApiProperty({ type: [PaymentChangeDto] }) changes!: PaymentChangeDto[];
}

class FieldCommitmentsDto {}
for (const field of MATCHING_FIELDS) ApiProperty({ type: String, description: 'HMAC-SHA256-128, base64url' })(FieldCommitmentsDto.prototype, field);

/** What public state holds about one side: who, when, commitments, and where its details are. No values. */
export class PublicSideDto {
  @ApiProperty({ enum: MEMBER_BANKS.map((bank) => bank.org) }) submittedBy!: string;
  @ApiProperty({ format: 'date-time', description: 'Ledger time' }) submittedAt!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ type: FieldCommitmentsDto }) fieldCommitments!: Record<string, string>;
  @ApiProperty({ description: 'HMAC-SHA256 of the whole side, base64url' }) sideCommitment!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) detailsIndex!: number;
}

export class PublicSidesDto {
  @ApiPropertyOptional({ type: PublicSideDto }) DEBTOR_AGENT?: PublicSideDto;
  @ApiPropertyOptional({ type: PublicSideDto }) CREDITOR_AGENT?: PublicSideDto;
}

export class AcceptanceRecordDto {
  @ApiProperty({ enum: MEMBER_BANKS.map((bank) => bank.org) }) org!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() reason!: string;
}

/** One step of a payment's exception workflow (amendment, acceptance, resolution, cut-off, late side). */
export class WorkflowStepDto {
  @ApiProperty({ enum: ['AMEND', 'ACCEPT', 'RESOLVE', 'CUT_OFF', 'LATE_SIDE'] }) action!: string;
  @ApiProperty({ enum: MSP_IDS }) org!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ enum: SIDES }) side?: string;
  @ApiPropertyOptional() reason?: string;
}

/** A payment's public record on the ledger: statuses and commitments, never a value of a side. */
export class PaymentRecordDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty({ enum: allCorridors() }) corridor!: string;
  @ApiProperty({ enum: MEMBER_BANKS.map((bank) => bank.org) }) debtorAgentOrg!: string;
  @ApiProperty({ enum: MEMBER_BANKS.map((bank) => bank.org) }) creditorAgentOrg!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty({ type: PublicSidesDto }) sides!: PublicSidesDto;
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true }) differingFields!: string[];
  @ApiProperty({ type: [AcceptanceRecordDto] }) acceptances!: AcceptanceRecordDto[];
  @ApiProperty({ type: [WorkflowStepDto] }) trail!: WorkflowStepDto[];
}

export class SideDetailsDto {
  @ApiPropertyOptional({ type: PaymentSideDto }) DEBTOR_AGENT?: PaymentSideDto;
  @ApiPropertyOptional({ type: PaymentSideDto }) CREDITOR_AGENT?: PaymentSideDto;
}

/** Both sides' full details, from the pair's private data collection. */
export class PaymentDetailsDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ example: 'pair_HKBank_SZBank' }) collection!: string;
  @ApiProperty({ type: SideDetailsDto }) sides!: SideDetailsDto;
}

/** A pacs.002 status report this bank sent about the payment. */
export class StatusReportDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty() recordKey!: string;
  @ApiProperty() messageId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty() originalMessageId!: string;
  @ApiProperty({ type: String, nullable: true }) originalEndToEndId!: string | null;
  @ApiProperty({ example: 'ACSC', description: 'ExternalPaymentTransactionStatus1Code' }) transactionStatus!: string;
  @ApiProperty({ type: String, nullable: true }) reasonCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) additionalInformation!: string | null;
}

/** A camt.053/054 entry of this bank carrying the payment's UETR: its settlement on an account. */
export class StatementEntryDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty() recordKey!: string;
  @ApiProperty() messageId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['camt.053', 'camt.054'] }) messageType!: string;
  @ApiProperty() statementId!: string;
  @ApiProperty() account!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) entryIndex!: number;
  @ApiProperty({ type: 'integer', nullable: true }) transactionDetailIndex!: number | null;
  @ApiProperty({ type: String, nullable: true }) uetr!: string | null;
  @ApiProperty({ type: String, nullable: true }) endToEndId!: string | null;
  @ApiProperty({ description: 'Decimal string' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['CRDT', 'DBIT'] }) creditDebit!: string;
  @ApiProperty() reversal!: boolean;
  @ApiProperty({ example: 'BOOK' }) entryStatus!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) bookingDate!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) valueDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) bankTransactionCode!: string | null;
}

export class PaymentViewDto {
  @ApiProperty({ type: PaymentRecordDto, description: 'The public record: status, sides present, differing field names, acceptances, trail' }) payment!: PaymentRecordDto;
  @ApiPropertyOptional({ type: PaymentDetailsDto, description: 'Both sides\' full details; only for the payment\'s two banks' }) details?: PaymentDetailsDto;
  @ApiProperty({ type: [StatusReportDto], description: 'pacs.002 status reports this bank sent about the UETR' }) statusReports!: StatusReportDto[];
  @ApiProperty({ type: [StatementEntryDto], description: 'camt.053/054 entries of this bank carrying the UETR' }) statementEntries!: StatementEntryDto[];
}
