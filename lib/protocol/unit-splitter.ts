/**
 * Cuts a byte stream into self-describing units (frames, v5 segments) at any chunk boundary.
 *
 * Whole units inside a chunk are handed out as views of that chunk. A unit that spans chunks is
 * kept as views until all of its bytes have arrived; then it is either handed to the `spanning`
 * hook as those views (which may consume it without a copy), or assembled into one buffer sized
 * from its header. So memory never grows with a declared length the input does not contain, and
 * there is no `Buffer.concat` per chunk.
 */

/**
 * Takes a complete unit that spans chunks as the views it arrived in (`parts`, `length` bytes in
 * all, header first). Returns true if it consumed them; false to have the unit assembled and
 * emitted as usual. The views stay valid; the array is not reused.
 */
export type SpanningUnit = (parts: readonly Buffer[], length: number) => boolean;

export class UnitSplitter {
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Total length of the pending unit, or -1 while its header is incomplete. */
  private needed = -1;
  private readonly scratch: Buffer;

  /**
   * @param headerLength bytes needed to know a unit's length
   * @param unitLength given a complete header at `buf[offset]`, the whole unit's length in bytes
   *   (header included); throws `ProtocolError` on a bad header. Called once per unit, and the
   *   unit it was called for is the next one emitted or offered to `spanning`.
   * @param spanning optional hook offered every unit that spans chunks before it is assembled
   */
  constructor(
    private readonly headerLength: number,
    private readonly unitLength: (buf: Buffer, offset: number) => number,
    private readonly spanning: SpanningUnit | null = null,
  ) {
    this.scratch = Buffer.alloc(headerLength);
  }

  /** Bytes held for an incomplete unit. */
  get buffered(): number { return this.partsLength; }

  /** The header of the unit being received, once all of its bytes are in (a copy); else null. Not for the hot path. */
  pendingHeader(): Buffer | null {
    if (this.partsLength < this.headerLength) return null;
    const header = Buffer.alloc(this.headerLength);
    copyParts(this.parts, header, 0, this.headerLength);
    return header;
  }

  push(chunk: Buffer, emit: (unit: Buffer) => void): void {
    let off = 0;
    if (this.partsLength > 0) {
      off = this.completePending(chunk, emit);
      if (off < 0) return;
    }
    const len = chunk.length;
    while (off < len) {
      const left = len - off;
      if (left < this.headerLength) {
        this.hold(chunk.subarray(off));
        return;
      }
      const total = this.unitLength(chunk, off);
      if (left < total) {
        this.needed = total;
        this.hold(chunk.subarray(off));
        return;
      }
      emit(chunk.subarray(off, off + total));
      off += total;
    }
  }

  private hold(view: Buffer): void {
    this.parts.push(view);
    this.partsLength += view.length;
  }

  /** Feeds the pending unit from `chunk`; returns the offset after it, or -1 if still pending. */
  private completePending(chunk: Buffer, emit: (unit: Buffer) => void): number {
    let off = 0;
    if (this.needed < 0) {
      const take = Math.min(this.headerLength - this.partsLength, chunk.length);
      this.hold(chunk.subarray(0, take));
      off = take;
      if (this.partsLength < this.headerLength) return -1;
      copyParts(this.parts, this.scratch, 0, this.headerLength);
      this.needed = this.unitLength(this.scratch, 0);
    }
    const take = Math.min(this.needed - this.partsLength, chunk.length - off);
    if (take > 0) this.hold(chunk.subarray(off, off + take));
    off += take;
    if (this.partsLength < this.needed) return -1;
    const parts = this.parts;
    const length = this.needed;
    this.parts = [];
    this.partsLength = 0;
    this.needed = -1;
    if (this.spanning !== null && this.spanning(parts, length)) return off;
    // Assembly: the unit spans chunks, so it gets its own buffer, sized from its header.
    const unit = Buffer.allocUnsafe(length);
    copyParts(parts, unit, 0, length);
    emit(unit);
    return off;
  }
}

/** Copies bytes `[from, to)` of the concatenation of `parts` into `target` at 0. */
export function copyParts(parts: readonly Buffer[], target: Buffer, from: number, to: number): void {
  forEachView(parts, from, to, (view, at) => { view.copy(target, at - from); });
}

/** Calls `f` with the views of `parts` that together make bytes `[from, to)`, in order, and each one's offset. */
export function forEachView(parts: readonly Buffer[], from: number, to: number, f: (view: Buffer, at: number) => void): void {
  let start = 0;
  for (const p of parts) {
    const end = start + p.length;
    if (end > from && start < to) {
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      f(a === start && b === end ? p : p.subarray(a - start, b - start), a);
    }
    if (end >= to) return;
    start = end;
  }
}
