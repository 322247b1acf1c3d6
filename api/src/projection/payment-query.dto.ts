import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CORRIDOR_PATTERN, DISCREPANCY_CODES, ORG_REFERENCE_PATTERN, PAYMENT_STATUSES, WITHIN_TOLERANCE_CODES } from '@bayrecon/common';

const STATUS_LIST = new RegExp(`^(${PAYMENT_STATUSES.join('|')})(,(${PAYMENT_STATUSES.join('|')}))*$`);
/** Every code a decision gives a field: why it is within tolerance, or why it is a discrepancy. */
export const REASON_CODES = [...WITHIN_TOLERANCE_CODES, ...DISCREPANCY_CODES];
const REASON_LIST = new RegExp(`^(${REASON_CODES.join('|')})(,(${REASON_CODES.join('|')}))*$`);

/** Filters and page of `GET /payments` and `GET /breaks`; every value arrives as query text. */
export class PaymentQueryDto {
  @ApiPropertyOptional({ description: `One status or several, comma-separated: ${PAYMENT_STATUSES.join(', ')}`, example: 'DISCREPANCY,UNMATCHED', pattern: STATUS_LIST.source })
  @IsOptional() @IsString() @Matches(STATUS_LIST, { message: `status must be one or more of ${PAYMENT_STATUSES.join(', ')}, comma-separated` })
  status?: string;

  @ApiPropertyOptional({ pattern: CORRIDOR_PATTERN.source, description: 'Corridor, debtor agent\'s jurisdiction first', example: 'SZ->HK' })
  @IsOptional() @IsString() @Matches(CORRIDOR_PATTERN, { message: 'corridor must be two jurisdiction codes, debtor side first, e.g. SZ->HK' })
  corridor?: string;

  @ApiPropertyOptional({ description: 'Interbank settlement date, YYYY-MM-DD', example: '2026-11-20', format: 'date' })
  @IsOptional() @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'settlementDate must be a date YYYY-MM-DD' })
  settlementDate?: string;

  @ApiPropertyOptional({ pattern: ORG_REFERENCE_PATTERN.source, description: 'The other bank of the payment by name or MSP id (on a regulator\'s instance: either bank)', example: 'HKBank' })
  @IsOptional() @IsString() @Matches(ORG_REFERENCE_PATTERN, { message: 'counterparty must be an organisation\'s name or MSP id, e.g. HKBank' })
  counterparty?: string;

  @ApiPropertyOptional({
    pattern: REASON_LIST.source, example: 'AMOUNT_OVER_TOLERANCE',
    description: `Payments whose decision gives some field this code (one or several, comma-separated: any of them): ${REASON_CODES.join(', ')}`,
  })
  @IsOptional() @IsString() @Matches(REASON_LIST, { message: `reason must be one or more of ${REASON_CODES.join(', ')}, comma-separated` })
  reason?: string;

  @ApiPropertyOptional({ description: 'Only breaks at least this many hours old (decimal allowed)', example: '4', pattern: '^\\d{1,6}(\\.\\d{1,3})?$' })
  @IsOptional() @IsString() @Matches(/^\d{1,6}(\.\d{1,3})?$/, { message: 'minBreakAgeHours must be a non-negative number of hours, e.g. 4 or 0.5' })
  minBreakAgeHours?: string;

  @ApiPropertyOptional({ description: 'Page size, 1 to 1000 (default 100)', example: '100', pattern: '^(1000|[1-9]\\d{0,2})$' })
  @IsOptional() @IsString() @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page', pattern: '^[A-Za-z0-9_-]{1,200}$' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
