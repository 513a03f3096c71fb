/**
 * Cost of the type registry (issue 19), no network: binding a prepared statement's values and
 * converting a decoded 5,000-row page, with an empty registry (what every cluster without
 * registrations pays), with a registration no column uses, and with one a column uses.
 * Run: `npx ts-node --transpile-only bench/registry.ts`. Bounded: about BENCH_SECONDS (default 2) s per line.
 */
import { PreparedStatement } from '../lib/session/statements';
import { convertRows } from '../lib/session/typed-rows';
import { TypeRegistry } from '../lib/types/type-registry';
import { BigDecimal } from '../lib/types/big-decimal';
import { Uuid } from '../lib/types/uuid';
import type { ColumnSpec } from '../lib/protocol/result-metadata';
import type { UdtType } from '../lib/types/data-type';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 2);

/** Ops per second of `op` over about SECONDS / ROUNDS seconds. */
function rate(op: () => void): number {
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round((SECONDS / ROUNDS) * 1e9));
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 100; i++) op();
    ops += 100;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

const ROUNDS = 5;

/** Runs the cases in turn, ROUNDS times (so JIT and machine noise hit all alike), and prints each median. */
function compare(title: string, perOp: number, cases: ReadonlyArray<readonly [string, () => void]>): void {
  for (const [, op] of cases) for (let i = 0; i < 2000; i++) op();
  const rates = cases.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) cases.forEach(([, op], i) => rates[i]?.push(rate(op)));
  console.log(title);
  cases.forEach(([name], i) => {
    const sorted = [...(rates[i] ?? [])].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(`  ${name.padEnd(56)} ${(median * perOp / 1e6).toFixed(3).padStart(9)} M/s  ${(1e9 / median).toFixed(0).padStart(9)} ns/op`);
  });
}

const ADDRESS: UdtType = { kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip_code', type: { kind: 'int' } }] };
const spec = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ keyspace: 'ks', table: 't', name, type });
const columns: ColumnSpec[] = [spec('id', { kind: 'uuid' }), spec('n', { kind: 'int' }), spec('name', { kind: 'text' }), spec('score', { kind: 'double' }), spec('home', ADDRESS)];
const shape = { id: Buffer.alloc(16), resultMetadataId: null, variables: columns, partitionKeyIndexes: [0], resultColumns: columns };
class Address {
  street = '';
  zipCode: number | null = null;
}
class Money {
  constructor(readonly cents: bigint) {}
}

const empty = new TypeRegistry();
const unrelated = new TypeRegistry();
unrelated.registerCodec<Money, 'decimal'>({ cqlType: 'decimal', is: (v): v is Money => v instanceof Money, fromCql: (d) => new Money(d.unscaled), toCql: (m) => new BigDecimal(m.cents, 2) });
const related = new TypeRegistry();
related.registerUserType('ks', 'address', Address);

const id = Uuid.random();
const plainParams = [id, 42, 'name', 1.5, { street: 'Main', zip_code: 1 }];
const classParams = [id, 42, 'name', 1.5, Object.assign(new Address(), { street: 'Main', zipCode: 1 })];

const without = PreparedStatement.of('q', 'ks', shape);
const withEmpty = PreparedStatement.of('q', 'ks', shape, empty);
const withUnrelated = PreparedStatement.of('q', 'ks', shape, unrelated);
const withRelated = PreparedStatement.of('q', 'ks', shape, related);

compare('bind of 5 values (uuid, int, text, double, udt)', 1, [
  ['no registry (as before issue 19)', () => without.bind(plainParams)],
  ['empty registry', () => withEmpty.bind(plainParams)],
  ['registry no column uses', () => withUnrelated.bind(plainParams)],
  ['UDT class registered (1 of 5 columns converted)', () => withRelated.bind(classParams)],
]);

const ROWS = 5000;
const page = (): unknown[][] => Array.from({ length: ROWS }, (_, i) => [id, i, 'name', 1.5, { street: 'Main', zip_code: i }]);
const pages = [page(), page()];
let k = 0;
compare('rows of a 5,000-row page after decoding (rows/s)', ROWS, [
  ['empty registry (the one check ResultSink makes)', () => {
    if (!empty.isEmpty) convertRows(empty, columns, pages[k++ & 1] as unknown[][]);
  }],
  ['registry no column uses', () => convertRows(unrelated, columns, pages[k++ & 1] as unknown[][])],
  // In place: after the first pass the cells hold Address instances, converted again each pass (same work).
  ['UDT class registered (1 of 5 columns converted)', () => convertRows(related, columns, pages[k++ & 1] as unknown[][])],
]);
