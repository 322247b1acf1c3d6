import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiParam, ApiSecurity, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.guard';
import { validateDto } from '../errors/validate-dto';
import { PaymentSideDto } from '../ingest/ingest.dto';
import { AcceptDiscrepancyDto, CutOffDto, CutOffResultDto, PaymentsChangedDto, PaymentViewDto } from './reconcile.dto';
import { ReconcileService } from './reconcile.service';

const UETR_PARAM = { name: 'uetr', description: 'Lower-case UUIDv4' };

/** One payment's reconciliation, and the bank's part in working its breaks. */
@ApiTags('reconcile')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiServiceUnavailableResponse({ description: 'The peer could not be reached or did not answer in time' })
@Controller()
export class ReconcileController {
  constructor(private readonly reconcile: ReconcileService) {}

  @Get('payments/:uetr')
  @ApiOperation({ summary: 'A payment\'s public record; for one of its two banks, both sides\' details too' })
  @ApiParam(UETR_PARAM)
  @ApiOkResponse({ type: PaymentViewDto })
  @ApiBadRequestResponse({ description: 'Not a UETR' })
  @ApiNotFoundResponse({ description: 'No payment recorded for the UETR' })
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
  @ApiBadRequestResponse({ description: 'Invalid side, not this bank\'s side, or another UETR than the path\'s' })
  @ApiUnprocessableEntityResponse({ description: 'The ledger refused it (reason and transaction id in the error)' })
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
  @ApiForbiddenResponse({ description: 'This bank is not a party to the payment' })
  @ApiNotFoundResponse({ description: 'No payment recorded for the UETR' })
  @ApiUnprocessableEntityResponse({ description: 'The ledger refused it, e.g. the payment is not in DISCREPANCY' })
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
  @ApiUnprocessableEntityResponse({ description: 'The ledger refused it, e.g. the date has not passed yet' })
  async cutOff(@Body() body: unknown): Promise<CutOffResultDto> {
    const dto = await validateDto(CutOffDto, body);
    return this.reconcile.cutOff(dto.cutOffDate);
  }
}
