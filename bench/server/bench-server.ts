/**
 * Lean CQL bench server (run as its own process: `node bench/.out/bench/server/bench-server.js`).
 * Handshake, system tables, USE and PREPARE go through the project's codec (slow path); the hot
 * path answers EXECUTE of the scenario-1 statement by copying a PRECOMPUTED response frame with
 * the stream id patched, reading nothing beyond the frame header, the prepared id and the
 * skip-metadata flag. v4 and v5 framing; LZ4 optional (v4 bodies precompressed; v5 LZ4 segments go
 * through the codec's segment encoder). Also serves precomputed 5,000-row pages for scenario 3.
 * Prints `{"port":N,"host":"..."}` on stdout when listening; exits on SIGTERM or stdin close.
 */
import * as net from 'node:net';
import { compressFrame, decompressBody } from '../../lib/protocol/body-compression';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import { crc32 } from '../../lib/protocol/crc';
import { Opcode, type ProtocolVersion } from '../../lib/protocol/opcodes';
import { SegmentDecoder } from '../../lib/protocol/segment-decoder';
import { SegmentEncoder } from '../../lib/protocol/segment-encoder';
import { MAX_SEGMENT_PAYLOAD, writeSegmentHeader } from '../../lib/protocol/segment-format';
import { preparedIdOf } from '../../spec/support/scripted-server/answers';
import { SimulatedTopology } from '../../spec/support/scripted-server/topology';
import {
  errorFrame, parseRequest, preparedFrame, readyFrame, rowsFrame, setKeyspaceFrame, supportedFrame, voidFrame,
  type ColumnDef, type ReceivedRequest,
} from '../../spec/support/scripted-server/wire';
import { HOT_QUERY, HOT_RESULT_COLUMNS, HOT_ROW, HOT_VARIABLES, PAGE_COLUMNS, PAGE_QUERY, pageRows } from '../workload';

const TOTAL_ROWS = Number(process.env['BENCH_PAGE_ROWS'] ?? 1_000_000);
const PAGE_SIZE = 5000;
const PAGES = Math.ceil(TOTAL_ROWS / PAGE_SIZE);

const topo = new SimulatedTopology({
  port: Number(process.env['BENCH_SERVER_PORT'] ?? 0) || 19042,
  addressBase: 150,
  keyspaces: { bench_rx: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' } },
});
const self = topo.nodes[0]!;
const HOT_ID = preparedIdOf(HOT_QUERY);
const lz4 = new Lz4Compressor();

interface Precomputed { readonly full: Buffer; readonly noMeta: Buffer; readonly fullLz4: Buffer; readonly noMetaLz4: Buffer }

function lz4Frame(frame: Buffer): Buffer {
  return compressFrame(frame, lz4);
}

function precompute(v: ProtocolVersion): Precomputed {
  const spec = { keyspace: 'bench_rx', table: 's1', columns: HOT_RESULT_COLUMNS, rows: [HOT_ROW] };
  const full = rowsFrame(v, 0, spec);
  const noMeta = rowsFrame(v, 0, { ...spec, noMetadata: true });
  return { full, noMeta, fullLz4: lz4Frame(full), noMetaLz4: lz4Frame(noMeta) };
}
const HOT: Record<4 | 5, Precomputed> = { 4: precompute(4), 5: precompute(5) };

/** Page frames: the paging state is 4 bytes (next page index) at offset 25, patched per answer. */
const PAGING_STATE_OFFSET = 25;
function pageFrames(v: ProtocolVersion): { middle: Buffer; last: Buffer } {
  const rows = pageRows(PAGE_SIZE);
  const spec = { keyspace: 'bench_rx', table: 'rows', columns: PAGE_COLUMNS, rows };
  const middle = rowsFrame(v, 0, { ...spec, pagingState: Buffer.alloc(4) });
  const lastCount = TOTAL_ROWS - (PAGES - 1) * PAGE_SIZE;
  const last = rowsFrame(v, 0, { ...spec, rows: rows.slice(0, lastCount) });
  return { middle, last };
}
const PAGE_FRAMES = new Map<ProtocolVersion, { middle: Buffer; last: Buffer }>();

const STATEMENTS = new Map<string, { variables: ColumnDef[]; pk: number[]; result: ColumnDef[] }>([
  [HOT_QUERY, { variables: HOT_VARIABLES, pk: [0], result: HOT_RESULT_COLUMNS }],
  [PAGE_QUERY, { variables: [], pk: [], result: PAGE_COLUMNS }],
]);
const preparedText = new Map<string, string>();

let served = 0;

class BenchConnection {
  private version: ProtocolVersion | null = null;
  private segments = false;
  private lz4Bodies = false;
  private segDecoder: SegmentDecoder | null = null;
  private segEncoder: SegmentEncoder | null = null;
  /** Leftover bytes of an incomplete segment (v5) or frame (unframed). */
  private outer: Buffer | null = null;
  /** Leftover frame bytes inside v5 payloads (a frame spanning segments). */
  private inner: Buffer | null = null;
  /** Responses of the current chunk: whole frames; hot ones get their stream patched on assembly. */
  private outFrames: Buffer[] = [];
  private outStreams: number[] = [];

  constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
  }

  private onData(chunk: Buffer): void {
    try {
      if (this.segDecoder) {
        for (const f of this.segDecoder.push(chunk)) this.slow(f.version, f.flags, f.stream, f.opcode, f.body);
      } else if (this.segments) {
        this.scanSegments(chunk);
      } else {
        const data = this.outer ? Buffer.concat([this.outer, chunk]) : chunk;
        this.outer = null;
        const used = this.scanFrames(data);
        if (used < data.length) {
          const rest = data.subarray(used);
          if (this.segments) this.scanSegments(rest); // switched to v5 framing mid-chunk
          else this.outer = rest;
        }
      }
    } catch (e) {
      process.stderr.write(`bench server: ${e instanceof Error ? e.message : String(e)}\n`);
      this.socket.destroy();
      return;
    }
    this.flush();
  }

  private scanSegments(chunk: Buffer): void {
    const data = this.outer ? Buffer.concat([this.outer, chunk]) : chunk;
    this.outer = null;
    let at = 0;
    while (data.length - at >= 6) {
      const h = (data[at] as number) | ((data[at + 1] as number) << 8) | ((data[at + 2] as number) << 16);
      const len = h & MAX_SEGMENT_PAYLOAD;
      const selfContained = (h & (1 << 17)) !== 0;
      if (data.length - at < 6 + len + 4) break;
      const payload = data.subarray(at + 6, at + 6 + len);
      at += 6 + len + 4;
      if (selfContained && !this.inner) {
        const used = this.scanFrames(payload);
        if (used !== payload.length) throw new Error('frame cut across a self-contained segment');
      } else {
        const inner = this.inner ? Buffer.concat([this.inner, payload]) : payload;
        const used = this.scanFrames(inner);
        this.inner = used < inner.length ? Buffer.from(inner.subarray(used)) : null;
      }
    }
    if (at < data.length) this.outer = Buffer.from(data.subarray(at));
  }

  /** Handles every whole frame in `buf`, returns the bytes consumed. */
  private scanFrames(buf: Buffer): number {
    let at = 0;
    while (buf.length - at >= 9) {
      const bodyLen = buf.readInt32BE(at + 5);
      const end = at + 9 + bodyLen;
      if (end > buf.length) break;
      const flags = buf[at + 1] as number;
      const stream = buf.readInt16BE(at + 2);
      const opcode = buf[at + 4] as number;
      const v = this.version;
      // Hot path: EXECUTE of the scenario-1 statement, uncompressed request body.
      if (opcode === Opcode.Execute && v !== null && (flags & 0x05) === 0 &&
          buf.readUInt16BE(at + 9) === 16 && HOT_ID.compare(buf, at + 11, at + 27) === 0) {
        // v5: the result metadata id ([short bytes], any length) precedes <consistency><flags>.
        const flagsAt = at + 27 + (v >= 5 ? 2 + buf.readUInt16BE(at + 27) : 0) + 2;
        const skip = v >= 5 ? (buf.readInt32BE(flagsAt) & 0x02) !== 0 : ((buf[flagsAt] as number) & 0x02) !== 0;
        const p = HOT[v === 5 ? 5 : 4];
        this.outFrames.push(this.lz4Bodies ? (skip ? p.noMetaLz4 : p.fullLz4) : (skip ? p.noMeta : p.full));
        this.outStreams.push(stream);
        served++;
      } else {
        this.slow((buf[at] as number) as ProtocolVersion, flags, stream, opcode, buf.subarray(at + 9, end));
      }
      at = end;
      if (this.segments && !this.inner && this.version === 5 && this.segDecoder === null && this.justStarted) {
        this.justStarted = false;
        return at; // the rest of this chunk is v5 segments
      }
    }
    return at;
  }

  private justStarted = false;

  private send(frame: Buffer): void {
    this.outFrames.push(frame);
    this.outStreams.push(frame.readInt16BE(2));
  }

  private slow(version: ProtocolVersion, flags: number, stream: number, opcode: number, rawBody: Buffer): void {
    if (this.version === null) this.version = version;
    const v = this.version;
    const body = flags & 0x01 && this.lz4Bodies ? decompressBody(rawBody, lz4) : rawBody;
    const req = parseRequest(v, stream, opcode, flags & ~0x01, body);
    switch (opcode) {
      case Opcode.Options:
        this.send(supportedFrame(v, stream, new Map([
          ['PROTOCOL_VERSIONS', ['3/v3', '4/v4', '5/v5']], ['CQL_VERSION', ['3.4.7']], ['COMPRESSION', ['lz4']],
        ])));
        return;
      case Opcode.Startup: {
        const useLz4 = req.startup?.get('COMPRESSION') === 'lz4';
        if (v < 5) {
          this.lz4Bodies = useLz4;
          this.send(readyFrame(v, stream));
          return;
        }
        this.send(readyFrame(v, stream));
        this.flush(); // the last unframed message
        if (useLz4) {
          this.segDecoder = new SegmentDecoder({ compressor: lz4 });
          this.segEncoder = new SegmentEncoder({ compressor: lz4 });
        }
        this.segments = true;
        this.justStarted = true;
        return;
      }
      case Opcode.Register:
        this.send(readyFrame(v, stream));
        return;
      case Opcode.Prepare: {
        const q = (req.query ?? '').trim();
        const st = STATEMENTS.get(q) ?? { variables: [], pk: [], result: [] };
        preparedText.set(preparedIdOf(q).toString('hex'), q);
        this.send(preparedFrame(v, stream, preparedIdOf(q), st.variables, st.pk, st.result));
        return;
      }
      case Opcode.Query:
      case Opcode.Execute:
        this.answerQuery(v, req);
        return;
      default:
        this.send(errorFrame(v, stream, 0x000a, `unsupported opcode ${opcode}`));
    }
  }

  private answerQuery(v: ProtocolVersion, req: ReceivedRequest): void {
    let q = req.query;
    if (req.opcode === Opcode.Execute && req.preparedId) {
      q = preparedText.get(req.preparedId.toString('hex'));
      if (q === undefined) {
        const id = req.preparedId;
        this.send(errorFrame(v, req.stream, 0x2500, 'Prepared query with ID not found', (w) => w.shortBytes(id)));
        return;
      }
    }
    q = (q ?? '').trim();
    const s = req.stream;
    if (q === PAGE_QUERY) return this.answerPage(v, req);
    if (q === HOT_QUERY) {
      served++;
      return this.send(rowsFrame(v, s, { keyspace: 'bench_rx', table: 's1', columns: HOT_RESULT_COLUMNS, rows: [HOT_ROW] }));
    }
    const use = /^USE\s+"?([A-Za-z0-9_]+)"?/i.exec(q);
    if (use) return this.send(setKeyspaceFrame(v, s, use[1] as string));
    if (/FROM\s+system\.local\b/i.test(q)) return this.send(rowsFrame(v, s, topo.localRows(self)));
    if (/FROM\s+system\.peers_v2\b/i.test(q)) return this.send(rowsFrame(v, s, topo.peersV2Rows(self)));
    if (/FROM\s+system\.peers\b/i.test(q)) return this.send(rowsFrame(v, s, topo.peersRows(self)));
    if (/FROM\s+system_schema\.keyspaces\b/i.test(q)) return this.send(rowsFrame(v, s, topo.keyspaceRows()));
    if (/FROM\s+system/i.test(q)) {
      return this.send(rowsFrame(v, s, { keyspace: 'system_schema', table: 'x', columns: [{ name: 'keyspace_name', type: { kind: 'text' } }], rows: [] }));
    }
    this.send(voidFrame(v, s));
  }

  private answerPage(v: ProtocolVersion, req: ReceivedRequest): void {
    let frames = PAGE_FRAMES.get(v);
    if (!frames) { frames = pageFrames(v); PAGE_FRAMES.set(v, frames); }
    const page = req.pagingState && req.pagingState.length === 4 ? req.pagingState.readInt32BE(0) : 0;
    if (page >= PAGES - 1) {
      this.send(patchStream(frames.last, req.stream));
    } else {
      const f = patchStream(frames.middle, req.stream);
      f.writeInt32BE(page + 1, PAGING_STATE_OFFSET);
      this.send(f);
    }
  }

  /** Writes the chunk's responses in one socket write. */
  private flush(): void {
    const frames = this.outFrames;
    const n = frames.length;
    if (n === 0) return;
    const streams = this.outStreams;
    this.outFrames = [];
    this.outStreams = [];
    if (this.segEncoder) {
      const patched = frames.map((f, i) => patchStream(f, streams[i] as number));
      for (const seg of this.segEncoder.encode(patched)) this.socket.write(seg);
      return;
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += (frames[i] as Buffer).length;
    const v5 = this.segments;
    if (v5 && total > MAX_SEGMENT_PAYLOAD) {
      const patched = frames.map((f, i) => patchStream(f, streams[i] as number));
      for (const seg of new SegmentEncoder().encode(patched)) this.socket.write(seg);
      return;
    }
    const head = v5 ? 6 : 0;
    const out = Buffer.allocUnsafe(head + total + (v5 ? 4 : 0));
    let at = head;
    for (let i = 0; i < n; i++) {
      const f = frames[i] as Buffer;
      f.copy(out, at);
      out.writeInt16BE(streams[i] as number, at + 2);
      at += f.length;
    }
    if (v5) {
      writeSegmentHeader(out, false, { payloadLength: total, uncompressedLength: total, selfContained: true });
      out.writeUInt32LE(crc32(out.subarray(6, at)), at);
    }
    this.socket.write(out);
  }
}

function patchStream(frame: Buffer, stream: number): Buffer {
  const copy = Buffer.from(frame);
  copy.writeInt16BE(stream, 2);
  return copy;
}

const server = net.createServer((socket) => new BenchConnection(socket));
server.listen(self.port, self.address, () => {
  process.stdout.write(`${JSON.stringify({ host: self.address, port: self.port, pid: process.pid })}\n`);
});
server.on('error', (e) => {
  process.stderr.write(`bench server: ${e.message}\n`);
  process.exit(1);
});
const stop = (): void => {
  process.stderr.write(`bench server: served ${served} hot answers\n`);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
