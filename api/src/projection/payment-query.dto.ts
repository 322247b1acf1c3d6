import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { MEMBER_BANKS, PAYMENT_STATUSES, allCorridors } from '@bayrecon/common';

const STATUS_LIST = new RegExp(`^(${PAYMENT_STATUSES.join('|')})(,(${PAYMENT_STATUSES.join('|')}))*$`);
/** A counterparty is named by MSP id (HKBankMSP) or org name (HKBank). */
export const COUNTERPARTY_NAMES = MEMBER_BANKS.flatMap((bank) => [bank.org, bank.org.replace(/MSP$/, '')]);

/** Filters and page of `GET /payments` and `GET /breaks`; every value arrives as query text. */
export class PaymentQueryDto {
  @ApiPropertyOptional({ description: `One status or several, comma-separated: ${PAYMENT_STATUSES.join(', ')}`, example: 'DISCREPANCY,UNMATCHED', pattern: STATUS_LIST.source })
  @IsOptional() @IsString() @Matches(STATUS_LIST, { message: `status must be one or more of ${PAYMENT_STATUSES.join(', ')}, comma-separated` })
  status?: string;

  @ApiPropertyOptional({ enum: allCorridors(), description: 'Corridor, debtor agent\'s jurisdiction first' })
  @IsOptional() @IsIn(allCorridors(), { message: `corridor must be one of ${allCorridors().join(', ')}` })
  corridor?: string;

  @ApiPropertyOptional({ description: 'Interbank settlement date, YYYY-MM-DD', example: '2026-11-20', format: 'date' })
  @IsOptional() @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'settlementDate must be a date YYYY-MM-DD' })
  settlementDate?: string;

  @ApiPropertyOptional({ enum: COUNTERPARTY_NAMES, description: 'The other bank of the payment (on the regulator\'s instance: either bank)' })
  @IsOptional() @IsIn(COUNTERPARTY_NAMES, { message: `counterparty must be one of ${COUNTERPARTY_NAMES.join(', ')}` })
  counterparty?: string;

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
