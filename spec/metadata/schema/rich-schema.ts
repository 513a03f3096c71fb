/**
 * The rich schema the integration tests create on a real Cassandra 5.0 (and from which the
 * unit-test fixtures were captured): NetworkTopologyStrategy, UDTs nested in UDTs, composite
 * partition keys, mixed clustering order, static columns, every collection kind (frozen too),
 * tuple, vector, duration, a counter table, changed table options, a legacy and SAI indexes,
 * materialized views, Java UDFs and a UDA, and 5.0 column masks (native mask functions with
 * null, number, quoted text and blob arguments, a UDF mask, a masked clustering column, a view
 * over masked columns). Quoted identifiers and a reserved word on purpose.
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
    `CREATE FUNCTION ${ks}.redact(v text, keep int) CALLED ON NULL INPUT RETURNS text LANGUAGE java
       AS $$ return v == null ? null : v.substring(0, Math.min(keep, v.length())) + "..."; $$`,
    `CREATE TABLE ${ks}.masked (
       id int, seq int MASKED WITH mask_default(),
       name text MASKED WITH mask_inner(1, null),
       email text MASKED WITH mask_outer(2, 3, '#'),
       note text MASKED WITH mask_replace('a "secret", $$ (x)'),
       code int MASKED WITH mask_replace(-1),
       gone text MASKED WITH mask_null(),
       digest blob MASKED WITH mask_hash('SHA-256'),
       raw blob MASKED WITH mask_replace(0xcafe),
       ok boolean MASKED WITH mask_replace(false),
       score double MASKED WITH mask_default(),
       ratio double MASKED WITH mask_replace(1e300),
       amount decimal MASKED WITH mask_replace(1.50),
       born date MASKED WITH mask_replace('2000-01-31'),
       seen timestamp MASKED WITH mask_replace('2020-01-02 03:04:05+0000'),
       at time MASKED WITH mask_replace('01:02:03.000004'),
       ip inet MASKED WITH mask_replace('10.0.0.1'),
       took duration MASKED WITH mask_replace(1h2m),
       ref uuid MASKED WITH mask_replace(5d4e3a8b-0c52-4b3a-9a59-1c2d3e4f5a6b),
       nulls text MASKED WITH mask_outer(null, null, null),
       "Nick" text MASKED WITH ${ks}.redact(2),
       plain text,
       PRIMARY KEY (id, seq)
     ) WITH CLUSTERING ORDER BY (seq DESC)`,
    `CREATE MATERIALIZED VIEW ${ks}.masked_by_name AS SELECT id, seq, name, email FROM ${ks}.masked
       WHERE name IS NOT NULL AND id IS NOT NULL AND seq IS NOT NULL PRIMARY KEY (name, id, seq)`,
  ];
}

/** Every system_schema table holding rows of one keyspace, in the order the fetcher reads them. */
export const SCHEMA_TABLES = [
  'keyspaces', 'tables', 'columns', 'dropped_columns', 'indexes', 'views', 'types', 'functions', 'aggregates', 'triggers',
  'column_masks',
] as const;
