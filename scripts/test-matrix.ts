/**
 * The compatibility matrix: run the version-neutral integration suites against each Cassandra
 * version asked for and print one Markdown table (suite × version → passed/failed/skipped tests).
 *
 *   npm run test:matrix                                  # the default 5.0 patch and 4.1.10
 *   npm run test:matrix -- --version 5.0.7 --version 4.1.10
 *   npm run test:matrix -- --version 4.1.10 spec/session/real/session.it.spec.ts
 *
 * Each version is one jest run of the `integration` project with CASSANDRA_VERSION set (jars
 * fetched first, one node booted by the global setup). Exit code 1 when a test failed or a suite
 * could not run. Hold /tmp/cassandra-rx-it.lock on a shared machine (see docs/testing.md).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CassandraCluster } from '../spec/support/cassandra/cluster';
import { DEFAULT_CASSANDRA_VERSION } from '../spec/support/cassandra/config';
import { ensureJars } from '../spec/support/cassandra/fetch';

/** Suites that hold on any supported version (no 5.0-only types, no fixtures captured from 5.0). */
export const MATRIX_SUITES = [
  'spec/harness/cassandra-smoke.it.spec.ts',
  'spec/protocol/real/codec-smoke.it.spec.ts',
  'spec/connection/real/connection.it.spec.ts',
  'spec/session/real/session.it.spec.ts',
  'spec/session/real/demand-paging.it.spec.ts',
];

const DEFAULT_VERSIONS = [DEFAULT_CASSANDRA_VERSION, '4.1.10'];

interface SuiteResult {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly error: string | null;
}

interface JestJson {
  readonly testResults?: ReadonlyArray<{
    readonly name: string;
    readonly message?: string;
    readonly assertionResults?: ReadonlyArray<{ readonly status: string }>;
  }>;
}

function parseArgs(argv: readonly string[]): { versions: string[]; suites: string[] } {
  const versions: string[] = [];
  const suites: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--version') {
      const value = argv[++i];
      if (value === undefined || !/^\d+\.\d+\.\d+$/.test(value)) throw new Error(`--version needs X.Y.Z, got ${String(value)}`);
      versions.push(value);
    } else if (arg !== undefined && arg.endsWith('.it.spec.ts')) {
      suites.push(arg);
    } else {
      throw new Error(`unexpected argument ${String(arg)} (expected --version X.Y.Z or a *.it.spec.ts path)`);
    }
  }
  return { versions: versions.length > 0 ? versions : DEFAULT_VERSIONS, suites: suites.length > 0 ? suites : MATRIX_SUITES };
}

function runVersion(version: string, suites: readonly string[]): Map<string, SuiteResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cassandra-rx-matrix-')), 'jest.json');
  const started = Date.now();
  const jest = spawnSync('npx', ['jest', ...suites, '--selectProjects', 'integration', '--json', `--outputFile=${out}`], {
    stdio: 'inherit',
    env: { ...process.env, CASSANDRA_VERSION: version },
  });
  process.stdout.write(`[matrix] ${version}: jest exited ${String(jest.status)} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  const results = new Map<string, SuiteResult>();
  const json: JestJson = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson) : {};
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  for (const suite of suites) {
    const found = json.testResults?.find((r) => r.name.endsWith(suite));
    const statuses = found?.assertionResults?.map((a) => a.status) ?? [];
    const count = (status: string): number => statuses.filter((s) => s === status).length;
    const error = !found ? 'did not run' : statuses.length === 0 ? (found.message ?? 'no tests').split('\n')[0] ?? 'no tests' : null;
    results.set(suite, { passed: count('passed'), failed: count('failed'), skipped: count('pending') + count('skipped'), error });
  }
  return results;
}

function cell(r: SuiteResult | undefined): string {
  if (!r) return 'not run';
  if (r.error !== null) return `**could not run**: ${r.error.replace(/\|/g, '/')}`;
  const parts = [`${r.passed} passed`];
  if (r.failed > 0) parts.push(`**${r.failed} failed**`);
  if (r.skipped > 0) parts.push(`${r.skipped} skipped`);
  return parts.join(', ');
}

async function main(): Promise<void> {
  const { versions, suites } = parseArgs(process.argv.slice(2));
  const cli = CassandraCluster.load();
  if (cli && cli.owner.kind === 'cli' && cli.nodes.some((n) => cli.isRunning(n.index))) {
    throw new Error(`a cluster started by \`npm run cassandra -- start\` (Cassandra ${cli.version}) is running; stop it first, the matrix boots each version itself`);
  }
  const table = new Map<string, Map<string, SuiteResult>>();
  for (const version of versions) {
    await ensureJars(version);
    table.set(version, runVersion(version, suites));
  }
  const lines = [`| suite | ${versions.join(' | ')} |`, `|---|${versions.map(() => '---').join('|')}|`];
  for (const suite of suites) lines.push(`| \`${suite}\` | ${versions.map((v) => cell(table.get(v)?.get(suite))).join(' | ')} |`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
  const bad = [...table.values()].some((m) => [...m.values()].some((r) => r.failed > 0 || r.error !== null));
  process.exitCode = bad ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
