import { classifyCql, kindOf } from '../../lib/session/statement-kind';

describe('classifyCql: one reading of the CQL text for simple and prepared statements', () => {
  it.each([
    // [cql, isSelect, isLwt]
    ['SELECT * FROM t WHERE k = ?', true, false],
    ['  select k from t', true, false],
    ['/* leading comment */ SELECT k FROM t', true, false],
    ['-- comment\nSELECT k FROM t', true, false],
    ['// comment\nselect k from t', true, false],
    ["SELECT * FROM t WHERE v = 'IF NOT EXISTS'", true, false],
    ['INSERT INTO t (k, v) VALUES (?, ?)', false, false],
    ['INSERT INTO t (k, v) VALUES (?, ?) IF NOT EXISTS', false, true],
    ['insert into t (k) values (1) if not exists', false, true],
    ['INSERT INTO t (k, v) VALUES (?, ?) USING TTL 10', false, false],
    ["INSERT INTO t (k, v) VALUES (1, 'a value IF NOT EXISTS')", false, false],
    ["INSERT INTO t (k, v) VALUES (1, 'it''s IF') ", false, false],
    ["INSERT INTO t JSON '{\"k\": 1, \"if\": 2}'", false, false],
    ['INSERT INTO t (k, v) VALUES (1, $$IF NOT EXISTS$$)', false, false],
    ['UPDATE t SET v = ? WHERE k = ?', false, false],
    ['UPDATE t SET v = ? WHERE k = ? IF EXISTS', false, true],
    ['UPDATE t SET v = 2 WHERE k = 1 IF v = 1', false, true],
    ['UPDATE t SET v = 2 WHERE k = 1 If v = 1 AND w > 3', false, true],
    ['UPDATE t SET v = 2 WHERE k = 1\n  IF "Mixed" IN (1, 2)', false, true],
    ['UPDATE t SET "if" = 2 WHERE k = 1', false, false],
    ['UPDATE t SET "say ""IF""" = 2 WHERE k = 1', false, false],
    ['UPDATE t SET v = 2 WHERE k = 1 -- IF v = 1', false, false],
    ['UPDATE t SET v = 2 WHERE k = 1 /* IF v = 1 */', false, false],
    ['DELETE FROM t WHERE k = ?', false, false],
    ['DELETE FROM t WHERE k = ? IF EXISTS', false, true],
    ['DELETE v FROM t WHERE k = 1 IF v = 3', false, true],
    ['BEGIN BATCH INSERT INTO t (k) VALUES (1); UPDATE t SET v = 1 WHERE k = 2; APPLY BATCH', false, false],
    ['BEGIN BATCH UPDATE t SET v = 1 WHERE k = 1 IF v = 0; INSERT INTO t (k) VALUES (2); APPLY BATCH', false, true],
    ['BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1) IF NOT EXISTS APPLY BATCH', false, true],
    ['CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)', false, false],
    ['CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {}', false, false],
    ['DROP TABLE IF EXISTS t', false, false],
    ['CREATE FUNCTION IF NOT EXISTS f (x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$', false, false],
    ['CREATE TABLE IF NOT EXISTS update_log (k int PRIMARY KEY, if_col int)', false, false],
    ['TRUNCATE t', false, false],
    ['USE ks', false, false],
    ['', false, false],
  ])('%j → select %p, lwt %p', (cql, isSelect, isLwt) => {
    expect(classifyCql(cql)).toEqual({ isSelect, isLwt });
  });

  it('kindOf caches the text reading and lets a server LWT flag win', () => {
    const cql = 'UPDATE t SET v = 1 WHERE k = 1';
    expect(kindOf(cql)).toBe(kindOf(cql));
    expect(kindOf(cql, true)).toEqual({ isSelect: false, isLwt: true });
    expect(kindOf(`${cql} IF v = 0`, false)).toEqual({ isSelect: false, isLwt: false });
    expect(kindOf(cql, false)).toBe(kindOf(cql));
  });
});
