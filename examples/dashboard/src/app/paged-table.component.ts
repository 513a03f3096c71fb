/**
 * A large table a page at a time through the API's cursor listing (`GET /products?limit&cursor`):
 * the cursor is the driver's paging state, so each page is one query that starts where the last
 * one stopped. `CursorTrail` keeps the cursor of every page visited, so Previous fetches a page
 * again with the cursor it was first fetched with.
 */
import { ChangeDetectionStrategy, Component, signal, type OnDestroy } from '@angular/core';
import type { Subscription } from 'rxjs';
import { CursorTrail, fetchPage, type RowJson } from 'cassandra-rx/web';

export const PAGE_SIZE = 50;

@Component({
  selector: 'cx-paged-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bar">
      <button type="button" data-action="previous" [disabled]="loading() || page() === 0" (click)="go(page() - 1)">Previous</button>
      <span data-page>{{ loading() ? 'loading...' : 'page ' + (page() + 1) }}</span>
      <button type="button" data-action="next" [disabled]="loading() || !hasNext()" (click)="go(page() + 1)">Next</button>
      <span class="muted">{{ pageSize }} rows a page, through the paging-state cursor</span>
    </div>
    @if (error(); as message) {
      <p class="error">{{ message }} <button type="button" (click)="go(page())">Try again</button></p>
    }
    <table data-table="products" [attr.data-loaded-page]="loading() ? null : page()">
      <thead><tr><th>id</th><th>name</th><th>price</th><th>created</th></tr></thead>
      <tbody>
        @for (row of rows(); track row['id']) {
          <tr [attr.data-id]="row['id']"><td>{{ row['id'] }}</td><td>{{ row['name'] }}</td><td>{{ row['price'] }}</td><td>{{ row['createdAt'] }}</td></tr>
        } @empty {
          <tr><td colspan="4" class="muted">{{ loading() ? '' : 'No rows.' }}</td></tr>
        }
      </tbody>
    </table>
  `,
  styles: `.bar { display: flex; gap: .8rem; align-items: center; margin-bottom: .6rem; }`,
})
export class PagedTableComponent implements OnDestroy {
  protected readonly pageSize = PAGE_SIZE;
  protected readonly page = signal(0);
  protected readonly rows = signal<readonly RowJson[]>([]);
  protected readonly loading = signal(false);
  protected readonly hasNext = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly trail = new CursorTrail();
  private request: Subscription | null = null;

  constructor() {
    this.go(0);
  }

  protected go(index: number): void {
    const cursor = this.trail.cursorOf(index);
    if (cursor === undefined) return;
    this.request?.unsubscribe();
    this.loading.set(true);
    this.error.set(null);
    this.request = fetchPage(`/products`, { limit: PAGE_SIZE, cursor }).subscribe({
      next: (answer) => {
        this.trail.record(index, answer.cursor);
        this.page.set(index);
        this.rows.set(answer.items);
        this.hasNext.set(this.trail.hasNext(index));
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.error.set(`Could not load page ${index + 1}: ${e instanceof Error ? e.message : String(e)}`);
        this.loading.set(false);
      },
    });
  }

  ngOnDestroy(): void {
    this.request?.unsubscribe();
  }
}
