/**
 * The layer table of docs/architecture.md, enforced: dependency-cruiser (its `cruise` API, run by
 * cruise.mjs in a child process because the package is ESM only) checks lib/ against the rules of
 * .dependency-cruiser.cjs, and a failure lists every violation as `rule: from → to`. A fixture tree
 * breaking each rule once shows that the check can fail, and that every rule is exercised.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly string[];
}

interface CruiseReport {
  /** Violations of severity error (what makes the CLI exit non-zero). */
  readonly errors: number;
  readonly modules: number;
  readonly dependencies: number;
  readonly rules: readonly string[];
  readonly violations: readonly Violation[];
}

const root = join(__dirname, '..', '..');
const helper = join(__dirname, 'cruise.mjs');

function cruiseLayers(baseDir: string, paths: readonly string[]): CruiseReport {
  const out = execFileSync(process.execPath, [helper, baseDir, ...paths], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as CruiseReport;
}

const line = (v: Violation): string => `${v.rule}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.join(' → ')})` : ''}`;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('lib/ keeps the layers of docs/architecture.md', () => {
  let report: CruiseReport;
  beforeAll(() => {
    report = cruiseLayers(root, ['lib']);
  }, 120_000);

  it('cruises every file of lib/ with every rule', () => {
    expect(report.modules).toBeGreaterThanOrEqual(tsFiles(join(root, 'lib')).length);
    expect(report.dependencies).toBeGreaterThan(500);
    expect(report.rules).toEqual(expect.arrayContaining([
      'errors-is-the-base', 'protocol-below-connection', 'protocol-is-bytes-only', 'connection-below-cluster',
      'metadata-never-imports-policies-or-cluster', 'policies-never-import-cluster', 'cluster-below-session',
      'core-never-imports-integrations', 'no-circular',
    ]));
  });

  it('has no violation (each listed as rule: from → to)', () => {
    expect(report.violations.map(line)).toEqual([]);
    expect(report.errors).toBe(0);
  });
});

/** One file per broken rule (a couple break two); paths relative to the fixture's root. */
const FIXTURE: Readonly<Record<string, string>> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', moduleResolution: 'node' }, include: ['lib'] }),
  'lib/index.ts': "export { Session } from './session/session';\n",
  'lib/errors/driver-error.ts': "import type { Host } from '../cluster/host';\nexport class DriverError extends Error { host?: Host; }\n",
  'lib/types/value.ts': "import { encodeFrame } from '../protocol/frame';\nexport const encodeValue = encodeFrame;\n",
  'lib/protocol/frame.ts': [
    "import { Session } from '../session/session';",
    "import { Observable } from 'rxjs';",
    "import { connect } from 'node:net';",
    'export const encodeFrame = (): unknown[] => [Session, Observable, connect];',
  ].join('\n'),
  'lib/connection/socket.ts': "import type { Host } from '../cluster/host';\nexport type Socket = { host: Host };\n",
  'lib/metadata/token-map.ts': "import type { Plan } from '../policies/plan';\nexport type TokenMap = { plan: Plan };\n",
  'lib/policies/plan.ts': "import type { Host } from '../cluster/host';\nexport type Plan = Host[];\n",
  'lib/cluster/host.ts': "export interface Host { readonly endpoint: string }\n",
  'lib/cluster/registry.ts': "import { Session } from '../session/session';\nimport 'prom-client';\nexport const registry = [Session];\n",
  'lib/cluster/metrics.ts': "import { nest } from '../integrations/nestjs/module';\nexport const metrics = nest;\n",
  'lib/session/session.ts': "import { index } from './statement';\nexport class Session { static i = index; }\n",
  'lib/session/statement.ts': "import { Session } from './session';\nexport const index = [Session];\n",
  'lib/session/trace.ts': "import * as api from '../index';\nexport const trace = api;\n",
  'lib/integrations/nestjs/module.ts': "import type { Host } from '../../cluster/host';\nimport { Session } from '../../index';\nexport const nest = [Session] as unknown as Host[];\n",
  'lib/integrations/web/client.ts': "import { Session } from '../../index';\nimport { EventEmitter } from 'node:events';\nexport const web = [Session, EventEmitter];\n",
};

describe('the layer check fails on violations', () => {
  let dir: string;
  let report: CruiseReport;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cassandra-rx-layers-'));
    for (const [path, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    report = cruiseLayers(dir, ['lib']);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const has = (rule: string, from: string, to: string): void => {
    expect(report.violations.map(line)).toContainEqual(expect.stringMatching(new RegExp(`^${rule}: ${from} → ${to}`)));
  };

  it('reports a protocol file importing session (and rxjs, node:net) as errors', () => {
    has('protocol-below-connection', 'lib/protocol/frame.ts', 'lib/session/session.ts');
    has('protocol-is-bytes-only', 'lib/protocol/frame.ts', 'rxjs');
    has('protocol-is-bytes-only', 'lib/protocol/frame.ts', 'net');
    expect(report.errors).toBe(report.violations.length);
  });

  it('reports every lower layer importing a higher one', () => {
    has('errors-is-the-base', 'lib/errors/driver-error.ts', 'lib/cluster/host.ts');
    has('types-is-the-bottom', 'lib/types/value.ts', 'lib/protocol/frame.ts');
    has('connection-below-cluster', 'lib/connection/socket.ts', 'lib/cluster/host.ts');
    has('metadata-never-imports-policies-or-cluster', 'lib/metadata/token-map.ts', 'lib/policies/plan.ts');
    has('policies-never-import-cluster', 'lib/policies/plan.ts', 'lib/cluster/host.ts');
    has('cluster-below-session', 'lib/cluster/registry.ts', 'lib/session/session.ts');
  });

  it('reports the core importing an integration or an optional peer, and an integration going around index.ts', () => {
    has('core-never-imports-integrations', 'lib/cluster/metrics.ts', 'lib/integrations/nestjs/module.ts');
    has('core-never-imports-integrations', 'lib/cluster/registry.ts', 'prom-client');
    has('integrations-through-public-entry', 'lib/integrations/nestjs/module.ts', 'lib/cluster/host.ts');
    has('no-internal-barrel', 'lib/session/trace.ts', 'lib/index.ts');
  });

  it('reports the browser client taking a value from the public entry, or a Node module', () => {
    has('web-is-browser-safe', 'lib/integrations/web/client.ts', 'lib/index.ts');
    has('web-uses-no-node-builtins', 'lib/integrations/web/client.ts', 'events');
  });

  it('reports import cycles and imports it cannot resolve', () => {
    has('no-circular', 'lib/session/session.ts', 'lib/session/statement.ts');
    has('not-to-unresolvable', 'lib/protocol/frame.ts', 'rxjs');
  });

  it('exercises every rule of the configuration', () => {
    const broken = new Set(report.violations.map((v) => v.rule));
    expect(report.rules.filter((rule) => !broken.has(rule))).toEqual([]);
  });

  it('does not report what the layers allow', () => {
    const allowed = report.violations.filter((v) => v.from === 'lib/index.ts' || (v.from === 'lib/integrations/nestjs/module.ts' && v.to === 'lib/index.ts'));
    expect(allowed.map(line)).toEqual([]);
  });
});
