/**
 * The server the cassandra-rx/web specs read: a Nest application (real HTTP on loopback) with the
 * NestJS integration's streams over a scripted cluster: the cluster events, a rows stream over an
 * in-memory source that counts what it was asked for, streams that fail in each way the client
 * maps, and a cursor listing over an array.
 */
import { BadRequestException, Controller, Get, Injectable, Query, Req, Sse, type MessageEvent } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { finalize, of, type Observable } from 'rxjs';
import type { Cluster, CursorPageJson } from '../../../lib';
import { CassandraModule, clusterEventsSse, getClusterToken, InjectCluster, sseRows } from '../../../lib/integrations/nestjs';
import { quiet, startApp } from '../nestjs/scripted-app';

/** What the server saw: open cluster streams, rows pulled, sources closed. */
@Injectable()
export class Probe {
  clusterStreams = 0;
  pulled = 0;
  sourcesClosed = 0;
}

export interface Item {
  readonly n: number;
}

export const ITEMS = 95;

@Controller()
class WebTestController {
  constructor(@InjectCluster() private readonly cluster: Cluster, private readonly probe: Probe) {}

  @Sse('cluster/events')
  events(@Query('metricsMs') metricsMs?: string, @Query('requestsPerSecond') perSecond?: string): Observable<MessageEvent> {
    this.probe.clusterStreams++;
    return clusterEventsSse(this.cluster, { metricsIntervalMs: Number(metricsMs ?? 0), requestsPerSecond: Number(perSecond ?? 0) })
      .pipe(finalize(() => this.probe.clusterStreams--));
  }

  /** `n` rows { n: 0..n-1 }, counted as they are pulled. */
  @Sse('rows')
  rows(@Req() request: IncomingMessage, @Query('count') count?: string): Observable<MessageEvent> {
    const probe = this.probe;
    const n = Number(count ?? 10);
    async function* source(): AsyncGenerator<Item> {
      try {
        for (let i = 0; i < n; i++) {
          probe.pulled++;
          yield { n: i };
        }
      } finally {
        probe.sourcesClosed++;
      }
    }
    return sseRows(source(), { request, batchSize: 8 });
  }

  @Sse('rows/failing')
  failing(): Observable<MessageEvent> {
    async function* source(): AsyncGenerator<Item> {
      yield { n: 0 };
      throw new BadRequestException('page 2 is not there');
    }
    return sseRows(source());
  }

  @Sse('rows/miscounted')
  miscounted(): Observable<MessageEvent> {
    async function* source(): AsyncGenerator<Item> {
      yield { n: 0 };
      yield { n: 1 };
    }
    return sseRows(source(), { endEvent: () => ({ type: 'end', data: { rows: 3 } }) });
  }

  /** Three rows, then the connection is cut (no end event). */
  @Sse('rows/dropped')
  dropped(@Req() request: IncomingMessage): Observable<MessageEvent> {
    async function* source(): AsyncGenerator<Item> {
      for (let i = 0; i < 3; i++) yield { n: i };
      await new Promise((resolve) => setTimeout(resolve, 20));
      request.socket.destroy();
      await new Promise(() => undefined);
    }
    return sseRows(source(), { request });
  }

  @Sse('not-json')
  notJson(): Observable<MessageEvent> {
    return of({ type: 'status', data: 'this is not JSON' });
  }

  /** `GET /items?limit=10&cursor=...`: items 0..ITEMS-1; the cursor is the next offset. */
  @Get('items')
  items(@Query('limit') limit?: string, @Query('cursor') cursor?: string): CursorPageJson<Item> {
    const size = Number(limit);
    const from = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(from) || from < 0 || from >= ITEMS) throw new BadRequestException('Invalid cursor: not a cursor this service issued');
    const items = Array.from({ length: Math.min(size, ITEMS - from) }, (_, i) => ({ n: from + i }));
    return { items, cursor: from + size < ITEMS ? String(from + size) : null };
  }
}

export async function startWebTestApp(contactPoints: string[], port = 0): Promise<{ app: Awaited<ReturnType<typeof startApp>>['app']; url: string; probe: Probe; cluster: Cluster }> {
  const { app } = await startApp({ imports: [CassandraModule.forRoot({ contactPoints, ...quiet })], controllers: [WebTestController], providers: [Probe] });
  await app.listen(port, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, probe: app.get(Probe), cluster: app.get<Cluster>(getClusterToken()) };
}
