/**
 * A Cassandra node as the driver knows it: where it listens, where it sits (datacenter, rack,
 * tokens) and whether it is usable. Mutated only by the cluster's host registry; users read it.
 * Its read-only shape, `HostView`, lives in metadata/ so that policies need not import cluster/.
 */
import type { HostState, HostView } from '../metadata/host-view';

/** What system.local / system.peers(_v2) tell about a node. */
export interface HostInfo {
  /** Native-transport address (after address translation) and port. */
  readonly address: string;
  readonly port: number;
  readonly datacenter?: string | undefined;
  readonly rack?: string | undefined;
  /** Tokens in the partitioner's string form (Murmur3: signed 64-bit decimal). */
  readonly tokens?: readonly string[] | undefined;
  readonly hostId?: string | undefined;
  readonly releaseVersion?: string | undefined;
  readonly schemaVersion?: string | undefined;
  /** Address the node broadcasts for gossip (system.peers `peer`). */
  readonly broadcastAddress?: string | undefined;
}

/** `address:port` (IPv6 addresses in brackets): the key of a host everywhere in the driver. */
export function endpointOf(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export class Host implements HostView {
  /** `address:port`, the key of this host everywhere in the driver. */
  readonly endpoint: string;
  readonly address: string;
  readonly port: number;
  private _info: HostInfo;
  private _state: HostState = 'unknown';
  private _stateChangedAt = 0;

  /** @internal Hosts come from the cluster (`cluster.hosts()`, host events). */
  constructor(info: HostInfo) {
    this.address = info.address;
    this.port = info.port;
    this.endpoint = endpointOf(info.address, info.port);
    this._info = info;
  }

  get datacenter(): string | undefined { return this._info.datacenter; }
  get rack(): string | undefined { return this._info.rack; }
  get tokens(): readonly string[] { return this._info.tokens ?? []; }
  get hostId(): string | undefined { return this._info.hostId; }
  get releaseVersion(): string | undefined { return this._info.releaseVersion; }
  get schemaVersion(): string | undefined { return this._info.schemaVersion; }
  get broadcastAddress(): string | undefined { return this._info.broadcastAddress; }
  get state(): HostState { return this._state; }
  get isUp(): boolean { return this._state === 'up'; }
  /** When the state last changed (ms since epoch), 0 if never. */
  get stateChangedAt(): number { return this._stateChangedAt; }

  /** @internal Registry only. Returns true when something a user can see changed. */
  updateInfo(info: HostInfo): boolean {
    const before = this._info;
    this._info = { ...info, address: this.address, port: this.port };
    return (
      before.datacenter !== info.datacenter ||
      before.rack !== info.rack ||
      before.hostId !== info.hostId ||
      before.releaseVersion !== info.releaseVersion ||
      before.schemaVersion !== info.schemaVersion ||
      (before.tokens ?? []).join(',') !== (info.tokens ?? []).join(',')
    );
  }

  /** @internal Registry only. Returns true when the state actually changed. */
  setState(state: HostState, now: number = Date.now()): boolean {
    if (this._state === state) return false;
    this._state = state;
    this._stateChangedAt = now;
    return true;
  }

  /** A plain, frozen copy for events and logs. */
  snapshot(): HostSnapshot {
    return Object.freeze({
      endpoint: this.endpoint,
      address: this.address,
      port: this.port,
      datacenter: this.datacenter,
      rack: this.rack,
      hostId: this.hostId,
      releaseVersion: this.releaseVersion,
      state: this._state,
      tokens: this.tokens.length,
    });
  }

  toString(): string {
    return `Host(${this.endpoint}, ${this.datacenter ?? '?'}/${this.rack ?? '?'}, ${this._state})`;
  }
}

export interface HostSnapshot {
  readonly endpoint: string;
  readonly address: string;
  readonly port: number;
  readonly datacenter: string | undefined;
  readonly rack: string | undefined;
  readonly hostId: string | undefined;
  readonly releaseVersion: string | undefined;
  readonly state: HostState;
  /** Number of tokens the host owns. */
  readonly tokens: number;
}
