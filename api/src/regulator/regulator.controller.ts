import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { PaymentHistory, checkUetr } from '@bayrecon/common';
import { InvalidInputError } from '../errors/domain-errors';
import { ApiErrors } from '../openapi/error-responses';
import { validateQuery } from '../projection/query-params';
import { UETR_PARAM } from '../reconcile/reconcile.controller';
import { AgeingDto, EndOfDayReportDto, FlowsDto, PaymentHistoryDto } from './regulator.responses';
import { EndOfDayReport, endOfDayCsv } from './end-of-day-report';
import { AgeingQueryDto, EndOfDayQueryDto, FlowsQueryDto } from './regulator.dto';
import { CorridorDayFlow, RegulatorService } from './regulator.service';

/** A regulator's read-only reports; mounted on a regulator's instance only. */
@ApiTags('regulator')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401])
@Controller('regulator')
export class RegulatorController {
  constructor(private readonly regulator: RegulatorService) {}

  @Get('flows')
  @ApiOperation({ summary: 'Per corridor and settlement day: payments, matched, matched within tolerance, resolved, breaks by status' })
  @ApiOkResponse({ type: FlowsDto })
  @ApiErrors([400], { 400: 'a query parameter is invalid or unknown, or from is after to' })
  async flows(@Query() query: FlowsQueryDto): Promise<{ from: string | null; to: string | null; flows: CorridorDayFlow[] }> {
    const { from, to, corridor } = await validateQuery(FlowsQueryDto, query);
    if (from !== undefined && to !== undefined && from > to) {
      throw new InvalidInputError('from is after to', [{ path: 'to', reason: `'${to}' is before from '${from}'` }]);
    }
    return { from: from ?? null, to: to ?? null, flows: await this.regulator.flows(from, to, corridor) };
  }

  @Get('breaks/ageing')
  @ApiOperation({
    summary: 'Open breaks per corridor by age bucket (<1h, 1-4h, 4-24h, >24h), from when each became a break, and per reason code',
    description: 'A break\'s reasons are the discrepancy codes of its decision (AMOUNT_OVER_TOLERANCE, VALUE_DATE_OUTSIDE_WINDOW, ...), or its status when it has none (PENDING_COUNTERPARTY, UNMATCHED); a break of several reasons counts under each.',
  })
  @ApiOkResponse({ type: AgeingDto })
  @ApiErrors([400], { 400: 'a query parameter is invalid or unknown' })
  async ageing(@Query() query: AgeingQueryDto): Promise<AgeingDto> {
    const { corridor } = await validateQuery(AgeingQueryDto, query);
    return this.regulator.ageing(corridor);
  }

  @Get('payments/:uetr/history')
  @ApiOperation({ summary: 'Every committed version of a payment\'s public record, from the ledger (getPaymentHistory)' })
  @ApiParam(UETR_PARAM)
  @ApiOkResponse({ type: PaymentHistoryDto })
  @ApiErrors([400, 404, 503], { 400: 'not a UETR', 404: 'no payment with this UETR on the ledger' })
  async history(@Param('uetr') uetr: string): Promise<PaymentHistory> {
    const checked = checkUetr(uetr);
    if (!checked.ok) throw new InvalidInputError('uetr is not a UETR', [{ path: 'uetr', reason: checked.reason }]);
    return this.regulator.history(uetr);
  }

  @Get('reports/end-of-day')
  @ApiOperation({
    summary: 'End-of-day reconciliation report: every UETR of a settlement date with its status and the block and transaction that prove it',
    description: 'JSON by default; CSV with `Accept: text/csv` or `?format=csv`. Sorted by corridor then UETR; the same ledger state gives the same bytes.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(EndOfDayReportDto)
  @ApiOkResponse({
    description: 'The report as JSON, or as CSV (RFC 4180, header row, `;` between the items of a list column) with `Content-Disposition: attachment`',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EndOfDayReportDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiErrors([400], { 400: 'date missing or invalid, or an invalid or unknown parameter' })
  async endOfDay(
    @Query() query: EndOfDayQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response,
  ): Promise<EndOfDayReport | string> {
    const { date, corridor, format } = await validateQuery(EndOfDayQueryDto, query);
    const report = await this.regulator.endOfDay(date, corridor);
    const csv = format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return report;
    response.type('text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="end-of-day-${date}${corridor ? `-${corridor.replace('->', '-')}` : ''}.csv"`);
    return endOfDayCsv(report);
  }
}
