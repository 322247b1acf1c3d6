import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UETR_PATTERN } from '@bayrecon/common';
import { RequireRole } from '../auth/auth.guard';
import { validateDto } from '../errors/validate-dto';
import { ApiErrors } from '../openapi/error-responses';
import { PaymentSideDto } from '../ingest/ingest.dto';
import { AcceptDiscrepancyDto, CutOffDto, CutOffResultDto, PaymentsChangedDto, PaymentViewDto } from './reconcile.dto';
import { ReconcileService } from './reconcile.service';

export const UETR_PARAM = { name: 'uetr', description: 'Lower-case UUIDv4', schema: { type: 'string' as const, pattern: UETR_PATTERN.source } };

/** One payment's reconciliation, and the bank's part in working its breaks. */
@ApiTags('reconcile')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401, 503])
@Controller()
export class ReconcileController {
  constructor(private readonly reconcile: ReconcileService) {}

  @Get('payments/:uetr')
  @ApiOperation({ summary: 'A payment\'s public record; for one of its two banks, both sides\' details too' })
  @ApiParam(UETR_PARAM)
  @ApiOkResponse({ type: PaymentViewDto })
  @ApiErrors([400, 403, 404], { 400: 'not a UETR', 403: 'the chaincode refuses this org the record', 404: 'no payment recorded for the UETR' })
  payment(@Param('uetr') uetr: string): Promise<PaymentViewDto> {
    return this.reconcile.payment(uetr);
  }

  @Post('payments/:uetr/amend')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Replace this bank\'s own side of the payment; it is reconciled again at once' })
  @ApiParam(UETR_PARAM)
  @ApiBody({ type: PaymentSideDto })
  @ApiOkResponse({ type: PaymentsChangedDto })
  @ApiErrors([400, 403, 413, 422], { 400: 'invalid side, not this bank\'s side, or another UETR than the path\'s', 403: 'a viewer key' })
  amend(@Param('uetr') uetr: string, @Body() side: unknown): Promise<PaymentsChangedDto> {
    return this.reconcile.amend(uetr, side);
  }

  @Post('payments/:uetr/accept')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Accept the payment\'s discrepancy; RESOLVED once both banks have' })
  @ApiParam(UETR_PARAM)
  @ApiBody({ type: AcceptDiscrepancyDto })
  @ApiOkResponse({ type: PaymentsChangedDto })
  @ApiErrors([400, 403, 404, 413, 422], {
    403: 'a viewer key, or this bank is not a party to the payment', 404: 'no payment recorded for the UETR',
    422: 'e.g. the payment is not in DISCREPANCY',
  })
  async accept(@Param('uetr') uetr: string, @Body() body: unknown): Promise<PaymentsChangedDto> {
    const dto = await validateDto(AcceptDiscrepancyDto, body);
    return this.reconcile.accept(uetr, dto.reason);
  }

  @Post('cut-off')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Declare UNMATCHED the payments still missing a side that settle on or before the date' })
  @ApiBody({ type: CutOffDto })
  @ApiOkResponse({ type: CutOffResultDto })
  @ApiErrors([400, 403, 413, 422], { 403: 'a viewer key', 422: 'e.g. the date has not passed yet' })
  async cutOff(@Body() body: unknown): Promise<CutOffResultDto> {
    const dto = await validateDto(CutOffDto, body);
    return this.reconcile.cutOff(dto.cutOffDate);
  }
}
