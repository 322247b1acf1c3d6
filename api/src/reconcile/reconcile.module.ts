import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { ReconcileController } from './reconcile.controller';
import { ReconcileService } from './reconcile.service';

/** Read a payment, amend, accept a discrepancy, run the cut-off; bank instances only. */
@Module({
  imports: [IngestModule],
  controllers: [ReconcileController],
  providers: [ReconcileService],
})
export class ReconcileModule {}
