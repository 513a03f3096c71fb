import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { firstValueFrom, filter } from 'rxjs';
import { CassandraHealthIndicator, CassandraModule, CassandraStatusService } from '../../../../lib/integrations/nestjs';
import type { ScriptedCluster } from '../../../support/scripted-server';
import { http, quiet, scriptedCluster, startApp } from '../scripted-app';

const PROBE = 'SELECT now() FROM system.local';

@Controller('health')
class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly cassandra: CassandraHealthIndicator) {}

  @Get()
  @HealthCheck()
  check(): ReturnType<HealthCheckService['check']> {
    return this.health.check([() => this.cassandra.isHealthy('cassandra', { timeoutMs: 300, probe: PROBE })]);
  }
}

describe('CassandraHealthIndicator with terminus (scripted cluster)', () => {
  let sim: ScriptedCluster;
  let contactPoints: string[];
  beforeEach(async () => ({ sim, contactPoints } = await scriptedCluster(2)));
  afterEach(() => sim.stop());

  async function app(): ReturnType<typeof startApp> {
    return startApp({
      imports: [TerminusModule.forRoot({ logger: false }), CassandraModule.forRoot({ contactPoints, ...quiet, refreshDebounceMs: 0 })],
      controllers: [HealthController],
    }, true);
  }

  it('is up with every host listed when a local host is up and the probe answers', async () => {
    const { app: nest, url } = await app();
    try {
      const res = await http(`${url}/health`);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as { status: string; details: { cassandra: Record<string, unknown> } };
      expect(body.status).toBe('ok');
      expect(body.details.cassandra).toMatchObject({ status: 'up', connection: 'default', localDatacenter: 'dc1', localHostsUp: 2 });
      expect(body.details.cassandra['hosts']).toEqual(sim.nodes.map((n) => ({ endpoint: `${n.address}:${sim.port}`, datacenter: 'dc1', rack: 'rack1', state: 'up' })));
      expect(typeof body.details.cassandra['probeMs']).toBe('number');
    } finally {
      await nest.close();
    }
  });

  it('is down (503) when the probe fails or does not answer in time, naming only the error class', async () => {
    const { app: nest, url } = await app();
    try {
      for (const n of sim.nodes) n.when({ when: PROBE, then: { noResponse: true } });
      const res = await http(`${url}/health`);
      expect(res.status).toBe(503);
      const body = JSON.parse(res.body) as { status: string; error: { cassandra: Record<string, unknown> } };
      expect(body.status).toBe('error');
      expect(body.error.cassandra).toMatchObject({ status: 'down', reason: 'probe failed: OperationTimedOutError' });
    } finally {
      await nest.close();
    }
  });

  it('is down when no host is up, and the status service follows the hosts', async () => {
    const { app: nest, url } = await app();
    try {
      const status = nest.get(CassandraStatusService);
      expect(status.status()).toMatchObject({ status: 'up', localHostsUp: 2, localHosts: 2 });
      const down = firstValueFrom(status.status$().pipe(filter((s) => s.status === 'down')));
      await sim.stop();
      const s = await down;
      expect(s.hosts.every((h) => h.state === 'down')).toBe(true);
      const res = await http(`${url}/health`);
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ error: { cassandra: { status: 'down', reason: 'no host of dc1 is up', localHostsUp: 0 } } });
    } finally {
      await nest.close();
    }
  });
});
