import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { HeldSideRelease } from './held-side-release';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/** Accepted payment sides and their trip to the ledger; bank instances only (the regulator submits nothing). */
@Module({
  imports: [EventsModule],
  providers: [OutboxService, OutboxWorker, HeldSideRelease],
  exports: [OutboxService],
})
export class OutboxModule {}
