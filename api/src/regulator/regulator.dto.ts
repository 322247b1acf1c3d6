import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { allCorridors } from '@bayrecon/common';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class FlowsQueryDto {
  @ApiPropertyOptional({ description: 'First settlement date, YYYY-MM-DD (inclusive)', example: '2026-11-01', format: 'date' })
  @IsOptional() @IsString() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last settlement date, YYYY-MM-DD (inclusive)', example: '2026-11-30', format: 'date' })
  @IsOptional() @IsString() @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: allCorridors() })
  @IsOptional() @IsIn(allCorridors(), { message: `corridor must be one of ${allCorridors().join(', ')}` })
  corridor?: string;
}

export class AgeingQueryDto {
  @ApiPropertyOptional({ enum: allCorridors() })
  @IsOptional() @IsIn(allCorridors(), { message: `corridor must be one of ${allCorridors().join(', ')}` })
  corridor?: string;
}

export class EndOfDayQueryDto {
  @ApiProperty({ description: 'Settlement date, YYYY-MM-DD', example: '2026-11-20', format: 'date' })
  @IsString({ message: 'date is required (YYYY-MM-DD)' }) @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ enum: allCorridors(), description: 'One corridor; every corridor when absent' })
  @IsOptional() @IsIn(allCorridors(), { message: `corridor must be one of ${allCorridors().join(', ')}` })
  corridor?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Overrides the Accept header' })
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
