/**
 * Contact points: `host`, `host:port` or `[v6]:port` strings whose names are resolved to
 * addresses (through DNS unless the cluster's `resolver` option replaces it). They are resolved
 * at connect, and again each time the control connection must reconnect while no known host is
 * up: a cluster whose nodes were replaced (new addresses behind the same names) is found again.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Clock } from '../connection/clock';
import { ContactPointResolutionError } from '../errors/connection-errors';
import { OptionError } from '../errors/option-errors';
import type { LogLevel } from './cluster-events';
import type { Endpoint } from './control-connection';
import type { Host } from './host';

/** The addresses (IPv4 or IPv6 text) a host name stands for now. */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

/** The default resolver: the system's (`getaddrinfo`, as `dns.lookup`), every address. */
export const dnsResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true })).map((a) => a.address);

/** One round of resolution: every address found, and the contact points that gave none (by their text). */
export interface Resolution {
  readonly endpoints: readonly Endpoint[];
  readonly errors: ReadonlyMap<string, Error>;
}

interface Point {
  readonly text: string;
  readonly host: string;
  readonly port: number;
}

const endpointKey = (e: Endpoint): string => `${e.host}|${e.port}`;

/** Endpoints in order, each once. */
export function distinctEndpoints(list: readonly Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return list.filter((e) => !seen.has(endpointKey(e)) && (seen.add(endpointKey(e)), true));
}

export class ContactPoints {
  private readonly points: readonly Point[];
  private last: readonly Endpoint[] = [];

  /**
   * @param timeoutMs bound on one name's resolution (a resolver that never answers counts as a
   * failure after it), timed on `clock`.
   */
  constructor(contactPoints: readonly string[], defaultPort: number, private readonly resolver: HostResolver,
    private readonly clock: Clock, private readonly timeoutMs: number) {
    this.points = contactPoints.map((text) => ({ text, ...parseContactPoint(text, defaultPort) }));
  }

  /** Whether any contact point is a name (only names can resolve differently later). */
  get hasNames(): boolean {
    return this.points.some((p) => isIP(p.host) === 0);
  }

  /** The endpoints of the last resolution that found any (empty before the first). */
  get endpoints(): readonly Endpoint[] {
    return this.last;
  }

  /**
   * Resolves every contact point now (addresses stay as they are). When it finds any endpoint,
   * they replace the previous ones; when it finds none, the previous ones are kept.
   */
  async resolve(): Promise<Resolution> {
    const errors = new Map<string, Error>();
    const found = await Promise.all(this.points.map(async (p): Promise<Endpoint[]> => {
      if (isIP(p.host) !== 0) return [{ host: p.host, port: p.port }];
      try {
        return (await this.addressesOf(p)).map((host) => ({ host, port: p.port }));
      } catch (e) {
        errors.set(p.text, e instanceof ContactPointResolutionError ? e : new ContactPointResolutionError(p.text, e instanceof Error ? e.message : String(e), { cause: e }));
        return [];
      }
    }));
    const endpoints = distinctEndpoints(found.flat());
    if (endpoints.length > 0) this.last = endpoints;
    return { endpoints, errors };
  }

  /**
   * Where the control connection looks when its host fails: the hosts not known to be down, then
   * the contact points. When no known host is up, names are resolved again first and the contact
   * points' (possibly new) addresses come first.
   */
  async candidates(hosts: readonly Host[], log: (level: LogLevel, message: string) => void): Promise<Endpoint[]> {
    const known = hosts.filter((h) => h.state !== 'down').map((h) => ({ host: h.address, port: h.port }));
    if (!this.hasNames || hosts.some((h) => h.state === 'up')) return distinctEndpoints([...known, ...this.last]);
    const previous = new Set(this.last.map(endpointKey));
    const { endpoints, errors } = await this.resolve();
    for (const e of errors.values()) log('warn', `${e.message} (every known host is down)`);
    if (endpoints.length > 0) {
      const fresh = endpoints.filter((e) => !previous.has(endpointKey(e))).length;
      log('info', `contact points resolved again (every known host is down): ${endpoints.map((e) => `${e.host}:${e.port}`).join(', ')} (${fresh} new)`);
    }
    return distinctEndpoints([...this.last, ...known]);
  }

  private async addressesOf(p: Point): Promise<string[]> {
    let timer: { cancel(): void } | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => reject(new ContactPointResolutionError(p.text, `no answer from the resolver within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const answer: unknown = await Promise.race([this.resolver(p.host), timeout]);
      if (!Array.isArray(answer)) throw new ContactPointResolutionError(p.text, `the resolver returned ${typeof answer}, not an array of addresses`);
      const bad = answer.find((a) => typeof a !== 'string' || isIP(a) === 0);
      if (bad !== undefined) throw new ContactPointResolutionError(p.text, `the resolver returned ${JSON.stringify(bad)}, not an IP address`);
      if (answer.length === 0) throw new ContactPointResolutionError(p.text, 'the resolver returned no address');
      return answer as string[];
    } finally {
      timer?.cancel();
    }
  }
}

/** Splits `host`, `host:port`, `[v6]:port` into parts. */
export function parseContactPoint(cp: string, defaultPort: number): { host: string; port: number } {
  const s = cp.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : defaultPort };
  const colon = s.lastIndexOf(':');
  if (colon > 0 && s.indexOf(':') === colon) {
    const port = Number(s.slice(colon + 1));
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new OptionError('contactPoints', `bad port in "${cp}"`);
    return { host: s.slice(0, colon), port };
  }
  return { host: s, port: defaultPort };
}
