/**
 * Products in Cassandra through the object mapper (`cassandra-rx/mapper`) on the injected session.
 * The model maps the table's columns to a typed `Product` (camelCase properties, snake_case columns);
 * every method returns a cold Observable (nothing runs until Nest, or a caller, subscribes), and the
 * mapper prepares each statement once through the session's cache. A value the mapper cannot bind
 * fails before anything is sent with a `MappingError` the exception filter answers as 400.
 */
import { Injectable } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { Uuid, type BigDecimal, type Session } from 'cassandra-rx';
import { col, defineModel, Mapper, type ModelMapper } from 'cassandra-rx/mapper';
import { cursorPageFrom, InjectSession, rowToJson, type CursorPage, type JsonValue } from 'cassandra-rx/nestjs';
import { PRODUCTS } from '../schema';

export interface Product {
  id: Uuid;
  name: string;
  price: BigDecimal;
  tags: Set<string> | null;
  createdAt: Date;
}

/** The `products` table of the session's keyspace (columns id, name, price, tags, created_at). */
export const products = defineModel<Product>()({
  table: PRODUCTS,
  columns: {
    id: col.uuid().partitionKey(),
    name: col.text(),
    price: col.decimal(),
    tags: col.set(col.text()),
    createdAt: col.timestamp(),
  },
});

/** A product as the API shows it (`rowToJson`: the uuid and the decimal as strings, the set as an array). */
export type ProductJson = { [field: string]: JsonValue };

export interface ProductInput {
  name: string;
  price: BigDecimal;
  tags?: string[];
}

@Injectable()
export class ProductsRepository {
  private readonly products: ModelMapper<Product, 'id'>;

  constructor(@InjectSession() session: Session) {
    this.products = new Mapper(session).forModel(products);
  }

  create(input: ProductInput): Observable<ProductJson> {
    const product: Product = { id: Uuid.random(), name: input.name, price: input.price, tags: tagSet(input.tags), createdAt: new Date() };
    return this.products.insert(product).pipe(map(() => rowToJson(product)));
  }

  /** The product, or undefined. */
  get(id: Uuid): Observable<ProductJson | undefined> {
    return this.products.get({ id }).pipe(map((p) => (p === null ? undefined : rowToJson(p))));
  }

  /** Sets name, price and tags if the product exists (a lightweight transaction); true when it did. */
  update(id: Uuid, input: ProductInput): Observable<boolean> {
    return this.products.update({ id, name: input.name, price: input.price, tags: tagSet(input.tags) }, { ifExists: true })
      .pipe(map((r) => r.wasApplied));
  }

  /** Deletes the product if it exists; true when it did. */
  delete(id: Uuid): Observable<boolean> {
    return this.products.remove({ id }, { ifExists: true }).pipe(map((r) => r.wasApplied));
  }

  /** One page of the listing and the cursor of the next (null after the last). */
  list(limit: number, cursor: string | undefined): Observable<CursorPage<ProductJson>> {
    return cursorPageFrom(({ fetchSize, pagingState }) => this.products.pages$({}, { fetchSize, ...(pagingState ? { pagingState } : {}) }).pipe(
      map((page) => ({ items: page.items.map((p) => rowToJson(p)), pagingState: page.pagingState })),
    ), { limit, cursor: cursor ?? null });
  }
}

/** No tags is null (an empty set is null in Cassandra anyway). */
function tagSet(tags: readonly string[] | undefined): Set<string> | null {
  return tags === undefined || tags.length === 0 ? null : new Set(tags);
}
