/**
 * Test support for the NestJS unit specs: a scripted CQL cluster to connect to, and a Nest
 * application (HTTP on a free loopback port, or none) built from a root module.
 */
import 'reflect-metadata';
import { type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { request as httpRequest } from 'node:http';
import { ScriptedCluster } from '../../support/scripted-server';

const simple = { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' };

/** A scripted cluster of `nodes` nodes that knows the keyspaces shop and audit. */
export async function scriptedCluster(nodes = 1): Promise<{ sim: ScriptedCluster; contactPoints: string[] }> {
  const sim = await ScriptedCluster.start({ nodesPerDc: [nodes], keyspaces: { shop: simple, audit: simple } });
  return { sim, contactPoints: [`${sim.first.address}:${sim.port}`] };
}

/** Connection options that keep the scripted tests quiet (no heartbeats). */
export const quiet = { pooling: { heartbeatIntervalMs: 0 } } as const;

/** Compiles and initializes a Nest application; with `listen`, serves HTTP on 127.0.0.1. */
export async function startApp(metadata: ModuleMetadata, listen = false, configure?: (app: INestApplication) => void): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configure?.(app);
  if (listen) {
    await app.listen(0, '127.0.0.1');
    return { app, url: await app.getUrl() };
  }
  await app.init();
  return { app, url: '' };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One plain HTTP request. */
export function http(url: string, method = 'GET', body?: unknown): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(url, { method, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
