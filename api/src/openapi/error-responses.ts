import { applyDecorators } from '@nestjs/common';
import { REFUSAL_KINDS } from '@bayrecon/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** One problem of a refused request (the `problems` of {@link ErrorBodyDto}). */
export class ProblemDto {
  @ApiPropertyOptional({ description: 'Where the problem is: a field path, `(header) Name`, `(body)` or `(document)`' }) path?: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Ingestion: which message of the request' }) messageIndex?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Ingestion: which transaction (or CSV row) of the message' }) transactionIndex?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: '1-based line of the input' }) line?: number;
}

export class ErrorDto {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599 }) status!: number;
  @ApiProperty({ example: 'INVALID_INPUT', description: 'What kind of refusal, for programs (the message is for people)' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [ProblemDto] }) problems!: ProblemDto[];
  @ApiPropertyOptional({ pattern: '^[0-9a-f]{64}$', description: 'The Fabric transaction the refusal came from, when there was one' }) transactionId?: string;
  @ApiPropertyOptional({ enum: REFUSAL_KINDS, description: 'For a refusal of the ledger: the kind of refusal the chaincode named' }) refusal?: string;
}

/** The one shape of every error response of the API. */
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorDto }) error!: ErrorDto;
}

/** What each error status means, wherever it is answered; a route adds its own detail after it. */
const MEANING: Record<ErrorStatus, string> = {
  400: 'Invalid input; `problems` names each one',
  401: 'No API key, or not a valid key of this instance',
  403: 'The key\'s role or the instance\'s org may not do this',
  404: 'Not found',
  409: 'Conflicts with what was accepted before',
  413: 'The body is larger than MAX_BODY_BYTES',
  415: 'The Content-Type is not accepted here',
  422: 'The ledger refused it (the chaincode\'s reason, and the transaction id)',
  503: 'The peer could not be reached or did not answer in time',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 503;

/**
 * Documents error statuses a route can answer, each with the error shape. `details` adds a route's own reason to a
 * status (e.g. what is not found). Applied to a controller, it documents the statuses every route of it can answer.
 */
export function ApiErrors(statuses: ErrorStatus[], details: Partial<Record<ErrorStatus, string>> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...statuses.map((status) => ApiResponse({
      status,
      description: details[status] === undefined ? MEANING[status] : `${MEANING[status]}: ${details[status]}`,
      schema: { $ref: getSchemaPath(ErrorBodyDto) },
    })),
  );
}

/** Statuses of any route that takes a key: an invalid key, and a key whose role may not use the route. */
export const AUTHENTICATED: ErrorStatus[] = [401];
/** Statuses of a submitter-only route that takes a body. */
export const WRITES: ErrorStatus[] = [400, 401, 403, 413];
