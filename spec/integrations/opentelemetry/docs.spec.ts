import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Compiled (and type-checked by ts-jest) by importing it: the code the page shows.
import * as snippets from './docs-snippets';

const root = join(__dirname, '..', '..', '..');
const normalize = (code: string): string => code.replace(/\s+/g, ' ').trim();
const tsBlocks = (markdown: string): string[] => [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe('docs/observability.md shows compiled code', () => {
  it('imports the compiled snippets', () => {
    expect([snippets.tracingSetup, snippets.metricsSetup, snippets.prometheusSetup].every((f) => typeof f === 'function')).toBe(true);
  });

  it('every TypeScript block of docs/observability.md is in docs-snippets.ts', () => {
    const compiled = normalize(readFileSync(join(__dirname, 'docs-snippets.ts'), 'utf8'));
    const blocks = tsBlocks(readFileSync(join(root, 'docs', 'observability.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.filter((b) => !compiled.includes(normalize(b)))).toEqual([]);
  });
});
