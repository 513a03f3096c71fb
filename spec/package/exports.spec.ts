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

  it('the core entry loads no NestJS, OpenTelemetry or prom-client module (from require and from import)', () => {
    const cjs = node(['-e', `
      require('cassandra-rx');
      console.log(Object.keys(require.cache).filter((f) => f.includes('@nestjs') || f.includes('reflect-metadata') || f.includes('@opentelemetry') || f.includes('prom-client') || f.includes('integrations')).length);
    `]);
    expect(cjs).toBe('0');
    const esm = node(['--input-type=module', '-e', `
      import { createRequire } from 'node:module';
      await import('cassandra-rx');
      const cache = createRequire(import.meta.url).cache;
      console.log(Object.keys(cache).filter((f) => f.includes('@nestjs') || f.includes('@opentelemetry') || f.includes('prom-client') || f.includes('integrations')).length);
    `]);
    expect(esm).toBe('0');
  });

  it('cassandra-rx/opentelemetry loads @opentelemetry/api only: the SDK entry (opentelemetry/sdk) and the SDK packages stay unloaded', () => {
    const out = node(['-e', `
      require('cassandra-rx/opentelemetry');
      const loaded = Object.keys(require.cache);
      console.log([loaded.some((f) => f.includes('@opentelemetry/api')), loaded.filter((f) => /@opentelemetry[\\/](sdk-|resources|core)|opentelemetry[\\/]sdk[\\/]/.test(f)).length].join(' '));
    `]);
    expect(out).toBe('true 0');
  });

  it('exports cassandra-rx/nestjs (types, require, import) sharing the core classes', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    const nest = pkg.exports['./nestjs'] as Record<string, string>;
    for (const key of ['types', 'import', 'require']) expect(existsSync(join(root, nest[key] as string))).toBe(true);
    expect(readFileSync(join(root, nest['types'] as string), 'utf8')).toContain('CassandraModule');
    const out = node(['-e', `
      const core = require('cassandra-rx');
      const nest = require('cassandra-rx/nestjs');
      const e = new nest.CassandraModuleError('default', 'contactPoints', 'missing');
      console.log([typeof nest.CassandraModule.forRoot, e instanceof core.DriverError, typeof nest.InjectSession].join(' '));
    `]);
    expect(out).toBe('function true function');
    const esm = node(['--input-type=module', '-e', `
      import { CassandraModule, CassandraExceptionFilter, sseRows } from 'cassandra-rx/nestjs';
      import { DriverError } from 'cassandra-rx';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('cassandra-rx/nestjs');
      console.log([CassandraModule === cjs.CassandraModule, typeof sseRows, Object.getPrototypeOf(CassandraExceptionFilter) !== null, DriverError.name].join(' '));
    `]);
    expect(esm).toBe('true function true DriverError');
  });
  it('exports cassandra-rx/mapper (types, require, import) sharing the core classes', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    const entry = pkg.exports['./mapper'] as Record<string, string>;
    for (const key of ['types', 'import', 'require']) expect(existsSync(join(root, entry[key] as string))).toBe(true);
    expect(readFileSync(join(root, entry['types'] as string), 'utf8')).toContain('defineModel');
    const out = node(['-e', `
      const core = require('cassandra-rx');
      const m = require('cassandra-rx/mapper');
      let error;
      try { m.defineModel({ table: 't', columns: { id: m.col.int() } }); } catch (e) { error = e; }
      console.log([typeof m.Mapper, error instanceof core.MappingError, error instanceof core.DriverError].join(' '));
    `]);
    expect(out).toBe('function true true');
    const esm = node(['--input-type=module', '-e', `
      import { defineModel } from 'cassandra-rx/mapper';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('cassandra-rx/mapper');
      console.log([defineModel === cjs.defineModel].join(' '));
    `]);
    expect(esm).toBe('true');
  });
  it.each([
    ['opentelemetry', 'instrument', 'InstrumentationOptionError', 'instrumentMetrics'],
    ['prometheus', 'registerCassandraMetrics', 'PrometheusOptionError', 'UnboundedLabelError'],
    ['opentelemetry/sdk', 'cassandraMetricProducer', 'InstrumentationOptionError', 'cassandraMetricProducer'],
  ])('exports cassandra-rx/%s (types, require, import) sharing the core classes', (sub, fn, errorClass, other) => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    const entry = pkg.exports[`./${sub}`] as Record<string, string>;
    for (const key of ['types', 'import', 'require']) expect(existsSync(join(root, entry[key] as string))).toBe(true);
    expect(readFileSync(join(root, entry['types'] as string), 'utf8')).toContain(fn);
    const out = node(['-e', `
      const core = require('cassandra-rx');
      const m = require('cassandra-rx/${sub}');
      const e = new m.${errorClass}('x', 'y');
      console.log([typeof m.${fn}, typeof m.${other}, e instanceof core.OptionError, e instanceof core.DriverError].join(' '));
    `]);
    expect(out).toBe('function function true true');
    const esm = node(['--input-type=module', '-e', `
      import { ${fn} } from 'cassandra-rx/${sub}';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('cassandra-rx/${sub}');
      console.log([${fn} === cjs.${fn}].join(' '));
    `]);
    expect(esm).toBe('true');
  });

  it('exports cassandra-rx/web (types, require, import), loading no Node-only module', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    const entry = pkg.exports['./web'] as Record<string, string>;
    for (const key of ['types', 'import', 'require']) expect(existsSync(join(root, entry[key] as string))).toBe(true);
    expect(readFileSync(join(root, entry['types'] as string), 'utf8')).toContain('clusterEvents');
    const out = node(['-e', `
      const web = require('cassandra-rx/web');
      const e = new web.StreamUnavailableError('/x', 2, false);
      const loaded = Object.keys(require.cache).filter((f) => !f.includes('node_modules') && !f.includes('integrations/web'));
      console.log([typeof web.clusterEvents, typeof web.queryRows, e instanceof web.WebStreamError, loaded.length].join(' '));
    `]);
    expect(out).toBe('function function true 0');
    const esm = node(['--input-type=module', '-e', `
      import { fetchPage } from 'cassandra-rx/web';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('cassandra-rx/web');
      console.log([fetchPage === cjs.fetchPage].join(' '));
    `]);
    expect(esm).toBe('true');
  });
});
