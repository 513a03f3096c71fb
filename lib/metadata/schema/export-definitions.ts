/**
 * CREATE statements for keyspaces, user types, functions and aggregates, as Cassandra 5.0's
 * `DESCRIBE` prints them. Virtual keyspaces come out as a comment (they cannot be created).
 */
import { qualifiedName, quoteIdentifier } from '../../types/cql-identifier';
import { cqlString, mapLiteral, unfrozen } from './cql-format';
import type { AggregateMetadata, FunctionMetadata, KeyspaceMetadata, UserTypeMetadata } from './model';
import { frozenRecord } from './row-values';

const LOCATOR = 'org.apache.cassandra.locator.';

/** CREATE KEYSPACE with the replication class shortened as DESCRIBE does (`NetworkTopologyStrategy`). */
export function createKeyspaceCql(ks: KeyspaceMetadata): string {
  if (ks.virtual) {
    return [
      '/*',
      `Warning: Keyspace ${quoteIdentifier(ks.name)} is a virtual keyspace and cannot be recreated with CQL.`,
      'Structure, for reference:',
      `VIRTUAL KEYSPACE ${quoteIdentifier(ks.name)};`,
      '*/',
    ].join('\n');
  }
  const cls = ks.replication['class'] ?? '';
  const entries: Array<[string, string]> = [['class', cls.startsWith(LOCATOR) ? cls.slice(LOCATOR.length) : cls]];
  for (const [k, v] of Object.entries(ks.replication)) if (k !== 'class') entries.push([k, v]);
  // The double space is Cassandra's own (DESCRIBE prints it so); kept to compare byte for byte.
  return `CREATE KEYSPACE ${quoteIdentifier(ks.name)} WITH replication = ${mapLiteral(frozenRecord(entries))}  AND durable_writes = ${ks.durableWrites};`;
}

export function createTypeCql(type: UserTypeMetadata): string {
  const fields = type.fields.map((f) => `    ${quoteIdentifier(f.name)} ${f.cqlType}`);
  return `CREATE TYPE ${qualifiedName(type.keyspace, type.name)} (\n${fields.join(',\n')}\n);`;
}

/** `$$body$$`, or a quoted string when the body itself contains `$$`. */
function functionBody(body: string): string {
  return body.includes('$$') ? cqlString(body) : `$$${body}$$`;
}

export function createFunctionCql(f: FunctionMetadata): string {
  const args = f.argumentNames.map((name, i) => `${quoteIdentifier(name)} ${unfrozen(f.argumentCqlTypes[i] ?? '')}`);
  return [
    `CREATE FUNCTION ${qualifiedName(f.keyspace, f.name)}(${args.join(', ')})`,
    `    ${f.calledOnNullInput ? 'CALLED' : 'RETURNS NULL'} ON NULL INPUT`,
    `    RETURNS ${unfrozen(f.returnCqlType)}`,
    `    LANGUAGE ${f.language}`,
    `    AS ${functionBody(f.body)};`,
  ].join('\n');
}

export function createAggregateCql(a: AggregateMetadata): string {
  const lines = [
    `CREATE AGGREGATE ${qualifiedName(a.keyspace, a.name)}(${a.argumentCqlTypes.map(unfrozen).join(', ')})`,
    `    SFUNC ${quoteIdentifier(a.stateFunction)}`,
    `    STYPE ${unfrozen(a.stateCqlType)}`,
  ];
  if (a.finalFunction !== null) lines.push(`    FINALFUNC ${quoteIdentifier(a.finalFunction)}`);
  if (a.initCond !== null) lines.push(`    INITCOND ${a.initCond}`);
  return `${lines.join('\n')};`;
}
