/**
 * One scripted CQL node listening on 127.0.x.y:port: speaks v3/v4/v5 (LZ4 optional) with our
 * codec, answers the handshake, password authentication, REGISTER and the system tables of its
 * simulated topology, follows its script for other requests, and can push EVENT frames.
 */
import * as net from 'node:net';
import { Opcode } from '../../../lib/protocol/opcodes';
import type { ProtocolVersion } from '../../../lib/protocol/opcodes';
import { Script, type Rule } from './script';
import { ServerConnection } from './server-connection';
import type { SimulatedNode, SimulatedTopology } from './topology';
import { responseFrame, type ReceivedRequest } from './wire';
import { waitFor } from '../wait-for';

export interface NodeOptions {
  /** Protocol versions spoken. Default [3, 4, 5]. */
  versions: ProtocolVersion[];
  /** Offer LZ4. Default true. */
  compression: boolean;
  /** Require PasswordAuthenticator credentials. Default none. */
  auth?: { username: string; password: string };
  /** Serve system.peers_v2 (false: answer it with an Invalid error, as Cassandra 3 does). Default true. */
  peersV2: boolean;
}

/** An EVENT body as the protocol defines it. */
export type EventSpec =
  | { type: 'TOPOLOGY_CHANGE' | 'STATUS_CHANGE'; change: string; address: string; port: number }
  | { type: 'SCHEMA_CHANGE'; change: 'CREATED' | 'UPDATED' | 'DROPPED'; target: 'KEYSPACE'; keyspace: string }
  | { type: 'SCHEMA_CHANGE'; change: 'CREATED' | 'UPDATED' | 'DROPPED'; target: 'TABLE' | 'TYPE'; keyspace: string; name: string };

export class ScriptedNode {
  readonly script = new Script();
  readonly received: ReceivedRequest[] = [];
  readonly preparedQueries = new Map<string, string>();
  readonly connections = new Set<ServerConnection>();
  readonly paused = new Set<ServerConnection>();
  readonly options: NodeOptions;
  /** Total connections ever accepted. */
  accepted = 0;
  /** Client ports of the accepted connections, in accept order (see `acceptedBefore`). */
  private readonly acceptedPorts: number[] = [];
  /**
   * How the node answers STARTUP: after `delayMs` (a slow node: the client's connection stays in
   * its handshake meanwhile), with `hold` only once `releaseHandshakes()` is called (the spec says
   * when the handshake ends), and with `fail` by closing the socket instead (no client can connect).
   */
  readonly handshake = { delayMs: 0, fail: false, hold: false };
  private held: Array<() => void> = [];
  private server: net.Server | null = null;

  constructor(readonly topology: SimulatedTopology, readonly self: SimulatedNode, options: Partial<NodeOptions> = {}) {
    this.options = { versions: [3, 4, 5], compression: true, peersV2: true, ...options };
  }

  get address(): string { return this.self.address; }
  get port(): number { return this.self.port; }
  get endpoint(): string { return `${this.self.address}:${this.self.port}`; }

  async start(): Promise<void> {
    this.server = net.createServer((socket) => {
      // As Cassandra's native transport does (TCP_NODELAY): no answer waits behind Nagle for an ACK.
      socket.setNoDelay(true);
      this.accepted++;
      this.acceptedPorts.push(socket.remotePort ?? -1);
      this.connections.add(new ServerConnection(socket, this));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.self.port, this.self.address, () => resolve());
    });
  }

  /** Add a scripted rule (newest rules win). */
  when(rule: Rule): this {
    this.script.add(rule);
    return this;
  }

  /**
   * An accept barrier for "no client connected": opens a raw probe socket and resolves, once the
   * node accepted it, with how many connections it had accepted before it (a connection a client
   * started earlier is accepted first). The probe is closed again.
   */
  async acceptedBefore(): Promise<number> {
    const probe = net.connect(this.self.port, this.self.address);
    await new Promise<void>((resolve, reject) => probe.once('connect', resolve).once('error', reject));
    const port = probe.localPort ?? -2;
    await waitFor(`probe accepted by ${this.endpoint}`, () => this.acceptedPorts.includes(port));
    probe.destroy();
    return this.acceptedPorts.indexOf(port);
  }

  /** STARTUPs parked by `handshake.hold`. */
  get heldHandshakes(): number { return this.held.length; }

  /** @internal Parks a STARTUP answer until `releaseHandshakes`. */
  holdHandshake(act: () => void): void {
    this.held.push(act);
  }

  /** Stops holding and lets every parked STARTUP proceed (answered, or failed when `fail`). */
  releaseHandshakes(): void {
    this.handshake.hold = false;
    for (const act of this.held.splice(0)) act();
  }

  /** @internal */
  record(req: ReceivedRequest): void {
    this.received.push(req);
    if (this.received.length > 100_000) this.received.splice(0, 50_000);
  }

  /** @internal */
  forget(c: ServerConnection): void {
    this.connections.delete(c);
    this.paused.delete(c);
  }

  /** Requests received whose query text matches. */
  count(match: string | RegExp, opcode?: Opcode): number {
    return this.received.filter((r) => (opcode === undefined || r.opcode === opcode) && r.query !== undefined &&
      (typeof match === 'string' ? r.query.includes(match) : match.test(r.query))).length;
  }

  /** Stops reading from every current connection: the node goes silent (heartbeats go unanswered). */
  silence(): void {
    for (const c of this.connections) {
      c.socket.pause();
      this.paused.add(c);
    }
  }

  resumeReading(): void {
    for (const c of this.paused) c.socket.resume();
    this.paused.clear();
  }

  /** Pushes an EVENT to every connection registered for its type. */
  pushEvent(e: EventSpec): void {
    for (const c of this.connections) {
      if (!c.version || !c.registered.has(e.type)) continue;
      c.send(responseFrame(c.version, -1, Opcode.Event, (w) => {
        w.string(e.type);
        if (e.type === 'SCHEMA_CHANGE') {
          w.string(e.change).string(e.target).string(e.keyspace);
          if (e.target !== 'KEYSPACE') w.string(e.name);
        } else {
          w.string(e.change);
          const parts = e.address.split('.').map(Number);
          w.byte(4);
          parts.forEach((p) => w.byte(p));
          w.int(e.port);
        }
      }));
    }
  }

  /** Resets every client socket (TCP RST, as when a node process is killed): clients see ECONNRESET. */
  resetConnections(): void {
    for (const c of this.connections) c.socket.resetAndDestroy();
  }

  /** Stops listening and resets every client socket: a crashed node. */
  async crash(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => { s.close(() => resolve()); this.resetConnections(); });
  }

  /** Closes every client socket (the listener stays up unless `stop` is called). */
  dropConnections(): void {
    for (const c of this.connections) c.socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
