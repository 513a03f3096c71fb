/**
 * `/health` with terminus: Cassandra is up when a host of the local datacenter is up and a probe
 * query answers within a second (503 otherwise, with every host and its state in the details).
 * `/health/hosts` is the same host status without terminus nor a query.
 */
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { CassandraHealthIndicator, CassandraStatusService, type CassandraStatus } from 'cassandra-rx/nestjs';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cassandra: CassandraHealthIndicator,
    private readonly status: CassandraStatusService,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.cassandra.isHealthy('cassandra', { timeoutMs: 1000 })]);
  }

  @Get('hosts')
  hosts(): CassandraStatus {
    return this.status.status();
  }
}
