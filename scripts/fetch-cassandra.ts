/**
 * Fetch the Apache Cassandra jars into the harness cache (idempotent).
 *
 *   npm run fetch-cassandra                    # $CASSANDRA_VERSION, else the default (5.0.9)
 *   npm run fetch-cassandra -- 4.1.10          # or: -- --version 4.1.10
 *   npm run fetch-cassandra -- 5.0.9 --maven-repo-local /tmp/m2   # cold fetch
 *
 * The cache lives in $CASSANDRA_RX_HOME (default ~/.cache/cassandra-rx);
 * see docs/testing.md.
 */
import { DEFAULT_OPTIONS } from '../spec/support/cassandra/config';
import { ensureJars } from '../spec/support/cassandra/fetch';

interface FetchArgs {
  readonly version: string;
  readonly mavenRepoLocal?: string;
}

function parseArgs(argv: readonly string[]): FetchArgs {
  let version = DEFAULT_OPTIONS.version;
  let mavenRepoLocal: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--version') {
      const value = argv[++i];
      if (value === undefined || !/^\d+\.\d+\.\d+$/.test(value)) throw new Error(`--version needs X.Y.Z, got ${String(value)}`);
      version = value;
    } else if (arg === '--maven-repo-local') {
      mavenRepoLocal = argv[++i];
      if (!mavenRepoLocal) throw new Error('--maven-repo-local needs a directory');
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: fetch-cassandra [X.Y.Z | --version X.Y.Z] [--maven-repo-local DIR]\n');
      process.exit(0);
    } else if (arg !== undefined && /^\d+\.\d+\.\d+$/.test(arg)) {
      version = arg;
    } else {
      throw new Error(`unexpected argument: ${String(arg)}`);
    }
  }
  return mavenRepoLocal === undefined ? { version } : { version, mavenRepoLocal };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const result = await ensureJars(args.version, args.mavenRepoLocal ? { mavenRepoLocal: args.mavenRepoLocal } : {});
  const what = result.fetched ? `fetched in ${(result.millis / 1000).toFixed(1)} s` : 'already cached';
  process.stdout.write(`cassandra ${result.version}: ${result.jars} jars in ${result.libDir} (${what})\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
