/**
 * What a statement is, for routing and retries: a SELECT (idempotent unless the caller says
 * otherwise) and/or a lightweight transaction (a conditional INSERT, UPDATE or DELETE, run with
 * Paxos: routed to the replicas in a fixed order so concurrent proposals meet the same leader).
 *
 * Simple and prepared statements are classified by the same reading of their CQL text. Cassandra
 * does not tell: its PREPARED result metadata (native protocol v5, 4.2.5.4) has one flag,
 * Global_tables_spec, and no LWT mark; when a protocol gives one, `kindOf`'s `serverLwt` wins.
 */

export interface StatementKind {
  readonly isSelect: boolean;
  readonly isLwt: boolean;
}

/** Keywords of the statement's text outside comments, string literals and quoted names, uppercased. */
function keywords(cql: string): string[] {
  const out: string[] = [];
  const n = cql.length;
  let i = 0;
  while (i < n) {
    const c = cql[i] as string;
    const next = cql[i + 1];
    if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      const eol = cql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      const end = cql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      // 'it''s' and "say ""hi""": a doubled quote stays inside.
      i++;
      while (i < n) {
        if (cql[i] === c) {
          if (cql[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
      out.push(c === "'" ? "'" : '"');
    } else if (c === '$' && next === '$') {
      const end = cql.indexOf('$$', i + 2);
      i = end < 0 ? n : end + 2;
      out.push("'");
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_]/.test(cql[i] as string)) i++;
      out.push(cql.slice(start, i).toUpperCase());
    } else {
      if (c === ';') out.push(';');
      i++;
    }
  }
  return out;
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE']);

/** Classifies CQL text (see the module comment). */
export function classifyCql(cql: string): StatementKind {
  const words = keywords(cql);
  const first = words[0];
  const isSelect = first === 'SELECT';
  // A batch is conditional when any statement in it is; schema statements' IF [NOT] EXISTS is not Paxos.
  let inDml = false;
  let isLwt = false;
  for (const w of words) {
    if (DML.has(w)) inDml = true;
    else if (w === ';' || w === 'APPLY') inDml = false;
    else if (w === 'IF' && inDml) {
      isLwt = true;
      break;
    }
  }
  return { isSelect, isLwt };
}

const cache = new Map<string, StatementKind>();
const CACHE_SIZE = 512;

/**
 * The kind of a statement, from the server's LWT flag when the protocol gave one, else from its
 * text. Text results are cached (hot simple statements are classified once).
 */
export function kindOf(cql: string, serverLwt?: boolean): StatementKind {
  let kind = cache.get(cql);
  if (kind === undefined) {
    kind = classifyCql(cql);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(cql, kind);
  }
  return serverLwt === undefined || serverLwt === kind.isLwt ? kind : { isSelect: kind.isSelect, isLwt: serverLwt };
}
