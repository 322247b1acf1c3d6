import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { JsonLogger } from '../logging/json-logger';
import { openApiDocument } from './document';

/** One instance of each kind: the documents differ by kind (a regulator's has no write route), not by org. */
const KINDS = { bank: 'SZBank', regulator: 'Regulator' } as const;

/**
 * Writes the OpenAPI document of a bank's instance and of a regulator's to `<dir>/openapi.<kind>.json`, from the
 * same modules the instances run, in Nest's preview mode: nothing is instantiated, so no peer or database is needed.
 * The console's build generates its client from them.
 */
async function main(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [kind, org] of Object.entries(KINDS)) {
    const config = { org, readOnly: kind === 'regulator' } as AppConfig;
    const app = await NestFactory.create(AppModule.forInstance(config, undefined as unknown as DataSource, new JsonLogger(org)), {
      preview: true, logger: false, abortOnError: false,
    });
    const document = openApiDocument(app, config);
    writeFileSync(path.join(dir, `openapi.${kind}.json`), `${JSON.stringify(document, null, 2)}\n`);
    await app.close();
  }
}

const [dir] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write('usage: write-documents DIR\n');
  process.exit(2);
}
main(dir).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
