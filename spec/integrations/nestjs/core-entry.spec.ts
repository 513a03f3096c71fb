import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The core entry must never load NestJS (an optional peer): no file outside lib/integrations may
// import '@nestjs/...' or anything under integrations/. (spec/package/exports.spec.ts checks the
// built entry at run time: requiring it loads no @nestjs module.)
const lib = join(__dirname, '..', '..', '..', 'lib');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (source: string): string[] =>
  [...source.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1] as string);

describe('the core entry never imports the NestJS integration', () => {
  const core = files(lib).filter((f) => !relative(lib, f).startsWith('integrations'));

  it('scans every core file', () => {
    expect(core.length).toBeGreaterThan(50);
    expect(core.some((f) => f.endsWith('index.ts'))).toBe(true);
  });

  it('no core file imports @nestjs, reflect-metadata or lib/integrations', () => {
    const offenders = core.flatMap((f) => importsOf(readFileSync(f, 'utf8'))
      .filter((spec) => spec.startsWith('@nestjs/') || spec === 'reflect-metadata' || spec.includes('integrations'))
      .map((spec) => `${relative(lib, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('the integration imports the driver only through the public entry (lib/index.ts)', () => {
    const integration = files(join(lib, 'integrations', 'nestjs'));
    const offenders = integration.flatMap((f) => importsOf(readFileSync(f, 'utf8'))
      .filter((spec) => spec.startsWith('.') && /^(\.\.\/)+/.test(spec))
      .filter((spec) => {
        const target = relative(lib, join(f, '..', spec));
        return target !== 'index' && !target.startsWith(join('integrations', 'nestjs'));
      })
      .map((spec) => `${relative(lib, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });
});
