import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JsonLogger } from '../logging/json-logger';
import { DomainError, Problem } from './domain-errors';

/** The one shape of every error response. */
export interface ErrorBody {
  error: { status: number; code: string; message: string; problems: Problem[]; transactionId?: string };
}

/** Maps domain errors, Nest's own HTTP errors and anything unexpected to {@link ErrorBody}. */
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

  private toBody(exception: unknown): ErrorBody {
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
