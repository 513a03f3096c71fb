import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The core entry must never load prom-client (an optional peer of cassandra-rx/prometheus): no file
// outside lib/integrations imports it, and the integration reaches the driver only through the
// public entry (lib/index.ts). spec/package/exports.spec.ts checks the built entry at run time.
const lib = join(__dirname, '..', '..', '..', 'lib');
const PEER = 'prom-client';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (source: string): string[] =>
  [...source.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1] as string);

describe('the core entry never imports cassandra-rx/prometheus', () => {
  const core = files(lib).filter((f) => !relative(lib, f).startsWith('integrations'));

  it('no core file imports ' + PEER + ' or lib/integrations', () => {
    expect(core.length).toBeGreaterThan(50);
    const offenders = core.flatMap((f) => importsOf(readFileSync(f, 'utf8'))
      .filter((spec) => spec.startsWith(PEER) || spec.includes('integrations'))
      .map((spec) => `${relative(lib, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('the integration imports the driver only through the public entry (lib/index.ts)', () => {
    const integration = files(join(lib, 'integrations', 'prometheus'));
    expect(integration.some((f) => importsOf(readFileSync(f, 'utf8')).some((spec) => spec.startsWith(PEER)))).toBe(true);
    const offenders = integration.flatMap((f) => importsOf(readFileSync(f, 'utf8'))
      .filter((spec) => spec.startsWith('.') && /^(\.\.\/)+/.test(spec))
      .filter((spec) => relative(lib, join(f, '..', spec)) !== 'index')
      .map((spec) => `${relative(lib, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });
});
