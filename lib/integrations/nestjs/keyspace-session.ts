/**
 * A session bound to a keyspace other than the one its cluster's connections USE: every statement
 * carries the keyspace (the native protocol v5 per-query keyspace), so several keyspaces share one
 * cluster's pools without switching them. Built by the module for `keyspaces`.
 */
import type { Observable } from 'rxjs';
import { Session, type BatchEntry, type BatchOptions, type Cluster, type ExecuteOptions, type Params, type ResultSet, type Statement } from '../../index';

export class KeyspaceSession extends Session {
  constructor(cluster: Cluster, keyspace: string) {
    super(cluster, keyspace);
  }

  override execute<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: ExecuteOptions = {}): Observable<ResultSet<T>> {
    return super.execute<T>(statement, params, this.withKeyspace(options));
  }

  override batch(entries: readonly BatchEntry[], options: BatchOptions = {}): Observable<ResultSet> {
    return super.batch(entries, this.withKeyspace(options));
  }

  private withKeyspace<O extends { keyspace?: string }>(options: O): O {
    return options.keyspace === undefined && this.keyspace !== undefined ? { ...options, keyspace: this.keyspace } : options;
  }
}
