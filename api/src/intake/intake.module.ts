import { Module } from '@nestjs/common';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

/** GET /intake: what the outbox accepted and what an audit found lost; bank instances only (the regulator has no outbox). */
@Module({
  controllers: [IntakeController],
  providers: [IntakeService],
})
export class IntakeModule {}
