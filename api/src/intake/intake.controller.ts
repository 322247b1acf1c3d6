import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-responses';
import { IntakeService, IntakeStatus, REPORTS_LISTED } from './intake.service';

class IntakeCounterDto {
  @ApiProperty({ example: 'HKBankMSP' }) counterpartyOrg!: string;
  @ApiProperty({ type: 'integer', description: 'Sides this outbox accepted for the counterparty, pending ones included' }) acceptedSides!: number;
}

class IntakeAuditDto {
  @ApiProperty({ example: 'pair-hkbank-szbank' }) channel!: string;
  @ApiProperty({ example: 'HKBankMSP' }) counterpartyOrg!: string;
  @ApiProperty({ type: 'integer', description: 'The channel\'s height when the instance started: blocks below it are audited' }) startHeight!: number;
  @ApiProperty({ type: 'integer', description: 'The counter when the instance started' }) counterAtStart!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The highest count this outbox announced below the start height so far' }) announced!: number | null;
  @ApiProperty({ type: 'integer', description: 'Sides found committed by batches announcing more than the counter, with no outbox row' }) committedFound!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
}

class IntakeReportDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ example: 'pair-hkbank-szbank' }) channel!: string;
  @ApiProperty({ example: 'HKBankMSP' }) counterpartyOrg!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The highest count this outbox announced before the instance started; null when none' }) announced!: number | null;
  @ApiProperty({ type: 'integer' }) counterAtStart!: number;
  @ApiProperty({ type: 'integer' }) committedFound!: number;
  @ApiProperty({ type: 'integer', description: 'Sides accepted and never sent: announced - counterAtStart - committedFound, at least 0' }) lost!: number;
  @ApiProperty({ type: 'integer', description: 'The block the projection had read through when the audit completed' }) blockNumber!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

class IntakeStatusDto {
  @ApiProperty({ description: 'The id this database\'s outbox announces with each batch it sends' }) outbox!: string;
  @ApiProperty({ type: 'integer', description: 'Sides lost according to the latest completed audit of each pair channel, added up: 0 unless the database was restored from an older state' }) lostSides!: number;
  @ApiProperty({ type: [IntakeCounterDto] }) counters!: IntakeCounterDto[];
  @ApiProperty({ type: [IntakeAuditDto], description: 'Audits not yet complete: the projection has not yet read every block below their start height' }) auditing!: IntakeAuditDto[];
  @ApiProperty({ type: [IntakeReportDto], description: `Completed audits, newest first (at most ${REPORTS_LISTED})` }) reports!: IntakeReportDto[];
}

/** The sides a bank's outbox accepted and, after its database was restored from a backup, those it lost (bank instances, any key). */
@ApiTags('intake')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401])
@Controller('intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Get()
  @ApiOperation({
    summary: 'The outbox\'s counters per counterparty, the audits in progress and the reports of completed ones: how many sides accepted '
      + 'before a database restore were never sent (see docs/backup-and-restore.md)',
  })
  @ApiOkResponse({ type: IntakeStatusDto })
  status(): Promise<IntakeStatus> {
    return this.intake.status();
  }
}
