import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { blocksMissingFrom, docTsBlocks, repoRoot as root, tsBlocks } from '../../support/doc-blocks';
// Compiled (and type-checked by ts-jest) by importing them: the code the docs show.
import * as snippets from './docs-snippets';
import { AppModule } from '../../../examples/nest-api/src/app.module';


function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the NestJS docs show compiled code', () => {
  const compiled = [join(__dirname, 'docs-snippets.ts'), ...sources(join(root, 'examples', 'nest-api', 'src'))];

  it('imports the compiled snippets and the example service', () => {
    expect(typeof snippets.AppModule).toBe('function');
    expect(typeof AppModule).toBe('function');
  });

  it('every TypeScript block of docs/nestjs.md is in docs-snippets.ts or the example service', () => {
    const blocks = docTsBlocks('nestjs.md');
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(blocksMissingFrom(blocks, compiled)).toEqual([]);
  });

  it("docs/session.md's NestJS section shows compiled code and points to docs/nestjs.md", () => {
    const md = readFileSync(join(root, 'docs', 'session.md'), 'utf8');
    const section = md.slice(md.indexOf('## In a NestJS application'));
    expect(section).toContain('docs/nestjs.md');
    const blocks = tsBlocks(section);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocksMissingFrom(blocks, compiled)).toEqual([]);
  });
});
