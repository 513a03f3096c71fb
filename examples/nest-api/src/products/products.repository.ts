/**
 * Products in Cassandra through the injected session. Every method returns the driver's cold
 * Observable (nothing runs until Nest, or a caller, subscribes); statements are prepared once and
 * cached by the session (`prepare: true`), so values are typed by the table and a value that does
 * not fit (a malformed uuid, a price that is not a number) fails before anything is sent, with an
 * `InvalidValueError` the exception filter answers as 400.
 */
import { Injectable } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { BigDecimal, Uuid, type Session } from 'cassandra-rx';
import { cursorPage, InjectSession, rowToJson, type CursorPage, type JsonValue } from 'cassandra-rx/nestjs';
import { PRODUCTS } from '../schema';

export interface ProductRow {
  id: Uuid;
  name: string;
  price: BigDecimal;
  tags: string[] | null;
  created_at: Date;
}

/** A product as the API shows it. */
export type Product = { [field: string]: JsonValue };

export interface ProductInput {
  name: string;
  price: string | number;
  tags?: string[];
}

@Injectable()
export class ProductsRepository {
  constructor(@InjectSession() private readonly session: Session) {}

  create(input: ProductInput): Observable<Product> {
    const id = Uuid.random();
    const createdAt = new Date();
    return this.session.execute(
      `INSERT INTO ${PRODUCTS} (id, name, price, tags, created_at) VALUES (?, ?, ?, ?, ?)`,
      [id, input.name, price(input.price), input.tags ?? null, createdAt],
      { prepare: true },
    ).pipe(map(() => rowToJson({ id, name: input.name, price: price(input.price), tags: input.tags ?? null, created_at: createdAt })));
  }

  /** The product, or undefined. `id` is the caller's text: the driver checks it is a uuid. */
  get(id: string): Observable<Product | undefined> {
    return this.session.execute<ProductRow>(`SELECT id, name, price, tags, created_at FROM ${PRODUCTS} WHERE id = ?`, [id], { prepare: true })
      .pipe(map((rs) => {
        const row = rs.first();
        return row ? rowToJson(row) : undefined;
      }));
  }

  /** Updates name and price if the product exists (a lightweight transaction); true when it did. */
  update(id: string, input: ProductInput): Observable<boolean> {
    return this.session.execute(`UPDATE ${PRODUCTS} SET name = ?, price = ?, tags = ? WHERE id = ? IF EXISTS`,
      [input.name, price(input.price), input.tags ?? null, id], { prepare: true })
      .pipe(map((rs) => rs.wasApplied()));
  }

  /** Deletes the product if it exists; true when it did. */
  delete(id: string): Observable<boolean> {
    return this.session.execute(`DELETE FROM ${PRODUCTS} WHERE id = ? IF EXISTS`, [id], { prepare: true })
      .pipe(map((rs) => rs.wasApplied()));
  }

  /** One page of the listing and the cursor of the next (null after the last). */
  list(limit: number, cursor: string | undefined): Observable<CursorPage<Product>> {
    return cursorPage<ProductRow, Product>(this.session, `SELECT id, name, price, tags, created_at FROM ${PRODUCTS}`, [],
      { limit, cursor: cursor ?? null, prepare: true });
  }
}

/** A decimal from JSON: a string keeps every digit; a number is taken as written. */
function price(p: string | number): BigDecimal | string | number {
  return typeof p === 'string' && /^-?\d+(\.\d+)?$/.test(p) ? BigDecimal.parse(p) : p;
}
