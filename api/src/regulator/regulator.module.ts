import { Module } from '@nestjs/common';
import { RegulatorController } from './regulator.controller';
import { RegulatorService } from './regulator.service';

/**
 * The regulator's reports (flows, ageing, history, end-of-day). Only a regulator's instance mounts it: a bank's
 * own corridors are already served by GET /payments and GET /breaks, filtered to the payments it is party to.
 */
@Module({
  controllers: [RegulatorController],
  providers: [RegulatorService],
})
export class RegulatorModule {}
