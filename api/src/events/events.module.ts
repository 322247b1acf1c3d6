import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { StatusFeed } from './status-change';
import { WebhookService } from './webhook.service';

/** Status changes out: the SSE stream and the signed webhooks, both fed by the projection. */
@Module({
  controllers: [EventsController],
  providers: [StatusFeed, WebhookService],
  exports: [StatusFeed, WebhookService],
})
export class EventsModule {}
