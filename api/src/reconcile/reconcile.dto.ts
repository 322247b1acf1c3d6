import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import {
  DISCREPANCY_CODES, MATCHING_FIELDS, MESSAGE_TYPES, PAYMENT_STATUSES, SIDES, UETR_PATTERN, WITHIN_TOLERANCE_CODES, WorkflowAction,
} from '@bayrecon/common';
import { PaymentSideDto } from '../ingest/ingest.dto';
import { CORRIDOR, MSP_ID, TX_ID as TX_ID_PATTERN } from '../openapi/schema-parts';

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

const TX_ID = { ...TX_ID_PATTERN, description: 'Fabric transaction id' };
/** Every workflow action, as a record so that the compiler names one the document would miss. */
const WORKFLOW_ACTIONS = Object.keys({
  AMEND: true, ACCEPT: true, RESOLVE: true, CUT_OFF: true, LATE_SIDE: true, REEVALUATION_REQUEST: true, REEVALUATE: true,
} satisfies Record<WorkflowAction, true>);

/** A differing field of a decision and why it is within tolerance. */
export class WithinToleranceFindingDto {
  @ApiProperty({ enum: MATCHING_FIELDS }) field!: string;
  @ApiProperty({ enum: WITHIN_TOLERANCE_CODES }) code!: string;
}

/** A differing field of a decision and why it is a discrepancy. */
export class DiscrepancyFindingDto {
  @ApiProperty({ enum: MATCHING_FIELDS }) field!: string;
  @ApiProperty({ enum: DISCREPANCY_CODES }) code!: string;
}

/** Why two sides whose commitments differ matched within tolerance or are a discrepancy: a code per field, no value. */
export class MatchDecisionDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The pair\'s rule set version applied; absent when no rule was consulted' }) ruleSetVersion?: number;
  @ApiPropertyOptional({ pattern: '^[0-9a-f]{64}$', description: 'Digest of that rule set' }) ruleSetDigest?: string;
  @ApiProperty({ ...TX_ID, description: 'The transaction that took the decision' }) txId!: string;
  @ApiProperty({ type: [WithinToleranceFindingDto] }) withinTolerance!: WithinToleranceFindingDto[];
  @ApiProperty({ type: [DiscrepancyFindingDto] }) discrepancies!: DiscrepancyFindingDto[];
}

/** One bank's request that the payment be decided again under a rule set version. */
export class ReevaluationRequestDto {
  @ApiProperty(MSP_ID) org!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) ruleSetVersion!: number;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class PaymentChangeDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty(MSP_ID) debtorAgentOrg!: string;
  @ApiProperty(MSP_ID) creditorAgentOrg!: string;
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ enum: SIDES, isArray: true }) sidesPresent!: string[];
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true, description: 'Names of the matching fields that differ, never their values' }) differingFields!: string[];
  @ApiPropertyOptional({ type: MatchDecisionDto, description: 'The record\'s decision, when it has one' }) decision?: MatchDecisionDto;
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
  @ApiProperty(MSP_ID) submittedBy!: string;
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
  @ApiProperty(MSP_ID) org!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() reason!: string;
}

/** One step of a payment's exception workflow (amendment, acceptance, resolution, cut-off, late side). */
export class WorkflowStepDto {
  @ApiProperty({ enum: WORKFLOW_ACTIONS }) action!: string;
  @ApiProperty(MSP_ID) org!: string;
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ enum: SIDES }) side?: string;
  @ApiPropertyOptional() reason?: string;
}

/** A payment's public record on the ledger: statuses and commitments, never a value of a side. */
export class PaymentRecordDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty(MSP_ID) debtorAgentOrg!: string;
  @ApiProperty(MSP_ID) creditorAgentOrg!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty({ type: PublicSidesDto }) sides!: PublicSidesDto;
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true }) differingFields!: string[];
  @ApiPropertyOptional({ type: MatchDecisionDto, description: 'With both sides in and some field differing: why it matched within tolerance or is a discrepancy' }) decision?: MatchDecisionDto;
  @ApiPropertyOptional({ type: [ReevaluationRequestDto], description: 'Requests to decide it again under a newer rule set, until both banks have asked' }) reevaluationRequests?: ReevaluationRequestDto[];
  @ApiProperty({ type: [AcceptanceRecordDto] }) acceptances!: AcceptanceRecordDto[];
  @ApiProperty({ type: [WorkflowStepDto] }) trail!: WorkflowStepDto[];
}

export class SideDetailsDto {
  @ApiPropertyOptional({ type: PaymentSideDto }) DEBTOR_AGENT?: PaymentSideDto;
  @ApiPropertyOptional({ type: PaymentSideDto }) CREDITOR_AGENT?: PaymentSideDto;
}

const AMOUNT_IN_CURRENCY = { pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'A decimal string in the currency, to its minor units' };

/** An amount's difference, worked out under the rule set: what is left once charges and FX are allowed for, against the tolerance. */
export class AmountDifferenceDto {
  @ApiProperty({ enum: ['interbankSettlementAmount', 'instructedAmount'] }) field!: string;
  @ApiProperty({ pattern: '^[A-Z]{3}$' }) currency!: string;
  @ApiProperty({ ...AMOUNT_IN_CURRENCY, description: 'The creditor agent\'s amount less the debtor agent\'s' }) difference!: string;
  @ApiProperty(AMOUNT_IN_CURRENCY) chargesDeducted!: string;
  @ApiProperty(AMOUNT_IN_CURRENCY) fxConversion!: string;
  @ApiProperty(AMOUNT_IN_CURRENCY) residual!: string;
  @ApiProperty({ ...AMOUNT_IN_CURRENCY, description: 'The tolerance in the residual\'s direction' }) allowed!: string;
}

/** The creditor agent's rate less the debtor agent's, in basis points of the debtor agent's. */
export class RateDifferenceDto {
  @ApiProperty({ enum: ['exchangeRate'] }) field!: string;
  @ApiProperty({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' }) differenceBasisPoints!: string;
  @ApiProperty({ pattern: '^[0-9]+(\\.[0-9]+)?$' }) allowedBasisPoints!: string;
}

/** Business days from the debtor agent's value date to the creditor agent's (negative when earlier). */
export class ValueDateDifferenceDto {
  @ApiProperty({ enum: ['interbankSettlementDate'] }) field!: string;
  @ApiProperty({ type: 'integer' }) businessDays!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) allowedBefore!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) allowedAfter!: number;
}

/** Both sides' full details, from the pair's private data collection. */
@ApiExtraModels(AmountDifferenceDto, RateDifferenceDto, ValueDateDifferenceDto)
export class PaymentDetailsDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ example: 'pair_HKBank_SZBank' }) collection!: string;
  @ApiProperty({ type: SideDetailsDto }) sides!: SideDetailsDto;
  @ApiPropertyOptional({
    type: 'array', items: { oneOf: [AmountDifferenceDto, RateDifferenceDto, ValueDateDifferenceDto].map((dto) => ({ $ref: getSchemaPath(dto) })) },
    description: 'The differences behind the payment\'s decision, when a rule set was applied: as confidential as the sides',
  }) differences?: (AmountDifferenceDto | RateDifferenceDto | ValueDateDifferenceDto)[];
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
