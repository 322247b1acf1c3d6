import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { genesisDirectory, mspOf } from '@bayrecon/common';
import { AppModule, isReadOnly } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { JsonLogger } from '../logging/json-logger';
import { openApiDocument } from './document';

/**
 * One instance of each kind: the documents differ by kind (a regulator's has no write route), not by org; which
 * kind an org is comes from the genesis member directory, as a running instance's comes from the ledger's.
 */
const KINDS = { bank: 'SZBank', regulator: 'HKMA' } as const;

/**
 * Writes the OpenAPI document of a bank's instance and of a regulator's to `<dir>/openapi.<kind>.json`, from the
 * same modules the instances run, in Nest's preview mode: nothing is instantiated, so no network, peer or database
 * is needed. The console's build generates its client from them.
 */
async function main(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const directory = genesisDirectory();
  for (const [kind, org] of Object.entries(KINDS)) {
    const config = { org, fabric: { mspId: mspOf(org) } } as AppConfig;
    const readOnly = isReadOnly(config, directory);
    if (readOnly !== (kind === 'regulator')) throw new Error(`${org} is not a ${kind} in the genesis directory`);
    const app = await NestFactory.create(AppModule.forInstance(config, directory, undefined as unknown as DataSource, new JsonLogger(org)), {
      preview: true, logger: false, abortOnError: false,
    });
    const document = openApiDocument(app, { org, readOnly });
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
