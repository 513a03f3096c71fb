import type { INestApplication } from '@nestjs/common';
import { createServer } from 'node:net';
import { filter, firstValueFrom, lastValueFrom, share, take, toArray } from 'rxjs';
import type { Cluster, Session } from '../../../lib';
import {
  clusterEvents, hostList, metricsSamples, metricsSnapshots, ofType, requestRecords, StreamUnavailableError,
  type ClusterStreamNotice, type ConnectionNotice,
} from '../../../lib/integrations/web';
import type { ScriptedCluster } from '../../support/scripted-server';
import { NodeEventSource, nodeEventSource } from '../../support/node-event-source';
import { waitFor } from '../../support/wait-for';
import { scriptedCluster } from '../nestjs/scripted-app';
import { startWebTestApp, type Probe } from './web-test-app';

const options = { eventSource: nodeEventSource, reconnect: { initialDelayMs: 5, maxDelayMs: 40 } };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const isConnection = (n: ClusterStreamNotice): n is ConnectionNotice => n.type === 'connection';

describe('cassandra-rx/web: the cluster stream of clusterEventsSse', () => {
  let sim: ScriptedCluster;
  let contactPoints: string[];
  let app: INestApplication;
  let url: string;
  let probe: Probe;
  let cluster: Cluster;
  let session: Session;
  beforeAll(async () => {
    ({ sim, contactPoints } = await scriptedCluster(3));
    ({ app, url, probe, cluster } = await startWebTestApp(contactPoints));
    session = await cluster.connect();
  });
  afterAll(async () => {
    await app?.close();
    await sim?.stop();
  });

  it('hostList: the three hosts, by endpoint, with datacenter, rack and state', async () => {
    const hosts = await firstValueFrom(hostList(`${url}/cluster/events`, options));
    expect(hosts.map((h) => h.endpoint)).toEqual(cluster.hosts().map((h) => h.endpoint).sort());
    expect(hosts).toHaveLength(3);
    expect(hosts.every((h) => h.state === 'up' && h.datacenter === 'dc1' && typeof h.rack === 'string')).toBe(true);
  });

  it('clusterEvents: a connection notice, then typed events; unsubscribing closes the EventSource and the server stream', async () => {
    const before = NodeEventSource.opened.length;
    const notices = await lastValueFrom(clusterEvents(`${url}/cluster/events?metricsMs=20`, options).pipe(take(4), toArray()));
    expect(notices[0]).toEqual({ type: 'connection', state: 'open', attempt: 1, delayMs: 0, error: null });
    expect(notices[1]?.type).toBe('status');
    expect(notices.slice(2).map((n) => n.type)).toEqual(['metrics', 'metrics']);
    expect(NodeEventSource.opened.length).toBe(before + 1);
    expect(NodeEventSource.opened[before]?.readyState).toBe(2);
    await waitFor('the server unsubscribed', () => probe.clusterStreams === 0);
  });

  it('request records and metrics: what the session ran, with rates from metricsSamples', async () => {
    const events$ = clusterEvents(`${url}/cluster/events?metricsMs=20&requestsPerSecond=1000`, options).pipe(share());
    const records = firstValueFrom(events$.pipe(ofType('request'), filter((r) => r.query.includes('web_spec')), take(3), toArray()));
    const sample = firstValueFrom(events$.pipe(ofType('metrics'), metricsSamples(), filter((s) => (s.requestsPerSecond ?? 0) > 0)));
    await waitFor('the stream is open on the server', () => probe.clusterStreams === 1);
    for (let i = 0; i < 3; i++) await firstValueFrom(session.execute(`SELECT release_version FROM system.local WHERE key = 'local' /* web_spec ${i} */`));
    const got = await records;
    expect(got.map((r) => r.query)).toEqual([0, 1, 2].map((i) => `SELECT release_version FROM system.local WHERE key = 'local' /* web_spec ${i} */`));
    expect(got.every((r) => r.attempts === 1 && typeof r.latencyMs === 'number' && r.error === undefined && typeof r.host === 'string')).toBe(true);
    // A rate needs requests between two snapshots: keep a trickle going until one shows it (the
    // three above may all have landed before the first snapshot). Bounded in count.
    let rated = false;
    void sample.then(() => { rated = true; }, () => { rated = true; });
    for (let i = 0; i < 500 && !rated; i++) await firstValueFrom(session.execute("SELECT release_version FROM system.local WHERE key = 'local' /* rate */"));
    const s = await sample;
    expect(s.p99Ms).toBeGreaterThanOrEqual(s.p50Ms);
    expect(s.inFlight).toBeGreaterThanOrEqual(0);
    await waitFor('the shared stream closed', () => probe.clusterStreams === 0);
  });

  it('requestRecords and metricsSnapshots each open their own stream', async () => {
    const record = firstValueFrom(requestRecords(`${url}/cluster/events?requestsPerSecond=10`, options).pipe(filter((r) => r.query.includes('own_stream'))));
    await waitFor('the stream is open on the server', () => probe.clusterStreams === 1);
    await firstValueFrom(session.execute("SELECT release_version FROM system.local WHERE key = 'local' /* own_stream */"));
    expect((await record).query).toContain('own_stream');
    const snapshot = await firstValueFrom(metricsSnapshots(`${url}/cluster/events?metricsMs=20`, options));
    expect(snapshot.requests).toBeGreaterThanOrEqual(4);
    expect(Object.keys(snapshot.hosts)).toHaveLength(3);
  });

  it('an unreachable API: retrying notices with growing delays, then StreamUnavailableError after maxAttempts', async () => {
    const port = await freePort();
    const seen: ConnectionNotice[] = [];
    const stream = clusterEvents(`http://127.0.0.1:${port}/cluster/events`, { eventSource: nodeEventSource, reconnect: { initialDelayMs: 1, multiplier: 3, maxDelayMs: 5, maxAttempts: 3 } });
    const failed = await new Promise<unknown>((resolve) => stream.subscribe({ next: (n) => isConnection(n) && seen.push(n), error: resolve }));
    expect(failed).toBeInstanceOf(StreamUnavailableError);
    expect(failed).toMatchObject({ attempts: 4, opened: false });
    expect(seen.map((n) => [n.state, n.attempt, n.delayMs])).toEqual([['retrying', 1, 1], ['retrying', 2, 3], ['retrying', 3, 5]]);
  });

  it('recovers by itself when the API comes back, sending the current hosts again', async () => {
    const port = await freePort();
    const seen: ClusterStreamNotice[] = [];
    const sub = clusterEvents(`http://127.0.0.1:${port}/cluster/events`, options).subscribe((n) => seen.push(n));
    await waitFor('two failed attempts', () => seen.filter((n) => n.type === 'connection' && n.state === 'retrying').length >= 2);
    const second = await startWebTestApp(contactPoints, port);
    try {
      await waitFor('the host list after the API came back', () => seen.some((n) => n.type === 'status'));
      const open = seen.filter((n): n is ConnectionNotice => n.type === 'connection' && n.state === 'open');
      expect(open).toHaveLength(1);
      const status = seen.find((n) => n.type === 'status');
      expect(status?.type === 'status' && status.data.hosts.length).toBe(3);
    } finally {
      sub.unsubscribe();
      await second.app.close();
    }
  });

  it('completes with the end event when the cluster shuts down', async () => {
    const third = await startWebTestApp(contactPoints);
    const all = lastValueFrom(clusterEvents(`${third.url}/cluster/events`, options).pipe(toArray()));
    await waitFor('the stream is open on the server', () => third.probe.clusterStreams === 1);
    await third.cluster.shutdown();
    const notices = await all;
    expect(notices.at(-1)).toMatchObject({ type: 'end', data: { reason: 'cluster shut down' } });
    await third.app.close();
  });
});
