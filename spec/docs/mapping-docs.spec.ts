import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { BigDecimal } from 'cassandra-rx';
import { blocksMissingFrom, repoRoot, tsBlocks } from '../support/doc-blocks';
// Compiled (and type-checked by ts-jest) by importing it: the code the pages show.
import * as snippets from './mapping-snippets';

const SNIPPETS = join(__dirname, 'mapping-snippets.ts');
/** The NestJS example's repository, which the page's "In a NestJS service" section quotes. */
const NEST_REPOSITORY = join(repoRoot, 'examples', 'nest-api', 'src', 'products', 'products.repository.ts');
const page = (name: string): string => readFileSync(join(repoRoot, 'docs', name), 'utf8');

describe('docs/mapping.md and the registry section of docs/types.md show compiled code', () => {
  it('every TypeScript block of docs/mapping.md is in mapping-snippets.ts or the NestJS example it quotes', () => {
    const blocks = tsBlocks(page('mapping.md'));
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    expect(blocksMissingFrom(blocks, [SNIPPETS, NEST_REPOSITORY])).toEqual([]);
  });

  it('every TypeScript block of "Custom codecs and user types" in docs/types.md is in mapping-snippets.ts', () => {
    const text = page('types.md');
    const section = text.slice(text.indexOf('## Custom codecs and user types'), text.indexOf('## Type names'));
    const blocks = tsBlocks(section);
    expect(blocks.length).toBe(4);
    expect(blocksMissingFrom(blocks, [SNIPPETS])).toEqual([]);
  });

  it('the snippets import only the package entries and rxjs', () => {
    const source = readFileSync(SNIPPETS, 'utf8');
    const specifiers = new Set([...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] as string));
    expect([...specifiers].sort()).toEqual(['cassandra-rx', 'cassandra-rx/mapper', 'rxjs']);
  });

  it('the page\'s model maps what the page says it maps', () => {
    expect(snippets.orders.properties.map((p) => `${p.property}:${p.column}:${p.role}`)).toEqual([
      'customerId:customer_id:partition', 'orderedAt:ordered_at:clustering', 'total:total:regular',
      'items:items:regular', 'shipTo:ship_to:regular', 'note:remark:regular',
    ]);
    expect(snippets.events.partitionKey.map((p) => p.column)).toEqual(['day']);
  });

  it('the money codec of docs/types.md round-trips cents', () => {
    const { moneyCodec, Money } = snippets;
    expect(moneyCodec.fromCql(moneyCodec.toCql(new Money(1999n)) as BigDecimal).cents).toBe(1999n);
    expect(moneyCodec.fromCql(new BigDecimal(15n, 1)).cents).toBe(150n);
    expect(moneyCodec.fromCql(new BigDecimal(12345n, 3)).cents).toBe(1234n);
  });
});
