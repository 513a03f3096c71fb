/**
 * Preloaded (`node -r`) in the child processes of nest-exit.it.spec.ts: resolves `cassandra-rx` and
 * `cassandra-rx/nestjs` to the sources, as jest's moduleNameMapper does in the test process (by its
 * name the package resolves to dist/, which a fresh clone has not built).
 */
import Module from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..', '..');
const targets: Record<string, string> = {
  'cassandra-rx': join(root, 'lib', 'index.ts'),
  'cassandra-rx/nestjs': join(root, 'lib', 'integrations', 'nestjs', 'index.ts'),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
loader._resolveFilename = function resolve(this: unknown, request: string, ...rest: unknown[]): string {
  return original.call(this, targets[request] ?? request, ...rest);
};
