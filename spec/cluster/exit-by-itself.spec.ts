import { spawn } from 'node:child_process';
import { join } from 'node:path';

// After shutdown() no socket, timer or subscription may keep Node alive.
describe('a process using the driver', () => {
  it('exits by itself after shutdown, without process.exit', async () => {
    const root = join(__dirname, '..', '..');
    const child = spawn(process.execPath, [join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '-P', join(root, 'tsconfig.json'), join(__dirname, 'fixtures', 'exit-by-itself.ts')], { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(-1); }, 60_000);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    expect(out).toContain('rows=1 completed');
    expect(code).toBe(0);
    // Right after shutdown no ref'd timer (heartbeat, metrics interval, reconnection delay) holds
    // the event loop; sockets may still be closing, and a socket left open would keep the process
    // alive (code -1 above, after the generous 60 s guard).
    const holding = JSON.parse(/holding=(.*)/.exec(out)?.[1] ?? 'null') as string[] | null;
    expect(holding).not.toBeNull();
    expect((holding ?? []).filter((r) => /Timeout|Immediate/.test(r))).toEqual([]);
  }, 90_000);
});
