/**
 * The one helper the docs specs share to check that a page shows compiled code: the ```ts blocks
 * of a markdown page, and a whitespace-insensitive form to find each one in the compiled sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (docs/ lives there). */
export const repoRoot = join(__dirname, '..', '..');

/** Collapses whitespace runs so formatting differences between page and source do not matter. */
export const normalize = (code: string): string => code.replace(/\s+/g, ' ').trim();

/** The ```ts blocks of a markdown text. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** The ```ts blocks of docs/<page>. */
export function docTsBlocks(page: string): string[] {
  return tsBlocks(readFileSync(join(repoRoot, 'docs', page), 'utf8'));
}

/** The blocks none of the `compiledFiles` contains (whitespace aside). */
export function blocksMissingFrom(blocks: readonly string[], compiledFiles: readonly string[]): string[] {
  const compiled = compiledFiles.map((f) => normalize(readFileSync(f, 'utf8')));
  return blocks.filter((b) => !compiled.some((c) => c.includes(normalize(b))));
}
