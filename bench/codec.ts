/**
 * Codec throughput (no network): encode and decode of a 5,000-row RESULT page (v5 frame), and
 * LZ4 compress / decompress of that page, in MB/s and rows/s; the read path of one large answer
 * (10 KB to 1 MB) arriving in 64 KiB socket reads, v4 framing against v5 segments. Run: `npm run bench:codec`.
 * Bounded: each measurement runs for about `BENCH_SECONDS` (default 2) seconds;
 * `BENCH_CODEC_ONLY=read` runs only the measurements whose name contains it.
 */
import { Lz4Compressor } from '../lib/protocol/compressor';
import { lz4Compressor } from '../lib/protocol/native-lz4';
import { FrameDecoder } from '../lib/protocol/frame-decoder';
import { SegmentDecoder } from '../lib/protocol/segment-decoder';
import { SegmentEncoder } from '../lib/protocol/segment-encoder';
import { decodeResponse } from '../lib/protocol/response';
import { encodeQuery } from '../lib/protocol/requests';
import { createCellDecoder } from '../lib/types/decode';
import { Uuid } from '../lib/types/uuid';
import { Opcode } from '../lib/protocol/opcodes';
import { responseFrame, rowsFrame, type ColumnDef } from '../spec/support/scripted-server/wire';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 2);
/** Only the measurements whose name contains this (e.g. `read`). */
const ONLY = process.env['BENCH_CODEC_ONLY'] ?? '';

function measure(name: string, bytesPerOp: number, rowsPerOp: number, op: () => void): void {
  if (!name.includes(ONLY)) return;
  for (let i = 0; i < 5; i++) op(); // warm up
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  let now = start;
  while (now < deadline) {
    op();
    ops++;
    now = process.hrtime.bigint();
  }
  const secs = Number(now - start) / 1e9;
  const mbs = (bytesPerOp * ops) / secs / 1e6;
  const rows = rowsPerOp ? `${((rowsPerOp * ops) / secs / 1e6).toFixed(2)} M rows/s` : '';
  console.log(`${name.padEnd(38)} ${mbs.toFixed(1).padStart(8)} MB/s  ${rows}`);
}

const columns: ColumnDef[] = [
  { name: 'id', type: { kind: 'uuid' } },
  { name: 'n', type: { kind: 'int' } },
  { name: 'big', type: { kind: 'bigint' } },
  { name: 'name', type: { kind: 'text' } },
  { name: 'score', type: { kind: 'double' } },
];
const ROWS = 5000;
const rows = Array.from({ length: ROWS }, (_, i) => [Uuid.random(), i, BigInt(i) * 1000n, `name-${i}-${'x'.repeat(i % 20)}`, i / 7]);
const page = rowsFrame(5, 1, { columns, rows });
const decoder = createCellDecoder();
const lz4 = new Lz4Compressor();
const compressed = lz4.compress(page);

console.log(`page: ${ROWS} rows, ${page.length} bytes; LZ4 ${compressed.length} bytes (${((100 * compressed.length) / page.length).toFixed(0)}%)`);
measure('encode 5,000-row page (server side)', page.length, ROWS, () => rowsFrame(5, 1, { columns, rows }));
measure('decode 5,000-row page (frame+rows)', page.length, ROWS, () => {
  const frames = new FrameDecoder().push(page);
  decodeResponse(frames[0]!, { cellDecoder: decoder });
});
measure('LZ4 compress page (lz4js)', page.length, 0, () => lz4.compress(page));
measure('LZ4 decompress page (JS decoder)', page.length, 0, () => lz4.decompress(compressed, page.length));
const native = lz4Compressor('native');
measure('LZ4 compress page (lz4-napi)', page.length, 0, () => native.compress(page));
measure('LZ4 decompress page (lz4-napi)', page.length, 0, () => native.decompress(compressed, page.length));
// Text-like blobs as in scenario 4 (1, 10, 100 KB), each codec: MB/s of uncompressed bytes.
for (const size of [1024, 10_240, 102_400]) {
  const blob = Buffer.from(Array.from({ length: Math.ceil(size / 20) }, (_, i) => `row ${i}: the quick brown fox ${i % 13}, `).join('').slice(0, size));
  const block = lz4.compress(blob);
  measure(`LZ4 ${size / 1024} KB blob compress (lz4js)`, size, 0, () => lz4.compress(blob));
  measure(`LZ4 ${size / 1024} KB blob compress (lz4-napi)`, size, 0, () => native.compress(blob));
  measure(`LZ4 ${size / 1024} KB blob decompress (JS)`, size, 0, () => lz4.decompress(block, size));
  measure(`LZ4 ${size / 1024} KB blob decompress (lz4-napi)`, size, 0, () => native.decompress(block, size));
}
const q = 'SELECT id, n, big, name, score FROM ks.t WHERE id = ?';
const value = [Buffer.alloc(16)];
measure('encode QUERY request', encodeQuery({ version: 5, stream: 1 }, q, { consistency: 1, values: value }).length, 0, () =>
  encodeQuery({ version: 5, stream: 1 }, q, { consistency: 1, values: value }));
// The read path of one large answer arriving as socket reads of 64 KiB: v4 frames against v5
// segments (uncompressed; over 128 KiB a frame spans several segments).
for (const size of [10_240, 102_400, 307_200, 1_048_576]) {
  const body = Buffer.alloc(size, 0x61);
  const frame = (version: 4 | 5): Buffer => responseFrame(version, 3, Opcode.Result, (w) => { w.raw(body); });
  const chunks = (wire: Buffer): Buffer[] => Array.from({ length: Math.ceil(wire.length / 65_536) }, (_, i) => wire.subarray(i * 65_536, (i + 1) * 65_536));
  const v4 = chunks(frame(4));
  const v5 = chunks(Buffer.concat(new SegmentEncoder().encode([frame(5)])));
  measure(`read ${size / 1024} KB answer, v4 frame`, size, 0, () => { const d = new FrameDecoder(); for (const c of v4) d.push(c); });
  measure(`read ${size / 1024} KB answer, v5 segments`, size, 0, () => { const d = new SegmentDecoder(); for (const c of v5) d.push(c); });
}
