import { ApiProperty } from '@nestjs/swagger';
import { DISCREPANCY_CODES, MATCHING_FIELDS, MESSAGE_TYPES, PAYMENT_STATUSES, SIDES, UETR_PATTERN, WITHIN_TOLERANCE_CODES, isBreak } from '@bayrecon/common';
import { CORRIDOR, MSP_ID, TX_ID } from '../openapi/schema-parts';
import { PaymentRecordDto } from '../reconcile/reconcile.dto';
import { AGEING_BUCKETS } from './ageing';

const COUNT = { type: 'integer', minimum: 0 } as const;
const RULE_SET_VERSION = { type: 'integer', minimum: 1, nullable: true } as const;
/** A `field:CODE` entry of a decision: a matching field and why it is within tolerance or a discrepancy. */
const FIELD_REASON = `^(${MATCHING_FIELDS.join('|')}):(${[...WITHIN_TOLERANCE_CODES, ...DISCREPANCY_CODES].join('|')})$`;
/** Why a break is one: a discrepancy code of its decision, or its status when it has none. */
const BREAK_REASONS = [...PAYMENT_STATUSES.filter((status) => isBreak(status)), ...DISCREPANCY_CODES];

export class FlowBreaksDto {
  @ApiProperty(COUNT) total!: number;
  @ApiProperty(COUNT) PENDING_COUNTERPARTY!: number;
  @ApiProperty(COUNT) DISCREPANCY!: number;
  @ApiProperty(COUNT) UNMATCHED!: number;
}

/** Payments of one corridor settling on one day, by outcome. */
export class CorridorDayFlowDto {
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty(COUNT) payments!: number;
  @ApiProperty(COUNT) matched!: number;
  @ApiProperty({ ...COUNT, description: 'Matched under the pair\'s rule set: the sides differ only as it allows' }) matchedWithinTolerance!: number;
  @ApiProperty(COUNT) resolved!: number;
  @ApiProperty({ type: FlowBreaksDto }) breaks!: FlowBreaksDto;
}

export class FlowsDto {
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to!: string | null;
  @ApiProperty({ type: [CorridorDayFlowDto], description: 'Sorted by settlement date, then corridor' }) flows!: CorridorDayFlowDto[];
}

class AgeingBucketsDto {}
for (const bucket of AGEING_BUCKETS) ApiProperty(COUNT)(AgeingBucketsDto.prototype, bucket.label);

export class CorridorAgeingDto {
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty(COUNT) total!: number;
  @ApiProperty({ type: AgeingBucketsDto, description: 'Open breaks per age bucket' }) buckets!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Ledger time the oldest break began; null without breaks' }) oldestBreakSince!: string | null;
}

/** One corridor's open breaks of one reason, by age. */
export class ReasonAgeingDto {
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty({ enum: BREAK_REASONS, description: 'A discrepancy code of the breaks\' decisions, or their status when they have none' }) reason!: string;
  @ApiProperty(COUNT) total!: number;
  @ApiProperty({ type: AgeingBucketsDto }) buckets!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) oldestBreakSince!: string | null;
}

export class AgeingDto {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ enum: AGEING_BUCKETS.map((bucket) => bucket.label), isArray: true, description: 'Bucket labels, youngest first' }) buckets!: string[];
  @ApiProperty({ type: [CorridorAgeingDto], description: 'Every corridor of the pairs this regulator oversees, zeros included' }) corridors!: CorridorAgeingDto[];
  @ApiProperty({ type: [ReasonAgeingDto], description: 'Per corridor and reason, only the reasons present; a break of several reasons counts under each' }) reasons!: ReasonAgeingDto[];
}

export class PaymentVersionDto {
  @ApiProperty(TX_ID) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() isDelete!: boolean;
  @ApiProperty({ type: PaymentRecordDto, required: false, description: 'The record as this transaction left it; absent for a delete' }) record?: PaymentRecordDto;
}

export class PaymentHistoryDto {
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ type: [PaymentVersionDto], description: 'Newest first, as Fabric\'s history of the key gives them' }) versions!: PaymentVersionDto[];
}

export class EndOfDayLineDto {
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty(MSP_ID) debtorAgentOrg!: string;
  @ApiProperty(MSP_ID) creditorAgentOrg!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true }) differingFields!: string[];
  @ApiProperty({ enum: SIDES, isArray: true }) sidesPresent!: string[];
  @ApiProperty({ format: 'date-time', description: 'Ledger time of the transaction that last changed the payment' }) statusAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) blockNumber!: number;
  @ApiProperty(TX_ID) transactionId!: string;
  @ApiProperty({ ...RULE_SET_VERSION, description: 'The rule set version its decision was taken under; null when none was applied' }) ruleSetVersion!: number | null;
  @ApiProperty({ type: 'array', items: { type: 'string', pattern: FIELD_REASON }, example: ['interbankSettlementAmount:AMOUNT_WITHIN_TOLERANCE'], description: 'Its decision\'s `field:CODE` per differing field' }) reasons!: string[];
}

class StatusTotalsDto {}
for (const status of PAYMENT_STATUSES) ApiProperty(COUNT)(StatusTotalsDto.prototype, status);

export class EndOfDayTotalsDto {
  @ApiProperty(COUNT) payments!: number;
  @ApiProperty({ type: StatusTotalsDto }) byStatus!: Record<string, number>;
}

export class WithinToleranceTotalsDto {
  @ApiProperty(COUNT) total!: number;
  @ApiProperty({ type: 'object', additionalProperties: COUNT, example: { 1: 3 }, description: 'By the rule set version applied' }) byRuleSetVersion!: Record<string, number>;
}

/** One corridor's payments of the date by status, and its matches within tolerance by rule set version. */
export class CorridorTotalsDto {
  @ApiProperty(CORRIDOR) corridor!: string;
  @ApiProperty(COUNT) payments!: number;
  @ApiProperty({ type: StatusTotalsDto }) byStatus!: Record<string, number>;
  @ApiProperty({ type: WithinToleranceTotalsDto }) matchedWithinTolerance!: WithinToleranceTotalsDto;
}

export class EndOfDayReportDto {
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty({ type: String, nullable: true, pattern: CORRIDOR.pattern, description: 'The corridor asked for; null for every corridor' }) corridor!: string | null;
  @ApiProperty({ type: EndOfDayTotalsDto }) totals!: EndOfDayTotalsDto;
  @ApiProperty({ type: [CorridorTotalsDto], description: 'Per corridor, in the order of the payments' }) corridors!: CorridorTotalsDto[];
  @ApiProperty({ type: [EndOfDayLineDto], description: 'Sorted by corridor, then UETR' }) payments!: EndOfDayLineDto[];
}
