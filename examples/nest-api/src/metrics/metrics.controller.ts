/**
 * `GET /metrics`: the cluster's metrics in the Prometheus text format, when `prom-client` is
 * installed (an optional peer of `cassandra-rx/prometheus`); without it, 404 saying so. The
 * collector gets its own registry (no default Node metrics mixed in) and is stopped when the
 * application closes.
 *
 *   curl http://127.0.0.1:3000/metrics
 */
import { Controller, Get, Header, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import type { Cluster } from 'cassandra-rx';
import { InjectCluster } from 'cassandra-rx/nestjs';

interface Exporter {
  scrape(): Promise<string>;
  stop(): void;
}

/** Loads prom-client and the collector only when present (both loads fail together when it is absent). */
async function prometheusFor(cluster: Cluster): Promise<Exporter | null> {
  try {
    const [{ Registry }, { registerCassandraMetrics }] = await Promise.all([import('prom-client'), import('cassandra-rx/prometheus')]);
    const registry = new Registry();
    const collector = registerCassandraMetrics(cluster, { registry, clusterName: 'nest-api' });
    return { scrape: () => registry.metrics(), stop: () => collector.stop() };
  } catch (e: unknown) {
    if ((e as { code?: unknown }).code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
}

@Controller('metrics')
export class MetricsController implements OnModuleDestroy {
  private readonly exporter: Promise<Exporter | null>;

  constructor(@InjectCluster() cluster: Cluster) {
    this.exporter = prometheusFor(cluster);
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    const exporter = await this.exporter;
    if (!exporter) throw new NotFoundException('Prometheus metrics need the prom-client package (npm install prom-client)');
    return exporter.scrape();
  }

  async onModuleDestroy(): Promise<void> {
    (await this.exporter)?.stop();
  }
}
