import { firstValueFrom, take, toArray } from 'rxjs';
import { blocksMissingFrom, docTsBlocks } from '../../support/doc-blocks';
import { join } from 'node:path';
import * as snippets from './docs-snippets';

describe('docs/web.md shows compiled code', () => {
  it('every TypeScript block of docs/web.md is in docs-snippets.ts', () => {
    const blocks = docTsBlocks('web.md');
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocksMissingFrom(blocks, [join(__dirname, 'docs-snippets.ts')])).toEqual([]);
  });

  it('the snippets make cold Observables (nothing opens before subscription)', async () => {
    let opened = 0;
    const { hosts$, samples$ } = snippets.oneConnectionManyViews((url) => {
      opened++;
      const listeners = new Map<string, (e: { type: string; data?: unknown }) => void>();
      queueMicrotask(() => {
        listeners.get('open')?.({ type: 'open' });
        listeners.get('status')?.({ type: 'status', data: JSON.stringify({ hosts: [{ endpoint: url, datacenter: null, rack: null, state: 'up' }] }) });
      });
      return { readyState: 1, addEventListener: (type, l) => void listeners.set(type, l), close: () => undefined };
    });
    expect(opened).toBe(0);
    void samples$;
    const hosts = await firstValueFrom(hosts$.pipe(take(1), toArray()));
    expect(opened).toBe(1);
    expect(hosts[0]?.[0]?.endpoint).toBe('/cluster/events?metricsMs=1000');
  });
});
