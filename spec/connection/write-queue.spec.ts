import { EventEmitter } from 'node:events';
import { WriteQueue, WritableSink } from '../../lib/connection/write-queue';

class FakeSink extends EventEmitter implements WritableSink {
  chunks: Buffer[] = [];
  accept = true;
  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return this.accept;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WriteQueue', () => {
  it('coalesces frames pushed in the same tick into one write, in order', async () => {
    const sink = new FakeSink();
    const q = new WriteQueue(sink);
    for (let i = 0; i < 256; i++) q.push(Buffer.from([i & 0xff, (i >> 8) & 0xff]));
    expect(sink.chunks).toHaveLength(0);
    await tick();
    expect(sink.chunks).toHaveLength(1);
    const out = sink.chunks[0] as Buffer;
    expect(out.length).toBe(512);
    for (let i = 0; i < 256; i++) expect(out.readUInt16LE(i * 2)).toBe(i);
    expect(q.stats).toEqual({ writes: 1, frames: 256, bytes: 512 });
  });

  it('stops writing after write() returns false and resumes on drain', async () => {
    const sink = new FakeSink();
    const q = new WriteQueue(sink);
    sink.accept = false;
    q.push(Buffer.from('a'));
    await tick();
    expect(sink.chunks).toHaveLength(1);
    q.push(Buffer.from('b'));
    q.push(Buffer.from('c'));
    await tick();
    expect(sink.chunks).toHaveLength(1);
    expect(q.queuedBytes).toBe(2);
    sink.accept = true;
    sink.emit('drain');
    expect(sink.chunks.map((c) => c.toString())).toEqual(['a', 'bc']);
  });

  it('flushes early past the pending byte limit', () => {
    const sink = new FakeSink();
    const q = new WriteQueue(sink, undefined, 10);
    q.push(Buffer.alloc(6));
    expect(sink.chunks).toHaveLength(0);
    q.push(Buffer.alloc(6));
    expect(sink.chunks).toHaveLength(1);
  });

  it('applies the framing strategy to each flush and writes nothing after close', async () => {
    const sink = new FakeSink();
    const q = new WriteQueue(sink);
    q.setFraming((frames, total) => Buffer.concat([Buffer.from([frames.length, total]), ...frames]));
    q.push(Buffer.from('xy'));
    q.push(Buffer.from('z'));
    await tick();
    expect([...(sink.chunks[0] as Buffer)]).toEqual([2, 3, 0x78, 0x79, 0x7a]);
    q.close();
    q.push(Buffer.from('late'));
    await tick();
    expect(sink.chunks).toHaveLength(1);
  });
});

describe('WriteQueue with multi-chunk framing', () => {
  it('writes the chunks of one flush corked, counted as one flush', async () => {
    const sink = new FakeSink();
    const calls: string[] = [];
    const corking: WritableSink = {
      write: (c) => (calls.push(`write ${c.toString()}`), true),
      once: () => undefined,
      cork: () => void calls.push('cork'),
      uncork: () => void calls.push('uncork'),
    };
    const q = new WriteQueue(corking, (frames) => frames.map((f) => Buffer.concat([Buffer.from('['), f, Buffer.from(']')])));
    q.push(Buffer.from('a'));
    q.push(Buffer.from('b'));
    await tick();
    expect(calls).toEqual(['cork', 'write [a]', 'write [b]', 'uncork']);
    expect(q.stats).toEqual({ writes: 1, frames: 2, bytes: 6 });
    expect(sink.chunks).toHaveLength(0);
  });
});
