import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The core entry must never load an integration's framework (each an optional peer): no file
// outside lib/integrations imports it or anything under integrations/, and each integration
// reaches the driver only through the public entry (lib/index.ts). spec/package/exports.spec.ts
// checks the built entries at run time.
const lib = join(__dirname, '..', '..', 'lib');

const INTEGRATIONS: ReadonlyArray<{ readonly name: string; readonly peers: readonly string[] }> = [
  { name: 'nestjs', peers: ['@nestjs/', 'reflect-metadata'] },
  { name: 'opentelemetry', peers: ['@opentelemetry/'] },
  { name: 'prometheus', peers: ['prom-client'] },
  // cassandra-rx/web has no framework: RxJS (a dependency) and the driver's types only (checked below).
  { name: 'web', peers: [] },
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (source: string): string[] =>
  [...source.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1] as string);

const isPeer = (spec: string, peers: readonly string[]): boolean => peers.some((p) => spec === p || spec.startsWith(p));

describe('the core entry never imports an integration or its framework', () => {
  const core = files(lib).filter((f) => !relative(lib, f).startsWith('integrations'));

  it('scans every core file', () => {
    expect(core.length).toBeGreaterThan(50);
    expect(core.some((f) => f.endsWith('index.ts'))).toBe(true);
  });

  it.each(INTEGRATIONS)('no core file imports $name, its peers or lib/integrations', ({ peers }) => {
    const offenders = core.flatMap((f) => importsOf(readFileSync(f, 'utf8'))
      .filter((spec) => isPeer(spec, peers) || spec.includes('integrations'))
      .map((spec) => `${relative(lib, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it.each(INTEGRATIONS)('$name imports its framework, and the driver only through the public entry', ({ name, peers }) => {
    const integration = files(join(lib, 'integrations', name));
    expect(peers.length === 0 || integration.some((f) => importsOf(readFileSync(f, 'utf8')).some((spec) => isPeer(spec, peers)))).toBe(true);
    const offenders = integration.flatMap((f) => importsOf(readFileSync(f, 'utf8'))
      .filter((spec) => spec.startsWith('.') && /^(\.\.\/)+/.test(spec))
      .filter((spec) => {
        const target = relative(lib, join(f, '..', spec));
        return target !== 'index' && !target.startsWith(join('integrations', name));
      })
      .map((spec) => `${relative(lib, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });
});

describe('cassandra-rx/web stays browser-safe in its sources', () => {
  const web = files(join(lib, 'integrations', 'web'));

  it('imports the public entry for types only, and no Node module', () => {
    expect(web.length).toBeGreaterThan(3);
    const offenders = web.flatMap((f) => {
      const source = readFileSync(f, 'utf8');
      const valueImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
      return [
        ...valueImports.filter((spec) => /^(\.\.\/)+index$/.test(spec)).map((spec) => `${relative(lib, f)} → ${spec} (a value import)`),
        ...importsOf(source).filter((spec) => spec.startsWith('node:') || ['fs', 'net', 'tls', 'http', 'https', 'buffer', 'events', 'stream'].includes(spec))
          .map((spec) => `${relative(lib, f)} → ${spec}`),
      ];
    });
    expect(offenders).toEqual([]);
  });
});
