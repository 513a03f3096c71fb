/**
 * User-defined functions and aggregates from `system_schema.functions` / `aggregates`. Both are
 * keyed by signature, `name(arg1,arg2)`, because names overload.
 */
import type { UdtResolver } from '../../types/cql-type-names';
import type { AggregateMetadata, FunctionMetadata } from './model';
import type { SchemaRow } from './query-runner';
import { boolOr, hasColumn, text, textList, textOr } from './row-values';
import { parseStoredType } from './user-types';

/**
 * A type string in the form signatures use: whitespace removed and a top-level `frozen<…>`
 * dropped (Cassandra stores `frozen<tuple<int, bigint>>` where events and users write
 * `tuple<int, bigint>`).
 */
export function normalizeArgumentType(cqlType: string): string {
  let t = cqlType.replace(/\s+/g, '');
  while (/^frozen</i.test(t) && t.endsWith('>')) t = t.slice('frozen<'.length, -1);
  return t;
}

/** `name(type1,type2)`: the key of a function or aggregate in its keyspace. */
export function signatureOf(name: string, argumentTypes: readonly string[]): string {
  return `${name}(${argumentTypes.map(normalizeArgumentType).join(',')})`;
}

export function parseFunction(row: SchemaRow, resolver: UdtResolver): FunctionMetadata {
  const name = text(row, 'function_name');
  const argumentCqlTypes = Object.freeze(textList(row, 'argument_types'));
  const returnCqlType = text(row, 'return_type');
  return Object.freeze({
    keyspace: text(row, 'keyspace_name'),
    name,
    signature: signatureOf(name, argumentCqlTypes),
    argumentNames: Object.freeze(textList(row, 'argument_names')),
    argumentTypes: Object.freeze(argumentCqlTypes.map((t) => parseStoredType(t, resolver))),
    argumentCqlTypes,
    returnType: parseStoredType(returnCqlType, resolver),
    returnCqlType,
    language: textOr(row, 'language', 'java'),
    body: textOr(row, 'body', ''),
    calledOnNullInput: boolOr(row, 'called_on_null_input', false),
    deterministic: hasColumn(row, 'deterministic') ? boolOr(row, 'deterministic', false) : null,
    monotonic: hasColumn(row, 'monotonic') ? boolOr(row, 'monotonic', false) : null,
    monotonicOn: Object.freeze(textList(row, 'monotonic_on')),
  });
}

export function parseAggregate(row: SchemaRow, resolver: UdtResolver): AggregateMetadata {
  const name = text(row, 'aggregate_name');
  const argumentCqlTypes = Object.freeze(textList(row, 'argument_types'));
  const stateCqlType = text(row, 'state_type');
  const returnCqlType = textOr(row, 'return_type', stateCqlType);
  return Object.freeze({
    keyspace: text(row, 'keyspace_name'),
    name,
    signature: signatureOf(name, argumentCqlTypes),
    argumentTypes: Object.freeze(argumentCqlTypes.map((t) => parseStoredType(t, resolver))),
    argumentCqlTypes,
    stateFunction: text(row, 'state_func'),
    stateType: parseStoredType(stateCqlType, resolver),
    stateCqlType,
    finalFunction: textOr(row, 'final_func', null),
    initCond: textOr(row, 'initcond', null),
    returnType: parseStoredType(returnCqlType, resolver),
    returnCqlType,
    deterministic: hasColumn(row, 'deterministic') ? boolOr(row, 'deterministic', false) : null,
  });
}
