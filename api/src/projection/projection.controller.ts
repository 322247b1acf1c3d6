import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { PaymentStatus, checkUetr } from '@bayrecon/common';
import { InvalidInputError } from '../errors/domain-errors';
import { ApiErrors } from '../openapi/error-responses';
import { UETR_PARAM } from '../reconcile/reconcile.controller';
import { PaymentQueryDto } from './payment-query.dto';
import { BREAK_STATUSES, DEFAULT_PAGE_SIZE, PaymentEventView, PaymentFilter, PaymentPage, PaymentQueryService } from './payment-query.service';
import { ProjectionService, ProjectionStatus } from './projection.service';
import { validateQuery } from './query-params';

function toFilter(query: PaymentQueryDto): PaymentFilter {
  const counterparty = query.counterparty === undefined ? undefined : query.counterparty.replace(/(MSP)?$/, 'MSP');
  return {
    statuses: query.status === undefined ? undefined : [...new Set(query.status.split(','))] as PaymentStatus[],
    corridor: query.corridor,
    settlementDate: query.settlementDate,
    counterparty,
    minBreakAgeHours: query.minBreakAgeHours === undefined ? undefined : Number(query.minBreakAgeHours),
    reasons: query.reason === undefined ? undefined : [...new Set(query.reason.split(','))],
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
    cursor: query.cursor,
  };
}

class CheckpointDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Block of the last event applied; null before the first' }) blockNumber!: number | null;
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{64}$' }) transactionId!: string | null;
}

/** Where the projection stands on one channel. */
class ChannelProjectionStatusDto {
  @ApiProperty({ type: CheckpointDto }) checkpoint!: CheckpointDto;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The last block read whole; null when not streaming' }) readThroughBlock!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Blocks of the channel on this org\'s peer; null when it did not answer' }) ledgerHeight!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '0 when caught up; null when unknown' }) lagBlocks!: number | null;
  @ApiProperty() streaming!: boolean;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

@ApiExtraModels(ChannelProjectionStatusDto)
class ProjectionStatusDto {
  @ApiProperty({
    type: 'object', additionalProperties: { $ref: getSchemaPath(ChannelProjectionStatusDto) }, example: { consortium: {}, 'pair-hkbank-szbank': {} },
    description: 'Per channel this instance follows: the consortium channel and each pair\'s its org sees',
  }) channels!: Record<string, ChannelProjectionStatusDto>;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Blocks not yet read over every channel: 0 when caught up; null when a channel\'s height is unknown' }) lagBlocks!: number | null;
  @ApiProperty({ description: 'True when every channel\'s stream is open' }) streaming!: boolean;
}

/** The payments this org may see, served from its projection of the ledger (every instance, any key). */
@ApiTags('projection')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401])
@Controller()
export class ProjectionController {
  constructor(private readonly payments: PaymentQueryService, private readonly projection: ProjectionService) {}

  @Get('payments')
  @ApiOperation({ summary: 'Payments of this org (on a regulator\'s instance: those of the pairs touching its regime), filtered, keyset-paginated' })
  @ApiOkResponse({ type: PaymentPage })
  @ApiErrors([400], { 400: 'a query parameter is invalid or unknown, or the cursor is not of this listing' })
  async list(@Query() query: PaymentQueryDto): Promise<PaymentPage> {
    return this.payments.list(toFilter(await validateQuery(PaymentQueryDto, query)));
  }

  @Get('breaks')
  @ApiOperation({ summary: 'Breaks only (PENDING_COUNTERPARTY, DISCREPANCY, UNMATCHED) with their age; same filters as /payments' })
  @ApiOkResponse({ type: PaymentPage })
  @ApiErrors([400], { 400: 'a query parameter is invalid or unknown, or status names a status that is not a break' })
  async breaks(@Query() query: PaymentQueryDto): Promise<PaymentPage> {
    const filter = toFilter(await validateQuery(PaymentQueryDto, query));
    const notBreaks = (filter.statuses ?? []).filter((status) => !BREAK_STATUSES.includes(status));
    if (notBreaks.length > 0) {
      throw new InvalidInputError('status names statuses that are not breaks', [
        { path: 'status', reason: `${notBreaks.join(', ')} is not a break status (${BREAK_STATUSES.join(', ')})` },
      ]);
    }
    return this.payments.list({ ...filter, statuses: filter.statuses ?? [...BREAK_STATUSES] });
  }

  @Get('payments/:uetr/events')
  @ApiOperation({ summary: 'Every change of one payment as this instance\'s projection applied it (status, transaction, block)' })
  @ApiOkResponse({ type: [PaymentEventView] })
  @ApiParam(UETR_PARAM)
  @ApiErrors([400, 404], { 400: 'not a UETR', 404: 'the payment is not in this instance\'s projection (unknown, or not this org\'s)' })
  async events(@Param('uetr') uetr: string): Promise<PaymentEventView[]> {
    const checked = checkUetr(uetr);
    if (!checked.ok) throw new InvalidInputError('uetr is not a UETR', [{ path: 'uetr', reason: checked.reason }]);
    return this.payments.events(uetr);
  }

  @Get('projection/status')
  @ApiOperation({ summary: 'Per channel: the projection\'s checkpoint (last applied block and transaction), the last block it has read whole, and its lag behind this org\'s peer; and the lag over every channel' })
  @ApiOkResponse({ type: ProjectionStatusDto })
  status(): Promise<ProjectionStatus> {
    return this.projection.status();
  }
}
