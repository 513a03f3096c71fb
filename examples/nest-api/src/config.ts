/**
 * The service's configuration, read from the environment once. A provider of its own, so that
 * `CassandraModule.forRootAsync` shows injection into the options factory and tests can replace it
 * (`overrideProvider(AppConfig).useValue(...)`).
 */
import { Global, Injectable, Module } from '@nestjs/common';

@Injectable()
export class AppConfig {
  /** `host[:port]` list (CASSANDRA_CONTACT_POINTS, comma separated). Default 127.0.0.1. */
  contactPoints: string[] = split(process.env['CASSANDRA_CONTACT_POINTS'] ?? '127.0.0.1');
  /** CASSANDRA_LOCAL_DC. Default: the first contact point's datacenter. */
  localDatacenter: string | undefined = process.env['CASSANDRA_LOCAL_DC'] || undefined;
  /** CASSANDRA_KEYSPACE, created at start-up when missing. Default nest_api. */
  keyspace: string = process.env['CASSANDRA_KEYSPACE'] ?? 'nest_api';
  /** CASSANDRA_REPLICATION_FACTOR of that keyspace when created. Default 1. */
  replicationFactor: number = Number(process.env['CASSANDRA_REPLICATION_FACTOR'] ?? 1);
  /** HTTP port (PORT; 0 picks a free one). Default 3000. */
  port: number = Number(process.env['PORT'] ?? 3000);
  /** HTTP address (HOST). Default 127.0.0.1. */
  host: string = process.env['HOST'] ?? '127.0.0.1';
  /** Longest wait between reconnection attempts to a down node, ms (CASSANDRA_RECONNECT_MAX_MS). Default 10000. */
  reconnectMaxDelayMs: number = Number(process.env['CASSANDRA_RECONNECT_MAX_MS'] ?? 10_000);
  /** Connection attempts after the first at start-up (CASSANDRA_CONNECT_RETRIES). Default 0. */
  connectRetries: number = Number(process.env['CASSANDRA_CONNECT_RETRIES'] ?? 0);
  /** Idle time before a heartbeat on each connection, ms (CASSANDRA_HEARTBEAT_MS). Default: the driver's, 30000. */
  heartbeatIntervalMs: number | undefined = process.env['CASSANDRA_HEARTBEAT_MS'] ? Number(process.env['CASSANDRA_HEARTBEAT_MS']) : undefined;
  /** A built dashboard (examples/dashboard) to serve as static files at / (DASHBOARD_DIR). Default: none. */
  dashboardDir: string | undefined = process.env['DASHBOARD_DIR'] || undefined;
}

function split(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

@Global()
@Module({ providers: [AppConfig], exports: [AppConfig] })
export class ConfigModule {}
