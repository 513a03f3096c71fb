/**
 * Test support for the real-Cassandra suites: the example service (examples/nest-api) started with
 * @nestjs/testing against the cluster under test, on a free loopback port, in its own keyspace;
 * a counter of the page requests of a statement (from `cluster.requests$`); heap sampling.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import type { Cluster } from '../../../../lib';
import { getClusterToken } from '../../../../lib/integrations/nestjs';
import { AppModule } from '../../../../examples/nest-api/src/app.module';
import { AppConfig } from '../../../../examples/nest-api/src/config';
import { contactPoints } from '../../../support/cassandra/ensure-cluster';

export interface RunningApi {
  readonly app: INestApplication;
  readonly url: string;
  readonly cluster: Cluster;
  close(): Promise<void>;
}

/** `configure` runs before the app listens (e.g. to serve the dashboard's files). */
export async function startApi(keyspace: string, extra: Partial<AppConfig> = {}, configure?: (app: NestExpressApplication) => void): Promise<RunningApi> {
  const config: AppConfig = Object.assign(new AppConfig(), {
    contactPoints: contactPoints(), keyspace, replicationFactor: 1, port: 0, host: '127.0.0.1', ...extra,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(AppConfig).useValue(config).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configure?.(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const cluster = app.get<Cluster>(getClusterToken());
  return { app, url, cluster, close: () => app.close() };
}

/** Drops a test keyspace through the app's own session (waits for schema agreement). */
export async function dropKeyspace(api: RunningApi, keyspace: string): Promise<void> {
  const session = await api.cluster.connect();
  await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`, undefined, { timeoutMs: 60_000 }));
}

/** Counts the finished executions (one per page) of statements containing `text`. */
export function countRequests(cluster: Cluster, text: string): { readonly count: () => number; stop(): void } {
  let n = 0;
  const sub = cluster.requests$.subscribe((r) => {
    if (r.query.includes(text)) n++;
  });
  return { count: () => n, stop: () => sub.unsubscribe() };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
