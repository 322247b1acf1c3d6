import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CORRIDOR_PATTERN } from '@bayrecon/common';

const CORRIDOR_MESSAGE = 'corridor must be two jurisdiction codes, debtor side first, e.g. SZ->HK';
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class FlowsQueryDto {
  @ApiPropertyOptional({ description: 'First settlement date, YYYY-MM-DD (inclusive)', example: '2026-11-01', format: 'date' })
  @IsOptional() @IsString() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last settlement date, YYYY-MM-DD (inclusive)', example: '2026-11-30', format: 'date' })
  @IsOptional() @IsString() @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ pattern: CORRIDOR_PATTERN.source, example: 'SZ->HK' })
  @IsOptional() @IsString() @Matches(CORRIDOR_PATTERN, { message: CORRIDOR_MESSAGE })
  corridor?: string;
}

export class AgeingQueryDto {
  @ApiPropertyOptional({ pattern: CORRIDOR_PATTERN.source, example: 'SZ->HK' })
  @IsOptional() @IsString() @Matches(CORRIDOR_PATTERN, { message: CORRIDOR_MESSAGE })
  corridor?: string;
}

export class EndOfDayQueryDto {
  @ApiProperty({ description: 'Settlement date, YYYY-MM-DD', example: '2026-11-20', format: 'date' })
  @IsString({ message: 'date is required (YYYY-MM-DD)' }) @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ pattern: CORRIDOR_PATTERN.source, description: 'One corridor; every corridor when absent', example: 'SZ->HK' })
  @IsOptional() @IsString() @Matches(CORRIDOR_PATTERN, { message: CORRIDOR_MESSAGE })
  corridor?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Overrides the Accept header' })
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
