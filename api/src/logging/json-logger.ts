import { Injectable, LoggerService } from '@nestjs/common';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Structured logs: one JSON line per event, with the org of this instance and, where there is one, the UETR
 * or Fabric transaction id, so a bank's log pipeline can join API and ledger records.
 */
@Injectable()
export class JsonLogger implements LoggerService {
  constructor(private readonly org: string) {}

  event(level: Level, message: string, fields: Record<string, unknown> = {}): void {
    const line = JSON.stringify({ time: new Date().toISOString(), level, org: this.org, message, ...fields });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  }

  log(message: unknown, context?: string): void {
    this.event('info', String(message), context ? { context } : {});
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.event('error', String(message), { ...(trace ? { trace } : {}), ...(context ? { context } : {}) });
  }
  warn(message: unknown, context?: string): void {
    this.event('warn', String(message), context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    if (process.env.LOG_LEVEL === 'debug') this.event('debug', String(message), context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.debug(message, context);
  }
}
