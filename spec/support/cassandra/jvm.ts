/**
 * JVM command lines for a Cassandra node and for nodetool (Java 17).
 * Module flags are those of Cassandra 5.0's conf/jvm17-server.options;
 * without e.g. `--add-opens java.base/java.io` the daemon crashes at start.
 *
 * Cassandra 4.x is made for Java 11, whose default `--illegal-access=permit`
 * let its jamm 0.3 agent reflect into any JDK object; Java 17 refuses that
 * (4.1.10 dies at start: jamm's measureDeep cannot open
 * `ConcurrentHashMap$KeySetView.value`). For versions before 5.0 every package
 * of java.base is therefore opened to the class path as well.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { harnessHome, isAtLeast50, libDir } from './config';
import { NodePaths, NodeSpec } from './topology';

const ADD_EXPORTS = [
  'java.base/jdk.internal.misc',
  'java.management.rmi/com.sun.jmx.remote.internal.rmi',
  'java.management/com.sun.jmx.remote.security',
  'java.rmi/sun.rmi.registry',
  'java.rmi/sun.rmi.server',
  'java.sql/java.sql',
  'java.base/java.lang.ref',
  'jdk.unsupported/sun.misc',
  'jdk.attach/sun.tools.attach',
  'jdk.compiler/com.sun.tools.javac.file',
];

const ADD_OPENS = [
  'java.base/java.lang.module',
  'java.base/jdk.internal.loader',
  'java.base/jdk.internal.ref',
  'java.base/jdk.internal.reflect',
  'java.base/jdk.internal.math',
  'java.base/jdk.internal.module',
  'java.base/jdk.internal.util.jar',
  'java.base/sun.nio.ch',
  'java.base/java.io',
  'java.base/java.lang',
  'java.base/java.lang.reflect',
  'java.base/java.util',
  'java.base/java.nio',
  'java.base/java.nio.charset',
  'jdk.management/com.sun.management.internal',
  'jdk.compiler/com.sun.tools.javac',
];

/** `--add-exports`/`--add-opens` for Java 17, shared by the daemon and nodetool. */
export function moduleFlags(): string[] {
  return [
    ...ADD_EXPORTS.map((m) => `--add-exports=${m}=ALL-UNNAMED`),
    ...ADD_OPENS.map((m) => `--add-opens=${m}=ALL-UNNAMED`),
  ];
}

/** Every package of this JVM's java.base (`java --describe-module java.base`), read once. */
let basePackages: readonly string[] | undefined;
export function javaBasePackages(): readonly string[] {
  if (basePackages) return basePackages;
  const described = spawnSync('java', ['--describe-module', 'java.base'], { encoding: 'utf8' });
  if (described.status !== 0) throw new Error(`java --describe-module java.base failed: ${described.stderr}`);
  basePackages = parseModulePackages(described.stdout);
  return basePackages;
}

/** Package names of `exports p`, `contains p` and `qualified exports p to ...` lines. */
export function parseModulePackages(description: string): string[] {
  const found = new Set<string>();
  for (const line of description.split('\n')) {
    const m = /^(?:exports|contains|qualified exports)\s+([\w.]+)/.exec(line.trim());
    if (m?.[1] !== undefined) found.add(m[1]);
  }
  return [...found].sort();
}

/** Module flags for the daemon of `version`: 5.0's set, plus all of java.base opened before 5.0. */
export function daemonModuleFlags(version: string, packagesOfBase: () => readonly string[] = javaBasePackages): string[] {
  const base = moduleFlags();
  if (isAtLeast50(version)) return base;
  const already = new Set(ADD_OPENS);
  const extra = packagesOfBase().filter((p) => !already.has(`java.base/${p}`));
  return [...base, ...extra.map((p) => `--add-opens=java.base/${p}=ALL-UNNAMED`)];
}

export function classpath(version: string): string {
  return `${libDir(version)}${path.sep}*`;
}

/** The jamm agent Cassandra uses to measure object sizes (name varies per release). */
export function jammJar(version: string): string {
  const jar = fs.readdirSync(libDir(version)).find((f) => /^jamm-[\d.]+\.jar$/.test(f));
  if (!jar) throw new Error(`no jamm-*.jar in ${libDir(version)}`);
  return path.join(libDir(version), jar);
}

export interface DaemonJvmInput {
  readonly version: string;
  readonly node: NodeSpec;
  readonly paths: NodePaths;
  readonly maxHeap: string;
}

/** Arguments for `java` that start one CassandraDaemon in the foreground. */
export function daemonArgs(input: DaemonJvmInput): string[] {
  const { node, paths } = input;
  return [
    '-Xms256m',
    `-Xmx${input.maxHeap}`,
    '-Xss256k',
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:CICompilerCount=2',
    '-XX:+UseStringDeduplication',
    `-javaagent:${jammJar(input.version)}`,
    ...daemonModuleFlags(input.version),
    '-Djava.net.preferIPv4Stack=true',
    '-Djdk.attach.allowAttachSelf=true',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dchronicle.analytics.disable=true',
    `-Djava.io.tmpdir=${paths.tmp}`,
    `-Djna.tmpdir=${paths.tmp}`,
    `-Dcassandra.config=${pathToFileURL(paths.yaml).href}`,
    `-Dcassandra-rackdc.properties=${pathToFileURL(paths.rackdc).href}`,
    `-Dlogback.configurationFile=${paths.logback}`,
    '-Dcassandra-foreground=yes',
    `-Dcassandra.storagedir=${node.dir}`,
    `-Dcassandra.logdir=${paths.logs}`,
    `-Dcassandra.jmx.local.port=${node.jmxPort}`,
    `-Dcassandra.triggers_dir=${paths.triggers}`,
    // Test speed-ups (all verified to exist in CassandraRelevantProperties 5.0).
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    '-Dcassandra.superuser_setup_delay_ms=0',
    '-Dcassandra.auth_bcrypt_gensalt_log2_rounds=4',
    '-Dcassandra.test.flush_local_schema_changes=false',
    '-Dcassandra.unsafesystem=true',
    `-Dcassandra-rx.node=${node.index}`,
    ...extraJvmArgs(),
    '-cp',
    classpath(input.version),
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}

/** `CASSANDRA_RX_JVM_ARGS`: extra daemon flags, whitespace-separated (for experiments; see docs/testing.md). */
export function extraJvmArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['CASSANDRA_RX_JVM_ARGS'] ?? '').split(/\s+/).filter((a) => a.length > 0);
}

/** A logback config for nodetool: warnings only, to stderr (the default logs DEBUG to stdout). */
function toolsLogback(): string {
  const file = path.join(harnessHome(), 'logback-tools.xml');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(harnessHome(), { recursive: true });
    fs.writeFileSync(
      file,
      `<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%-5level %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="STDERR"/></root>
</configuration>
`,
    );
  }
  return file;
}

/** Arguments for `java` running nodetool against a node's local JMX port. */
export function nodetoolArgs(version: string, jmxPortNumber: number, command: readonly string[]): string[] {
  return [
    '-Xms32m',
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    ...moduleFlags(),
    '-Djava.net.preferIPv4Stack=true',
    `-Dlogback.configurationFile=${toolsLogback()}`,
    '-cp',
    classpath(version),
    'org.apache.cassandra.tools.NodeTool',
    '-h',
    '127.0.0.1',
    '-p',
    String(jmxPortNumber),
    ...command,
  ];
}
