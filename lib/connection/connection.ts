/**
 * One connection to one node: routes responses by stream id, coalesces writes, orphans the ids of
 * requests that time out or are cancelled, watches idleness with heartbeats, and fails every
 * in-flight request exactly once when the socket goes away. Opened by `openConnection`
 * (connect.ts), which performs the handshake.
 */
import type { Socket } from 'node:net';
import { ProtocolError } from '../errors/codec-errors';
import type { Compressor } from '../protocol/compressor';
import { FrameDecoder } from '../protocol/frame-decoder';
import type { Frame } from '../protocol/frame-header';
import { Opcode, type ProtocolVersion } from '../protocol/opcodes';
import { encodeOptions } from '../protocol/requests';
import { decodeResponse, type DecodeOptions, type Response } from '../protocol/response';
import type { ServerEvent } from '../protocol/events';
import { SegmentDecoder } from '../protocol/segment-decoder';
import { SegmentEncoder } from '../protocol/segment-encoder';
import type { CellDecoder } from '../types/cell-decoder';
import type { Clock } from './clock';
import {
  BusyConnectionError, ConnectionClosedError, ConnectionError, DefunctConnectionError, RequestTimeoutError,
} from '../errors/connection-errors';
import { Heartbeat, type HeartbeatOptions } from './heartbeat';
import { Request, type ResponseHandler } from './request';
import { StreamIdPool } from './stream-id-pool';
import { WriteQueue } from './write-queue';

export interface ConnectionSettings {
  readonly endpoint: string;
  readonly version: ProtocolVersion;
  readonly clock: Clock;
  readonly heartbeat: HeartbeatOptions;
  readonly maxRequestsPerConnection: number;
  readonly maxQueuePerConnection: number;
  readonly maxOrphansPerConnection: number;
  readonly maxFrameBodyLength: number;
  readonly cellDecoder: CellDecoder;
}

/** What a pool or the cluster hears from a connection. */
export interface ConnectionListener {
  /** A server push (stream -1). */
  onEvent?(event: ServerEvent, connection: Connection): void;
  /** The connection should be replaced: too many orphans, a malformed frame, or a silent server. */
  onDefunct?(reason: Error, connection: Connection): void;
  /** The socket is gone; `error` is null after a requested close. */
  onClosed?(error: Error | null, connection: Connection): void;
}

export interface ConnectionStats {
  requests: number;
  /** Bytes handed to the socket: after v5 segment framing and LZ4 compression. */
  bytesSent: number;
  /** Bytes read from the socket (compressed, framed). */
  bytesReceived: number;
  /** Late responses that freed an orphaned id. */
  lateResponses: number;
  /** Responses that could not be decoded (each failed its own request only). */
  undecodableResponses: number;
}

export class Connection {
  readonly endpoint: string;
  readonly version: ProtocolVersion;
  /** Keyspace set by the last USE on this connection. */
  keyspace: string | undefined;
  listener: ConnectionListener = {};
  private readonly counters = { requests: 0, bytesReceived: 0, lateResponses: 0, undecodable: 0 };

  private readonly ids: StreamIdPool;
  private readonly table: Array<Request | undefined>;
  private readonly queue: Request[] = [];
  private readonly writer: WriteQueue;
  private decoder: { push(chunk: Buffer): Frame[]; readonly buffered: number; readonly pendingStream: number | undefined };
  /** Whole frames received so far (a request that times out with none since it was written, while part of one waits, reveals lost framing). */
  private framesReceived = 0;
  private compressor: Compressor | null = null;
  private heartbeat: Heartbeat | null = null;
  private defunctReason: Error | null = null;
  private closing = false;
  private closed = false;
  private silent = false;
  private drainWaiters: Array<() => void> = [];
  /** Last time a response arrived, or the connection went from idle to busy (ms). */
  private progressAt = 0;

  constructor(private readonly socket: Socket, private readonly settings: ConnectionSettings) {
    this.endpoint = settings.endpoint;
    this.version = settings.version;
    this.ids = new StreamIdPool(settings.maxRequestsPerConnection);
    this.table = new Array<Request | undefined>(settings.maxRequestsPerConnection);
    this.writer = new WriteQueue(socket);
    this.decoder = new FrameDecoder({ maxBodyLength: settings.maxFrameBodyLength });
    this.decodeOptions = this.makeDecodeOptions();
    socket.on('data', this.onData);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
  }

  /** Requests holding a stream id (not counting orphans). */
  get inFlight(): number { return this.ids.inFlight; }
  get orphanedCount(): number { return this.ids.orphanedCount; }
  get queued(): number { return this.queue.length; }
  /** Every stream id taken and the wait queue full. */
  get isBusy(): boolean { return this.ids.available === 0 && this.queue.length >= this.settings.maxQueuePerConnection; }
  /** Defunct connections take no new requests; the owner replaces them. */
  get isDefunct(): boolean { return this.defunctReason !== null; }
  get isClosed(): boolean { return this.closed; }
  /** The server went silent: a heartbeat went unanswered (a frozen node or a network partition). */
  get wentSilent(): boolean { return this.silent; }
  /**
   * How long requests have been waiting without any response arriving (ms), 0 when idle: a cheap
   * stand-in for the age of the oldest in-flight request, used to avoid slow replicas.
   */
  /**
   * Milliseconds without any answer while requests are outstanding, orphaned ones included (a node
   * that stopped answering keeps its orphans: it must not look idle). 0 when nothing is outstanding.
   */
  oldestInFlightAgeMs(now: number): number {
    return this.ids.inFlight + this.ids.orphanedCount === 0 ? 0 : Math.max(0, now - this.progressAt);
  }
  get compression(): 'lz4' | 'none' { return this.compressor ? 'lz4' : 'none'; }
  get writeStats(): { writes: number; frames: number; bytes: number } { return this.writer.stats; }
  /** Counters; `bytesSent` is what reached the socket (after v5 framing and compression). */
  get stats(): ConnectionStats {
    const c = this.counters;
    return { requests: c.requests, bytesSent: this.writer.stats.bytes, bytesReceived: c.bytesReceived, lateResponses: c.lateResponses, undecodableResponses: c.undecodable };
  }

  /** @internal Handshake: compress v3/v4 bodies from now on. */
  enableBodyCompression(compressor: Compressor): void {
    this.compressor = compressor;
    this.decodeOptions = this.makeDecodeOptions();
  }

  /** One options object for every response (rebuilt only when compression changes). */
  private decodeOptions: DecodeOptions;

  private makeDecodeOptions(): DecodeOptions {
    return { compressor: this.compressor, cellDecoder: this.settings.cellDecoder, maxBodyLength: this.settings.maxFrameBodyLength };
  }

  /** @internal Handshake, v5: switch both directions to segment framing (after the STARTUP answer). */
  enableSegments(compressor: Compressor | null): void {
    const d = this.decoder as FrameDecoder;
    if (d instanceof FrameDecoder && d.buffered > 0) throw new ProtocolError('Unframed bytes left when switching to v5 segments');
    this.compressor = compressor;
    this.decodeOptions = this.makeDecodeOptions();
    this.decoder = new SegmentDecoder({ compressor, maxBodyLength: this.settings.maxFrameBodyLength });
    const encoder = new SegmentEncoder({ compressor });
    this.writer.setFraming((frames) => encoder.encode(frames));
  }

  /** The compressor for v3/v4 request bodies (null in v5, where segments are compressed). */
  get bodyCompressor(): Compressor | null {
    return this.version < 5 ? this.compressor : null;
  }

  /** @internal Start idle heartbeats (after the handshake). */
  startHeartbeat(): void {
    if (this.settings.heartbeat.intervalMs <= 0 || this.heartbeat) return;
    this.heartbeat = new Heartbeat(this.settings.clock, this.settings.heartbeat, {
      sendHeartbeat: () => this.sendHeartbeat(),
      heartbeatTimedOut: (ms) => {
        this.silent = true;
        this.fail(new DefunctConnectionError(this.endpoint, `heartbeat unanswered for ${ms} ms`));
      },
    });
    this.heartbeat.start();
  }

  /**
   * Sends an encoded frame (any stream id: it is overwritten). The handler hears exactly one
   * outcome. Throws `BusyConnectionError` (nothing sent) when ids and queue are exhausted, and
   * a `ConnectionError` when the connection is closed or defunct.
   */
  send(frame: Buffer, handler: ResponseHandler, timeoutMs = 0): Request {
    if (this.closed || this.closing) throw new ConnectionClosedError(this.endpoint, 'connection is closed');
    if (this.defunctReason) throw new DefunctConnectionError(this.endpoint, `connection is defunct: ${this.defunctReason.message}`, { cause: this.defunctReason });
    const request = new Request(frame, handler, timeoutMs);
    const id = this.ids.acquire();
    if (id < 0) {
      if (this.queue.length >= this.settings.maxQueuePerConnection) {
        throw new BusyConnectionError(this.endpoint, `all ${this.settings.maxRequestsPerConnection} stream ids in use and ${this.queue.length} requests queued`);
      }
      this.queue.push(request);
    } else {
      this.write(request, id);
    }
    if (timeoutMs > 0) request.timer = this.settings.clock.setTimeout(() => this.timeout(request), timeoutMs);
    return request;
  }

  /** The frame being received answers a request other than `request` that still waits for it. */
  private awaitedElsewhere(request: Request): boolean {
    const stream = this.decoder.pendingStream;
    return stream !== undefined && stream !== request.stream && stream >= 0 && this.table[stream] !== undefined;
  }

  /** Gives up on a request: no outcome is delivered; a written request's id is orphaned. */
  cancel(request: Request): void {
    if (request.state === 'done') return;
    this.finish(request);
    if (request.stream >= 0) {
      this.ids.orphan(request.stream);
      this.table[request.stream] = undefined;
      request.stream = -1;
      this.checkOrphans();
    } else {
      const i = this.queue.indexOf(request);
      if (i >= 0) this.queue.splice(i, 1);
    }
    // A defunct or closing connection waits for its in-flight requests: this may have been the last.
    if (this.defunctReason || this.closing) this.pumpQueue();
  }

  /**
   * Gives up on a request whose time ran out: as `cancel`, and when no whole frame has arrived
   * since it was written while part of one is buffered, the framing is lost (v3/v4 headers carry
   * no checksum: a corrupted length announces bytes that will never come, and every later answer
   * would vanish into that frame): the connection goes defunct and is replaced, instead of failing
   * request after request by timeout until the orphan limit. Unless the frame being received is
   * the answer to another request still waiting: a large answer still arriving when a shorter
   * request times out is no lost framing (if its length was corrupted, its own request's timeout,
   * or the next one after it, finds it).
   */
  expire(request: Request): void {
    const stalled = request.state === 'written' && request.stream >= 0 &&
      this.framesReceived === request.framesAtWrite && this.decoder.buffered > 0 && !this.awaitedElsewhere(request);
    this.cancel(request);
    if (stalled) {
      this.markDefunct(new DefunctConnectionError(this.endpoint, `framing lost: a request timed out with no frame received since it was written while ${this.decoder.buffered} bytes of an incomplete frame wait`));
    }
  }

  /**
   * Closes the connection. Graceful (default): no new requests; waits up to `timeoutMs` (default
   * 5000) for in-flight ones, then closes. Forced: fails in-flight requests now.
   */
  async close(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    if (options.graceful !== false && (this.ids.inFlight > 0 || this.queue.length > 0)) {
      await new Promise<void>((resolve) => {
        const t = this.settings.clock.setTimeout(resolve, options.timeoutMs ?? 5000);
        this.drainWaiters.push(() => { t.cancel(); resolve(); });
      });
    }
    this.shutdown(new ConnectionClosedError(this.endpoint, 'connection closed by the client'), null);
  }

  private write(request: Request, id: number): void {
    if (this.ids.inFlight === 1 && this.ids.orphanedCount === 0) this.progressAt = this.settings.clock.now();
    request.stream = id;
    request.framesAtWrite = this.framesReceived;
    request.state = 'written';
    request.written = true;
    this.table[id] = request;
    request.frame.writeInt16BE(id, 2);
    this.counters.requests++;
    this.writer.push(request.frame);
  }

  private timeout(request: Request): void {
    request.timer = null;
    if (request.state === 'done') return;
    const handler = request.handler;
    this.expire(request);
    handler.onError(new RequestTimeoutError(this.endpoint, request.timeoutMs));
  }

  private finish(request: Request): void {
    request.state = 'done';
    if (request.timer) {
      request.timer.cancel();
      request.timer = null;
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    this.counters.bytesReceived += chunk.length;
    // One clock read per chunk: liveness for the heartbeat, progress for the stuck-request check.
    const now = this.settings.clock.now();
    this.heartbeat?.activity(now);
    this.progressAt = now;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      // Framing is lost: nothing more can be read from this socket.
      this.fail(new DefunctConnectionError(this.endpoint, `malformed data from server: ${(e as Error).message}`, { cause: e }));
      return;
    }
    this.framesReceived += frames.length;
    for (let i = 0; i < frames.length && !this.closed; i++) this.dispatch(frames[i] as Frame);
  };

  private dispatch(frame: Frame): void {
    const stream = frame.stream;
    if (stream < 0) {
      this.dispatchEvent(frame);
      return;
    }
    const request = this.table[stream];
    const was = this.ids.release(stream);
    if (was === 'orphaned') {
      this.counters.lateResponses++;
      this.pumpQueue();
      return;
    }
    if (was === 'unknown' || !request) {
      this.markDefunct(new ProtocolError(`${this.endpoint}: response for stream ${stream}, which no request holds`));
      return;
    }
    this.table[stream] = undefined;
    request.stream = -1;
    this.finish(request);
    let response: Response;
    try {
      response = decodeResponse(frame, this.decodeOptions, request.handler.resultColumns);
    } catch (e) {
      // The frame was delimited correctly, so other streams are intact: fail this request only
      // and keep the connection (replacing it would fail or stall every other request on it).
      const err = e instanceof ProtocolError ? e : new ProtocolError(`${this.endpoint}: undecodable response`, { cause: e });
      this.counters.undecodable++;
      this.pumpQueue();
      request.handler.onError(err);
      return;
    }
    this.pumpQueue();
    request.handler.onResponse(response);
  }

  private dispatchEvent(frame: Frame): void {
    if (frame.opcode !== Opcode.Event) {
      this.markDefunct(new ProtocolError(`${this.endpoint}: server-initiated frame with opcode ${frame.opcode}`));
      return;
    }
    try {
      const response = decodeResponse(frame, { compressor: this.compressor });
      if (response.message.opcode === Opcode.Event) this.listener.onEvent?.(response.message.event, this);
    } catch (e) {
      this.markDefunct(e instanceof Error ? e : new ProtocolError(String(e)));
    }
  }

  private pumpQueue(): void {
    while (this.queue.length > 0 && this.ids.available > 0) {
      const next = this.queue.shift() as Request;
      this.write(next, this.ids.acquire());
    }
    if ((this.closing || this.defunctReason) && this.ids.inFlight === 0 && this.queue.length === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      waiters.forEach((w) => w());
      if (this.defunctReason && !this.closing) this.shutdown(this.defunctReason, this.defunctReason);
    }
  }

  private sendHeartbeat(): void {
    const frame = encodeOptions({ version: this.version, stream: 0 });
    try {
      this.send(frame, this.heartbeatHandler);
    } catch (e) {
      this.fail(e instanceof Error ? e : new ConnectionError(this.endpoint, String(e)));
    }
  }

  private readonly heartbeatHandler: ResponseHandler = {
    onResponse: () => this.heartbeat?.answered(),
    onError: () => undefined,
  };

  private checkOrphans(): void {
    if (this.ids.orphanedCount > this.settings.maxOrphansPerConnection && !this.defunctReason) {
      this.markDefunct(new DefunctConnectionError(this.endpoint, `${this.ids.orphanedCount} orphaned stream ids exceed the limit of ${this.settings.maxOrphansPerConnection}`));
    }
  }

  /** Soft failure: take no new requests, let in-flight ones finish, then close. */
  private markDefunct(reason: Error): void {
    if (this.defunctReason || this.closed) return;
    this.defunctReason = reason;
    this.listener.onDefunct?.(reason, this);
    this.pumpQueue();
  }

  /** Hard failure: fail everything now and close. */
  private fail(reason: Error): void {
    if (this.closed) return;
    if (!this.defunctReason) {
      this.defunctReason = reason;
      this.listener.onDefunct?.(reason, this);
    }
    this.shutdown(reason, reason);
  }

  private readonly onSocketError = (err: Error): void => {
    this.fail(new ConnectionClosedError(this.endpoint, `socket error: ${err.message}`, { cause: err }));
  };

  private readonly onSocketClose = (): void => {
    this.shutdown(new ConnectionClosedError(this.endpoint, 'connection closed by the server'), this.closing ? null : new ConnectionClosedError(this.endpoint, 'connection closed by the server'));
  };

  /** Fails every pending request once with `requestError`, releases timers and the socket. */
  private shutdown(requestError: Error, closeReason: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat?.stop();
    this.writer.close();
    const pending: Request[] = [];
    for (let i = 0; i < this.table.length; i++) {
      const r = this.table[i];
      if (r) pending.push(r);
      this.table[i] = undefined;
    }
    pending.push(...this.queue.splice(0));
    for (const r of pending) this.finish(r);
    this.socket.destroy();
    for (const w of this.drainWaiters.splice(0)) w();
    for (const r of pending) r.handler.onError(requestError);
    this.listener.onClosed?.(closeReason, this);
  }
}
