import { join } from 'node:path';
import { OverloadedError, ReadTimeoutError, ServerErrorCode } from '../../lib';
import { blocksMissingFrom, docTsBlocks } from '../support/doc-blocks';
// Compiled (and type-checked by ts-jest) by importing it: the code the page shows.
import * as snippets from './errors-snippets';

describe('docs/errors.md shows compiled code', () => {
  it('every TypeScript block of docs/errors.md is in errors-snippets.ts', () => {
    const blocks = docTsBlocks('errors.md');
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocksMissingFrom(blocks, [join(__dirname, 'errors-snippets.ts')])).toEqual([]);
  });

  it('the server-code snippet does what the page says', () => {
    const [isOverload, codeNames] = snippets.serverCodes();
    expect(isOverload(new OverloadedError('busy'))).toBe(true);
    expect(isOverload(new ReadTimeoutError('slow', 6, 1, 2, false))).toBe(false);
    expect(codeNames.get(ServerErrorCode.ReadTimeout)).toBe('ReadTimeout');
  });

  it('the option-error snippet reports the option at fault', () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      snippets.optionErrors();
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^fix option pooling\.localConnections: /));
    } finally {
      errors.mockRestore();
    }
  });
});
