/**
 * Parsing of `nodetool status` output (as printed by Cassandra 5.0.6) and
 * the generated Maven pom of the jar fetcher.
 */
import { renderPom } from '../support/cassandra/fetch';
import { parseStatus, upNormal } from '../support/cassandra/nodetool';

const STATUS = `Datacenter: dc1
===============
Status=Up/Down
|/ State=Normal/Leaving/Joining/Moving
--  Address    Load       Tokens  Owns (effective)  Host ID                               Rack
UN  127.0.0.3  0 bytes    1       66.7%             0eb7c90d-2c84-43f7-a2a9-12d923aceca8  rack1
DN  127.0.0.2  92.08 KiB  1       66.7%             480cf8d2-7228-46e0-a52a-f08344aa0edd  rack1

Datacenter: dc2
===============
Status=Up/Down
|/ State=Normal/Leaving/Joining/Moving
--  Address    Load       Tokens  Owns (effective)  Host ID                               Rack
UJ  127.0.0.4  0 bytes    1       ?                 2cd219d8-3952-4f8b-8af6-3bed7fa05f38  r2
`;

describe('parseStatus', () => {
  it('reads one row per node with its data centre, state, host id and rack', () => {
    expect(parseStatus(STATUS)).toEqual([
      { dc: 'dc1', state: 'UN', address: '127.0.0.3', hostId: '0eb7c90d-2c84-43f7-a2a9-12d923aceca8', rack: 'rack1' },
      { dc: 'dc1', state: 'DN', address: '127.0.0.2', hostId: '480cf8d2-7228-46e0-a52a-f08344aa0edd', rack: 'rack1' },
      { dc: 'dc2', state: 'UJ', address: '127.0.0.4', hostId: '2cd219d8-3952-4f8b-8af6-3bed7fa05f38', rack: 'r2' },
    ]);
  });

  it('lists only up+normal nodes in upNormal', () => {
    expect(upNormal(parseStatus(STATUS))).toEqual(['127.0.0.3']);
  });

  it('ignores noise such as warnings', () => {
    expect(parseStatus('WARN something\nerror: connection refused\n')).toEqual([]);
  });
});

describe('renderPom', () => {
  it('depends on cassandra-all of the requested version only', () => {
    const pom = renderPom('5.0.6');
    expect(pom).toContain('<artifactId>cassandra-all</artifactId>');
    expect(pom).toContain('<version>5.0.6</version>');
    expect(pom).toContain('<packaging>pom</packaging>');
  });
});
