import { join } from 'node:path';
import { blocksMissingFrom, docTsBlocks } from '../support/doc-blocks';
import * as snippets from './session-snippets';

// The docs/session.md snippets added with issue 13 are compiled code (session-snippets.ts).

describe('docs/session.md shows compiled code', () => {
  it('the process() example is in session-snippets.ts verbatim', () => {
    expect(typeof snippets.processExample).toBe('function');
    const blocks = docTsBlocks('session.md').filter((b) => b.includes('session.process('));
    expect(blocks).toHaveLength(1);
    expect(blocksMissingFrom(blocks, [join(__dirname, 'session-snippets.ts')])).toEqual([]);
  });
});
