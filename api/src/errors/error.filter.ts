import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RefusalKind } from '@bayrecon/common';
import { ledgerErrorOf } from '../fabric/ledger-errors';
import { JsonLogger } from '../logging/json-logger';
import { DomainError, LedgerRefusedError, Problem } from './domain-errors';

/** The one shape of every error response. */
export interface ErrorBody {
  error: {
    status: number;
    code: string;
    message: string;
    problems: Problem[];
    transactionId?: string;
    /** For a refusal of the ledger: the chaincode's kind of refusal. */
    refusal?: RefusalKind;
  };
}

/**
 * The HTTP answer to each kind of chaincode refusal: 404 and 403 as for the API's own checks; 422 for input the
 * API accepted and the ledger did not, whether wrong in itself (INVALID) or against the ledger's state
 * (CONFLICT; 409 stays the API's own idempotency conflict). A chaincode error of no kind is a 422 too. A question
 * the peer could not answer in time (UNAVAILABLE) is the ledger being unavailable: 503, to be sent again.
 */
const LEDGER_REFUSALS: Record<RefusalKind | 'UNCLASSIFIED', { status: number; code: string }> = {
  INVALID: { status: 422, code: 'LEDGER_REFUSED' },
  CONFLICT: { status: 422, code: 'LEDGER_REFUSED' },
  NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  FORBIDDEN: { status: 403, code: 'FORBIDDEN' },
  UNAVAILABLE: { status: 503, code: 'LEDGER_UNAVAILABLE' },
  UNCLASSIFIED: { status: 422, code: 'LEDGER_REFUSED' },
};

/**
 * Maps domain errors, the ledger's refusals (by kind) and failures, Nest's own HTTP errors and anything unexpected
 * to {@link ErrorBody}: services let a gateway error through, and its HTTP status is decided here.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    const level = body.error.status >= 500 ? 'error' : 'warn';
    this.logger.event(level, 'request failed', {
      method: request.method,
      path: request.path,
      status: body.error.status,
      code: body.error.code,
      message: body.error.message,
      transactionId: body.error.transactionId,
      ...(body.error.status >= 500 && exception instanceof Error ? { stack: exception.stack } : {}),
    });
    response.status(body.error.status).json(body);
  }

  private toBody(thrown: unknown): ErrorBody {
    const exception = ledgerErrorOf(thrown) ?? thrown;
    if (exception instanceof LedgerRefusedError) {
      const { status, code } = LEDGER_REFUSALS[exception.refusal ?? 'UNCLASSIFIED'];
      return {
        error: {
          status, code, message: exception.message, problems: exception.problems,
          ...(exception.transactionId ? { transactionId: exception.transactionId } : {}),
          ...(exception.refusal ? { refusal: exception.refusal } : {}),
        },
      };
    }
    if (exception instanceof DomainError) {
      return {
        error: {
          status: exception.status,
          code: exception.code,
          message: exception.message,
          problems: exception.problems,
          ...(exception.transactionId ? { transactionId: exception.transactionId } : {}),
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const messages = typeof raw === 'object' && raw !== null && 'message' in raw ? (raw as { message: unknown }).message : raw;
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      return {
        error: {
          status,
          code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : status < 500 ? 'INVALID_INPUT' : 'INTERNAL',
          message: list.join('; '),
          problems: list.map((reason) => ({ reason })),
        },
      };
    }
    return { error: { status: 500, code: 'INTERNAL', message: 'internal error', problems: [] } };
  }
}
