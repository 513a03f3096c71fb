/**
 * The code of docs/nestjs.md (and of the NestJS paragraph of docs/session.md), compiled here:
 * docs.spec.ts imports this file (ts-jest type-checks it) and checks that every TypeScript block
 * of those pages appears in it, or in the example service, verbatim.
 */
import { Controller, Get, Injectable, Module, Query } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import type { Cluster, Session } from 'cassandra-rx';
import {
  CASSANDRA_HTTP_ERROR_OPTIONS, CassandraExceptionFilter, CassandraModule, cursorPage, InjectCluster, InjectSession,
  type CursorPage, type JsonValue,
} from 'cassandra-rx/nestjs';

export class ConfigService {
  get(key: string): string | undefined {
    return process.env[key];
  }
}

@Module({ providers: [ConfigService], exports: [ConfigService] })
export class ConfigModule {}

// --- forRoot
@Module({
  imports: [
    CassandraModule.forRoot({
      contactPoints: ['127.0.0.1', '127.0.0.2'],
      localDatacenter: 'dc1',
      keyspace: 'shop',
      isGlobal: true,
    }),
  ],
})
export class AppModule {}

// --- forRootAsync
@Module({
  imports: [
    CassandraModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        contactPoints: (config.get('CASSANDRA_HOSTS') ?? '127.0.0.1').split(','),
        credentials: { username: config.get('CASSANDRA_USER') ?? 'app', password: config.get('CASSANDRA_PASSWORD') ?? '' },
        keyspace: 'shop',
        retryAttempts: 5,
        retryDelayMs: 2000,
      }),
    }),
  ],
})
export class AsyncAppModule {}

// --- injection
@Injectable()
export class ProductsRepository {
  constructor(
    @InjectSession() private readonly session: Session,
    @InjectCluster() private readonly cluster: Cluster,
  ) {}

  // A controller can return this Observable as is: Nest subscribes, which runs the query.
  byId(id: number): Observable<{ id: number; name: string } | undefined> {
    return this.session.execute<{ id: number; name: string }>('SELECT id, name FROM products WHERE id = ?', [id], { prepare: true })
      .pipe(map((rs) => rs.first()));
  }

  hostsUp(): number {
    return this.cluster.hosts().filter((h) => h.isUp).length;
  }
}

// --- named connections
@Module({
  imports: [
    CassandraModule.forRoot({ contactPoints: ['10.0.0.1'], keyspace: 'shop', keyspaces: ['audit'] }),
    CassandraModule.forRootAsync({
      name: 'analytics',
      useFactory: () => ({ contactPoints: ['10.1.0.1'], keyspace: 'events' }),
    }),
  ],
})
export class TwoClustersModule {}

@Injectable()
export class Reports {
  constructor(
    @InjectSession() readonly shop: Session,                          // default connection, keyspace shop
    @InjectSession({ keyspace: 'audit' }) readonly audit: Session,    // default connection, keyspace audit     
    @InjectSession('analytics') readonly events: Session,             // the analytics connection
    @InjectCluster('analytics') readonly analytics: Cluster,
  ) {}
}

// --- errors
@Module({
  providers: [
    { provide: APP_FILTER, useClass: CassandraExceptionFilter },
    { provide: CASSANDRA_HTTP_ERROR_OPTIONS, useValue: { retryAfterSeconds: 2 } },
  ],
})
export class ErrorsModule {}

// --- cursor page
@Controller('orders')
export class OrdersController {
  constructor(@InjectSession() private readonly session: Session) {}

  /** `GET /orders?limit=50&cursor=...`: one page of rows as JSON, and the cursor of the next. */
  @Get()
  list(@Query('limit') limit = '50', @Query('cursor') cursor?: string): Observable<CursorPage<{ [column: string]: JsonValue }>> {
    return cursorPage(this.session, 'SELECT id, customer, total FROM orders', [], { limit: Number(limit), cursor, prepare: true });
  }
}
