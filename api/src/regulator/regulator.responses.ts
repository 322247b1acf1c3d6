import { ApiProperty } from '@nestjs/swagger';
import { MATCHING_FIELDS, MEMBER_BANKS, MESSAGE_TYPES, PAYMENT_STATUSES, SIDES, UETR_PATTERN, allCorridors } from '@bayrecon/common';
import { PaymentRecordDto } from '../reconcile/reconcile.dto';
import { AGEING_BUCKETS } from './ageing';

const BANK_ORGS = MEMBER_BANKS.map((bank) => bank.org);
const TX_ID = { pattern: '^[0-9a-f]{64}$' };
const COUNT = { type: 'integer', minimum: 0 } as const;

export class FlowBreaksDto {
  @ApiProperty(COUNT) total!: number;
  @ApiProperty(COUNT) PENDING_COUNTERPARTY!: number;
  @ApiProperty(COUNT) DISCREPANCY!: number;
  @ApiProperty(COUNT) UNMATCHED!: number;
}

/** Payments of one corridor settling on one day, by outcome. */
export class CorridorDayFlowDto {
  @ApiProperty({ enum: allCorridors() }) corridor!: string;
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty(COUNT) payments!: number;
  @ApiProperty(COUNT) matched!: number;
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
  @ApiProperty({ enum: allCorridors() }) corridor!: string;
  @ApiProperty(COUNT) total!: number;
  @ApiProperty({ type: AgeingBucketsDto, description: 'Open breaks per age bucket' }) buckets!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Ledger time the oldest break began; null without breaks' }) oldestBreakSince!: string | null;
}

export class AgeingDto {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ enum: AGEING_BUCKETS.map((bucket) => bucket.label), isArray: true, description: 'Bucket labels, youngest first' }) buckets!: string[];
  @ApiProperty({ type: [CorridorAgeingDto] }) corridors!: CorridorAgeingDto[];
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
  @ApiProperty({ enum: allCorridors() }) corridor!: string;
  @ApiProperty({ pattern: UETR_PATTERN.source }) uetr!: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty({ enum: BANK_ORGS }) debtorAgentOrg!: string;
  @ApiProperty({ enum: BANK_ORGS }) creditorAgentOrg!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ enum: MATCHING_FIELDS, isArray: true }) differingFields!: string[];
  @ApiProperty({ enum: SIDES, isArray: true }) sidesPresent!: string[];
  @ApiProperty({ format: 'date-time', description: 'Ledger time of the transaction that last changed the payment' }) statusAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) blockNumber!: number;
  @ApiProperty(TX_ID) transactionId!: string;
}

class StatusTotalsDto {}
for (const status of PAYMENT_STATUSES) ApiProperty(COUNT)(StatusTotalsDto.prototype, status);

export class EndOfDayTotalsDto {
  @ApiProperty(COUNT) payments!: number;
  @ApiProperty({ type: StatusTotalsDto }) byStatus!: Record<string, number>;
}

export class EndOfDayReportDto {
  @ApiProperty({ format: 'date' }) settlementDate!: string;
  @ApiProperty({ type: String, nullable: true, enum: allCorridors(), description: 'The corridor asked for; null for every corridor' }) corridor!: string | null;
  @ApiProperty({ type: EndOfDayTotalsDto }) totals!: EndOfDayTotalsDto;
  @ApiProperty({ type: [EndOfDayLineDto], description: 'Sorted by corridor, then UETR' }) payments!: EndOfDayLineDto[];
}
