/**
 * CRUD over products and a paged listing. Handlers return the repository's Observables: Nest
 * subscribes, which runs the statement, and answers with the value. Driver errors reach the
 * exception filter (503 with Retry-After when Cassandra is unavailable, 400 for a bad value).
 */
import {
  BadRequestException, Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Put, Query,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { CursorPage } from 'cassandra-rx/nestjs';
import { ProductsRepository, type Product, type ProductInput } from './products.repository';

function checkInput(body: unknown): ProductInput {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b['name'] !== 'string' || b['name'].trim() === '') throw new BadRequestException('name: a non-empty string is required');
  const price = b['price'];
  if (typeof price !== 'string' && typeof price !== 'number') throw new BadRequestException('price: a number (or a decimal string) is required');
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
  create(@Body() body: unknown): Observable<Product> {
    return this.products.create(checkInput(body));
  }

  /** `GET /products?limit=50&cursor=...`: `{ items, cursor }`; send `cursor` back for the next page. */
  @Get()
  list(@Query('limit') limit?: string, @Query('cursor') cursor?: string): Observable<CursorPage<Product>> {
    const n = limit === undefined ? 50 : Number(limit);
    return this.products.list(n, cursor);
  }

  /** Returns the driver's Observable directly. */
  @Get(':id')
  get(@Param('id') id: string): Observable<Product> {
    return this.products.get(id).pipe(map((p) => found(p, id)));
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() body: unknown): Observable<Product> {
    const input = checkInput(body);
    return this.products.update(id, input).pipe(map((applied) => found(applied ? { id, ...input } : undefined, id)));
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id') id: string): Observable<void> {
    return this.products.delete(id).pipe(map((applied) => void found(applied ? true : undefined, id)));
  }
}
