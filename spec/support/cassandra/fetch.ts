/**
 * Fetch the Cassandra jars (cassandra-all + runtime dependencies) from Maven
 * Central, once per version, into `<home>/cassandra-<version>/lib`.
 *
 * A throw-away pom is generated in a temp dir and
 * `mvn dependency:copy-dependencies` copies the runtime closure into a
 * staging dir, which is renamed into place; the `.complete` marker is
 * written last, so an interrupted fetch is simply redone.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { distributionDir, libDir } from './config';

export interface FetchResult {
  readonly version: string;
  readonly libDir: string;
  /** False when the cache was already complete. */
  readonly fetched: boolean;
  readonly jars: number;
  readonly millis: number;
}

export function markerFile(version: string): string {
  return path.join(distributionDir(version), '.complete');
}

export function isFetched(version: string): boolean {
  return fs.existsSync(markerFile(version)) && fs.existsSync(libDir(version));
}

export function renderPom(version: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>cassandra-rx</groupId>
  <artifactId>cassandra-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}

export interface FetchOptions {
  /** Passed as -Dmaven.repo.local (used to measure a cold fetch). */
  readonly mavenRepoLocal?: string;
  /** Where mvn's output goes; defaults to the parent's stderr. */
  readonly log?: (line: string) => void;
}

/** Idempotent: returns at once when the marker exists. */
export async function ensureJars(version: string, options: FetchOptions = {}): Promise<FetchResult> {
  const started = Date.now();
  const target = libDir(version);
  if (isFetched(version)) {
    return { version, libDir: target, fetched: false, jars: countJars(target), millis: 0 };
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  fs.mkdirSync(distributionDir(version), { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cassandra-rx-pom-'));
  const staging = path.join(distributionDir(version), `lib.partial-${process.pid}`);
  try {
    fs.writeFileSync(path.join(work, 'pom.xml'), renderPom(version));
    fs.rmSync(staging, { recursive: true, force: true });
    const args = [
      '-B',
      '-q',
      '-Dstyle.color=never',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ];
    if (options.mavenRepoLocal) args.push(`-Dmaven.repo.local=${options.mavenRepoLocal}`);
    log(`[cassandra] fetching cassandra-all ${version} with mvn ${args.join(' ')}`);
    await run('mvn', args, work, log);
    const jars = countJars(staging);
    if (jars === 0 || !fs.existsSync(path.join(staging, `cassandra-all-${version}.jar`))) {
      throw new Error(`mvn finished but ${staging} has no cassandra-all-${version}.jar`);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    const millis = Date.now() - started;
    fs.writeFileSync(markerFile(version), JSON.stringify({ version, jars, millis, at: new Date().toISOString() }));
    log(`[cassandra] ${jars} jars in ${target} (${millis} ms)`);
    return { version, libDir: target, fetched: true, jars, millis };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function countJars(dir: string): number {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jar')).length : 0;
}

function run(command: string, args: string[], cwd: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new Error(`cannot run ${command}: ${err.message} (is Maven installed?)`)));
    child.on('close', (code) => {
      if (code === 0) {
        const clean = output.replace(/\u001b\[[0-9;]*m/g, '').trim();
        if (clean) log(clean);
        resolve();
      } else {
        reject(new Error(`${command} ${args.join(' ')} exited with ${String(code)}:\n${output}`));
      }
    });
  });
}
