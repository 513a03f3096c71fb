/**
 * JVM command lines for a Cassandra node and for nodetool (Java 17).
 * Module flags are those of Cassandra 5.0's conf/jvm17-server.options;
 * without e.g. `--add-opens java.base/java.io` the daemon crashes at start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { harnessHome, libDir } from './config';
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
    ...moduleFlags(),
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
    '-cp',
    classpath(input.version),
    'org.apache.cassandra.service.CassandraDaemon',
  ];
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
