import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, isReadOnly } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/data-source';
import { readDirectoryAtStart } from './directory/read-directory';
import { EventLoopWatchdog } from './logging/event-loop-watchdog';
import { JsonLogger } from './logging/json-logger';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.org);
  const dataSource = await openDatabase(config.database);
  const directory = await readDirectoryAtStart(config.fabric);
  const readOnly = isReadOnly(config, directory);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forInstance(config, directory, dataSource, logger), {
    logger,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.useBodyParser('text', { limit: config.maxBodyBytes, type: ['application/xml', 'text/xml', 'text/csv', 'text/plain'] });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle(`bayrecon API: ${config.org}`)
    .setDescription(readOnly
      ? 'The regulator\'s read-only view of flows, breaks and audit history'
      : 'Submit payment sides (JSON, ISO 20022, CSV), work breaks, anchor and verify documents')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' })
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, openApi));
  await app.listen(config.port, config.host);
  new EventLoopWatchdog(config.eventLoopBlockedMs, ({ blockedMs, cpuMs }) => logger.event('warn', 'event loop blocked', { ms: blockedMs, cpuMs })).start();
  logger.event('info', 'listening', { url: `http://${config.host}:${config.port}`, readOnly });
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
