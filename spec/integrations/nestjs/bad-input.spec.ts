import { Injectable } from '@nestjs/common';
import type { Cluster, Session } from '../../../lib';
import {
  CassandraConnectError, CassandraModule, CassandraModuleError, InjectCluster, InjectSession, UnknownConnectionError,
} from '../../../lib/integrations/nestjs';
import type { ScriptedCluster } from '../../support/scripted-server';
import { quiet, scriptedCluster, startApp } from './scripted-app';

@Injectable()
class WantsReporting {
  constructor(@InjectSession('reporting') readonly session: Session) {}
}

@Injectable()
class WantsArchiveKeyspace {
  constructor(@InjectSession({ keyspace: 'archive' }) readonly session: Session) {}
}

@Injectable()
class WantsDefault {
  constructor(@InjectCluster() readonly cluster: Cluster) {}
}

async function bootstrapError(...args: Parameters<typeof startApp>): Promise<unknown> {
  try {
    const { app } = await startApp(...args);
    await app.close();
  } catch (e) {
    return e;
  }
  throw new Error('the bootstrap did not fail');
}

describe('CassandraModule bad input fails the bootstrap with a typed error', () => {
  let sim: ScriptedCluster;
  let contactPoints: string[];
  beforeAll(async () => ({ sim, contactPoints } = await scriptedCluster()));
  afterAll(() => sim.stop());

  it('no contact points: names the option and the connection', async () => {
    const e = await bootstrapError({ imports: [CassandraModule.forRoot({ name: 'orders', contactPoints: [] })] });
    expect(e).toBeInstanceOf(CassandraModuleError);
    expect(e).toMatchObject({ connection: 'orders', option: 'contactPoints' });
    expect((e as Error).message).toContain('"orders"');
  });

  it('an invalid cluster option: the driver names it, the module adds the connection', async () => {
    const e = await bootstrapError({ imports: [CassandraModule.forRoot({ contactPoints, pooling: { localConnections: 0 } })] });
    expect(e).toMatchObject({ name: 'CassandraModuleError', connection: 'default', option: 'pooling.localConnections' });
  });

  it('invalid module options: keyspaces, retryAttempts, a factory returning nothing', async () => {
    const dup = await bootstrapError({ imports: [CassandraModule.forRoot({ contactPoints, keyspace: 'a', keyspaces: ['a'] })] });
    expect(dup).toMatchObject({ option: 'keyspaces[0]' });
    const retries = await bootstrapError({ imports: [CassandraModule.forRoot({ contactPoints, retryAttempts: -1 })] });
    expect(retries).toMatchObject({ option: 'retryAttempts' });
    const nothing = await bootstrapError({
      imports: [CassandraModule.forRootAsync({ name: 'x', useFactory: () => undefined as never })],
    });
    expect(nothing).toMatchObject({ name: 'CassandraModuleError', connection: 'x', option: 'options' });
  });

  it('a useFactory that throws: option useFactory, with the cause', async () => {
    const boom = new Error('config service down');
    const e = await bootstrapError({
      imports: [CassandraModule.forRootAsync({ name: 'analytics', useFactory: () => { throw boom; } })],
    });
    expect(e).toBeInstanceOf(CassandraModuleError);
    expect(e).toMatchObject({ connection: 'analytics', option: 'useFactory', cause: boom });
  });

  it('forRootAsync without a source of options fails at once', () => {
    expect(() => CassandraModule.forRootAsync({ name: 'y' })).toThrow(CassandraModuleError);
    expect(() => CassandraModule.forRootAsync({ name: 'y' })).toThrow(/useFactory, useClass or useExisting/);
  });

  it('an unknown named connection injected: UnknownConnectionError naming it and the class', async () => {
    const e = await bootstrapError({ imports: [CassandraModule.forRoot({ contactPoints, ...quiet })], providers: [WantsReporting] });
    expect(e).toBeInstanceOf(UnknownConnectionError);
    expect(e).toMatchObject({ connection: 'reporting', requestedBy: 'WantsReporting' });
  });

  it('a keyspace session that is not configured: option keyspaces', async () => {
    const e = await bootstrapError({ imports: [CassandraModule.forRoot({ contactPoints, ...quiet })], providers: [WantsArchiveKeyspace] });
    expect(e).toBeInstanceOf(CassandraModuleError);
    expect(e).toMatchObject({ connection: 'default', option: 'keyspaces' });
  });

  it('an unused class that injects an unknown connection costs nothing', async () => {
    const { app } = await startApp({ imports: [CassandraModule.forRoot({ contactPoints, ...quiet })], providers: [WantsDefault] });
    expect(app.get(WantsDefault).cluster.isConnected).toBe(true);
    await app.close();
  });

  it('no contact point answers: CassandraConnectError after the configured retries, nothing left open', async () => {
    const e = await bootstrapError({
      imports: [CassandraModule.forRoot({ name: 'main', contactPoints: ['127.0.0.1:1'], retryAttempts: 1, retryDelayMs: 50, connectTimeoutMs: 500 })],
    });
    expect(e).toBeInstanceOf(CassandraConnectError);
    expect(e).toMatchObject({ connection: 'main', attempts: 2, contactPoints: ['127.0.0.1:1'] });
    expect((e as Error).message).toMatch(/Cassandra connection "main" could not connect to 127\.0\.0\.1:1 \(2 attempts\)/);
  });
});
