/**
 * Partitioners: how Cassandra turns a serialized partition key into a token, and how tokens are
 * written as text (system.local/peers `tokens`). Murmur3 and Random tokens are bigints, ByteOrdered
 * tokens are hex strings of the key bytes (compared as unsigned bytes, which hex order preserves).
 */
import { createHash } from 'node:crypto';
import { murmur3Token } from './murmur3';

export type Token = bigint | string;

export interface Partitioner<T extends Token = Token> {
  /** Java class name as Cassandra reports it. */
  readonly name: string;
  tokenOf(key: Uint8Array): T;
  /** Parse the text form used in system tables. */
  parse(text: string): T;
  compare(a: T, b: T): number;
  format(token: T): string;
}

const compareBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

export const murmur3Partitioner: Partitioner<bigint> = {
  name: 'org.apache.cassandra.dht.Murmur3Partitioner',
  tokenOf: murmur3Token,
  parse: (text) => BigInt(text),
  compare: compareBig,
  format: (t) => t.toString(),
};

/** MD5 of the key as a signed 128-bit big-endian integer, absolute value; empty key → -1 (minimum). */
export const randomPartitioner: Partitioner<bigint> = {
  name: 'org.apache.cassandra.dht.RandomPartitioner',
  tokenOf(key: Uint8Array): bigint {
    if (key.length === 0) return -1n;
    const digest = createHash('md5').update(key).digest();
    const v = BigInt.asIntN(128, BigInt(`0x${digest.toString('hex')}`));
    return v < 0n ? -v : v;
  },
  parse: (text) => BigInt(text),
  compare: compareBig,
  format: (t) => t.toString(),
};

export const byteOrderedPartitioner: Partitioner<string> = {
  name: 'org.apache.cassandra.dht.ByteOrderedPartitioner',
  tokenOf: (key) => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex'),
  parse: (text) => text.toLowerCase(),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  format: (t) => t,
};

const BY_NAME = new Map<string, Partitioner>(
  [murmur3Partitioner, randomPartitioner, byteOrderedPartitioner].map((p) => [p.name, p as Partitioner]),
);

/** The partitioner for a class name from system.local (short names like `Murmur3Partitioner` also work). */
export function partitionerFor(className: string): Partitioner | undefined {
  const full = className.includes('.') ? className : `org.apache.cassandra.dht.${className}`;
  return BY_NAME.get(full);
}
