/**
 * A local Cassandra cluster of 1..9 nodes on 127.0.0.1..N. The object is a
 * thin view over the state file, so any process (CLI, jest setup, a test
 * worker, teardown) can `CassandraCluster.load()` it and act on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterOptions, DEFAULT_CREDENTIALS, clusterDir, resolveOptions, stateFile } from './config';
import { ensureJars } from './fetch';
import { writeNodeConfig } from './node-config';
import { signal, spawnNode, spawnWatchdog, terminate, waitForExit } from './node-process';
import { StatusRow, nodetoolOrThrow, parseStatus } from './nodetool';
import { ClusterOwner, ClusterState, NodeState, TlsFiles, isNodeProcess, liveNodes, pidExists, readState, removeState, writeState } from './state';
import { generateTls } from './tls';
import { nodePaths, planCluster } from './topology';
import { NodeStartError, canConnect, fileSize, readFrom, waitForLog, waitForPort, waitUntil } from './wait';

export interface StartOptions {
  /** Defaults to `{ kind: 'api', pid: process.pid }`. A `jest` owner gets a watchdog. */
  readonly owner?: ClusterOwner;
  /** Detach the JVMs from this process (CLI `start`). */
  readonly detached?: boolean;
  /** Per-wait deadline while booting (default 180 s). */
  readonly timeoutMs?: number;
  readonly dir?: string;
}

const BOOT_TIMEOUT_MS = 180_000;

export class CassandraCluster {
  private constructor(private state: ClusterState) {}

  /** The cluster described by the state file, if there is one. */
  static load(dir: string = clusterDir()): CassandraCluster | undefined {
    const state = readState(dir);
    return state ? new CassandraCluster(state) : undefined;
  }

  /** Write configs, boot every node, wait until all accept CQL and see each other. */
  static async start(partial: Partial<ClusterOptions> = {}, opts: StartOptions = {}): Promise<CassandraCluster> {
    const options = resolveOptions(partial);
    const dir = opts.dir ?? clusterDir();
    await reapStale(dir);
    await ensureJars(options.version);
    const specs = planCluster(options, dir);
    for (const spec of specs) {
      for (const port of [spec.nativePort, spec.storagePort]) {
        if (await canConnect(spec.address, port, 500)) {
          throw new Error(`${spec.address}:${port} is already in use; is another Cassandra running? (npm run cassandra -- stop)`);
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const tls = options.tls ? generateTls(path.join(dir, 'tls')) : null;
    const state: ClusterState = {
      clusterDir: dir,
      clusterName: 'cassandra-rx',
      version: options.version,
      auth: options.auth,
      maxHeap: options.maxHeap ?? '1g',
      tls,
      owner: opts.owner ?? { kind: 'api', pid: process.pid },
      startedAt: new Date().toISOString(),
      nodes: specs.map((spec) => ({ ...spec, pid: null })),
    };
    const cluster = new CassandraCluster(state);
    for (const node of state.nodes) {
      writeNodeConfig(node, { clusterName: state.clusterName, auth: state.auth, version: state.version, ...(tls ? { tls } : {}) });
    }
    writeState(state);
    if (state.owner.kind === 'jest') spawnWatchdog(stateFile(dir), state.owner.pid);
    try {
      const offsets = state.nodes.map((n) => cluster.spawn(n.index, opts.detached ?? false));
      await Promise.all(state.nodes.map((n, i) => cluster.waitNodeReady(n.index, offsets[i] ?? 0, opts.timeoutMs)));
      await cluster.waitForRing(opts.timeoutMs);
    } catch (err) {
      await cluster.stop({ removeDir: false });
      throw err;
    }
    return cluster;
  }

  get dir(): string {
    return this.state.clusterDir;
  }
  get version(): string {
    return this.state.version;
  }
  get owner(): ClusterOwner {
    return this.state.owner;
  }
  get auth(): boolean {
    return this.state.auth;
  }
  /** Default superuser when `auth` is on. */
  get credentials(): { readonly username: string; readonly password: string } {
    return DEFAULT_CREDENTIALS;
  }
  get tls(): TlsFiles | null {
    return this.state.tls;
  }
  get nodes(): readonly NodeState[] {
    return this.state.nodes;
  }
  /** `127.0.0.N:9042` for every node. */
  get contactPoints(): string[] {
    return this.state.nodes.map((n) => `${n.address}:${n.nativePort}`);
  }

  node(index: number): NodeState {
    const node = this.state.nodes.find((n) => n.index === index);
    if (!node) throw new Error(`no node ${index} (cluster has ${this.state.nodes.length})`);
    return node;
  }

  isRunning(index: number): boolean {
    const node = this.node(index);
    return node.pid !== null && isNodeProcess(node.pid, node.dir);
  }

  /** Start a stopped/killed node and wait until it serves CQL and the ring sees it UN. */
  async startNode(index: number, timeoutMs?: number): Promise<void> {
    if (this.isRunning(index)) throw new Error(`node ${index} is already running`);
    const offset = this.spawn(index, this.state.owner.kind === 'cli');
    await this.waitNodeReady(index, offset, timeoutMs);
    await this.waitForRing(timeoutMs);
  }

  /** SIGTERM and wait for a clean exit (SIGKILL after `graceMs`). */
  async stopNode(index: number, graceMs = 30_000): Promise<'clean' | 'killed'> {
    const node = this.node(index);
    const result = node.pid === null ? 'clean' : await terminate(node.pid, node, graceMs);
    this.setPid(index, null);
    return result;
  }

  /** SIGKILL (crash: the commit log is replayed on the next start). */
  async killNode(index: number): Promise<void> {
    const node = this.node(index);
    if (node.pid !== null) {
      signal(node.pid, 'SIGCONT');
      signal(node.pid, 'SIGKILL');
      await waitForExit(node.pid, node, 10_000);
    }
    this.setPid(index, null);
  }

  /** SIGSTOP: the node keeps its sockets but stops answering. */
  pauseNode(index: number): void {
    this.signalRunning(index, 'SIGSTOP');
  }

  /** SIGCONT after `pauseNode`. */
  resumeNode(index: number): void {
    this.signalRunning(index, 'SIGCONT');
  }

  async restartNode(index: number, timeoutMs?: number): Promise<void> {
    await this.stopNode(index);
    await this.startNode(index, timeoutMs);
  }

  /** Run nodetool against node `index` (e.g. `['disablebinary']`); rejects on a non-zero exit. */
  nodetool(index: number, args: readonly string[]): Promise<string> {
    return nodetoolOrThrow(this.state.version, this.node(index).jmxPort, args);
  }

  /** `nodetool status` as seen from node `from` (default: first running node). */
  async status(from?: number): Promise<StatusRow[]> {
    const index = from ?? this.firstRunning();
    return parseStatus(await this.nodetool(index, ['status']));
  }

  /** Wait until the first running node reports every running node as UN. */
  async waitForRing(timeoutMs = BOOT_TIMEOUT_MS): Promise<void> {
    const running = this.state.nodes.filter((n) => this.isRunning(n.index));
    if (this.state.nodes.length === 1 || running.length === 0) return;
    const from = this.node(this.firstRunning());
    await waitUntil(
      `nodetool status: ${running.map((n) => n.address).join(', ')} UN`,
      { label: `node ${from.index}`, timeoutMs, alive: () => this.isRunning(from.index), logs: [nodePaths(from).systemLog] },
      async () => {
        const rows = await this.status(from.index).catch(() => []);
        return running.every((n) => rows.some((r) => r.address === n.address && r.state === 'UN'));
      },
      1000,
    );
  }

  /**
   * Stop every node, forget the state and by default delete the directory.
   * `kill: true` SIGKILLs at once (fine for a cluster about to be deleted;
   * saves the 5-12 s of a clean shutdown); else SIGTERM, SIGKILL after `graceMs`.
   */
  async stop(opts: { removeDir?: boolean; graceMs?: number; kill?: boolean } = {}): Promise<void> {
    await Promise.all(this.state.nodes.map((n) => (opts.kill ? this.killNode(n.index) : this.stopNode(n.index, opts.graceMs))));
    removeState(this.dir);
    if (opts.removeDir ?? true) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private spawn(index: number, detached: boolean): number {
    const node = this.node(index);
    const paths = nodePaths(node);
    const offset = fileSize(paths.systemLog);
    const pid = spawnNode({ version: this.state.version, node, paths, maxHeap: this.state.maxHeap, detached });
    this.setPid(index, pid);
    return offset;
  }

  private async waitNodeReady(index: number, logOffset: number, timeoutMs = BOOT_TIMEOUT_MS): Promise<void> {
    const node = this.node(index);
    const paths = nodePaths(node);
    const ctx = {
      label: `node ${index} (${node.address})`,
      timeoutMs,
      alive: () => this.isRunning(index),
      logs: [paths.systemLog, paths.stdoutLog],
    };
    const escaped = node.address.replace(/\./g, '\\.');
    await waitForLog(paths.systemLog, logOffset, [new RegExp(`Starting listening for CQL clients on /${escaped}:${node.nativePort}`), /Startup complete/], ctx);
    await waitForPort(node.address, node.nativePort, ctx);
    const peers = this.state.nodes.filter((n) => n.index !== index && this.isRunning(n.index));
    await waitUntil(`gossip: ${peers.map((p) => p.address).join(', ')} UP`, ctx, () => {
      const log = readFrom(paths.systemLog, logOffset);
      return peers.every((p) => log.includes(`/${p.address}:${p.storagePort} is now UP`));
    });
  }

  private firstRunning(): number {
    const node = this.state.nodes.find((n) => this.isRunning(n.index));
    if (!node) throw new Error('no node is running');
    return node.index;
  }

  private signalRunning(index: number, sig: NodeJS.Signals): void {
    const node = this.node(index);
    if (node.pid === null || !isNodeProcess(node.pid, node.dir)) throw new Error(`node ${index} is not running`);
    signal(node.pid, sig);
  }

  private setPid(index: number, pid: number | null): void {
    this.state = { ...this.state, nodes: this.state.nodes.map((n) => (n.index === index ? { ...n, pid } : n)) };
    writeState(this.state);
  }
}

/** Refuse to clobber a live cluster whose owner lives; SIGKILL leftovers of a dead owner. */
async function reapStale(dir: string): Promise<void> {
  const previous = readState(dir);
  if (!previous) return;
  const live = liveNodes(previous);
  if (live.length > 0) {
    const { kind, pid } = previous.owner;
    if (kind === 'cli' || pidExists(pid)) {
      throw new Error(`a cluster is already running in ${dir} (owner ${kind} pid ${pid}); stop it first: npm run cassandra -- stop`);
    }
    for (const n of live) if (n.pid !== null) signal(n.pid, 'SIGKILL');
    await Promise.all(live.map((n) => (n.pid === null ? Promise.resolve(true) : waitForExit(n.pid, n, 10_000))));
  }
  removeState(dir);
}

export { NodeStartError };
