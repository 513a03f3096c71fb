/** The statements and data every bench client and the bench server agree on. */
import type { ColumnDef } from '../spec/support/scripted-server/wire';

/** Scenario 1 (bench server): a prepared read by key answering one small row. */
export const HOT_QUERY = 'SELECT k, v FROM bench_rx.s1 WHERE k = ?';
export const HOT_VARIABLES: ColumnDef[] = [{ name: 'k', type: { kind: 'int' } }];
export const HOT_RESULT_COLUMNS: ColumnDef[] = [{ name: 'k', type: { kind: 'int' } }, { name: 'v', type: { kind: 'text' } }];
export const HOT_ROW: readonly unknown[] = [42, 'value-0000000042'];

/** Scenario 3: one million small rows, 100 partitions of 10,000, streamed with fetch size 5,000. */
export const PAGE_QUERY = 'SELECT p, c, v FROM bench_rx.rows';
export const PAGE_COLUMNS: ColumnDef[] = [
  { name: 'p', type: { kind: 'int' } }, { name: 'c', type: { kind: 'int' } }, { name: 'v', type: { kind: 'text' } },
];
export const PAGE_PARTITIONS = 100;
export const PAGE_ROWS_PER_PARTITION = 10_000;

export function pageRows(n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => [i % PAGE_PARTITIONS, i, `v-${String(i).padStart(8, '0')}`]);
}

/** Scenario 2 (real Cassandra): key/value table. */
export const KV_TABLE = 'CREATE TABLE IF NOT EXISTS bench_rx.kv (k int PRIMARY KEY, v text)';
export const KV_INSERT = 'INSERT INTO bench_rx.kv (k, v) VALUES (?, ?)';
export const KV_SELECT = 'SELECT k, v FROM bench_rx.kv WHERE k = ?';
export const KV_KEYS = 100_000;

/** Scenario 4 (real Cassandra): blobs. */
export const BLOB_TABLE = 'CREATE TABLE IF NOT EXISTS bench_rx.blobs (k int PRIMARY KEY, b blob)';
export const BLOB_INSERT = 'INSERT INTO bench_rx.blobs (k, b) VALUES (?, ?)';
export const BLOB_SELECT = 'SELECT k, b FROM bench_rx.blobs WHERE k = ?';

/**
 * A compressible blob (text-like JSON records with varying digits, about 3:1 under LZ4), the kind of
 * payload compression is meant for; random bytes would not compress at all.
 */
export function blob(size: number, seed: number): Buffer {
  const parts: string[] = [];
  let x = seed * 2654435761 >>> 0;
  let len = 0;
  while (len < size) {
    x = (x * 1103515245 + 12345) >>> 0;
    const rec = `{"id":${x % 100000},"name":"user-${x % 977}","score":${(x % 10000) / 100},"tags":["a","b${x % 7}"]},`;
    parts.push(rec);
    len += rec.length;
  }
  return Buffer.from(parts.join('').slice(0, size), 'utf8');
}
