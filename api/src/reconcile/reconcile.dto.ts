import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class AcceptDiscrepancyDto {
  @ApiProperty({ description: 'Public justification (1 to 500 characters): no confidential details', example: 'FX rate difference within tolerance agreed with HKBank' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CutOffDto {
  @ApiProperty({ example: '2026-11-20', description: 'Pending payments settling on or before this date become UNMATCHED; the date must have passed' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'cutOffDate must be a date YYYY-MM-DD' })
  cutOffDate!: string;
}

export class PaymentChangeDto {
  @ApiProperty() uetr!: string;
  @ApiProperty({ example: 'SZ->HK' }) corridor!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) sidesPresent!: string[];
  @ApiProperty({ type: [String], description: 'Names of the matching fields that differ, never their values' }) differingFields!: string[];
}

/** The PaymentsChanged summary of a synchronous payment transaction. */
export class PaymentsChangedDto {
  @ApiProperty() transaction!: string;
  @ApiProperty() transactionId!: string;
  @ApiProperty({ description: 'Block the transaction committed in' }) blockNumber!: string;
  @ApiProperty({ type: [PaymentChangeDto] }) changes!: PaymentChangeDto[];
  @ApiProperty({ example: { received: 1, changed: 1, unchanged: 0 } }) counts!: Record<string, number>;
}

export class CutOffResultDto {
  @ApiProperty() cutOffDate!: string;
  @ApiProperty({ description: 'Payments declared UNMATCHED' }) moved!: number;
  @ApiProperty({ type: [String], description: 'One transaction per page of at most 500 payments' }) transactionIds!: string[];
  @ApiProperty({ type: [PaymentChangeDto] }) changes!: PaymentChangeDto[];
}

export class PaymentViewDto {
  @ApiProperty({ description: 'The public record: status, sides present, differing field names, acceptances, trail' }) payment!: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Both sides\' full details; only for the payment\'s two banks' }) details?: Record<string, unknown>;
  @ApiProperty({ description: 'pacs.002 status reports this bank sent about the UETR' }) statusReports!: Record<string, unknown>[];
  @ApiProperty({ description: 'camt.053/054 entries of this bank carrying the UETR' }) statementEntries!: Record<string, unknown>[];
}
