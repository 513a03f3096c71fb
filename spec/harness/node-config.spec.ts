/**
 * Config generation of the Cassandra harness, without booting anything:
 * topology (addresses, ports, tokens, placement), cassandra.yaml (5.0 key
 * names only, auth/TLS switches), logback.xml, rackdc and the JVM command line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveOptions } from '../support/cassandra/config';
import { daemonArgs, daemonModuleFlags, extraJvmArgs, moduleFlags, parseModulePackages } from '../support/cassandra/jvm';
import { renderCassandraYaml, renderLogback, renderRackdc, writeNodeConfig } from '../support/cassandra/node-config';
import { initialToken, nodePaths, planCluster } from '../support/cassandra/topology';

/** `key: value` lines at the top level of the generated YAML. */
function topLevel(yaml: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of yaml.split('\n')) {
    const m = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined) map.set(m[1], m[2] ?? '');
  }
  return map;
}

describe('topology', () => {
  it('spaces tokens evenly over the Murmur3 ring', () => {
    expect(initialToken(1, 1)).toBe('-9223372036854775808');
    expect([1, 2, 3].map((i) => initialToken(i, 3))).toEqual([
      '-9223372036854775808',
      '-3074457345618258603',
      '3074457345618258602',
    ]);
    expect([1, 2].map((i) => initialToken(i, 2))).toEqual(['-9223372036854775808', '0']);
    expect(() => initialToken(4, 3)).toThrow();
  });

  it('puts node N on 127.0.0.N with JMX port 7000+N*100, seeds node 1, per-node dc/rack', () => {
    const specs = planCluster(resolveOptions({ nodes: 3, topology: [{ dc: 'dc1', rack: 'r1' }, { dc: 'dc2', rack: 'r2' }] }), '/c');
    expect(specs.map((s) => [s.address, s.nativePort, s.storagePort, s.jmxPort, s.dc, s.rack, s.dir, s.seeds])).toEqual([
      ['127.0.0.1', 9042, 7000, 7100, 'dc1', 'r1', '/c/node1', '127.0.0.1:7000'],
      ['127.0.0.2', 9042, 7000, 7200, 'dc2', 'r2', '/c/node2', '127.0.0.1:7000'],
      ['127.0.0.3', 9042, 7000, 7300, 'dc1', 'rack1', '/c/node3', '127.0.0.1:7000'],
    ]);
  });

  it('validates options', () => {
    expect(resolveOptions()).toMatchObject({ nodes: 1, auth: false, tls: false });
    expect(() => resolveOptions({ nodes: 0 })).toThrow(/1\.\.9/);
    expect(() => resolveOptions({ nodes: 10 })).toThrow(/1\.\.9/);
    expect(() => resolveOptions({ version: 'latest' })).toThrow(/version/);
  });
});

describe('cassandra.yaml', () => {
  const [node] = planCluster(resolveOptions({ nodes: 2 }), '/tmp/cl');
  if (!node) throw new Error('no node');

  it('has the mandatory 5.0 settings and the node identity', () => {
    const yaml = topLevel(renderCassandraYaml(node, { clusterName: 'x', auth: false }));
    expect(yaml.get('commitlog_sync')).toBe('periodic');
    expect(yaml.get('commitlog_sync_period')).toBe('10000ms');
    expect(yaml.get('partitioner')).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    expect(yaml.get('endpoint_snitch')).toBe('GossipingPropertyFileSnitch');
    expect(yaml.get('listen_address')).toBe('127.0.0.1');
    expect(yaml.get('rpc_address')).toBe('127.0.0.1');
    expect(yaml.get('native_transport_port')).toBe('9042');
    expect(yaml.get('num_tokens')).toBe('1');
    expect(yaml.get('initial_token')).toBe('"-9223372036854775808"');
    expect(yaml.get('file_cache_size')).toBe('64MiB');
    expect(yaml.get('authenticator')).toBe('AllowAllAuthenticator');
    expect(yaml.get('commitlog_directory')).toBe('"/tmp/cl/node1/commitlog"');
  });

  it('uses no pre-5.0 names and no fatal keys', () => {
    const keys = [...topLevel(renderCassandraYaml(node, { clusterName: 'x', auth: true })).keys()];
    for (const old of ['commitlog_sync_period_in_ms', 'file_cache_size_in_mb', 'enable_user_defined_functions', 'scripted_user_defined_functions_enabled', 'start_rpc']) {
      expect(keys).not.toContain(old);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps the 5.0-only keys for 5.0 and leaves them out for 4.1 (which refuses unknown keys)', () => {
    const only50 = ['storage_compatibility_mode', 'dynamic_data_masking_enabled'];
    const v50 = topLevel(renderCassandraYaml(node, { clusterName: 'x', auth: false, version: '5.0.9' }));
    const v41 = topLevel(renderCassandraYaml(node, { clusterName: 'x', auth: false, version: '4.1.10' }));
    for (const key of only50) {
      expect(v50.has(key)).toBe(true);
      expect(v41.has(key)).toBe(false);
    }
    // Every other key is shared (4.1 reads the new names such as commitlog_sync_period: 10000ms).
    expect([...v50.keys()].filter((k) => !only50.includes(k))).toEqual([...v41.keys()]);
    expect(v41.get('commitlog_sync_period')).toBe('10000ms');
  });

  it('switches on PasswordAuthenticator and client TLS', () => {
    const text = renderCassandraYaml(node, {
      clusterName: 'x',
      auth: true,
      tls: { keystore: '/k/server.p12', keystorePassword: 'pw', storeType: 'PKCS12' },
    });
    expect(topLevel(text).get('authenticator')).toBe('PasswordAuthenticator');
    expect(topLevel(text).get('authorizer')).toBe('CassandraAuthorizer');
    expect(text).toContain('client_encryption_options:\n  enabled: true\n  optional: false\n  keystore: "/k/server.p12"');
    expect(text).toContain('  store_type: PKCS12');
  });

  it('writes yaml, logback.xml and rackdc into the node dir', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-spec-'));
    try {
      const [n] = planCluster(resolveOptions({ topology: [{ dc: 'east', rack: 'r9' }] }), dir);
      if (!n) throw new Error('no node');
      const p = writeNodeConfig(n, { clusterName: 'x', auth: false });
      expect(fs.readFileSync(p.rackdc, 'utf8')).toBe(renderRackdc(n));
      expect(renderRackdc(n)).toContain('dc=east\nrack=r9\n');
      expect(fs.readFileSync(p.logback, 'utf8')).toContain(`<file>${p.systemLog}</file>`);
      expect(renderLogback(p)).not.toContain('ConsoleAppender');
      expect(fs.existsSync(p.data) && fs.existsSync(p.commitlog) && fs.existsSync(p.logs)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('JVM command line per version', () => {
  it('reads the packages of a module description (exports, contains, qualified exports)', () => {
    const text = ['java.base@17.0.15', 'exports java.util.concurrent', 'qualified exports jdk.internal.misc to jdk.unsupported', 'contains sun.nio.fs', 'uses x.Y', 'provides a.B with c.D'].join('\n');
    expect(parseModulePackages(text)).toEqual(['java.util.concurrent', 'jdk.internal.misc', 'sun.nio.fs']);
  });

  it('opens every java.base package for 4.1, and only 5.0\'s set for 5.0', () => {
    const packages = ['java.io', 'java.util.concurrent', 'sun.nio.fs'];
    const v50 = daemonModuleFlags('5.0.9', () => packages);
    const v41 = daemonModuleFlags('4.1.10', () => packages);
    expect(v50).toEqual(moduleFlags());
    expect(v41.slice(0, v50.length)).toEqual(v50);
    expect(v41).toContain('--add-opens=java.base/java.util.concurrent=ALL-UNNAMED');
    expect(v50).not.toContain('--add-opens=java.base/java.util.concurrent=ALL-UNNAMED');
    expect(v41).toContain('--add-opens=java.base/sun.nio.fs=ALL-UNNAMED');
    expect(new Set(v41).size).toBe(v41.length); // java.io is in 5.0's set already: not twice
  });

  it('appends CASSANDRA_RX_JVM_ARGS, split on whitespace', () => {
    expect(extraJvmArgs({ CASSANDRA_RX_JVM_ARGS: ' -Da=1   -Db=2\n' })).toEqual(['-Da=1', '-Db=2']);
    expect(extraJvmArgs({})).toEqual([]);
  });
});

describe('JVM command line', () => {
  it('carries the Java 17 module flags and the per-node system properties', () => {
    expect(moduleFlags()).toContain('--add-opens=java.base/java.io=ALL-UNNAMED');
    expect(moduleFlags()).toContain('--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED');
    const [node] = planCluster(resolveOptions({ nodes: 2 }), '/c');
    if (!node) throw new Error('no node');
    const lib = path.join(os.tmpdir(), `harness-lib-${process.pid}`);
    process.env['CASSANDRA_RX_HOME'] = lib;
    fs.mkdirSync(path.join(lib, 'cassandra-5.0.6', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(lib, 'cassandra-5.0.6', 'lib', 'jamm-0.4.0.jar'), '');
    try {
      const args = daemonArgs({ version: '5.0.6', node, paths: nodePaths(node), maxHeap: '1g' });
      expect(args).toEqual(expect.arrayContaining(['-Xmx1g', '-Dcassandra.config=file:///c/node1/conf/cassandra.yaml', '-Dcassandra.jmx.local.port=7100', '-Dcassandra.storagedir=/c/node1']));
      expect(args.find((a) => a.startsWith('-javaagent:'))).toMatch(/jamm-0\.4\.0\.jar$/);
      expect(args[args.length - 1]).toBe('org.apache.cassandra.service.CassandraDaemon');
    } finally {
      delete process.env['CASSANDRA_RX_HOME'];
      fs.rmSync(lib, { recursive: true, force: true });
    }
  });
});
