/**
 * `InetAddress` (CQL `inet`): an immutable IPv4 (4 bytes) or IPv6 (16 bytes) address. Parses
 * dotted quads and every IPv6 text form (`::` compression, embedded IPv4 tail); prints IPv6 the
 * RFC 5952 way (lowercase, longest zero run compressed, IPv4-mapped as `::ffff:a.b.c.d`).
 */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export class InetAddress {
  private readonly bytes: Buffer;

  /** Wrap 4 or 16 bytes (copied); `RangeError` for any other length. */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 4 && bytes.length !== 16) throw new RangeError(`An IP address has 4 or 16 bytes, got ${bytes.length}`);
    this.bytes = Buffer.from(bytes);
  }

  /** Parse an IPv4 or IPv6 address; `TypeError` when `text` is neither. */
  static parse(text: string): InetAddress {
    const bytes = parseIPv4(text) ?? parseIPv6(text);
    if (!bytes) throw new TypeError(`Not an IPv4 or IPv6 address: "${text.slice(0, 60)}"`);
    return new InetAddress(bytes);
  }

  /** True when `text` parses as an address. */
  static isValid(text: string): boolean {
    return (parseIPv4(text) ?? parseIPv6(text)) !== undefined;
  }

  /** 4 or 16. */
  get length(): number {
    return this.bytes.length;
  }

  get version(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }

  /** True for `::ffff:a.b.c.d`. */
  isIPv4Mapped(): boolean {
    if (this.bytes.length !== 16) return false;
    for (let i = 0; i < 10; i++) if (this.bytes[i] !== 0) return false;
    return this.bytes[10] === 0xff && this.bytes[11] === 0xff;
  }

  /** The IPv4 address of an IPv4 or IPv4-mapped address, else undefined. */
  toIPv4(): InetAddress | undefined {
    if (this.bytes.length === 4) return this;
    return this.isIPv4Mapped() ? new InetAddress(this.bytes.subarray(12)) : undefined;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }

  /** Same bytes (an IPv4 address does not equal its IPv4-mapped IPv6 form). */
  equals(other: unknown): boolean {
    return other instanceof InetAddress && this.bytes.equals(other.bytes);
  }

  toString(): string {
    if (this.bytes.length === 4) return dotted(this.bytes, 0);
    if (this.isIPv4Mapped()) return `::ffff:${dotted(this.bytes, 12)}`;
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(this.bytes.readUInt16BE(i));
    // Longest run of at least two zero groups; the first one wins a tie.
    let bestStart = -1;
    let bestLength = 1;
    for (let i = 0; i < 8;) {
      if (groups[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function dotted(bytes: Buffer, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

function parseIPv4(text: string): Buffer | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const out = Buffer.alloc(4);
  for (let i = 0; i < 4; i++) {
    const part = match[i + 1] ?? '';
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(text: string): Buffer | undefined {
  if (text.length < 2 || text.length > 45 || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** Colon-separated hex groups; the last may be a dotted IPv4 (two groups) when `allowIPv4Tail`. */
function parseGroups(part: string, allowIPv4Tail: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    if (i === pieces.length - 1 && allowIPv4Tail && piece.includes('.')) {
      const v4 = parseIPv4(piece);
      if (!v4) return undefined;
      groups.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (HEX_GROUP.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
