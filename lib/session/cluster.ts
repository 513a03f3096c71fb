/**
 * The public Cluster: the cluster core plus sessions, the prepared-statement registry (prepared
 * on every host, re-prepared when a host comes up) and the optional execution throttle.
 */
import type { Connection } from '../connection/connection';
import { ClusterCore } from '../cluster/cluster-core';
import type { ClusterOptions } from '../cluster/cluster-options';
import type { Host } from '../cluster/host';
import type { HostPool } from '../cluster/host-pool';
import { Opcode } from '../protocol/opcodes';
import { encodePrepare } from '../protocol/requests';
import { PreparedCache } from './prepared-cache';
import { Session, type SessionHost } from './session';
import type { PreparedStatement } from './statements';
import { Throttle, type ThrottleOptions } from './throttle';

export interface ClusterSessionOptions extends ClusterOptions {
  /** Prepared statements kept by `prepare: true` (LRU). Default 1000. */
  preparedCacheSize?: number;
  /** Limit executions in flight (with a bounded queue). Default: no limit. */
  throttle?: ThrottleOptions;
}

export class Cluster extends ClusterCore implements SessionHost {
  readonly prepared: PreparedCache;
  readonly throttle: Throttle | null;

  constructor(options: ClusterSessionOptions) {
    super(options);
    this.prepared = new PreparedCache(options.preparedCacheSize ?? 1000);
    this.throttle = options.throttle ? new Throttle(options.throttle) : null;
  }

  /** @internal */
  get core(): ClusterCore {
    return this;
  }

  /**
   * Connects (control connection, topology, pools) and returns a session. With a keyspace, every
   * pooled connection USEs it and the session sends it with its statements (v5).
   */
  async connect(keyspace?: string): Promise<Session> {
    await this.connectCore();
    if (keyspace !== undefined) await this.useKeyspace(keyspace);
    return new Session(this, keyspace);
  }

  /** @internal USE on every pooled connection (new connections open in it). */
  async useKeyspace(keyspace: string): Promise<void> {
    const pools = [...this.registry.allPools()];
    await Promise.all(pools.map((p) => p.setKeyspace(keyspace)));
  }

  /** @internal PREPARE on one connection. */
  async prepareOn(connection: Connection, ps: PreparedStatement): Promise<void> {
    const frame = encodePrepare(
      { version: connection.version, stream: 0, compressor: connection.bodyCompressor },
      ps.query,
      connection.version >= 5 && ps.keyspace !== undefined ? { keyspace: ps.keyspace } : {},
    );
    const r = await sendRaw(connection, frame);
    if (r !== Opcode.Result) throw new Error(`PREPARE failed on ${connection.endpoint}`);
  }

  /** @internal After preparing on one host: prepare on every other up host, in the background. */
  prepareEverywhere(ps: PreparedStatement, preparedOn: string): void {
    for (const host of this.hosts()) {
      if (host.state !== 'up' || host.endpoint === preparedOn) continue;
      const c = this.pool(host)?.borrow();
      if (c) this.prepareOn(c, ps).catch((e: unknown) => this.log('warn', `could not prepare on ${host.endpoint}: ${(e as Error).message}`));
    }
  }

  /** A host came (back) up: re-prepare every registered statement on it. */
  protected override onHostUp(host: Host, pool: HostPool): void {
    const statements = this.prepared.all();
    if (statements.length === 0) return;
    const c = pool.borrow();
    if (!c) return;
    Promise.all(statements.map((ps) => this.prepareOn(c, ps))).then(
      () => this.log('debug', `re-prepared ${statements.length} statement(s) on ${host.endpoint}`),
      (e: unknown) => this.log('warn', `re-prepare on ${host.endpoint} failed: ${(e as Error).message}`),
    );
  }
}

/** Sends an encoded frame and resolves with the answer's opcode (rejecting on ERROR). */
function sendRaw(c: Connection, frame: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    try {
      c.send(frame, {
        onResponse: (r) => (r.message.opcode === Opcode.Error ? reject(r.message.error) : resolve(r.message.opcode)),
        onError: reject,
      }, 10_000);
    } catch (e) {
      reject(e);
    }
  });
}

