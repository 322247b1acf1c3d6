import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Directory, DirectoryState } from '@bayrecon/common';
import { ApiKeysService } from './auth/api-keys.service';
import { AuthGuard } from './auth/auth.guard';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { MemberDirectoryService } from './directory/member-directory.service';
import { ErrorFilter } from './errors/error.filter';
import { LedgerClient } from './fabric/ledger-client';
import { HealthController } from './health/health.controller';
import { WhoAmIController } from './instance/whoami.controller';
import { IngestModule } from './ingest/ingest.module';
import { IntakeModule } from './intake/intake.module';
import { EventsModule } from './events/events.module';
import { JsonLogger } from './logging/json-logger';
import { ProjectionModule } from './projection/projection.module';
import { RegulatorModule } from './regulator/regulator.module';
import { ReconcileModule } from './reconcile/reconcile.module';
import { RulesModule } from './rules/rules.module';
import { VerifyModule } from './verify/verify.module';

/**
 * The API of one org. Capabilities are modules; a regulator's instance gets only the read-only ones, so it has no
 * write route at all rather than write routes that refuse. Whether the org is a bank or a regulator is the member
 * directory's word, read from the ledger before the instance starts.
 */
@Module({})
export class AppModule {
  static forInstance(config: AppConfig, directory: DirectoryState, dataSource: DataSource, logger: JsonLogger): DynamicModule {
    const readOnly = isReadOnly(config, directory);
    return {
      module: AppModule,
      global: true,
      imports: [
        // Write side: bank instances only, so a regulator's instance has no write route at all.
        ...(readOnly ? [] : [IngestModule, ReconcileModule, IntakeModule]),
        VerifyModule.forInstance(readOnly),
        RulesModule.forInstance(readOnly),
        // Read side: every instance projects what its org's peer holds; a regulator's reports on its instance only.
        ProjectionModule,
        EventsModule,
        ...(readOnly ? [RegulatorModule] : []),
      ],
      controllers: [HealthController, WhoAmIController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: MemberDirectoryService, useValue: new MemberDirectoryService(directory) },
        { provide: DataSource, useValue: dataSource },
        { provide: JsonLogger, useValue: logger },
        LedgerClient,
        ApiKeysService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [APP_CONFIG, MemberDirectoryService, DataSource, JsonLogger, LedgerClient, ApiKeysService],
    };
  }
}

/**
 * True for a regulator's instance, which serves no write route. @throws Error when the directory does not know the
 * instance's org as an active bank or regulator: such an instance has nothing to serve.
 */
export function isReadOnly(config: AppConfig, directory: DirectoryState): boolean {
  const members = new Directory(directory);
  if (!members.isKnownOrg(config.fabric.mspId)) {
    throw new Error(`${config.fabric.mspId} is not an active member of the directory on the ledger (version ${directory.version})`);
  }
  return members.isRegulator(config.fabric.mspId);
}
