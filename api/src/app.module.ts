import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ApiKeysService } from './auth/api-keys.service';
import { AuthGuard } from './auth/auth.guard';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ErrorFilter } from './errors/error.filter';
import { LedgerClient } from './fabric/ledger-client';
import { HealthController } from './health/health.controller';
import { WhoAmIController } from './instance/whoami.controller';
import { IngestModule } from './ingest/ingest.module';
import { EventsModule } from './events/events.module';
import { JsonLogger } from './logging/json-logger';
import { ProjectionModule } from './projection/projection.module';
import { RegulatorModule } from './regulator/regulator.module';
import { ReconcileModule } from './reconcile/reconcile.module';
import { VerifyModule } from './verify/verify.module';

/**
 * The API of one org. Capabilities are modules; the regulator's instance gets only the read-only ones, so
 * it has no write route at all rather than write routes that refuse.
 */
@Module({})
export class AppModule {
  static forInstance(config: AppConfig, dataSource: DataSource, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // Write side: bank instances only, so the regulator's instance has no write route at all.
        ...(config.readOnly ? [] : [IngestModule, ReconcileModule]),
        VerifyModule.forInstance(config.readOnly),
        // Read side: every instance projects what its org may see; the regulator's reports on its instance only.
        ProjectionModule,
        EventsModule,
        ...(config.readOnly ? [RegulatorModule] : []),
      ],
      controllers: [HealthController, WhoAmIController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
        { provide: JsonLogger, useValue: logger },
        LedgerClient,
        ApiKeysService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [APP_CONFIG, DataSource, JsonLogger, LedgerClient, ApiKeysService],
    };
  }
}
