/**
 * The cluster state file (`<clusterDir>/state.json`): topology, options and
 * the PID of every node, so that whoever did not start the cluster (the CLI
 * `stop`, the jest teardown, a test worker, the watchdog) can find and stop
 * its processes. Written atomically (temp file + rename).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stateFile } from './config';
import { NodeSpec } from './topology';

/** Client-side TLS material produced by tls.ts. */
export interface TlsFiles {
  readonly dir: string;
  /** PEM of the CA that signed the node certificate: trust this. */
  readonly caPem: string;
  /** PEM of an unrelated CA: trusting only this must fail the handshake. */
  readonly untrustedCaPem: string;
  readonly serverCertPem: string;
  readonly keystore: string;
  readonly keystorePassword: string;
  readonly storeType: 'PKCS12' | 'JKS';
}

/** Who is responsible for stopping the cluster. */
export interface ClusterOwner {
  /** `cli`: runs until `npm run cassandra -- stop`; `jest`: stopped at teardown or when `pid` dies. */
  readonly kind: 'cli' | 'jest' | 'api';
  readonly pid: number;
}

export interface NodeState extends NodeSpec {
  /** PID of the JVM, or null when the node is stopped/killed. */
  pid: number | null;
}

export interface ClusterState {
  readonly clusterDir: string;
  readonly clusterName: string;
  readonly version: string;
  readonly auth: boolean;
  readonly maxHeap: string;
  readonly tls: TlsFiles | null;
  readonly owner: ClusterOwner;
  readonly startedAt: string;
  readonly nodes: NodeState[];
}

export function readState(dir: string): ClusterState | undefined {
  const file = stateFile(dir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isClusterState(parsed)) throw new Error(`${file} is not a cassandra-rx cluster state file`);
  return parsed;
}

export function writeState(state: ClusterState): void {
  const file = stateFile(state.clusterDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export function removeState(dir: string): void {
  fs.rmSync(stateFile(dir), { force: true });
}

function isClusterState(value: unknown): value is ClusterState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['clusterDir'] === 'string' &&
    typeof v['version'] === 'string' &&
    typeof v['owner'] === 'object' &&
    Array.isArray(v['nodes']) &&
    v['nodes'].every((n: unknown) => typeof n === 'object' && n !== null && 'index' in n && 'pid' in n)
  );
}

/**
 * True when `pid` is a live (non-zombie) CassandraDaemon whose storage dir
 * is inside `clusterDir` — guards against killing a recycled PID.
 */
export function isNodeProcess(pid: number, nodeDir: string): boolean {
  try {
    const stateChar = processState(pid);
    if (stateChar === undefined || stateChar === 'Z' || stateChar === 'X') return false;
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (
      cmdline.includes('org.apache.cassandra.service.CassandraDaemon') &&
      cmdline.includes(`-Dcassandra.storagedir=${nodeDir}`)
    );
  } catch {
    return false;
  }
}

/** Linux process state letter (`R`, `S`, `T` = stopped by SIGSTOP, `Z`, ...), undefined if gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) || undefined;
  } catch {
    return undefined;
  }
}

/** Whether any process with this PID exists (zombies included). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Nodes whose recorded PID is a live Cassandra JVM. */
export function liveNodes(state: ClusterState): NodeState[] {
  return state.nodes.filter((n) => n.pid !== null && isNodeProcess(n.pid, n.dir));
}
