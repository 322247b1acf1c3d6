import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { IngestController } from './ingest.controller';
import { IngestRecordsService } from './ingest-records.service';
import { IngestService } from './ingest.service';

/** Payment sides (JSON, ISO 20022, CSV), status reports and statements in; bank instances only. */
@Module({
  imports: [OutboxModule],
  controllers: [IngestController],
  providers: [IngestService, IngestRecordsService],
  exports: [IngestRecordsService],
})
export class IngestModule {}
