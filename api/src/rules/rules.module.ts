import { DynamicModule, Module } from '@nestjs/common';
import { RuleSetsReadController, RuleSetsWriteController } from './rules.controller';
import { RulesService } from './rules.service';

/**
 * A bank pair's matching rules. The regulator's instance gets the read routes only (the rule sets and dry runs,
 * which write nothing): it has no write route at all.
 */
@Module({})
export class RulesModule {
  static forInstance(readOnly: boolean): DynamicModule {
    return {
      module: RulesModule,
      controllers: readOnly ? [RuleSetsReadController] : [RuleSetsWriteController, RuleSetsReadController],
      providers: [RulesService],
    };
  }
}
