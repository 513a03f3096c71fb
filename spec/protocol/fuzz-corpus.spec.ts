/**
 * Regression vectors from the decoder fuzz (spec/protocol/fuzz-corpus/, written by
 * `FUZZ_CORPUS_WRITE=1 npm run fuzz`): each input, fed whole and byte by byte, still gives what it
 * gave when it was kept (a frame count, or a ProtocolError and its message), and nothing but a
 * ProtocolError is ever thrown.
 */
import { ProtocolError } from '../../lib/errors/codec-errors';
import { outcomeOf, readCorpus } from './fuzz-corpus';

const corpus = readCorpus();

describe('fuzz corpus: regression vectors', () => {
  it('holds cases of every input kind', () => {
    expect(new Set(corpus.map((e) => e.kind))).toEqual(new Set(['frames', 'frames-lz4', 'segments', 'segments-lz4']));
    expect(corpus.length).toBeGreaterThan(50);
  });

  it.each(corpus.map((e) => [e.signature, e] as const))('%s', (_signature, entry) => {
    const input = Buffer.from(entry.hex, 'hex');
    expect(outcomeOf(entry.kind, input, 'whole')).toEqual(entry.whole);
    expect(outcomeOf(entry.kind, input, 'bytes')).toEqual(entry.bytes);
    for (const o of [entry.whole, entry.bytes]) if ('error' in o) expect(o.error).toBe(new ProtocolError('x').name);
  });
});
