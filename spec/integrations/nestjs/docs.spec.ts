import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
// Compiled (and type-checked by ts-jest) by importing them: the code the docs show.
import * as snippets from './docs-snippets';
import { AppModule } from '../../../examples/nest-api/src/app.module';

const root = join(__dirname, '..', '..', '..');
const normalize = (code: string): string => code.replace(/\s+/g, ' ').trim();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The ```ts blocks of a markdown text. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

describe('the NestJS docs show compiled code', () => {
  const compiled = [join(__dirname, 'docs-snippets.ts'), ...sources(join(root, 'examples', 'nest-api', 'src'))]
    .map((f) => normalize(readFileSync(f, 'utf8')));

  it('imports the compiled snippets and the example service', () => {
    expect(typeof snippets.AppModule).toBe('function');
    expect(typeof AppModule).toBe('function');
  });

  it('every TypeScript block of docs/nestjs.md is in docs-snippets.ts or the example service', () => {
    const blocks = tsBlocks(readFileSync(join(root, 'docs', 'nestjs.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const missing = blocks.filter((b) => !compiled.some((c) => c.includes(normalize(b))));
    expect(missing).toEqual([]);
  });

  it("docs/session.md's NestJS section shows compiled code and points to docs/nestjs.md", () => {
    const md = readFileSync(join(root, 'docs', 'session.md'), 'utf8');
    const section = md.slice(md.indexOf('## In a NestJS application'));
    expect(section).toContain('docs/nestjs.md');
    const blocks = tsBlocks(section);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.filter((b) => !compiled.some((c) => c.includes(normalize(b))))).toEqual([]);
  });
});
