/**
 * The docs import only what users can import. In every TypeScript block of docs/*.md (and the
 * README): a name imported from a package entry (`cassandra-rx`, `cassandra-rx/nestjs`, ...) is
 * exported by that entry, as its API report (api/*.api.md) lists it; `cassandra-rx/...` is an
 * entry of the package's `exports` map; other packages are ones package.json names; and no block
 * imports a relative path (`../lib`, `./lib/types`, `../protocol`, ...), which users cannot
 * write — except in the developer docs listed below, which document internals for contributors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { repoRoot, tsBlocks } from '../support/doc-blocks';

/** Docs written for contributors, allowed to import internal modules by relative path, and why. */
const DEVELOPER_DOCS: ReadonlyMap<string, string> = new Map([
  ['docs/protocol.md', 'the native-protocol codec (lib/protocol/) for contributors: its encoders and decoders are internal'],
  ['docs/types.md', 'the type system (lib/types/) for contributors: the value encoder and cell decoder are internal'],
  ['docs/testing.md', 'the test harness (spec/support/) for contributors writing specs; not part of the package'],
]);

/** Names each package entry exports (`cassandra-rx`, `cassandra-rx/nestjs`, ...). */
type EntryExports = ReadonlyMap<string, ReadonlySet<string>>;

/** One import of a block: where from, and the names it takes (`default` / `* as ns` marked). */
interface ImportUse {
  readonly specifier: string;
  readonly names: readonly string[];
}

const EXPORTED_NAME = /^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const enum|const|enum|let|var|namespace) ([A-Za-z_$][\w$]*)/gm;

/** The names an api-extractor report declares as exported. */
function reportNames(report: string): Set<string> {
  return new Set([...report.matchAll(EXPORTED_NAME)].map((m) => m[1] as string));
}

/** Every entry of package.json's `exports` map with the names its API report lists. */
function packageEntries(): EntryExports {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; exports: Record<string, { types: string }> };
  const configs = readdirSync(join(repoRoot, 'api')).filter((f) => f.endsWith('.json') && f !== 'api-extractor.base.json')
    .map((f) => JSON.parse(readFileSync(join(repoRoot, 'api', f), 'utf8')) as { mainEntryPointFilePath: string; apiReport: { reportFileName: string } });
  const entries = new Map<string, ReadonlySet<string>>();
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key === './package.json') continue;
    const types = target.types.replace(/^\.\//, '');
    const config = configs.find((c) => c.mainEntryPointFilePath === `<projectFolder>/${types}`);
    if (!config) throw new Error(`no api/*.json reports the entry ${key} (${types})`);
    const report = readFileSync(join(repoRoot, 'api', `${config.apiReport.reportFileName}.api.md`), 'utf8');
    entries.set(pkg.name + key.slice(1), reportNames(report));
  }
  return entries;
}

/** Packages a doc may import besides the package itself: what package.json names, and Node's own modules. */
function knownPackages(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  return new Set([
    ...Object.keys(pkg['dependencies'] ?? {}), ...Object.keys(pkg['peerDependencies'] ?? {}), ...Object.keys(pkg['devDependencies'] ?? {}),
    ...builtinModules, ...builtinModules.map((m) => `node:${m}`),
  ]);
}

/** The imports of one block: `import ... from '...'`, `import '...'`, `export ... from '...'`, `import('...')`, `require('...')`. */
function importsOf(code: string): ImportUse[] {
  const uses: ImportUse[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s+(type\s+)?([\w$*{}\s,]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    uses.push({ specifier: m[3] as string, names: clauseNames(m[2] as string) });
  }
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    uses.push({ specifier: (m[1] ?? m[2]) as string, names: [] });
  }
  return uses;
}

/** `A, { B, type C, D as E }` → `default`, B, C, D; `* as ns` → `* as ns`. */
function clauseNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([\s\S]*)\}/.exec(clause);
  for (const part of (braces?.[1] ?? '').split(',')) {
    const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]?.trim();
    if (name) names.push(name);
  }
  const outside = clause.replace(/\{[\s\S]*\}/, '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const o of outside) names.push(o.startsWith('*') ? o.replace(/\s+/g, ' ') : 'default');
  return names;
}

/**
 * What is wrong with the imports of the TypeScript blocks of one markdown text (empty: nothing).
 * `allowRelative`: a developer doc, which may import internal modules by path.
 */
function importProblems(markdown: string, entries: EntryExports, packages: ReadonlySet<string>, allowRelative: boolean): string[] {
  const problems: string[] = [];
  tsBlocks(markdown).forEach((code, i) => {
    const where = `block ${i + 1}`;
    for (const use of importsOf(code)) {
      const spec = use.specifier;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        if (!allowRelative) problems.push(`${where}: imports '${spec}', a path into the sources users cannot import (use the package entries)`);
        continue;
      }
      const exported = entries.get(spec);
      if (exported) {
        for (const name of use.names) {
          const ns = /^\* as ([\w$]+)$/.exec(name);
          const used = ns ? [...code.matchAll(new RegExp(`\\b${ns[1]}\\.([A-Za-z_$][\\w$]*)`, 'g'))].map((m) => m[1] as string) : [name];
          for (const n of used) if (!exported.has(n)) problems.push(`${where}: '${n}' is not exported by '${spec}'`);
        }
        continue;
      }
      const [first = '', second = ''] = spec.split('/');
      const pkgName = first.startsWith('@') ? `${first}/${second}` : first;
      if (entries.has(pkgName)) {
        problems.push(`${where}: '${spec}' is not an entry of the package's exports map (${[...entries.keys()].join(', ')})`);
      } else if (!packages.has(spec) && !packages.has(pkgName)) {
        problems.push(`${where}: imports '${spec}', a package package.json does not name`);
      }
    }
  });
  return problems;
}

/** docs/*.md and the README, as repository paths. */
function docFiles(): string[] {
  return ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

describe('the docs import only what the package exports', () => {
  const entries = packageEntries();
  const packages = knownPackages();

  it('reads every entry of the exports map with the names of its API report', () => {
    expect([...entries.keys()]).toEqual(['cassandra-rx', 'cassandra-rx/nestjs', 'cassandra-rx/opentelemetry', 'cassandra-rx/opentelemetry/sdk', 'cassandra-rx/prometheus', 'cassandra-rx/mapper', 'cassandra-rx/web']);
    expect(entries.get('cassandra-rx')).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    for (const name of ['Cluster', 'Metadata', 'SchemaSnapshot', 'exportAsCql', 'TokenMap', 'LoadBalancingPolicy', 'Consistency', 'ProtocolVersion']) {
      expect(entries.get('cassandra-rx')?.has(name)).toBe(true);
    }
    expect(entries.get('cassandra-rx')?.has('SchemaFetcher')).toBe(false);
    expect(entries.get('cassandra-rx/opentelemetry')?.has('instrument')).toBe(true);
    expect(entries.get('cassandra-rx/prometheus')?.has('registerCassandraMetrics')).toBe(true);
    expect(entries.get('cassandra-rx/nestjs')?.has('hostStatus$')).toBe(true);
  });

  it.each(docFiles())('%s', (file) => {
    const markdown = readFileSync(join(repoRoot, file), 'utf8');
    expect(importProblems(markdown, entries, packages, DEVELOPER_DOCS.has(file))).toEqual([]);
  });

  it('TypeScript is fenced as ```ts everywhere (other spellings would escape these checks)', () => {
    const odd = docFiles().flatMap((file) => [...readFileSync(join(repoRoot, file), 'utf8').matchAll(/^```(typescript|tsx|mts|cts)\b/gm)].map((m) => `${file}: ${m[0]}`));
    expect(odd).toEqual([]);
  });

  it('each developer doc on the allow-list exists and still needs it (imports internals by path)', () => {
    for (const [file, reason] of DEVELOPER_DOCS) {
      expect(reason.length).toBeGreaterThan(0);
      const markdown = readFileSync(join(repoRoot, file), 'utf8');
      expect(importProblems(markdown, entries, packages, false).some((p) => p.includes('a path into the sources'))).toBe(true);
    }
  });

  describe('the checker', () => {
    const sample = [
      '# A page', '', '```ts',
      "import { Cluster, type Metadata, NoSuchThing, exportAsCql as toCql } from 'cassandra-rx';",
      "import {", "  instrument,", "  notAnExport,", "} from 'cassandra-rx/opentelemetry';",
      "import { SchemaFetcher } from '../lib/metadata/schema';",
      "import { internal } from 'cassandra-rx/lib/metadata/schema';",
      "import leftPad from 'left-pad';",
      "import * as rx from 'cassandra-rx';",
      'rx.Cluster; rx.Hidden;',
      "import { firstValueFrom } from 'rxjs';",
      "import { readFileSync } from 'node:fs';",
      '```', '', '```sh', "import { NotChecked } from 'cassandra-rx';", '```', '',
    ].join('\n');

    it('reports each bad import of a sample page, and nothing for the good ones', () => {
      expect(importProblems(sample, entries, packages, false)).toEqual([
        "block 1: 'NoSuchThing' is not exported by 'cassandra-rx'",
        "block 1: 'notAnExport' is not exported by 'cassandra-rx/opentelemetry'",
        "block 1: imports '../lib/metadata/schema', a path into the sources users cannot import (use the package entries)",
        "block 1: 'cassandra-rx/lib/metadata/schema' is not an entry of the package's exports map (cassandra-rx, cassandra-rx/nestjs, cassandra-rx/opentelemetry, cassandra-rx/opentelemetry/sdk, cassandra-rx/prometheus, cassandra-rx/mapper, cassandra-rx/web)",
        "block 1: imports 'left-pad', a package package.json does not name",
        "block 1: 'Hidden' is not exported by 'cassandra-rx'",
      ]);
    });

    it('lets a developer doc import by path, but still checks its package imports', () => {
      expect(importProblems(sample, entries, packages, true)).toHaveLength(5);
    });

    it('fails an example that imports the internal schema modules (what docs/metadata.md used to show)', () => {
      const old = "```ts\nimport { SchemaFetcher, connectionRunner } from '../lib/metadata/schema';\nimport { murmur3Partitioner } from 'cassandra-rx';\n```\n";
      expect(importProblems(old, entries, packages, false)).toEqual([
        "block 1: imports '../lib/metadata/schema', a path into the sources users cannot import (use the package entries)",
        "block 1: 'murmur3Partitioner' is not exported by 'cassandra-rx'",
      ]);
    });
  });
});
