/**
 * ROWS content decoding. A page is an array of rows; each row is an array of cell values in
 * column order (`null` for a null cell); row objects keyed by name are built higher up.
 * Cells are handed to the `CellDecoder` as `(buf, start, end)` — no per-cell Buffer views.
 */
import { ProtocolError } from '../errors/codec-errors';
import type { CellDecoder } from '../types/cell-decoder';
import type { DataType } from '../types/data-type';

/** A row: one value per column, in column order. */
export type Row = unknown[];

/** The undecoded <rows_content> of a Rows result, for lazy decoding (see `decodeRows`). */
export interface RowsContent {
  readonly rowCount: number;
  readonly columnCount: number;
  /** The frame body holding the rows (a view; valid while the frame is). */
  readonly buf: Buffer;
  /** Offsets of <rows_content> within `buf`. */
  readonly start: number;
  readonly end: number;
}

/** Zero-column rows carry no bytes; refuse absurd counts rather than allocate them. */
const MAX_EMPTY_ROWS = 1 << 16;

/** Checks that `rowCount × columnCount` cells can fit in the content (4 bytes per cell minimum). */
export function checkRowsContent(c: RowsContent): void {
  if (c.rowCount < 0) throw new ProtocolError(`Negative row count ${c.rowCount}`);
  if (c.columnCount === 0 ? c.rowCount > MAX_EMPTY_ROWS : c.rowCount * c.columnCount * 4 > c.end - c.start) {
    throw new ProtocolError(`${c.rowCount} rows × ${c.columnCount} columns cannot fit in ${c.end - c.start} bytes`);
  }
}

/** Decodes every row of `content` with the given column types and cell decoder. */
export function decodeRows(content: RowsContent, types: readonly DataType[], decoder: CellDecoder): Row[] {
  checkRowsContent(content);
  const { buf, rowCount, columnCount, end } = content;
  if (types.length !== columnCount) {
    throw new ProtocolError(`Rows have ${columnCount} columns but ${types.length} types are known`);
  }
  const rows: Row[] = new Array<Row>(rowCount);
  let p = content.start;
  for (let i = 0; i < rowCount; i++) {
    const row: unknown[] = new Array<unknown>(columnCount);
    for (let j = 0; j < columnCount; j++) {
      if (end - p < 4) throw new ProtocolError('Truncated rows content');
      const n = buf.readInt32BE(p);
      p += 4;
      if (n < 0) {
        row[j] = null;
        continue;
      }
      if (n > end - p) throw new ProtocolError(`Cell length ${n} overruns the rows content`);
      row[j] = decoder.decode(types[j] as DataType, buf, p, p + n);
      p += n;
    }
    rows[i] = row;
  }
  return rows;
}
