import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApi } from '../../scripts/api-report';

// The public API is what the checked-in reports under api/ say (api-extractor, one per package
// entry). A change to the API fails here until the report is updated (`npm run api -- --update`)
// and reviewed; so does a type reachable from the API that cannot be imported by name.
const root = join(__dirname, '..', '..');

describe('public API report', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  }, 180_000);

  it('matches the checked-in reports, with no api-extractor warning', () => {
    const results = checkApi(false, root);
    expect(results.map((r) => r.entry)).toEqual(['core', 'nestjs', 'opentelemetry', 'opentelemetry-sdk', 'prometheus', 'mapper', 'web']);
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(results.filter((r) => r.changed).map((r) => r.entry)).toEqual([]);
  }, 120_000);

  it('fails when the API differs from the report', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cassandra-rx-api-'));
    try {
      cpSync(join(root, 'api'), join(tmp, 'api'), { recursive: true });
      for (const name of ['dist', 'lib', 'node_modules', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) symlinkSync(join(root, name), join(tmp, name));
      const report = join(tmp, 'api', 'cassandra-rx.api.md');
      // Drop one member from the recorded API: the built Cluster now has more than the report says.
      const text = readFileSync(report, 'utf8');
      const edited = text.replace(/\n {4}awaitSchemaAgreement\(timeoutMs\?: number\): Promise<boolean>;/, '');
      expect(edited).not.toBe(text);
      writeFileSync(report, edited);
      const results = checkApi(false, tmp);
      expect(results.find((r) => r.entry === 'core')?.changed).toBe(true);
      expect(results.filter((r) => r.entry !== 'core').every((r) => !r.changed)).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it('builds the API reference (typedoc) without a warning', () => {
    // typedoc.json: treatWarningsAsErrors, so any warning is a non-zero exit.
    const out = execFileSync('npx', ['typedoc', '--out', join(root, '.cache', 'api-docs-test')], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    expect(out).toContain('html generated');
  }, 180_000);
});
