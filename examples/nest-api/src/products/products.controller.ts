/**
 * CRUD over products and a paged listing. Handlers return the repository's Observables: Nest
 * subscribes, which runs the statement, and answers with the value. The request is checked here
 * (a product id is a uuid, a price a decimal) and typed from then on; driver errors reach the
 * exception filter (503 with Retry-After when Cassandra is unavailable, 400 for a value that does
 * not fit its column).
 */
import {
  BadRequestException, Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Put, Query,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { BigDecimal, Uuid } from 'cassandra-rx';
import { rowToJson, type CursorPage } from 'cassandra-rx/nestjs';
import { ProductsRepository, type ProductJson, type ProductInput } from './products.repository';

/** A decimal from JSON: a string keeps every digit; a number is taken as written. */
function parsePrice(p: unknown): BigDecimal {
  if (typeof p === 'string' && /^-?\d+(\.\d+)?$/.test(p)) return BigDecimal.parse(p);
  if (typeof p === 'number' && Number.isFinite(p)) return BigDecimal.fromNumber(p);
  throw new BadRequestException('price: a number (or a decimal string) is required');
}

function checkInput(body: unknown): ProductInput {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b['name'] !== 'string' || b['name'].trim() === '') throw new BadRequestException('name: a non-empty string is required');
  const price = parsePrice(b['price']);
  const tags = b['tags'];
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) throw new BadRequestException('tags: an array of strings');
  return { name: b['name'], price, ...(tags !== undefined ? { tags: tags as string[] } : {}) };
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new NotFoundException(`product ${id} not found`);
  return value;
}

@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsRepository) {}

  @Post()
  create(@Body() body: unknown): Observable<ProductJson> {
    return this.products.create(checkInput(body));
  }

  /** `GET /products?limit=50&cursor=...`: `{ items, cursor }`; send `cursor` back for the next page. */
  @Get()
  list(@Query('limit') limit?: string, @Query('cursor') cursor?: string): Observable<CursorPage<ProductJson>> {
    const n = limit === undefined ? 50 : Number(limit);
    return this.products.list(n, cursor);
  }

  /** Returns the driver's Observable directly. */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Observable<ProductJson> {
    return this.products.get(Uuid.fromString(id)).pipe(map((p) => found(p, id)));
  }

  @Put(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: unknown): Observable<ProductJson> {
    const input = checkInput(body);
    return this.products.update(Uuid.fromString(id), input)
      .pipe(map((applied) => found(applied ? rowToJson({ id, ...input, tags: input.tags ?? null }) : undefined, id)));
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', ParseUUIDPipe) id: string): Observable<void> {
    return this.products.delete(Uuid.fromString(id)).pipe(map((applied) => void found(applied ? true : undefined, id)));
  }
}
