/**
 * The example service in a process of its own: closing the application shuts the cluster down and
 * the process exits by itself; SIGTERM does the same through Nest's shutdown hooks; a start with no
 * answering contact point fails with the typed error and exit code 1.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { Cluster } from '../../../../lib';
import { contactPoints, ensurePlainCluster } from '../../../support/cassandra/ensure-cluster';

const root = join(__dirname, '..', '..', '..', '..');
const log = (text: string): void => void process.stderr.write(`[nest-exit.it] ${text}\n`);

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitedAt: number;
}

/** Runs a TypeScript file of the repository in a fresh Node process (ts-node, sources for cassandra-rx). */
function run(file: string, env: Record<string, string>, onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', './spec/integrations/nestjs/real/child/source-resolution.ts', file], {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: 'examples/nest-api/tsconfig.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, exitedAt: Date.now() });
    });
  });
}

describe('examples/nest-api process lifecycle', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    await ensurePlainCluster();
    env = { CASSANDRA_CONTACT_POINTS: contactPoints().join(','), CASSANDRA_KEYSPACE: 'nest_exit_it', PORT: '0' };
  }, 120_000);
  afterAll(async () => {
    const cluster = new Cluster({ contactPoints: contactPoints() });
    try {
      const session = await cluster.connect();
      await firstValueFrom(session.execute('DROP KEYSPACE IF EXISTS nest_exit_it', undefined, { timeoutMs: 60_000 }));
    } finally {
      await cluster.shutdown();
    }
  }, 90_000);

  it('app.close() shuts the cluster down and the process exits by itself', async () => {
    const exit = await run('spec/integrations/nestjs/real/child/close-after-start.ts', env);
    expect(exit.stderr).toBe('');
    expect(exit.stdout).toContain('health 200');
    const closedAt = Number(/closed at (\d+)/.exec(exit.stdout)?.[1]);
    log(`exited ${exit.exitedAt - closedAt} ms after app.close() resolved (code ${exit.code})`);
    expect(exit.code).toBe(0);
    expect(exit.exitedAt - closedAt).toBeLessThan(3000);
  }, 90_000);

  it('SIGTERM closes it through the shutdown hooks and the process ends', async () => {
    let sent = 0;
    const exit = await run('examples/nest-api/src/main.ts', env, (out, kill) => {
      if (sent === 0 && out.includes('listening on')) {
        sent = Date.now();
        kill('SIGTERM');
      }
    });
    log(`ended ${exit.exitedAt - sent} ms after SIGTERM (code ${exit.code}, signal ${exit.signal})`);
    expect(sent).toBeGreaterThan(0);
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(exit.exitedAt - sent).toBeLessThan(5000);
  }, 90_000);

  it('no answering contact point: the typed error on stderr and exit code 1', async () => {
    const exit = await run('examples/nest-api/src/main.ts', { ...env, CASSANDRA_CONTACT_POINTS: '127.0.0.1:1' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/nest-api failed to start: CassandraConnectError: Cassandra connection "default" could not connect to 127\.0\.0\.1:1/);
    expect(exit.stdout).not.toContain('listening on');
  }, 90_000);
});
