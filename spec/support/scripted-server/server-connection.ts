/**
 * One client socket on a scripted node: decodes requests (unframed, then v5 segments after the
 * STARTUP answer; v4 LZ4 bodies), answers the handshake and system queries, and applies the
 * node's script to everything else.
 */
import type { Socket } from 'node:net';
import { compressFrame, decompressBody } from '../../../lib/protocol/body-compression';
import { Lz4Compressor, type Compressor } from '../../../lib/protocol/compressor';
import { FrameDecoder } from '../../../lib/protocol/frame-decoder';
import type { Frame } from '../../../lib/protocol/frame-header';
import { Opcode, type ProtocolVersion } from '../../../lib/protocol/opcodes';
import { SegmentDecoder } from '../../../lib/protocol/segment-decoder';
import { SegmentEncoder } from '../../../lib/protocol/segment-encoder';
import type { ScriptedNode } from './scripted-node';
import { answerFor } from './answers';
import {
  errorFrame, parseRequest, readyFrame, responseFrame, supportedFrame, type ReceivedRequest,
} from './wire';

const PASSWORD_AUTHENTICATOR = 'org.apache.cassandra.auth.PasswordAuthenticator';

export class ServerConnection {
  version: ProtocolVersion | null = null;
  keyspace: string | null = null;
  readonly registered = new Set<string>();
  private decoder: { push(chunk: Buffer): Frame[] } = new FrameDecoder();
  private segmentEncoder: SegmentEncoder | null = null;
  private bodyCompressor: Compressor | null = null;
  private authenticated = false;
  closed = false;

  constructor(readonly socket: Socket, readonly node: ScriptedNode) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => { this.closed = true; node.forget(this); });
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const f of frames) this.onFrame(f);
  }

  private onFrame(frame: Frame): void {
    const opts = this.node.options;
    if (this.version === null) {
      if (!opts.versions.includes(frame.version)) {
        // As Cassandra does: a protocol error in the highest version it speaks, then hang up.
        const highest = Math.max(...opts.versions) as ProtocolVersion;
        const msg = `Invalid or unsupported protocol version (${frame.version}); supported versions are (${opts.versions.map((v) => `${v}/v${v}`).join(', ')})`;
        this.socket.end(errorFrame(highest, frame.stream, 0x000a, msg));
        return;
      }
      this.version = frame.version;
    }
    const v = this.version;
    let body = frame.body;
    if (frame.flags & 0x01 && v < 5 && this.bodyCompressor) body = decompressBody(body, this.bodyCompressor);
    const req: ReceivedRequest = { ...parseRequest(v, frame.stream, frame.opcode, frame.flags, body), connectionKeyspace: this.keyspace };
    this.node.record(req);
    switch (frame.opcode) {
      case Opcode.Options: {
        const supported = new Map<string, string[]>([
          ['PROTOCOL_VERSIONS', opts.versions.map((x) => `${x}/v${x}`)],
          ['CQL_VERSION', ['3.4.7']],
          ['COMPRESSION', opts.compression ? ['lz4'] : []],
        ]);
        this.send(supportedFrame(v, frame.stream, supported));
        return;
      }
      case Opcode.Startup: return this.afterHandshakeDelay(() => this.onStartup(req));
      case Opcode.AuthResponse: return this.onAuthResponse(req);
      case Opcode.Register:
        (req.events ?? []).forEach((e) => this.registered.add(e));
        this.send(readyFrame(v, frame.stream));
        return;
      default:
        if (opts.auth && !this.authenticated) {
          this.send(errorFrame(v, frame.stream, 0x000a, 'Unexpected message, authentication required'));
          return;
        }
        answerFor(this, req);
    }
  }

  /** Answers STARTUP after the node's handshake delay, or closes the socket when handshakes fail. */
  private afterHandshakeDelay(answer: () => void): void {
    const { delayMs, fail } = this.node.handshake;
    const act = (): void => {
      if (this.closed) return;
      if (fail) this.socket.destroy();
      else answer();
    };
    if (this.node.handshake.hold) this.node.holdHandshake(act);
    else if (delayMs > 0) setTimeout(act, delayMs);
    else act();
  }

  private onStartup(req: ReceivedRequest): void {
    const v = this.version as ProtocolVersion;
    const compression = req.startup?.get('COMPRESSION');
    const compressor = compression === 'lz4' && this.node.options.compression ? new Lz4Compressor() : null;
    const answer = this.node.options.auth
      ? responseFrame(v, req.stream, Opcode.Authenticate, (w) => w.string(PASSWORD_AUTHENTICATOR))
      : readyFrame(v, req.stream);
    if (!this.node.options.auth) this.authenticated = true;
    // Like Cassandra 5.0: in v3/v4 the STARTUP answer is already compressed (even READY's empty
    // body); in v5 it is the last unframed message.
    if (v < 5) this.bodyCompressor = compressor;
    this.send(answer);
    if (v >= 5) {
      this.decoder = new SegmentDecoder({ compressor });
      this.segmentEncoder = new SegmentEncoder({ compressor });
    }
  }

  private onAuthResponse(req: ReceivedRequest): void {
    const v = this.version as ProtocolVersion;
    const expected = this.node.options.auth;
    const token = req.token ?? Buffer.alloc(0);
    const parts = token.toString('utf8').split('\0');
    if (expected && parts[1] === expected.username && parts[2] === expected.password) {
      this.authenticated = true;
      this.send(responseFrame(v, req.stream, Opcode.AuthSuccess, (w) => w.bytes(null)));
    } else {
      this.send(errorFrame(v, req.stream, 0x0100, `Provided username ${parts[1] ?? ''} and/or password are incorrect`));
    }
  }

  /** Writes a whole response frame with this connection's framing and compression. */
  send(frame: Buffer): void {
    if (this.closed) return;
    this.socket.write(this.wrap(frame));
  }

  /** The bytes that carry `frame` on this connection (segments in v5, compressed body in v4). */
  wrap(frame: Buffer): Buffer {
    if (this.segmentEncoder) return Buffer.concat(this.segmentEncoder.encode([frame]));
    if (this.bodyCompressor && frame.length > 9) return compressFrame(frame, this.bodyCompressor);
    return frame;
  }
}
