/** A plain, id-free projection of a keyspace model, to compare two reads of "the same" schema. */
import type { KeyspaceMetadata, RelationMetadata } from '../../../lib/metadata/schema/model';

function relationShape(r: RelationMetadata): unknown {
  return {
    name: r.name,
    columns: r.columns.toArray().map((c) => ({ ...c })),
    partitionKey: r.partitionKey.map((c) => c.name),
    clusteringColumns: r.clusteringColumns.map((c) => `${c.name} ${c.clusteringOrder}`),
    options: Object.fromEntries(r.options.all),
  };
}

export function keyspaceShape(ks: KeyspaceMetadata): unknown {
  return {
    name: ks.name,
    durableWrites: ks.durableWrites,
    replication: { ...ks.replication },
    types: ks.userTypes.toArray().map((t) => ({ name: t.name, fields: t.fields.map((f) => ({ ...f })) })),
    tables: ks.tables.toArray().map((t) => ({
      ...(relationShape(t) as object),
      flags: t.flags, isCounter: t.isCounter, indexes: t.indexes.toArray().map((i) => ({ ...i })),
    })),
    views: ks.views.toArray().map((v) => ({ ...(relationShape(v) as object), baseTable: v.baseTable, where: v.whereClause, all: v.includeAllColumns })),
    functions: ks.functions.toArray().map((f) => ({ ...f })),
    aggregates: ks.aggregates.toArray().map((a) => ({ ...a })),
  };
}
