import { OptionError } from '../../lib/errors/option-errors';
import { validateClusterOptions, type ClusterOptions } from '../../lib/cluster/cluster-options';
import { parseContactPoint } from '../../lib/cluster/contact-points';
import { Cluster } from '../../lib/session/cluster';

const base: ClusterOptions = { contactPoints: ['127.0.0.1'] };
const optionOf = (o: unknown): string | undefined => {
  try {
    validateClusterOptions(o as ClusterOptions);
  } catch (e) {
    if (e instanceof OptionError) return e.option;
    throw e;
  }
  return undefined;
};

describe('cluster options', () => {
  it('accepts a minimal configuration', () => {
    expect(optionOf(base)).toBeUndefined();
  });

  it.each([
    [{ contactPoints: [] }, 'contactPoints'],
    [{ contactPoints: ['127.0.0.1', ''] }, 'contactPoints[1]'],
    [{ ...base, port: 70000 }, 'port'],
    [{ ...base, maxProtocolVersion: 6 }, 'maxProtocolVersion'],
    [{ ...base, compression: 'snappy' }, 'compression'],
    [{ ...base, pooling: { maxRequestsPerConnection: 40000 } }, 'pooling.maxRequestsPerConnection'],
    [{ ...base, pooling: { localConnections: 0 } }, 'pooling.localConnections'],
    [{ ...base, pooling: { heartbeatIntervalMs: -1 } }, 'pooling.heartbeatIntervalMs'],
    [{ ...base, profiles: { slow: { timeoutMs: 0 } } }, 'profiles.slow.timeoutMs'],
    [{ ...base, profiles: { lwt: { serialConsistency: 4 } } }, 'profiles.lwt.serialConsistency'],
    [{ ...base, credentials: { username: 'u' } }, 'credentials'],
    [{ ...base, refreshDebounceMs: 1.5 }, 'refreshDebounceMs'],
  ])('rejects %j naming %s', (options, option) => {
    expect(optionOf(options)).toBe(option);
  });

  it('fails at construction, before any connection', () => {
    expect(() => new Cluster({ contactPoints: ['x'], pooling: { maxRequestsPerConnection: 0 } })).toThrow(OptionError);
    expect(() => new Cluster({ contactPoints: ['x'], pooling: { maxRequestsPerConnection: 0 } })).toThrow(/pooling\.maxRequestsPerConnection/);
  });

  it('parses host, host:port and [ipv6]:port contact points', () => {
    expect(parseContactPoint('db1', 9042)).toEqual({ host: 'db1', port: 9042 });
    expect(parseContactPoint('db1:9999', 9042)).toEqual({ host: 'db1', port: 9999 });
    expect(parseContactPoint('[::1]:9043', 9042)).toEqual({ host: '::1', port: 9043 });
    expect(parseContactPoint('::1', 9042)).toEqual({ host: '::1', port: 9042 });
    expect(() => parseContactPoint('db1:0', 9042)).toThrow(OptionError);
  });
});
