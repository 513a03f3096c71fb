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
    const started = Date.now();
    let printedAt = 0;
    child.stdout.on('data', () => (printedAt ||= Date.now()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(-1); }, 60_000);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    expect(out).toContain('rows=1 completed');
    expect(code).toBe(0);
    // Exit follows the last line promptly: nothing (heartbeat, metrics interval, reconnection) held the loop.
    expect(Date.now() - printedAt).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
