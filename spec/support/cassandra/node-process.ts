/**
 * OS-process side of a node: spawn the JVM (stdout/stderr appended to
 * `logs/stdout.log`), send signals, wait for exit, and the watchdog that
 * SIGKILLs a jest-owned cluster when its owner process disappears
 * (e.g. jest killed hard, so the global teardown never ran).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { daemonArgs } from './jvm';
import { isNodeProcess, processState } from './state';
import { NodePaths, NodeSpec } from './topology';
import { canConnect, sleep } from './wait';

export interface SpawnInput {
  readonly version: string;
  readonly node: NodeSpec;
  readonly paths: NodePaths;
  readonly maxHeap: string;
  /**
   * Own process group, so the JVM survives its parent (CLI `start`) and a
   * Ctrl-C in the terminal does not reach it. Jest-owned nodes are not
   * detached: Ctrl-C then stops them too (SIGINT = clean JVM shutdown).
   */
  readonly detached: boolean;
}

export function spawnNode(input: SpawnInput): number {
  const out = fs.openSync(input.paths.stdoutLog, 'a');
  try {
    fs.writeSync(out, `\n=== ${new Date().toISOString()} starting node ${input.node.index} ===\n`);
    const child = spawn('java', daemonArgs(input), {
      cwd: input.node.dir,
      detached: input.detached,
      stdio: ['ignore', out, out],
    });
    child.on('error', () => undefined); // reported through the exit check / log tail
    // How it ended, in its log: a JVM killed before it wrote anything leaves no other trace.
    child.on('exit', (code, sig) => {
      try {
        fs.appendFileSync(input.paths.stdoutLog, `=== ${new Date().toISOString()} node ${input.node.index} (pid ${child.pid ?? '?'}) exited: code ${code ?? '-'}, signal ${sig ?? '-'} ===\n`);
      } catch {
        // the node's directory was removed meanwhile
      }
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not spawn java for node ${input.node.index}`);
    return child.pid;
  } finally {
    fs.closeSync(out);
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export type ExitingNode = Pick<NodeSpec, 'dir' | 'address' | 'nativePort' | 'storagePort'>;

/**
 * Resolves true once the node's JVM is gone, false on timeout. "Gone" means
 * reaped or a zombie, and — as /proc/<pid>/cmdline empties before the
 * sockets close during exit — its CQL and storage ports refuse connections.
 */
export async function waitForExit(pid: number, node: ExitingNode, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const exiting = (): boolean => {
    const state = processState(pid);
    return state === undefined || state === 'Z' || state === 'X' || !isNodeProcess(pid, node.dir);
  };
  while (!exiting()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  while ((await canConnect(node.address, node.nativePort, 200)) || (await canConnect(node.address, node.storagePort, 200))) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** SIGTERM (clean shutdown: drains, flushes), then SIGKILL after `graceMs`. */
export async function terminate(pid: number, node: ExitingNode, graceMs = 30_000): Promise<'clean' | 'killed'> {
  if (!isNodeProcess(pid, node.dir)) return 'clean';
  signal(pid, 'SIGCONT'); // a paused JVM cannot handle SIGTERM
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, node, graceMs)) return 'clean';
  signal(pid, 'SIGKILL');
  await waitForExit(pid, node, 10_000);
  return 'killed';
}

/**
 * Plain-JS watchdog (runs with `node -e`, no ts-node): every second checks
 * that `ownerPid` lives and the state file still names it as owner; when the
 * owner is gone it SIGKILLs every recorded node JVM (after verifying its
 * command line) and exits. Exits quietly once the state file is gone or
 * names another owner.
 */
const WATCHDOG_SOURCE = `
const fs = require('fs');
const [stateFile, ownerPid] = [process.argv[1], Number(process.argv[2])];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const isNode = (pid, dir) => { try {
  const cmd = fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0');
  return cmd.includes('-Dcassandra.storagedir=' + dir);
} catch { return false; } };
const tick = () => {
  let state;
  try { state = JSON.parse(fs.readFileSync(stateFile, 'utf8')); } catch { process.exit(0); }
  if (!state.owner || state.owner.pid !== ownerPid) process.exit(0);
  if (alive(ownerPid)) return;
  for (const n of state.nodes) if (n.pid && isNode(n.pid, n.dir)) { try { process.kill(n.pid, 'SIGKILL'); } catch {} }
  process.exit(0);
};
setInterval(tick, 1000);
`;

/** Start a detached watchdog for a jest-owned cluster. */
export function spawnWatchdog(stateFilePath: string, ownerPid: number): void {
  const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, stateFilePath, String(ownerPid)], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  child.unref();
}
