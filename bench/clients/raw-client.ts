/**
 * The physical limit (scenario 5): a raw socket client that pipelines a PRECOMPUTED EXECUTE frame
 * (stream id patched) against the bench server, keeping N requests in flight; responses are only
 * scanned for their header. One write per received chunk (every answer in the chunk triggers its
 * replacement request). v4 frames, or v5 segments (CRC24 header, CRC32 payload).
 */
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { crc32 } from '../../lib/protocol/crc';
import { encodeExecute, encodeStartup } from '../../lib/protocol/requests';
import { MAX_SEGMENT_PAYLOAD, writeSegmentHeader } from '../../lib/protocol/segment-format';
import { encodeValue } from '../../lib/types/encode';
import { preparedIdOf } from '../../spec/support/scripted-server/answers';
import { HOT_QUERY } from '../workload';
import { fail, readTask, report, type LoadFigures, type Task } from './common';

function connect(task: Task): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: task.host, port: task.port }, () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

async function handshake(s: net.Socket, version: 4 | 5): Promise<void> {
  s.write(encodeStartup({ version, stream: 0 }, { CQL_VERSION: '3.0.0' }));
  await new Promise<void>((resolve, reject) => {
    let got = Buffer.alloc(0);
    const onData = (c: Buffer): void => {
      got = Buffer.concat([got, c]);
      if (got.length >= 9 && got.length >= 9 + got.readInt32BE(5)) {
        s.off('data', onData);
        if (got[4] !== 0x02) reject(new Error(`STARTUP answered with opcode ${got[4]}`));
        else resolve();
      }
    };
    s.on('data', onData);
  });
}

/** Runs one measurement on an open, started connection. */
function measure(s: net.Socket, version: 4 | 5, inFlight: number, seconds: number): Promise<LoadFigures> {
  const id = preparedIdOf(HOT_QUERY);
  const key = encodeValue({ kind: 'int' }, 42, 'k') as Buffer;
  const request = encodeExecute({ version, stream: 0 }, id, id.subarray(0, 8), { consistency: 10, values: [key], skipMetadata: true });
  const sentAt = new Float64Array(32768);
  const latencies = new Float64Array(4_000_000);
  let finished = 0;
  let active = 0;
  let stopped = false;
  let pending: Buffer | null = null;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const cpu0 = process.cpuUsage();

  const writeRequests = (streams: number[], count: number): void => {
    if (count === 0) return;
    const len = request.length * count;
    const v5 = version === 5;
    if (v5 && len > MAX_SEGMENT_PAYLOAD) throw new Error('too many requests for one segment');
    const out = Buffer.allocUnsafe(len + (v5 ? 10 : 0));
    let at = v5 ? 6 : 0;
    const now = performance.now();
    for (let i = 0; i < count; i++) {
      const stream = streams[i] as number;
      request.copy(out, at);
      out.writeInt16BE(stream, at + 2);
      sentAt[stream] = now;
      at += request.length;
    }
    if (v5) {
      writeSegmentHeader(out, false, { payloadLength: len, uncompressedLength: len, selfContained: true });
      out.writeUInt32LE(crc32(out.subarray(6, at)), at);
    }
    active += count;
    s.write(out);
  };

  return new Promise((resolve) => {
    const again: number[] = [];
    const onFrames = (buf: Buffer, from: number, to: number): void => {
      let at = from;
      const now = performance.now();
      while (at + 9 <= to) {
        const stream = buf.readInt16BE(at + 2);
        at += 9 + buf.readInt32BE(at + 5);
        if (finished < latencies.length) latencies[finished] = now - (sentAt[stream] as number);
        finished++;
        active--;
        if (!stopped) again.push(stream);
      }
    };
    const onData = (chunk: Buffer): void => {
      const data = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      let at = 0;
      again.length = 0;
      if (version === 5) {
        while (data.length - at >= 6) {
          const len = ((data[at] as number) | ((data[at + 1] as number) << 8) | ((data[at + 2] as number) << 16)) & MAX_SEGMENT_PAYLOAD;
          if (data.length - at < 10 + len) break;
          onFrames(data, at + 6, at + 6 + len); // the server sends whole frames in self-contained segments
          at += 10 + len;
        }
      } else {
        while (data.length - at >= 9) {
          const end = at + 9 + data.readInt32BE(at + 5);
          if (end > data.length) break;
          onFrames(data, at, end);
          at = end;
        }
      }
      if (at < data.length) pending = Buffer.from(data.subarray(at));
      if (!stopped && performance.now() >= deadline) { stopped = true; again.length = 0; }
      writeRequests(again, again.length);
      if (stopped && active === 0) {
        s.off('data', onData);
        const secs = (performance.now() - start) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const n = Math.min(finished, latencies.length);
        const sorted = latencies.subarray(0, n).slice().sort();
        const pct = (p: number): number => (sorted[Math.min(n - 1, Math.floor(p * n))] as number) * 1000;
        resolve({
          label: `raw v${version}`, inFlight, requests: finished, errors: 0, seconds: secs, throughput: finished / secs,
          cpuUsPerRequest: (cpu.user + cpu.system) / finished, p50Us: pct(0.5), p99Us: pct(0.99),
        });
      }
    };
    s.on('data', onData);
    writeRequests(Array.from({ length: inFlight }, (_, i) => i), inFlight);
  });
}

async function main(): Promise<void> {
  const task = readTask();
  const s = await connect(task);
  await handshake(s, task.version);
  const out: LoadFigures[] = [];
  for (const n of task.inFlight) {
    await measure(s, task.version, n, task.warmupSeconds);
    out.push(await measure(s, task.version, n, task.seconds));
  }
  s.destroy();
  report(out);
}

main().catch(fail);
