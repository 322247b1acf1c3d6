import 'reflect-metadata';
import type { Server } from 'node:http';
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
  holdIdleConnections(app);
  new EventLoopWatchdog(config.eventLoopBlockedMs, ({ blockedMs, cpuMs }) => logger.event('warn', 'event loop blocked', { ms: blockedMs, cpuMs })).start();
  logger.event('info', 'listening', { url: `http://${config.host}:${config.port}`, readOnly });
}

/**
 * A client that sends on an idle keep-alive connection at the moment the server closes it gets a reset, not an
 * answer. Node closes idle connections after 5 s, which the clients of a busy instance (back offices polling their
 * submissions, the console, a load balancer's pool) reach all the time; holding them for 65 s, longer than the 60 s
 * idle timeout of common load balancers and proxies, leaves the closing to the client side, which knows when it
 * sends. Headers must still arrive within their own timeout, which Node requires to exceed the keep-alive one.
 */
function holdIdleConnections(app: NestExpressApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
