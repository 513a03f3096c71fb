/**
 * Creates and starts the service. `createApp` is what the tests use; `bootstrap` is what a
 * deployment runs: it listens only once Cassandra is connected, prints its URL, and on SIGTERM /
 * SIGINT closes the application, which shuts the cluster down so the process exits by itself. A
 * failed start (no contact point answers, a bad option) prints the typed error and exits with 1.
 */
import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './config';
import { serveDashboard } from './dashboard';

export interface StartOptions {
  /** Nest's log levels (false: silent). Default error, warn, log. */
  logger?: LogLevel[] | false;
  /** Close the application on SIGTERM / SIGINT (Nest's shutdown hooks). Default true. */
  shutdownHooks?: boolean;
}

export async function createApp(options: StartOptions = {}): Promise<INestApplication> {
  // abortOnError false: a failed start rejects here (with the module's typed error) instead of process.abort().
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: options.logger ?? ['error', 'warn', 'log'], abortOnError: false });
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  const dashboard = app.get(AppConfig).dashboardDir;
  if (dashboard !== undefined) serveDashboard(app, dashboard);
  return app;
}

export async function bootstrap(options: StartOptions = {}): Promise<INestApplication> {
  const app = await createApp(options);
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  process.stdout.write(`nest-api listening on ${await app.getUrl()}\n`);
  return app;
}

if (require.main === module) {
  bootstrap().catch((e: unknown) => {
    process.stderr.write(`nest-api failed to start: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    process.exit(1);
  });
}
