import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Builds the package as users get it (tsc → dist/ with .d.ts, plus the ESM entry) and loads it by
// its name, through `require` and through `import`, in fresh Node processes.
const root = join(__dirname, '..', '..');
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

describe('package entry points', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  }, 180_000);

  it('emits declarations generated from the source', () => {
    const dts = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');
    expect(dts).toContain('Uuid');
    expect(existsSync(join(root, 'dist', 'types', 'uuid.d.ts'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { types: string };
    expect(existsSync(join(root, pkg.types))).toBe(true);
  });

  it('works from require()', () => {
    const out = node(['-e', `
      const rx = require('cassandra-rx');
      const u = rx.Uuid.fromString('00112233-4455-6677-8899-aabbccddeeff');
      console.log([typeof rx.PlainTextAuthProvider, u.toString(), rx.Consistency.LOCAL_QUORUM, new rx.InvalidValueError('p', 'int', 'x', 'r') instanceof rx.DriverError].join(' '));
    `]);
    expect(out).toBe('function 00112233-4455-6677-8899-aabbccddeeff 6 true');
  });

  it('works from import, sharing one implementation with require()', () => {
    const out = node(['--input-type=module', '-e', `
      import { Uuid, Consistency, DriverError } from 'cassandra-rx';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('cassandra-rx');
      console.log([Uuid.random() instanceof cjs.Uuid, Consistency.QUORUM, DriverError === cjs.DriverError].join(' '));
    `]);
    expect(out).toBe('true 4 true');
  });
});
