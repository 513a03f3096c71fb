/**
 * The layers of docs/architecture.md, enforced. Checked by `npm run lint:layers` (the depcruise CLI)
 * and by spec/architecture/layers.spec.ts (the dependency-cruiser API) inside `npm test`.
 *
 *   base  errors/                      imported by everyone, imports no other folder of lib/
 *   1     types/ < protocol/           CQL values; bytes only (no sockets, no RxJS)
 *   2     connection/                  one socket
 *   3     metadata/ < policies/ < cluster/
 *   4     session/
 *   top   index.ts (public API); integrations/ (subpath exports, through index.ts only)
 *
 * A folder may import its own layer's lower folders and every lower layer, never a higher one.
 * Type-only imports count: an interface import is a dependency too. Paths are relative to the
 * directory cruised from (the repository root).
 */

/** `^lib/(a|b)/` for folders of lib/; `index` adds the public entry, which only integrations import. */
const folders = (...names) => `^lib/(${names.join('|')})/`;
const PUBLIC_ENTRY = '^lib/index\\.ts$';
const above = (...names) => [folders(...names), PUBLIC_ENTRY];

/** A package, resolved (node_modules may be a symlink, so not anchored) or left unresolved. */
const pkg = (name) => [`(^|/)node_modules/${name}/`, `^${name}(/|$)`];
const OPTIONAL_PEERS = [...pkg('@nestjs/[^/]+'), ...pkg('@opentelemetry/[^/]+'), ...pkg('prom-client'), ...pkg('reflect-metadata')];
const NETWORK_BUILTINS = '^(node:)?(net|tls|dgram|dns|dns/promises|http|https|http2)$';

const layer = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    {
      name: 'errors-is-the-base',
      comment: 'errors/ is the one layer every folder may import, so it imports no other folder of lib/.',
      severity: 'error',
      from: { path: '^lib/errors/' },
      to: { path: '^lib/', pathNot: '^lib/errors/' },
    },
    layer('types-is-the-bottom',
      'types/ (CQL values and their codecs) is below protocol/: frames use values, values know no frames.',
      '^lib/types/', above('protocol', 'connection', 'metadata', 'policies', 'cluster', 'session', 'integrations')),
    layer('protocol-below-connection',
      'protocol/ (layer 1) encodes and decodes bytes; it never imports a higher layer.',
      '^lib/protocol/', above('connection', 'metadata', 'policies', 'cluster', 'session', 'integrations')),
    {
      name: 'protocol-is-bytes-only',
      comment: 'protocol/ and types/ are pure codecs: no RxJS and no sockets (node:net, node:tls, other network modules).',
      severity: 'error',
      from: { path: folders('protocol', 'types') },
      to: { path: [...pkg('rxjs'), NETWORK_BUILTINS] },
    },
    layer('connection-below-cluster',
      'connection/ (layer 2) is one socket; it knows nothing of hosts, metadata, policies or sessions.',
      '^lib/connection/', above('metadata', 'policies', 'cluster', 'session', 'integrations')),
    layer('metadata-never-imports-policies-or-cluster',
      'metadata/ (schema model, token map, the HostView shape) is the lowest folder of layer 3.',
      '^lib/metadata/', above('policies', 'cluster', 'session', 'integrations')),
    layer('policies-never-import-cluster',
      'policies/ decide over HostView (metadata/); the cluster implements and calls them, never the reverse.',
      '^lib/policies/', above('cluster', 'session', 'integrations')),
    layer('cluster-below-session',
      'cluster/ (layer 3) owns hosts, pools and the bus; sessions (layer 4) build on it, never the reverse.',
      '^lib/cluster/', above('session', 'integrations')),
    {
      name: 'core-never-imports-integrations',
      comment: 'The core entry (everything outside integrations/) never loads an integration or its optional peer '
        + '(@nestjs/*, @opentelemetry/*, prom-client, reflect-metadata): users without them must be able to load it.',
      severity: 'error',
      from: { path: '^lib/', pathNot: '^lib/integrations/' },
      to: { path: ['^lib/integrations/', ...OPTIONAL_PEERS] },
    },
    {
      name: 'integrations-through-public-entry',
      comment: 'An integration reaches the driver only through lib/index.ts (as users do), and no other integration.',
      severity: 'error',
      from: { path: '^lib/integrations/([^/]+)/' },
      to: { path: '^lib/', pathNot: [PUBLIC_ENTRY, '^lib/integrations/$1/'] },
    },
    {
      name: 'web-is-browser-safe',
      comment: 'cassandra-rx/web runs in browsers: it takes only types from the public entry (a value import would bundle '
        + 'the driver, sockets and all) and no Node built-in module.',
      severity: 'error',
      from: { path: '^lib/integrations/web/' },
      to: { path: PUBLIC_ENTRY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-uses-no-node-builtins',
      comment: 'cassandra-rx/web runs in browsers: no Node built-in module (node:*, buffer, events, ...).',
      severity: 'error',
      from: { path: '^lib/integrations/web/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-internal-barrel',
      comment: 'Core files import the module they need, never the public entry (that would make every file depend on all).',
      severity: 'error',
      from: { path: '^lib/', pathNot: ['^lib/integrations/', PUBLIC_ENTRY] },
      to: { path: PUBLIC_ENTRY },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles in lib/ (type-only imports included): a cycle makes two modules one.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves: an import the checker cannot resolve is a dependency it cannot check.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Packages are leaves: their own imports are not ours to check.
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: policies importing a cluster interface still depend on cluster/.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
