import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byteOrderedPartitioner, murmur3Partitioner, partitionerFor, randomPartitioner } from '../../lib/metadata/partitioner';

// Printed by Cassandra 5.0.6's RandomPartitioner (scripts/oracles/RandomPartitionerVectors.java).
const randomVectors = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'random-partitioner-vectors.json'), 'utf8')) as Array<[string, string]>;

describe('partitioners', () => {
  it('RandomPartitioner matches Cassandra', () => {
    expect(randomVectors.length).toBeGreaterThan(100);
    const bad = randomVectors.filter(([hex, t]) => randomPartitioner.tokenOf(Buffer.from(hex, 'hex')).toString() !== t);
    expect(bad).toEqual([]);
  });

  it('ByteOrderedPartitioner orders tokens as unsigned bytes', () => {
    const a = byteOrderedPartitioner.tokenOf(Buffer.from([0x01, 0xff]));
    const b = byteOrderedPartitioner.tokenOf(Buffer.from([0x80]));
    const c = byteOrderedPartitioner.tokenOf(Buffer.from([0x80, 0x00]));
    expect(byteOrderedPartitioner.compare(a, b)).toBeLessThan(0);
    expect(byteOrderedPartitioner.compare(b, c)).toBeLessThan(0);
    expect(byteOrderedPartitioner.parse('80FF')).toBe('80ff');
  });

  it('parses and formats Murmur3 tokens', () => {
    expect(murmur3Partitioner.parse('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(murmur3Partitioner.format(123n)).toBe('123');
  });

  it('finds partitioners by full or short class name', () => {
    expect(partitionerFor('org.apache.cassandra.dht.Murmur3Partitioner')).toBe(murmur3Partitioner);
    expect(partitionerFor('RandomPartitioner')).toBe(randomPartitioner);
    expect(partitionerFor('org.example.Unknown')).toBeUndefined();
  });
});
