/**
 * The same chaos workload through two drivers: ours (cassandra-rx) and cassandra-driver 4.x (the
 * DataStax Node.js driver, a devDependency) for comparison. Each client writes and reads one
 * table with prepared statements, scans it at QUORUM, and reports host down/up events with their
 * time and the open connections per node.
 */
import { Client, policies, types } from 'cassandra-driver';
import { firstValueFrom } from 'rxjs';
import {
  Cluster, Consistency, ConstantReconnectionPolicy, ConstantSpeculativeExecutionPolicy, type PreparedStatement, type ResultSet, type Session,
} from '../../lib';

export type DriverName = 'cassandra-rx' | 'cassandra-driver';

export interface ChaosClientOptions {
  readonly contactPoints: readonly string[];
  /** Address translation (node address → proxy), when the nodes are reached through proxies. */
  readonly translate?: (address: string, port: number) => { address: string; port: number };
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly reconnectDelayMs: number;
  /** Whole-request timeout, ms. */
  readonly requestTimeoutMs: number;
  /** Speculative execution delay, ms (absent: none). */
  readonly speculativeDelayMs?: number;
  readonly keyspace: string;
  readonly table: string;
}

export interface HostMark {
  readonly node: string;
  readonly kind: 'up' | 'down';
  readonly at: number;
}

export interface ChaosClient {
  readonly name: DriverName;
  readonly marks: HostMark[];
  /** INSERT (k, v) at QUORUM, idempotent. */
  write(key: number): Promise<void>;
  /** SELECT by key at `consistency` (ONE / QUORUM), idempotent; resolves with v (or null when absent). */
  read(key: number, consistency: 'one' | 'quorum'): Promise<string | null>;
  /** Every key of the table, scanned at QUORUM. */
  scanKeys(): Promise<Set<number>>;
  /** Open pooled connections to a node (by its address, e.g. 127.0.0.2). */
  openConnections(node: string): number;
  /** Whether the driver considers the node up. */
  isUp(node: string): boolean;
  /** Requests in flight and orphaned stream ids over all hosts (what a leak would show in). */
  gauges(): { inFlight: number; orphans: number };
  /** The node (address, no port) the control connection is on; null while it has none. */
  controlNode(): string | null;
  /**
   * Whether the driver learnt of keyspace `name`'s creation from the server's schema events (ours:
   * a `schemaChanges$` event; cassandra-driver, which has no such stream: its metadata has it).
   */
  knowsKeyspace(name: string): boolean;
  close(): Promise<void>;
}

export const valueOf = (key: number): string => `v-${key}`;

/** Attempts per page of a QUORUM scan. */
const SCAN_ATTEMPTS = 30;

export async function connectClient(name: DriverName, o: ChaosClientOptions): Promise<ChaosClient> {
  return name === 'cassandra-rx' ? RxClient.connect(o) : PeerClient.connect(o);
}

class RxClient implements ChaosClient {
  readonly name = 'cassandra-rx';
  readonly marks: HostMark[] = [];
  /** Keyspaces whose creation `schemaChanges$` delivered. */
  private readonly createdKeyspaces = new Set<string>();

  private constructor(private readonly cluster: Cluster, private readonly session: Session,
    private readonly insert: PreparedStatement, private readonly select: PreparedStatement, private readonly o: ChaosClientOptions) {
    cluster.hostEvents$.subscribe((e) => {
      if (e.kind === 'up' || e.kind === 'down') this.marks.push({ node: e.host.address, kind: e.kind, at: e.at });
    });
    cluster.schemaChanges$.subscribe((e) => {
      if (e.target === 'keyspace' && e.change === 'created') this.createdKeyspaces.add(e.keyspace);
    });
  }

  static async connect(o: ChaosClientOptions): Promise<RxClient> {
    const cluster = new Cluster({
      contactPoints: [...o.contactPoints],
      ...(o.translate ? { addressTranslator: o.translate } : {}),
      pooling: { heartbeatIntervalMs: o.heartbeatIntervalMs, heartbeatTimeoutMs: o.heartbeatTimeoutMs },
      reconnection: new ConstantReconnectionPolicy(o.reconnectDelayMs),
      refreshDebounceMs: 100,
      profiles: {
        default: {
          timeoutMs: o.requestTimeoutMs,
          ...(o.speculativeDelayMs !== undefined ? { speculativeExecution: new ConstantSpeculativeExecutionPolicy(o.speculativeDelayMs, 2) } : {}),
        },
      },
    });
    const session = await cluster.connect();
    const insert = await firstValueFrom(session.prepare(`INSERT INTO ${o.keyspace}.${o.table} (k, v) VALUES (?, ?)`));
    const select = await firstValueFrom(session.prepare(`SELECT v FROM ${o.keyspace}.${o.table} WHERE k = ?`));
    return new RxClient(cluster, session, insert, select, o);
  }

  async write(key: number): Promise<void> {
    await firstValueFrom(this.session.execute(this.insert, [key, valueOf(key)], { consistency: Consistency.QUORUM, idempotent: true }));
  }

  async read(key: number, consistency: 'one' | 'quorum'): Promise<string | null> {
    const rs = await firstValueFrom(this.session.execute(this.select, [key], {
      consistency: consistency === 'one' ? Consistency.ONE : Consistency.QUORUM, idempotent: true,
    }));
    const v = rs.rows[0]?.get('v');
    return typeof v === 'string' ? v : null;
  }

  /** Page by page, each page retried for a while (a node just restarted may time out a page or lag in schema). */
  async scanKeys(): Promise<Set<number>> {
    const keys = new Set<number>();
    let pagingState: Buffer | null = null;
    do {
      let rs: ResultSet | undefined;
      for (let attempt = 1; rs === undefined; attempt++) {
        try {
          rs = await firstValueFrom(this.session.execute(`SELECT k FROM ${this.o.keyspace}.${this.o.table}`, [], {
            consistency: Consistency.QUORUM, fetchSize: 5000, timeoutMs: 30_000, pagingState, idempotent: true,
          }));
        } catch (e) {
          if (attempt >= SCAN_ATTEMPTS) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      for (const row of rs.rows) keys.add(Number(row.get('k')));
      pagingState = rs.pagingState;
    } while (pagingState !== null);
    return keys;
  }

  openConnections(node: string): number {
    const host = this.cluster.hosts().find((h) => h.address === node);
    return host ? this.cluster.metrics().hosts[host.endpoint]?.openConnections ?? 0 : 0;
  }

  isUp(node: string): boolean {
    return this.cluster.hosts().some((h) => h.address === node && h.state === 'up');
  }

  gauges(): { inFlight: number; orphans: number } {
    const m = this.cluster.metrics();
    return { inFlight: m.inFlight, orphans: m.orphanedStreamIds };
  }

  controlNode(): string | null {
    return this.cluster.controlHost?.split(':')[0] ?? null;
  }

  knowsKeyspace(name: string): boolean {
    return this.createdKeyspaces.has(name);
  }

  /** The cluster, for scenario-specific checks (control host, schema events). */
  get rx(): { cluster: Cluster; session: Session } {
    return { cluster: this.cluster, session: this.session };
  }

  close(): Promise<void> {
    return this.cluster.shutdown();
  }
}

/** A client from `connectClient('cassandra-rx', ...)`, for scenarios that need our Cluster itself. */
export function rxOf(c: ChaosClient): { cluster: Cluster; session: Session } {
  if (!(c instanceof RxClient)) throw new Error(`${c.name} is not cassandra-rx`);
  return c.rx;
}

/** cassandra-driver wants an instance of its AddressTranslator class: its default one, translating. */
function peerTranslator(translate: NonNullable<ChaosClientOptions['translate']>): policies.addressResolution.AddressTranslator {
  const t = policies.defaultAddressTranslator();
  t.translate = (address: string, port: number, callback: (endpoint: string) => void): void => {
    const to = translate(address, port);
    callback(`${to.address}:${to.port}`);
  };
  return t;
}

class PeerClient implements ChaosClient {
  readonly name = 'cassandra-driver';
  readonly marks: HostMark[] = [];

  private constructor(private readonly client: Client, private readonly o: ChaosClientOptions) {
    const node = (h: { address: string }): string => h.address.split(':')[0] ?? h.address;
    client.on('hostDown', (h: { address: string }) => this.marks.push({ node: node(h), kind: 'down', at: Date.now() }));
    client.on('hostUp', (h: { address: string }) => this.marks.push({ node: node(h), kind: 'up', at: Date.now() }));
  }

  static async connect(o: ChaosClientOptions): Promise<PeerClient> {
    const translate = o.translate;
    const client = new Client({
      contactPoints: [...o.contactPoints],
      localDataCenter: 'dc1',
      policies: {
        reconnection: new policies.reconnection.ConstantReconnectionPolicy(o.reconnectDelayMs),
        ...(o.speculativeDelayMs !== undefined
          ? { speculativeExecution: new policies.speculativeExecution.ConstantSpeculativeExecutionPolicy(o.speculativeDelayMs, 2) }
          : {}),
        ...(translate ? { addressResolution: peerTranslator(translate) } : {}),
      },
      pooling: { heartBeatInterval: o.heartbeatIntervalMs },
      socketOptions: { readTimeout: o.requestTimeoutMs },
    });
    await client.connect();
    return new PeerClient(client, o);
  }

  async write(key: number): Promise<void> {
    await this.client.execute(`INSERT INTO ${this.o.keyspace}.${this.o.table} (k, v) VALUES (?, ?)`, [key, valueOf(key)],
      { prepare: true, consistency: types.consistencies.quorum, isIdempotent: true });
  }

  async read(key: number, consistency: 'one' | 'quorum'): Promise<string | null> {
    const rs = await this.client.execute(`SELECT v FROM ${this.o.keyspace}.${this.o.table} WHERE k = ?`, [key], {
      prepare: true, isIdempotent: true,
      consistency: consistency === 'one' ? types.consistencies.one : types.consistencies.quorum,
    });
    const v: unknown = rs.first()?.get('v');
    return typeof v === 'string' ? v : null;
  }

  async scanKeys(): Promise<Set<number>> {
    const keys = new Set<number>();
    let pageState: string | undefined;
    do {
      let rs: types.ResultSet | undefined;
      for (let attempt = 1; rs === undefined; attempt++) {
        try {
          rs = await this.client.execute(`SELECT k FROM ${this.o.keyspace}.${this.o.table}`, [], {
            prepare: true, consistency: types.consistencies.quorum, fetchSize: 5000, readTimeout: 30_000, isIdempotent: true,
            ...(pageState !== undefined ? { pageState } : {}),
          });
        } catch (e) {
          if (attempt >= SCAN_ATTEMPTS) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      for (const row of rs.rows) keys.add(Number(row.get('k')));
      pageState = rs.pageState ?? undefined;
    } while (pageState !== undefined);
    return keys;
  }

  private host(node: string): ReturnType<Client['hosts']['values']>[number] | undefined {
    return this.client.hosts.values().find((h) => h.address.split(':')[0] === node);
  }

  openConnections(node: string): number {
    const h = this.host(node);
    return h ? this.client.getState().getOpenConnections(h) : 0;
  }

  isUp(node: string): boolean {
    return this.host(node)?.isUp() ?? false;
  }

  gauges(): { inFlight: number; orphans: number } {
    const state = this.client.getState();
    return { inFlight: state.getConnectedHosts().reduce((n, h) => n + state.getInFlightQueries(h), 0), orphans: 0 };
  }

  /** Its control connection's host is not public API: read `client.controlConnection.host.address`. */
  controlNode(): string | null {
    const field = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null ? Reflect.get(o, key) : undefined);
    const address = field(field(field(this.client, 'controlConnection'), 'host'), 'address');
    return typeof address === 'string' ? address.split(':')[0] ?? null : null;
  }

  knowsKeyspace(name: string): boolean {
    return this.client.metadata.keyspaces[name] !== undefined;
  }

  close(): Promise<void> {
    return this.client.shutdown();
  }
}
