import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule, isReadOnly } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { consoleDir, serveConsole } from './console/serve-console';
import { openDatabase } from './database/data-source';
import { readDirectoryAtStart } from './directory/read-directory';
import { EventLoopWatchdog } from './logging/event-loop-watchdog';
import { JsonLogger } from './logging/json-logger';
import { openApiDocument } from './openapi/document';

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
  SwaggerModule.setup('docs', app, openApiDocument(app, { org: config.org, readOnly }));
  const consoleBuild = consoleDir();
  if (!serveConsole(app, consoleBuild)) logger.event('warn', 'no console build to serve', { dir: consoleBuild });
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
