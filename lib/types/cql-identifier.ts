/**
 * CQL identifiers (keyspace, table, column, type and function names): the one place that decides
 * when a name needs double quotes, quotes it (`"` doubled inside), and reads a written name back.
 * Every layer that writes CQL (type names, schema export, USE on a connection) goes through here.
 */

/**
 * Cassandra's reserved keywords (`reserved_keywords.txt`, 4.0–5.x): never valid unquoted.
 * Unreserved keywords (`key`, `ttl`, `text`, ...) are valid names as they are.
 */
const RESERVED: ReadonlySet<string> = new Set([
  'ADD', 'ALLOW', 'ALTER', 'AND', 'APPLY', 'ASC', 'AUTHORIZE', 'BATCH', 'BEGIN', 'BY', 'COLUMNFAMILY', 'CREATE',
  'DEFAULT', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'ENTRIES', 'EXECUTE', 'FROM', 'FULL', 'GRANT', 'IF', 'IN', 'INDEX',
  'INFINITY', 'INSERT', 'INTO', 'IS', 'KEYSPACE', 'LIMIT', 'MATERIALIZED', 'MBEAN', 'MBEANS', 'MODIFY', 'NAN',
  'NORECURSIVE', 'NOT', 'NULL', 'OF', 'ON', 'OR', 'ORDER', 'PRIMARY', 'RENAME', 'REVOKE', 'SCHEMA', 'SELECT', 'SET',
  'TABLE', 'TO', 'TOKEN', 'TRUNCATE', 'UNLOGGED', 'UNSET', 'UPDATE', 'USE', 'USING', 'VIEW', 'WHERE', 'WITH',
]);

/** What CQL reads unquoted as this very name: lowercase letters, digits and `_`, starting with a letter. */
const PLAIN = /^[a-z][a-z0-9_]*$/;

/** True when `keyword` (any case) is one of Cassandra's reserved keywords. */
export function isReservedKeyword(keyword: string): boolean {
  return RESERVED.has(keyword.toUpperCase());
}

/**
 * True when `name` must be double-quoted to mean itself: it is not plain lowercase (unquoted names
 * are case-folded), it is a reserved keyword, or it is one of `alsoReserved` (words the context
 * reads differently, e.g. the native type names where a type is expected).
 */
export function needsQuoting(name: string, alsoReserved?: ReadonlySet<string>): boolean {
  return !PLAIN.test(name) || RESERVED.has(name.toUpperCase()) || (alsoReserved?.has(name) ?? false);
}

/** `name` as CQL: as it is when that reads back as the same name, else double-quoted with `"` doubled. */
export function quoteIdentifier(name: string, alsoReserved?: ReadonlySet<string>): string {
  return needsQuoting(name, alsoReserved) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** `keyspace.name`, each part quoted as needed. */
export function qualifiedName(keyspace: string, name: string, alsoReserved?: ReadonlySet<string>): string {
  return `${quoteIdentifier(keyspace, alsoReserved)}.${quoteIdentifier(name, alsoReserved)}`;
}

/**
 * The name an identifier as written in CQL denotes: `"My Ks"` → `My Ks` (`""` → `"`), an unquoted
 * one lowercased (`MyKs` → `myks`). Undefined when the text is not one identifier.
 */
export function parseIdentifier(text: string): string | undefined {
  if (/^"(?:[^"]|"")+"$/.test(text)) return text.slice(1, -1).replace(/""/g, '"');
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(text) ? text.toLowerCase() : undefined;
}
