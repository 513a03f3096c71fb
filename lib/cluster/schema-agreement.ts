/**
 * Schema agreement: every up host runs the same schema version.
 *
 * Each host is asked for its own version (system.local on one of its pooled connections). The
 * control host's peers table is not enough on its own: a peer's version reaches it by gossip,
 * about a second late, so right after a DDL statement coordinated elsewhere the control host
 * still sees the coordinator's old version next to its own old one and would report a false
 * agreement (the next statement then meets "table does not exist" on another node). Hosts
 * without a usable pooled connection are read from the control host's view instead.
 */
import type { Clock } from '../connection/clock';
import type { Connection } from '../connection/connection';
import { internalQuery } from './internal-query';

export interface AgreementHost {
  readonly endpoint: string;
  /** A pooled connection to ask, or null when the host has none that can take a request. */
  readonly connection: Connection | null;
}

export interface AgreementSources {
  /** The hosts that must agree (those not down). */
  hosts(): readonly AgreementHost[];
  /** The control host's view: endpoint → schema version. */
  gossip(): Promise<Map<string, string>>;
  /** True once the cluster shuts down (stop waiting). */
  closed(): boolean;
  readonly clock: Clock;
}

const POLL_MS = 200;

/** One round: the distinct versions the hosts report (throws when a host cannot be asked). */
export async function schemaVersionsNow(sources: AgreementSources): Promise<Set<string>> {
  const hosts = sources.hosts();
  const viaGossip = hosts.some((h) => h.connection === null) ? await sources.gossip() : null;
  const answers = await Promise.all(hosts.map(async (h) => {
    if (h.connection === null) return viaGossip?.get(h.endpoint);
    const rows = await internalQuery(h.connection, 'SELECT schema_version FROM system.local WHERE key = \'local\'');
    const v = rows[0]?.['schema_version'];
    return v == null ? undefined : String(v);
  }));
  const versions = new Set<string>();
  for (const v of answers) if (v !== undefined) versions.add(v);
  return versions;
}

/** Polls until every host reports one version (true) or `timeoutMs` passes (false). */
export async function awaitSchemaAgreement(sources: AgreementSources, timeoutMs: number): Promise<boolean> {
  const deadline = sources.clock.now() + timeoutMs;
  for (;;) {
    try {
      if ((await schemaVersionsNow(sources)).size <= 1) return true;
    } catch {
      // a host could not answer this round; ask again until the deadline
    }
    if (sources.clock.now() >= deadline || sources.closed()) return false;
    await new Promise<void>((resolve) => sources.clock.setTimeout(resolve, POLL_MS));
  }
}
