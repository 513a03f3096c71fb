/**
 * The code of docs/mapping.md and of the "Custom codecs and user types" section of docs/types.md,
 * compiled here: mapping-docs.spec.ts imports this file (ts-jest type-checks it) and checks that
 * every TypeScript block of those sections appears in it verbatim (whitespace aside). Everything is
 * imported from the package entries, as users import it; each block is the body of a function or a
 * declaration, so nothing runs on import (spec/integrations/mapper/real runs the same operations).
 */
import { firstValueFrom, toArray } from 'rxjs';
import { BigDecimal, Consistency, type Cluster, type CustomCodec, type Session, type Uuid } from 'cassandra-rx';
import { col, defineModel, Mapper, type RowOf } from 'cassandra-rx/mapper';

// ---- docs/types.md: user types -----------------------------------------------------------------

export class Address {
  street = '';
  zipCode: number | null = null;   // field zip_code

  label(): string {
    return `${this.street} ${this.zipCode ?? ''}`.trim();
  }
}

export function registerAddress(cluster: Cluster): void {
  cluster.registerUserType('shop', 'address', Address);
  // rows now hold Address instances wherever the type occurs (columns, lists, maps, tuples, other UDTs),
  // and Address instances can be bound wherever the type is expected
}

export function registerPoint(cluster: Cluster): void {
  type Point = readonly [number, number];
  cluster.registerUserType<Point>('shop', 'point', {
    fromCql: (f) => [Number(f['x']), Number(f['y'])],
    toCql: ([x, y]) => ({ x, y }),
    is: (v): v is Point => Array.isArray(v) && v.length === 2,
    fields: ['x', 'y'],                       // checked against the type's fields
  });
}

// ---- docs/types.md: custom codecs --------------------------------------------------------------

/** A decimal class of the application (what decimal.js or big.js would be). */
export class Money {
  constructor(readonly cents: bigint) {}
}

export const moneyCodec: CustomCodec<Money, 'decimal'> = {
  cqlType: 'decimal',
  is: (v): v is Money => v instanceof Money,
  fromCql: (d) => new Money(d.scale <= 2 ? d.unscaled * 10n ** BigInt(2 - d.scale) : d.unscaled / 10n ** BigInt(d.scale - 2)),
  toCql: (m) => new BigDecimal(m.cents, 2),
};

export const nativeBigint: CustomCodec<bigint, 'bigint'> = {
  cqlType: 'bigint',
  is: (v): v is bigint => typeof v === 'bigint',
  fromCql: (v) => (typeof v === 'bigint' ? v : BigInt(v.toString())),
  toCql: (v) => v,
};

export function registerCodecs(cluster: Cluster): void {
  cluster.registerCodec(moneyCodec);
  cluster.registerCodec(nativeBigint);
}

// ---- docs/mapping.md ---------------------------------------------------------------------------

export interface Order {
  customerId: Uuid;
  orderedAt: Date;
  total: Money;
  items: string[];
  shipTo: Address | null;
  note: string | null;
}

export const orders = defineModel<Order>()({
  keyspace: 'shop',
  table: 'orders',
  columns: {
    customerId: col.uuid().partitionKey(),            // column customer_id
    orderedAt: col.timestamp().clustering('desc'),    // column ordered_at
    total: col.decimal<Money>(),                      // Money through the registered codec
    items: col.list(col.text()),
    shipTo: col.udt<Address>('frozen<address>'),      // Address through the registered user type
    note: col.text().named('remark'),                 // a column whose name is not the convention's
  },
});

export const events = defineModel({
  table: 'events',
  columns: { day: col.date().partitionKey(), seq: col.int().clustering(), payload: col.blob() },
});
export type EventRow = RowOf<typeof events>;   // { day: LocalDate; seq: number; payload: Buffer | null }

export async function crud(session: Session, customerId: Uuid): Promise<void> {
  const mapper = new Mapper(session);
  const repo = mapper.forModel(orders);

  const at = new Date();
  const first = await firstValueFrom(repo.insert(
    { customerId, orderedAt: at, total: new Money(1999n), items: ['book'], shipTo: null, note: null },
    { ifNotExists: true },
  ));
  first.wasApplied;                                        // true the first time; else first.existing holds the row

  const order = await firstValueFrom(repo.get({ customerId, orderedAt: at }));   // Order | null

  await firstValueFrom(repo.update({ customerId, orderedAt: at, note: 'gift' }, { if: { note: null } }));

  const recent = await firstValueFrom(repo.find$({ customerId }, { limit: 10 }).pipe(toArray()));   // Order[], newest first

  await firstValueFrom(repo.remove({ customerId, orderedAt: at }, { ifExists: true }));
  void [order, recent];
}

export async function paging(session: Session, customerId: Uuid, pagingState: Buffer | undefined): Promise<Buffer | null> {
  const repo = new Mapper(session).forModel(orders);
  const page = await firstValueFrom(repo.pages$({ customerId }, { fetchSize: 50, ...(pagingState ? { pagingState } : {}) }));
  page.items;        // up to 50 orders
  return page.pagingState;   // null on the last page; else pass it back to continue
}

export async function batching(session: Session, customerId: Uuid, at: Date): Promise<boolean> {
  const mapper = new Mapper(session, { defaults: { consistency: Consistency.QUORUM } });
  const repo = mapper.forModel(orders);
  const result = await firstValueFrom(mapper.batch([
    repo.ops.insert({ customerId, orderedAt: at, total: new Money(500n), items: [], shipTo: null, note: null }),
    repo.ops.update({ customerId, orderedAt: new Date(0), note: 'superseded' }),
    repo.ops.remove({ customerId, orderedAt: new Date(1) }),
  ]));
  return result.wasApplied;
}
