/**
 * CQL spelling for the export: string/map/blob literals and numbers as Cassandra (Java) prints
 * them, so exported statements read like `DESCRIBE`. Identifiers: lib/types/cql-identifier.ts.
 */
import type { OptionValue, TextMap } from './model';
import { cqlString } from './query-runner';

export { cqlString };

/** A double as Java's `Double.toString` prints it: `1.0`, `0.01`, `1.0E-4`, `1.0E7`. */
export function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (n === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '0', exponent = '0'] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

/** `{'k': 'v', ...}`; blob maps print their (hex) values as blob literals. */
export function mapLiteral(map: TextMap, blobValues = false): string {
  const entries = Object.keys(map).map((k) => `${cqlString(k)}: ${blobValues ? `0x${map[k] ?? ''}` : cqlString(map[k] ?? '')}`);
  return `{${entries.join(', ')}}`;
}

/** Options stored as doubles (printed with a decimal point even when whole). */
const DOUBLE_OPTIONS: ReadonlySet<string> = new Set([
  'bloom_filter_fp_chance', 'crc_check_chance', 'read_repair_chance', 'dclocal_read_repair_chance',
]);

/** The value of `name = value` in a WITH clause. */
export function optionLiteral(name: string, value: OptionValue): string {
  if (typeof value === 'string') return cqlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return DOUBLE_OPTIONS.has(name) ? javaDouble(value) : String(value);
  return mapLiteral(value, name === 'extensions');
}

/** Drops a top-level `frozen<…>` (function arguments and return types are never frozen in CQL). */
export function unfrozen(cqlType: string): string {
  const t = cqlType.trim();
  return /^frozen\s*</i.test(t) && t.endsWith('>') ? unfrozen(t.slice(t.indexOf('<') + 1, -1)) : t;
}
