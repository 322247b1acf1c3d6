import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { PaymentQueryService } from './payment-query.service';
import { ProjectionController } from './projection.controller';
import { ProjectionService } from './projection.service';

/** This org's projection of the ledger and the queries served from it; on every instance, the regulator's too. */
@Module({
  imports: [EventsModule],
  controllers: [ProjectionController],
  providers: [ProjectionService, PaymentQueryService],
  exports: [PaymentQueryService],
})
export class ProjectionModule {}
