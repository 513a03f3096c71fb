/**
 * cassandra-rx/web is for browsers: esbuild bundles its entry for the browser platform (as an
 * application's bundler would) and the build fails on any Node built-in it reaches, such as the
 * driver's sockets. The same build of the driver's core entry fails, which shows the check can.
 */
import { build, type BuildFailure } from 'esbuild';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

async function bundle(entry: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [join(root, entry)], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true,
    minify: true, logLevel: 'silent', tsconfig: join(root, 'tsconfig.build.json'),
  });
  return { code: result.outputFiles[0]?.text ?? '', inputs: Object.keys(result.metafile.inputs) };
}

describe('cassandra-rx/web in a browser bundle', () => {
  it('bundles for the browser with no Node built-in, none of the driver code, and stays small', async () => {
    const { code, inputs } = await bundle('lib/integrations/web/index.ts');
    const ours = inputs.filter((f) => !f.includes('node_modules'));
    expect(ours.length).toBeGreaterThan(3);
    expect(ours.filter((f) => !f.startsWith('lib/integrations/web/'))).toEqual([]);
    expect(inputs.filter((f) => f.includes('node_modules') && !f.includes('node_modules/rxjs/') && !f.includes('node_modules/tslib/'))).toEqual([]);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code.length).toBeLessThan(60_000);
  }, 60_000);

  it('the core entry does not bundle for the browser: it needs Node built-ins', async () => {
    const failure = await bundle('lib/index.ts').then(() => null, (e: unknown) => e as BuildFailure);
    expect(failure).not.toBeNull();
    const texts = failure?.errors.map((e) => e.text) ?? [];
    expect(texts.some((t) => /node:net|"net"|node:tls/.test(t))).toBe(true);
  }, 60_000);
});
