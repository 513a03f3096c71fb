import type { DataType } from './data-type';

/**
 * How the protocol's ROWS decoder turns one cell's bytes into a JavaScript value.
 * `buf[start, end)` holds the cell's bytes (never a null cell: nulls are handled by the caller).
 * Implementations read in place and copy only what must outlive the frame (blobs, for instance).
 * Malformed bytes raise `ProtocolError`.
 */
export interface CellDecoder {
  decode(type: DataType, buf: Buffer, start: number, end: number): unknown;
}
