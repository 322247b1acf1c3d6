import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-responses';
import { Observable, interval, map, merge } from 'rxjs';
import { StatusFeed } from './status-change';

const HEARTBEAT_MS = 15_000;

/** Server-Sent Events of payment status changes as this instance's projection applies them. */
@ApiTags('events')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401])
@Controller('events')
export class EventsController {
  constructor(private readonly feed: StatusFeed) {}

  @Sse()
  @ApiOperation({
    summary: 'Stream of status changes (text/event-stream)',
    description: 'Each message has event `payment.status_changed`, id `<transactionId>:<uetr>` and a JSON PaymentStatusChange as data; '
      + 'a `heartbeat` message every 15 s keeps proxies from closing an idle stream. Only changes committed while connected are sent: '
      + 'catch up with GET /payments.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  stream(): Observable<MessageEvent> {
    return merge(
      this.feed.changes.pipe(map((change): MessageEvent => ({ id: change.id, type: change.type, data: change }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: {} }))),
    );
  }
}
