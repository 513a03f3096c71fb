/**
 * What a scripted node answers to QUERY / PREPARE / EXECUTE / BATCH: the first matching script
 * rule, else the defaults (system tables of the simulated topology, USE, PREPARE, VOID).
 */
import { createHash } from 'node:crypto';
import { Opcode, ResultKind, type ProtocolVersion } from '../../../lib/protocol/opcodes';
import type { Behaviour } from './script';
import type { ServerConnection } from './server-connection';
import {
  errorFrame, preparedFrame, responseFrame, rowsFrame, setKeyspaceFrame, voidFrame, type ReceivedRequest,
} from './wire';

export function preparedIdOf(query: string): Buffer {
  return createHash('md5').update(query).digest();
}

export function answerFor(conn: ServerConnection, req: ReceivedRequest): void {
  const node = conn.node;
  if (req.opcode === Opcode.Execute && req.preparedId) {
    const query = node.preparedQueries.get(req.preparedId.toString('hex'));
    if (query === undefined) {
      const id = req.preparedId;
      conn.send(errorFrame(req.version, req.stream, 0x2500, 'Prepared query with ID not found', (w) => w.shortBytes(id)));
      return;
    }
    req.query = query;
  }
  const rule = node.script.take(req);
  const act = (): void => {
    if (conn.closed) return;
    if (rule) apply(conn, req, rule.then);
    else defaultAnswer(conn, req);
  };
  if (rule?.delayMs) setTimeout(act, rule.delayMs);
  else act();
}

function defaultAnswer(conn: ServerConnection, req: ReceivedRequest): void {
  const v = req.version;
  const topo = conn.node.topology;
  const self = conn.node.self;
  const q = (req.query ?? '').trim();
  if (req.opcode === Opcode.Prepare) {
    conn.node.preparedQueries.set(preparedIdOf(q).toString('hex'), q);
    conn.send(preparedFrame(v, req.stream, preparedIdOf(q), [], [], []));
    return;
  }
  const use = /^USE\s+"?([A-Za-z0-9_]+)"?/i.exec(q);
  if (use) {
    conn.keyspace = use[1] as string;
    conn.send(setKeyspaceFrame(v, req.stream, conn.keyspace));
    return;
  }
  if (/FROM\s+system\.local\b/i.test(q)) return conn.send(rowsFrame(v, req.stream, topo.localRows(self)));
  if (/FROM\s+system\.peers_v2\b/i.test(q)) {
    if (!conn.node.options.peersV2) return conn.send(errorFrame(v, req.stream, 0x2200, 'unconfigured table peers_v2'));
    return conn.send(rowsFrame(v, req.stream, topo.peersV2Rows(self)));
  }
  if (/FROM\s+system\.peers\b/i.test(q)) return conn.send(rowsFrame(v, req.stream, topo.peersRows(self)));
  if (/FROM\s+system_schema\.keyspaces\b/i.test(q)) return conn.send(rowsFrame(v, req.stream, topo.keyspaceRows()));
  if (/FROM\s+system_schema\./i.test(q)) {
    return conn.send(rowsFrame(v, req.stream, { keyspace: 'system_schema', table: 'x', columns: [{ name: 'keyspace_name', type: { kind: 'text' } }], rows: [] }));
  }
  conn.send(voidFrame(v, req.stream));
}

function apply(conn: ServerConnection, req: ReceivedRequest, b: Behaviour): void {
  const v: ProtocolVersion = req.version;
  if ('rows' in b) {
    const spec = typeof b.rows === 'function' ? b.rows(req) : b.rows;
    conn.send(rowsFrame(v, req.stream, spec));
  } else if ('void' in b) {
    conn.send(voidFrame(v, req.stream));
  } else if ('voidWithWarnings' in b) {
    conn.send(responseFrame(v, req.stream, Opcode.Result, (w) => w.stringList([...b.voidWithWarnings]).int(ResultKind.Void), 0x08));
  } else if ('error' in b) {
    conn.send(errorFrame(v, req.stream, b.error.code, b.error.message, b.error.fields));
  } else if ('noResponse' in b) {
    // nothing
  } else if ('closeConnection' in b) {
    conn.socket.destroy();
  } else if ('garbage' in b) {
    conn.socket.write(b.garbage);
  } else if ('truncate' in b) {
    const whole = conn.wrap(voidFrame(v, req.stream));
    conn.socket.end(whole.subarray(0, Math.min(b.truncate.bytes, whole.length - 1)));
  } else if ('malformedBody' in b) {
    // A RESULT whose kind is unknown: framed correctly, undecodable.
    conn.send(responseFrame(v, req.stream, Opcode.Result, (w) => w.int(0x7777)));
  } else if ('pause' in b) {
    conn.socket.pause();
    conn.node.paused.add(conn);
  } else if ('custom' in b) {
    b.custom(req, conn);
  } else if ('prepared' in b) {
    const q = (req.query ?? '').trim();
    conn.node.preparedQueries.set(preparedIdOf(q).toString('hex'), q);
    const p = b.prepared;
    conn.send(preparedFrame(v, req.stream, preparedIdOf(q), p.variables ?? [], p.pkIndexes ?? [], p.result ?? []));
  }
}
