/**
 * The example service: CRUD and a paged listing over `products`, SSE streams of `readings` rows
 * and of the cluster's events, `/health`, and `/metrics` (Prometheus, when prom-client is installed). Cassandra comes from `cassandra-rx/nestjs`, configured
 * asynchronously from `AppConfig`; driver errors are answered by the package's exception filter.
 */
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ExponentialReconnectionPolicy } from 'cassandra-rx';
import { CassandraExceptionFilter, CassandraModule } from 'cassandra-rx/nestjs';
import { ClusterController } from './cluster/cluster.controller';
import { AppConfig, ConfigModule } from './config';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ProductsController } from './products/products.controller';
import { ProductsRepository } from './products/products.repository';
import { ReadingsController } from './readings/readings.controller';
import { schema } from './schema';

@Module({
  imports: [
    ConfigModule,
    TerminusModule.forRoot({ logger: false }),
    CassandraModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        contactPoints: config.contactPoints,
        ...(config.localDatacenter ? { localDatacenter: config.localDatacenter } : {}),
        keyspace: config.keyspace,
        // A web service wants a node back soon after it returns: retry every 0.5 s, doubling up to the maximum.
        reconnection: new ExponentialReconnectionPolicy({ baseDelayMs: 500, maxDelayMs: config.reconnectMaxDelayMs }),
        ...(config.heartbeatIntervalMs !== undefined ? { pooling: { heartbeatIntervalMs: config.heartbeatIntervalMs } } : {}),
        onConnect: schema(config.keyspace, config.replicationFactor),
        retryAttempts: config.connectRetries,
        retryDelayMs: 2000,
      }),
    }),
  ],
  controllers: [ProductsController, ReadingsController, ClusterController, HealthController, MetricsController],
  providers: [ProductsRepository, { provide: APP_FILTER, useClass: CassandraExceptionFilter }],
})
export class AppModule {}
