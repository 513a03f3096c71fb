/**
 * The fuzz corpus: inputs the decoder fuzz found interesting (the smallest input for each distinct
 * error, by kind), kept in spec/protocol/fuzz-corpus/ as small JSON files and replayed by
 * fuzz-corpus.spec.ts on every run. Each file holds the input as hex and what decoding it gives,
 * fed whole and fed byte by byte: a frame count, or an error class and message.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chunks, decodeAll, type FuzzKind } from './fuzz-sources';

export const CORPUS_DIR = path.join(__dirname, 'fuzz-corpus');

export type Outcome = { readonly frames: number } | { readonly error: string; readonly message: string };

export interface CorpusEntry {
  readonly kind: FuzzKind;
  /** What the case exercises (the normalised error message it was kept for). */
  readonly signature: string;
  readonly hex: string;
  readonly whole: Outcome;
  readonly bytes: Outcome;
}

/** The outcome of decoding `input` of `kind`, fed whole or byte by byte. */
export function outcomeOf(kind: FuzzKind, input: Buffer, feed: 'whole' | 'bytes'): Outcome {
  try {
    return { frames: decodeAll(kind, chunks(input, feed === 'whole' ? null : 'bytes')) };
  } catch (e) {
    return { error: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) };
  }
}

/** An error message with its numbers and quoted texts replaced: one signature per kind of failure. */
export function signatureOf(kind: FuzzKind, message: string): string {
  const shape = message.replace(/"[^"]*"?/g, 'S').replace(/'[^']*'?/g, 'S').replace(/0x[0-9a-f]+/gi, 'N').replace(/-?\d+/g, 'N');
  return `${kind}: ${shape.slice(0, 120)}`;
}

export function readCorpus(): CorpusEntry[] {
  if (!fs.existsSync(CORPUS_DIR)) return [];
  return fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8')) as CorpusEntry);
}

/** Writes the cases whose signature the corpus lacks; returns how many were written. */
export function addToCorpus(found: ReadonlyMap<string, { kind: FuzzKind; input: Buffer }>): number {
  const known = new Set(readCorpus().map((e) => e.signature));
  fs.mkdirSync(CORPUS_DIR, { recursive: true });
  let written = 0;
  for (const [signature, { kind, input }] of found) {
    if (known.has(signature)) continue;
    const entry: CorpusEntry = { kind, signature, hex: input.toString('hex'), whole: outcomeOf(kind, input, 'whole'), bytes: outcomeOf(kind, input, 'bytes') };
    const name = `${kind}-${createHash('sha1').update(entry.hex).digest('hex').slice(0, 10)}.json`;
    fs.writeFileSync(path.join(CORPUS_DIR, name), `${JSON.stringify(entry, null, 1)}\n`);
    written++;
  }
  return written;
}
