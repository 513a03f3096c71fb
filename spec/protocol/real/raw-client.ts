/**
 * A bare client for real-server codec tests: a plain `net`/`tls` socket plus our codec, no
 * Connection class. Requests are whole frames; `useSegments` switches both directions to v5
 * segment framing (as Cassandra does once it has answered STARTUP).
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Compressor } from '../../../lib/protocol/compressor';
import { FrameDecoder } from '../../../lib/protocol/frame-decoder';
import type { Frame } from '../../../lib/protocol/frame-header';
import { decodeResponse, type Response } from '../../../lib/protocol/response';
import type { ColumnSpec } from '../../../lib/protocol/result-metadata';
import { SegmentDecoder } from '../../../lib/protocol/segment-decoder';
import { SegmentEncoder } from '../../../lib/protocol/segment-encoder';
import { createCellDecoder } from '../../../lib/types/decode';

export class RawClient {
  private decoder: { push(chunk: Buffer): Frame[] } = new FrameDecoder();
  private encoder: SegmentEncoder | null = null;
  private readonly frames: Frame[] = [];
  private waiters: Array<{ resolve: (f: Frame) => void; reject: (e: Error) => void }> = [];
  private failure: Error | null = null;
  /** Raw bytes received, for evidence about framing. */
  readonly received: Buffer[] = [];
  /** Body compressor for v3/v4 responses (and requests when the caller passes it). */
  compressor: Compressor | null = null;
  readonly cellDecoder = createCellDecoder();

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('socket closed')));
  }

  static async connect(host: string, port: number, tlsOptions?: tls.ConnectionOptions): Promise<RawClient> {
    const socket = tlsOptions ? tls.connect({ host, port, ...tlsOptions }) : net.connect({ host, port });
    const ready = tlsOptions ? 'secureConnect' : 'connect';
    await new Promise<void>((resolve, reject) => socket.once(ready, resolve).once('error', reject));
    return new RawClient(socket);
  }

  /** From now on, frames travel in v5 segments (LZ4-compressed when `compressor` is given). */
  useSegments(compressor: Compressor | null): void {
    this.decoder = new SegmentDecoder({ compressor });
    this.encoder = new SegmentEncoder({ compressor });
  }

  get closed(): boolean {
    return this.failure !== null;
  }

  /** Sends whole frames (wrapped into segments when segment framing is on). */
  send(...frames: Buffer[]): void {
    const out = this.encoder ? this.encoder.encode(frames) : frames;
    for (const b of out) this.socket.write(b);
  }

  /** Sends bytes as they are, whatever the framing. */
  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next frame, or a rejection when the socket closes or `timeoutMs` passes. */
  next(timeoutMs = 10_000): Promise<Frame> {
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (f: Frame): void => { clearTimeout(timer); resolve(f); };
      this.waiters.push({ resolve: done, reject: (e) => { clearTimeout(timer); reject(e); } });
    });
  }

  /** Sends one frame and decodes the next response (`resultColumns` for rows sent without metadata). */
  async request(frame: Buffer, resultColumns?: readonly ColumnSpec[]): Promise<Response> {
    this.send(frame);
    const f = await this.next();
    return decodeResponse(f, { compressor: this.compressor, cellDecoder: this.cellDecoder }, resultColumns);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received.push(Buffer.from(chunk));
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const f of frames) {
      const w = this.waiters.shift();
      if (w) w.resolve(f);
      else this.frames.push(f);
    }
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    for (const w of this.waiters.splice(0)) w.reject(e);
  }
}
