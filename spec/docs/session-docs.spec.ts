import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snippets from './session-snippets';

// The docs/session.md snippets added with issue 13 are compiled code (session-snippets.ts).
const normalize = (code: string): string => code.replace(/\s+/g, ' ').trim();

describe('docs/session.md shows compiled code', () => {
  it('the process() example is in session-snippets.ts verbatim', () => {
    expect(typeof snippets.processExample).toBe('function');
    const md = readFileSync(join(__dirname, '..', '..', 'docs', 'session.md'), 'utf8');
    const compiled = normalize(readFileSync(join(__dirname, 'session-snippets.ts'), 'utf8'));
    const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => b.includes('session.process('));
    expect(blocks).toHaveLength(1);
    for (const b of blocks) expect(compiled).toContain(normalize(b));
  });
});
