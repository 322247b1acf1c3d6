import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DocumentsReadController, DocumentsWriteController } from './verify.controller';
import { VerifyService } from './verify.service';

/**
 * Document anchors. The regulator's instance gets the read routes only: it has no write route at all (verifying
 * writes a logged verification to the ledger).
 */
@Module({})
export class VerifyModule {
  static forInstance(readOnly: boolean): DynamicModule {
    return {
      module: VerifyModule,
      imports: [
        // No storage or dest: multer keeps uploads in memory; they are hashed and dropped, never written to disk.
        MulterModule.registerAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxBodyBytes, files: 1, fields: 16, parts: 17 } }),
        }),
      ],
      controllers: readOnly ? [DocumentsReadController] : [DocumentsWriteController, DocumentsReadController],
      providers: [VerifyService],
    };
  }
}
