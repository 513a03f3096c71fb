import { Injectable, Module } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { Cluster, ClusterStateError, Session } from '../../../lib';
import {
  CassandraConnection, CassandraModule, InjectCluster, InjectConnection, InjectSession,
  getClusterToken, getSessionToken, type CassandraConnectionOptions, type CassandraOptionsFactory,
} from '../../../lib/integrations/nestjs';
import type { ScriptedCluster } from '../../support/scripted-server';
import { parseWire, tapRequests } from '../../session/scripted-session';
import { quiet, scriptedCluster, startApp } from './scripted-app';

let scriptedPoints: string[] = [];

@Injectable()
class Config {
  readonly contactPoints: string[] = scriptedPoints;
}

@Module({ providers: [Config], exports: [Config] })
class ConfigModule {}

@Injectable()
class OptionsFromConfig implements CassandraOptionsFactory {
  constructor(private readonly config: Config) {}
  createCassandraOptions(): CassandraConnectionOptions {
    return { contactPoints: this.config.contactPoints, ...quiet };
  }
}

@Injectable()
class Repo {
  constructor(
    @InjectSession() readonly session: Session,
    @InjectCluster() readonly cluster: Cluster,
    @InjectConnection() readonly connection: CassandraConnection,
  ) {}
}

describe('CassandraModule wiring (scripted cluster)', () => {
  let sim: ScriptedCluster;
  let contactPoints: string[];
  beforeAll(async () => {
    ({ sim, contactPoints } = await scriptedCluster());
    scriptedPoints = contactPoints;
  });
  afterAll(() => sim.stop());

  it('forRoot: connects during init, injects cluster, session and connection, shuts down with the app', async () => {
    const { app } = await startApp({ imports: [CassandraModule.forRoot({ contactPoints, ...quiet })], providers: [Repo] });
    const repo = app.get(Repo);
    expect(repo.cluster.isConnected).toBe(true);
    expect(repo.session).toBe(repo.connection.session);
    expect(repo.cluster).toBe(app.get(getClusterToken()));
    const rs = await firstValueFrom(repo.session.execute('SELECT release_version FROM system.local'));
    expect(rs.first()?.['release_version']).toBe('5.0.6');
    expect(repo.connection.localDatacenter).toBe('dc1');
    await app.close();
    expect(repo.cluster.isConnected).toBe(false);
    await expect(firstValueFrom(repo.session.execute('SELECT 1 FROM system.local'))).rejects.toBeInstanceOf(ClusterStateError);
  });

  it('forRootAsync with useFactory and inject (from an imported module)', async () => {
    const factory = jest.fn((config: Config): CassandraConnectionOptions => ({ contactPoints: config.contactPoints, keyspace: 'shop', ...quiet }));
    const { app } = await startApp({
      imports: [
        ConfigModule,
        CassandraModule.forRootAsync({ imports: [ConfigModule], inject: [Config], useFactory: factory }),
      ],
      providers: [Repo],
    });
    expect(factory).toHaveBeenCalledTimes(1);
    expect(app.get(Repo).session.keyspace).toBe('shop');
    await app.close();
  }, 15_000);

  it('forRootAsync with useClass and useExisting', async () => {
    for (const async of [
      { useClass: OptionsFromConfig, imports: [ConfigModule] },
      { useExisting: OptionsFromConfig, imports: [ConfigModule], extraProviders: [OptionsFromConfig] },
    ]) {
      const moduleDef = CassandraModule.forRootAsync(async);
      const { app } = await startApp({ imports: [ConfigModule, moduleDef], providers: [Repo] });
      expect(app.get(Repo).cluster.isConnected).toBe(true);
      await app.close();
    }
  });

  it('isGlobal: feature modules inject without importing CassandraModule', async () => {
    @Module({ providers: [Repo], exports: [Repo] })
    class Feature {}
    const { app } = await startApp({ imports: [CassandraModule.forRoot({ contactPoints, isGlobal: true, ...quiet }), Feature] });
    expect(app.get(Repo).cluster.isConnected).toBe(true);
    await app.close();
  });

  it('keyspaces: one injectable session per keyspace, each sending its keyspace (v5)', async () => {
    @Injectable()
    class Audit {
      constructor(@InjectSession({ keyspace: 'audit' }) readonly audit: Session, @InjectSession({ keyspace: 'shop' }) readonly shop: Session) {}
    }
    const { app } = await startApp({
      imports: [CassandraModule.forRoot({ contactPoints, keyspace: 'shop', keyspaces: ['audit'], ...quiet })],
      providers: [Audit],
    });
    const a = app.get(Audit);
    expect(a.audit.keyspace).toBe('audit');
    expect(a.shop).toBe(app.get(getSessionToken()));
    expect(a.shop.keyspace).toBe('shop');
    const tap = tapRequests();
    try {
      await firstValueFrom(a.audit.execute('SELECT release_version FROM system.local'));
      await firstValueFrom(a.shop.execute('SELECT release_version FROM system.local'));
    } finally {
      tap.restore();
    }
    expect(tap.requests.map((r) => parseWire(r).keyspace)).toEqual(['audit', 'shop']);
    await app.close();
  });
});

describe('CassandraModule named connections (two scripted clusters)', () => {
  let one: ScriptedCluster;
  let two: ScriptedCluster;
  let onePoints: string[];
  let twoPoints: string[];
  beforeAll(async () => {
    ({ sim: one, contactPoints: onePoints } = await scriptedCluster());
    ({ sim: two, contactPoints: twoPoints } = await scriptedCluster(2));
  });
  afterAll(async () => {
    await one.stop();
    await two.stop();
  });

  @Injectable()
  class Both {
    constructor(
      @InjectCluster() readonly main: Cluster,
      @InjectCluster('analytics') readonly analytics: Cluster,
      @InjectSession('analytics') readonly analyticsSession: Session,
    ) {}
  }

  it('gives each connection its own cluster and tokens, and shuts both down', async () => {
    const { app } = await startApp({
      imports: [
        CassandraModule.forRoot({ contactPoints: onePoints, ...quiet }),
        CassandraModule.forRootAsync({ name: 'analytics', useFactory: () => ({ contactPoints: twoPoints, ...quiet }) }),
      ],
      providers: [Both],
    });
    const both = app.get(Both);
    expect(both.main).not.toBe(both.analytics);
    expect(both.main.hosts()).toHaveLength(1);
    expect(both.analytics.hosts()).toHaveLength(2);
    const rs = await firstValueFrom(both.analyticsSession.execute('SELECT release_version FROM system.local'));
    expect(two.nodes.map((n) => n.address)).toContain(rs.info.host.split(':')[0]);
    await app.close();
    expect(both.main.isConnected).toBe(false);
    expect(both.analytics.isConnected).toBe(false);
  });
});
