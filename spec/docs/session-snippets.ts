/**
 * Code shown in docs/session.md, compiled here (ts-jest type-checks this file when the spec
 * imports it); session-docs.spec.ts checks that the page shows it verbatim.
 */
import type { Session } from '../../lib';

declare function saveAsync(row: object): Promise<void>;

export function processExample(session: Session): void {
  session.process('SELECT * FROM events', [], (row) => saveAsync(row), { fetchSize: 1000 })
    .subscribe({ complete: () => console.log('all saved') });
}
