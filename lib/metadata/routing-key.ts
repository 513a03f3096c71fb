/**
 * Routing keys: the serialized partition key that token-aware routing hashes. One component is
 * its value as is; several are each written as <unsigned short length><bytes><0x00>.
 */
import type { BoundValue } from '../protocol/writer';
import type { DataType } from '../types/data-type';
import { encodeValue } from '../types/encode';

/** Routing key from the partition-key values: one component as is; several as <len><bytes><0>… */
export function routingKeyOf(indexes: readonly number[], values: readonly BoundValue[]): Buffer | undefined {
  if (indexes.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const i of indexes) {
    const v = values[i];
    if (!Buffer.isBuffer(v)) return undefined;
    parts.push(v);
  }
  if (parts.length === 1) return parts[0];
  const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length + 3, 0));
  let at = 0;
  for (const p of parts) {
    out.writeUInt16BE(p.length, at);
    p.copy(out, at + 2);
    out[at + 2 + p.length] = 0;
    at += p.length + 3;
  }
  return out;
}

/** Routing key from explicitly given partition-key values and their CQL types (simple statements). */
export function routingKeyFromValues(types: readonly DataType[], values: readonly unknown[]): Buffer | undefined {
  const encoded = types.map((t, i) => encodeValue(t, values[i], `routing key component ${i}`));
  return routingKeyOf(types.map((_, i) => i), encoded);
}
