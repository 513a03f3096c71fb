/**
 * The rich schema the integration tests create on a real Cassandra 5.0 (and from which the
 * unit-test fixtures were captured): NetworkTopologyStrategy, UDTs nested in UDTs, composite
 * partition keys, mixed clustering order, static columns, every collection kind (frozen too),
 * tuple, vector, duration, a counter table, changed table options, a legacy and SAI indexes,
 * materialized views, Java UDFs and a UDA. Quoted identifiers and a reserved word on purpose.
 */
export function richSchemaStatements(ks: string): string[] {
  return [
    `CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1} AND durable_writes = true`,
    `CREATE TYPE ${ks}.geo (lat double, lon double)`,
    `CREATE TYPE ${ks}.address (street text, city text, zip int, location frozen<geo>, tags frozen<set<text>>)`,
    `CREATE TYPE ${ks}."Person" ("Name" text, addresses list<frozen<address>>, "select" int)`,
    `CREATE TABLE ${ks}.everything (
       tenant text, bucket int, ts timeuuid, seq bigint,
       owner text static, version int static,
       l list<text>, s set<int>, m map<text, frozen<list<int>>>,
       fl frozen<list<text>>, fs frozen<set<uuid>>, fm frozen<map<int, text>>,
       t tuple<int, text, frozen<address>>, v vector<float, 3>, d duration,
       a frozen<address>, p frozen<"Person">, here geo,
       "CamelCol" text, bl blob, dec decimal, vi varint, ip inet, dt date, tm time,
       sm smallint, ti tinyint, b boolean, db double, f float, asc_col ascii, u uuid, tstamp timestamp,
       PRIMARY KEY ((tenant, bucket), ts, seq)
     ) WITH CLUSTERING ORDER BY (ts DESC, seq ASC)
       AND comment = 'All the types, it''s quoted'
       AND gc_grace_seconds = 3600
       AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '64'}
       AND caching = {'keys': 'ALL', 'rows_per_partition': '10'}
       AND default_time_to_live = 86400`,
    `CREATE CUSTOM INDEX everything_v_sai ON ${ks}.everything (v) USING 'StorageAttachedIndex' WITH OPTIONS = {'similarity_function': 'cosine'}`,
    `CREATE INDEX everything_m_keys ON ${ks}.everything (keys(m))`,
    `CREATE TABLE ${ks}.counters (id uuid, bucket text, hits counter, misses counter, PRIMARY KEY (id, bucket)) WITH CLUSTERING ORDER BY (bucket DESC)`,
    `CREATE TABLE ${ks}.users (id uuid PRIMARY KEY, email text, "Country" text, age int) WITH comment = 'users'`,
    `CREATE INDEX users_age_idx ON ${ks}.users (age)`,
    `CREATE CUSTOM INDEX users_email_sai ON ${ks}.users (email) USING 'StorageAttachedIndex' WITH OPTIONS = {'case_sensitive': 'false'}`,
    `CREATE MATERIALIZED VIEW ${ks}.users_by_email AS SELECT id, email, age FROM ${ks}.users
       WHERE email IS NOT NULL AND id IS NOT NULL PRIMARY KEY (email, id)
       WITH CLUSTERING ORDER BY (id DESC) AND comment = 'by email'`,
    `CREATE MATERIALIZED VIEW ${ks}.users_by_country AS SELECT * FROM ${ks}.users
       WHERE "Country" IS NOT NULL AND id IS NOT NULL PRIMARY KEY ("Country", id)`,
    `CREATE FUNCTION ${ks}.avg_state(state tuple<int, bigint>, val int) CALLED ON NULL INPUT
       RETURNS tuple<int, bigint> LANGUAGE java
       AS $$ if (val != null) { state.setInt(0, state.getInt(0) + 1); state.setLong(1, state.getLong(1) + val.intValue()); } return state; $$`,
    `CREATE FUNCTION ${ks}.avg_final(state tuple<int, bigint>) CALLED ON NULL INPUT RETURNS double LANGUAGE java
       AS $$ if (state.getInt(0) == 0) return null; double r = state.getLong(1); return Double.valueOf(r / state.getInt(0)); $$`,
    `CREATE AGGREGATE ${ks}.average(int) SFUNC avg_state STYPE tuple<int, bigint> FINALFUNC avg_final INITCOND (0, 0)`,
    `CREATE FUNCTION ${ks}.plus(a int, b int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return a + b;'`,
    `CREATE FUNCTION ${ks}.plus(a bigint, b bigint) RETURNS NULL ON NULL INPUT RETURNS bigint LANGUAGE java AS 'return a + b;'`,
    `CREATE FUNCTION ${ks}.city_of(a address) RETURNS NULL ON NULL INPUT RETURNS text LANGUAGE java
       AS $$ return a.getString("city"); $$`,
  ];
}

/** Every system_schema table holding rows of one keyspace, in the order the fetcher reads them. */
export const SCHEMA_TABLES = [
  'keyspaces', 'tables', 'columns', 'dropped_columns', 'indexes', 'views', 'types', 'functions', 'aggregates', 'triggers',
] as const;
