/**
 * The example service on the three-node cluster: host events reach an SSE client when a node is
 * killed and restarted, and `/health` goes from up to down when every node is stopped, and back.
 */
import { canManageCluster, ensureCluster } from '../../../support/cassandra/ensure-cluster';
import type { CassandraCluster } from '../../../support/cassandra/cluster';
import { http } from '../scripted-app';
import { dropKeyspace, sleep, startApi, type RunningApi } from './nest-api-app';
import { readSse, type SseControl } from './sse-client';

const log = (text: string): void => void process.stderr.write(`[nest-topology.it] ${text}\n`);
const suite = canManageCluster() && process.env['CASSANDRA_RX_SKIP_MULTINODE'] !== '1' ? describe : describe.skip;

interface HostEventData {
  kind: string;
  endpoint: string;
  state: string;
}

/** Polls until `check` holds (every 250 ms, at most `ms`). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(250);
  }
  return Date.now() - started;
}

suite('examples/nest-api on a three-node cluster', () => {
  let cassandra: CassandraCluster;
  let api: RunningApi;
  beforeAll(async () => {
    cassandra = await ensureCluster({ nodes: 3 });
    api = await startApi('nest_topology_it', { reconnectMaxDelayMs: 2000 });
  }, 240_000);
  afterAll(async () => {
    if (cassandra) for (const n of cassandra.nodes) if (!cassandra.isRunning(n.index)) await cassandra.startNode(n.index);
    if (!api) return;
    await dropKeyspace(api, 'nest_topology_it').catch(() => undefined);
    await api.close();
  }, 180_000);

  it('streams host events over SSE when a node is killed and restarted', async () => {
    const events: HostEventData[] = [];
    const statuses: Array<{ localHostsUp: number }> = [];
    let control: SseControl | undefined;
    const stream = readSse(`${api.url}/cluster/events?metricsMs=0`, (e, c) => {
      control = c;
      if (e.type === 'host') events.push(JSON.parse(e.data) as HostEventData);
      if (e.type === 'status') statuses.push(JSON.parse(e.data) as { localHostsUp: number });
    });
    await until('the first status event', () => statuses.length > 0, 10_000);
    expect(statuses[0]?.localHostsUp).toBe(3);
    const third = cassandra.contactPoints[2] as string;
    await cassandra.killNode(3);
    const downAfter = await until('a down event for node 3', () => events.some((e) => e.kind === 'down' && e.endpoint === third), 30_000);
    expect(statuses.at(-1)?.localHostsUp).toBe(2);
    const restarted = Date.now();
    await cassandra.startNode(3);
    const upAfter = await until('an up event for node 3', () => events.some((e) => e.kind === 'up' && e.endpoint === third), 60_000);
    expect(statuses.at(-1)?.localHostsUp).toBe(3);
    log(`host events: down ${downAfter} ms after the kill; node restarted in ${((Date.now() - restarted - upAfter) / 1000).toFixed(1)} s, up event ${upAfter} ms after it answered; events: ${events.map((e) => `${e.kind} ${e.endpoint}`).join(', ')}`);
    control?.close();
    await stream;
  }, 120_000);

  it('/health goes from up to down when every node is stopped, and back up when they return', async () => {
    const health = async (): Promise<number> => (await http(`${api.url}/health`)).status;
    expect(await health()).toBe(200);
    // The harness's nodes do not flush schema changes (-Dcassandra.test.flush_local_schema_changes=false):
    // killed, they would come back without the keyspace created since they booted. Flush as production does.
    await Promise.all([1, 2, 3].map((n) => cassandra.nodetool(n, ['flush', 'system_schema'])));
    for (const n of [3, 2, 1]) await cassandra.killNode(n);
    const downAfter = await until('/health 503', async () => (await health()) === 503, 30_000);
    const down = JSON.parse((await http(`${api.url}/health`)).body) as { error: { cassandra: { status: string; hosts: Array<{ state: string }> } } };
    expect(down.error.cassandra.status).toBe('down');
    expect(down.error.cassandra.hosts).toHaveLength(3);
    expect(down.error.cassandra.hosts.every((h) => h.state === 'down')).toBe(true);
    const products = await http(`${api.url}/products?limit=5`);
    expect(products.status).toBe(503);
    expect(products.headers['retry-after']).toBe('5');
    const started = Date.now();
    await Promise.all([1, 2, 3].map((n) => cassandra.startNode(n))); // all at once, as the cluster first booted
    const nodesUp = Date.now() - started;
    const answers: string[] = [];
    const upAfter = await until('/health 200 with every host up', async () => {
      const res = await http(`${api.url}/health`);
      const body = JSON.parse(res.body) as { details: { cassandra: { localHostsUp: number; reason?: string } } };
      answers.push(`${res.status}/${body.details.cassandra.localHostsUp}${body.details.cassandra.reason ? ` (${body.details.cassandra.reason})` : ''}`);
      return res.status === 200 && body.details.cassandra.localHostsUp === 3;
    }, 60_000);
    log(`/health: 503 ${downAfter} ms after every node was killed; nodes back in ${(nodesUp / 1000).toFixed(1)} s, 200 with 3 hosts up ${upAfter} ms later (answers: ${[...new Set(answers)].join(', ')})`);
    const listing = await http(`${api.url}/products?limit=5`);
    expect(listing.status === 200 ? 'ok' : listing.body).toBe('ok');
  }, 240_000);
});
