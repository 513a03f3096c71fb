/**
 * nodetool, run in-process-free as `java ... org.apache.cassandra.tools.NodeTool
 * -h 127.0.0.1 -p <jmx>` (every node has its own local JMX port), and a
 * parser for `nodetool status`.
 */
import { spawn } from 'node:child_process';
import { nodetoolArgs } from './jvm';

export interface NodetoolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class NodetoolError extends Error {
  override readonly name = 'NodetoolError';
  constructor(
    message: string,
    readonly result: NodetoolResult,
  ) {
    super(message);
  }
}

/** Run nodetool; resolves with the output whatever the exit code. */
export function runNodetool(version: string, jmxPort: number, command: readonly string[], timeoutMs = 60_000): Promise<NodetoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', nodetoolArgs(version, jmxPort, command), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run nodetool and reject unless it exits 0. */
export async function nodetoolOrThrow(version: string, jmxPort: number, command: readonly string[]): Promise<string> {
  const result = await runNodetool(version, jmxPort, command);
  if (result.code !== 0) {
    throw new NodetoolError(
      `nodetool -p ${jmxPort} ${command.join(' ')} exited with ${String(result.code)}: ${result.stderr || result.stdout}`,
      result,
    );
  }
  return result.stdout;
}

export interface StatusRow {
  readonly dc: string;
  /** `UN`, `DN`, `UJ`, ... (Up/Down + Normal/Leaving/Joining/Moving). */
  readonly state: string;
  readonly address: string;
  readonly hostId: string | undefined;
  readonly rack: string | undefined;
}

/**
 * Parse `nodetool status`:
 *   Datacenter: dc1
 *   ===============
 *   --  Address    Load       Tokens  Owns (effective)  Host ID                               Rack
 *   UN  127.0.0.1  104.3 KiB  1       100.0%            0c3e...                               rack1
 */
export function parseStatus(output: string): StatusRow[] {
  const rows: StatusRow[] = [];
  let dc = '';
  for (const line of output.split('\n')) {
    const dcMatch = /^Datacenter:\s*(\S+)/.exec(line);
    if (dcMatch?.[1]) {
      dc = dcMatch[1];
      continue;
    }
    const row = /^([UD][NLJM])\s+(\d+\.\d+\.\d+\.\d+)(?::\d+)?\s+(.*)$/.exec(line.trim());
    if (!row?.[1] || !row[2]) continue;
    const rest = (row[3] ?? '').trim().split(/\s+/);
    const hostId = rest.find((t) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(t));
    rows.push({ dc, state: row[1], address: row[2], hostId, rack: rest.length > 0 ? rest[rest.length - 1] : undefined });
  }
  return rows;
}

/** Addresses reported `UN` (up and normal). */
export function upNormal(rows: readonly StatusRow[]): string[] {
  return rows.filter((r) => r.state === 'UN').map((r) => r.address);
}
