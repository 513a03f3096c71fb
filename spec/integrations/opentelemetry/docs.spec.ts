import { join } from 'node:path';
import { blocksMissingFrom, docTsBlocks } from '../../support/doc-blocks';
// Compiled (and type-checked by ts-jest) by importing it: the code the page shows.
import * as snippets from './docs-snippets';

describe('docs/observability.md shows compiled code', () => {
  it('imports the compiled snippets', () => {
    expect([snippets.tracingSetup, snippets.metricsSetup, snippets.producerSetup, snippets.prometheusSetup].every((f) => typeof f === 'function')).toBe(true);
  });

  it('every TypeScript block of docs/observability.md is in docs-snippets.ts', () => {
    const blocks = docTsBlocks('observability.md');
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocksMissingFrom(blocks, [join(__dirname, 'docs-snippets.ts')])).toEqual([]);
  });
});
