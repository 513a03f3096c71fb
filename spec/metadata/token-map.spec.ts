import { murmur3Partitioner } from '../../lib/metadata/partitioner';
import { TokenMap, TokenOwner } from '../../lib/metadata/token-map';

const node = (n: number, tokens: string[], dc = 'dc1', rack = 'r1'): TokenOwner => ({ endpoint: `10.0.0.${n}:9042`, datacenter: dc, rack, tokens });
const names = (hosts: readonly TokenOwner[]): string[] => hosts.map((h) => h.endpoint.split(':')[0]!.split('.')[3]!);
const SIMPLE = (rf: number) => ({ class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: String(rf) });
const NTS = (dcs: Record<string, number>) => ({ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', ...Object.fromEntries(Object.entries(dcs).map(([k, v]) => [k, String(v)])) });

describe('TokenMap', () => {
  const hosts = [node(1, ['-100']), node(2, ['0']), node(3, ['100'])];
  const map = TokenMap.build(murmur3Partitioner, hosts);

  it('owns (previous, token] and wraps past the last token', () => {
    expect(names(map.getReplicas(SIMPLE(1), -150n))).toEqual(['1']);
    expect(names(map.getReplicas(SIMPLE(1), -100n))).toEqual(['1']);
    expect(names(map.getReplicas(SIMPLE(1), -99n))).toEqual(['2']);
    expect(names(map.getReplicas(SIMPLE(1), 100n))).toEqual(['3']);
    expect(names(map.getReplicas(SIMPLE(1), 101n))).toEqual(['1']);
  });

  it('SimpleStrategy walks clockwise over distinct hosts, capped at the host count', () => {
    expect(names(map.getReplicas(SIMPLE(2), 50n))).toEqual(['3', '1']);
    expect(names(map.getReplicas(SIMPLE(5), 50n))).toEqual(['3', '1', '2']);
    const vnodes = TokenMap.build(murmur3Partitioner, [node(1, ['-10', '10']), node(2, ['0', '20'])]);
    expect(names(vnodes.getReplicas(SIMPLE(2), -5n))).toEqual(['2', '1']);
  });

  it('NetworkTopologyStrategy takes replicas per datacenter, one per rack before repeating racks', () => {
    const ring = TokenMap.build(murmur3Partitioner, [
      node(1, ['10'], 'dc1', 'a'),
      node(2, ['20'], 'dc1', 'a'),
      node(3, ['30'], 'dc2', 'x'),
      node(4, ['40'], 'dc1', 'b'),
      node(5, ['50'], 'dc2', 'x'),
      node(6, ['60'], 'dc1', 'c'),
    ]);
    // dc1 rf 2 from token 5: node1 (rack a), node2 skipped (rack a repeats: 2 - 3 racks < 1), node4 (rack b).
    expect(names(ring.getReplicas(NTS({ dc1: 2 }), 5n))).toEqual(['1', '4']);
    // dc1 rf 3 with 3 racks: one per rack: 1(a), 4(b), 6(c); dc2 rf 2 with 1 rack: repeats allowed: 3, 5.
    expect(names(ring.getReplicas(NTS({ dc1: 3, dc2: 2 }), 5n))).toEqual(['1', '3', '4', '5', '6']);
    // dc1 rf 4 with 3 racks: one repeat allowed, taken at the first repeat met in ring order: 1, 2, 4, 6.
    expect(names(ring.getReplicas(NTS({ dc1: 4 }), 5n))).toEqual(['1', '2', '4', '6']);
    // unknown datacenter and rf 0 contribute nothing
    expect(names(ring.getReplicas(NTS({ dc9: 3, dc2: 0 }), 5n))).toEqual([]);
  });

  it('EverywhereStrategy returns every host; LocalStrategy and unknown strategies no preference', () => {
    expect(names(map.getReplicas({ class: 'EverywhereStrategy' }, 0n))).toEqual(['2', '3', '1']);
    expect(map.getReplicas({ class: 'org.apache.cassandra.locator.LocalStrategy' }, 0n)).toEqual([]);
    expect(map.getReplicas({ class: 'com.example.Custom' }, 0n)).toEqual([]);
  });

  it('reads transient replication factors (3/1) as all replicas', () => {
    expect(names(map.getReplicas(SIMPLE(1), 0n))).toEqual(['2']);
    expect(names(map.getReplicas({ class: 'SimpleStrategy', replication_factor: '3/1' }, 0n))).toEqual(['2', '3', '1']);
  });

  it('lists primary and replica ranges per host', () => {
    expect(map.primaryRanges('10.0.0.2:9042')).toEqual([{ start: -100n, end: 0n }]);
    expect(map.replicaRanges(SIMPLE(2), '10.0.0.2:9042')).toEqual([
      { start: 100n, end: -100n },
      { start: -100n, end: 0n },
    ]);
  });

  it('an empty ring has no replicas', () => {
    expect(TokenMap.build(murmur3Partitioner, []).getReplicas(SIMPLE(3), 0n)).toEqual([]);
  });
});
