import { Body, Controller, DefaultValuePipe, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiQuery,
  ApiSecurity, ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.guard';
import { InvalidInputError, UnsupportedMediaTypeError } from '../errors/domain-errors';
import { ApiErrors } from '../openapi/error-responses';
import { AcceptanceDto, SubmissionDto, SubmissionListDto, SubmitSidesDto } from './ingest.dto';
import { IngestService } from './ingest.service';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key', required: false, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
  description: 'Sending the same request again with the same key replays the first answer; another body with it is refused (409)',
};

function idempotencyKeyOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw new InvalidInputError('Idempotency-Key must be 1 to 200 printable ASCII characters', [{ path: '(header) Idempotency-Key', reason: 'is not 1 to 200 printable ASCII characters' }]);
  }
  return raw;
}

/** Payment sides, status reports and statements in; the answer is 202 once they are stored, never later. */
@ApiTags('ingest')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401])
@Controller()
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post('payments')
  @HttpCode(202)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Submit this bank\'s own payment sides as JSON' })
  @ApiConsumes('application/json')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: SubmitSidesDto })
  @ApiAcceptedResponse({ type: AcceptanceDto, description: 'Stored in the outbox; sent to the ledger in batches' })
  @ApiErrors([400, 403, 409, 413, 415], {
    400: 'invalid side, unknown field (e.g. submitterOrg), or a side this bank does not own; nothing stored', 403: 'a viewer key',
    409: 'a side already accepted with other content, or an Idempotency-Key reused with another body', 415: 'not application/json',
  })
  submitJson(@Body() body: unknown, @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    if ((contentType ?? '').split(';')[0].trim().toLowerCase() !== 'application/json') {
      throw new UnsupportedMediaTypeError('POST /payments takes application/json; ISO 20022 goes to /payments/iso20022, CSV to /payments/csv');
    }
    return this.ingest.acceptJson(body, idempotencyKeyOf(idempotencyKey));
  }

  @Post('payments/iso20022')
  @HttpCode(202)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Submit one ISO 20022 message: pacs.008/pacs.009 (sides), pacs.002 (status reports), camt.053/camt.054 (statement entries)' })
  @ApiConsumes('application/xml', 'text/xml')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ schema: { type: 'string', description: 'The XML message (BusMsgEnvlp, AppHdr + Document, or Document); no DOCTYPE or entities' } })
  @ApiAcceptedResponse({ type: AcceptanceDto })
  @ApiErrors([400, 403, 409, 413, 415], {
    400: 'malformed, unsafe (DOCTYPE/ENTITY) or invalid; problems carry messageIndex, transactionIndex and path; nothing stored', 403: 'a viewer key',
    409: 'a side already accepted with other content, or an Idempotency-Key reused with another body', 415: 'not XML, or a message type that is not supported',
  })
  submitIso(@Body() body: unknown, @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    return this.ingest.acceptIso({ body, contentType }, idempotencyKeyOf(idempotencyKey));
  }

  @Post('payments/csv')
  @HttpCode(202)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Submit payment sides as CSV (RFC 4180, header row; the columns are listed in docs/api.md)' })
  @ApiConsumes('text/csv')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ schema: { type: 'string' } })
  @ApiAcceptedResponse({ type: AcceptanceDto })
  @ApiErrors([400, 403, 409, 413, 415], {
    400: 'malformed or invalid; problems carry transactionIndex (row), line and column; nothing stored', 403: 'a viewer key',
    409: 'a side already accepted with other content, or an Idempotency-Key reused with another body', 415: 'not text/csv',
  })
  submitCsv(@Body() body: unknown, @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    return this.ingest.acceptCsv({ body, contentType }, idempotencyKeyOf(idempotencyKey));
  }

  @Get('submissions')
  @ApiOperation({ summary: 'The latest submissions to this instance, newest first' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100', schema: { type: 'integer', minimum: 1, maximum: 1000 } })
  @ApiOkResponse({ type: SubmissionListDto })
  @ApiErrors([400], { 400: 'limit is not a whole number from 1 to 1000' })
  listSubmissions(@Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number): Promise<SubmissionListDto> {
    if (limit < 1 || limit > 1000) throw new InvalidInputError('limit must be from 1 to 1000', [{ path: 'limit', reason: `${limit} is not from 1 to 1000` }]);
    return this.ingest.submissions(limit);
  }

  @Get('submissions/:id')
  @ApiOperation({ summary: 'A submission: each item\'s status (PENDING, COMMITTED, REJECTED), transaction id and last error' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: SubmissionDto })
  @ApiErrors([404], { 404: 'no such submission on this instance' })
  submission(@Param('id') id: string): Promise<SubmissionDto> {
    return this.ingest.submission(id);
  }
}
