/**
 * Hand-written native-protocol v4 frames for the harness tests — on
 * purpose independent of lib/protocol, so the harness is verified without
 * the driver. Frame header: version, flags, stream (2 bytes), opcode,
 * body length (4 bytes).
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

export const OPCODE = { ERROR: 0x00, STARTUP: 0x01, READY: 0x02, AUTHENTICATE: 0x03, OPTIONS: 0x05, SUPPORTED: 0x06, AUTH_RESPONSE: 0x0f, AUTH_SUCCESS: 0x10 } as const;

/** OPTIONS, v4, stream 0, empty body. */
export const OPTIONS_V4 = Buffer.from([0x04, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00]);

export interface Frame {
  readonly version: number;
  readonly opcode: number;
  readonly body: Buffer;
}

function frame(opcode: number, body: Buffer, stream = 0): Buffer {
  const header = Buffer.from([0x04, 0x00, (stream >> 8) & 0xff, stream & 0xff, opcode, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

function shortString(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** STARTUP with {CQL_VERSION: 3.0.0}. */
export function startupV4(): Buffer {
  const count = Buffer.from([0x00, 0x01]);
  return frame(OPCODE.STARTUP, Buffer.concat([count, shortString('CQL_VERSION'), shortString('3.0.0')]));
}

/** AUTH_RESPONSE carrying SASL PLAIN `\0user\0password` as [bytes]. */
export function plainAuthResponseV4(username: string, password: string): Buffer {
  const token = Buffer.from(`\0${username}\0${password}`, 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(token.length);
  return frame(OPCODE.AUTH_RESPONSE, Buffer.concat([len, token]));
}

/** Parse a [string multimap]: n:[short], then n × (key:[string], values:[string list]). */
export function parseStringMultimap(body: Buffer): Map<string, string[]> {
  let offset = 0;
  const readShort = (): number => {
    const v = body.readUInt16BE(offset);
    offset += 2;
    return v;
  };
  const readString = (): string => {
    const len = readShort();
    const s = body.toString('utf8', offset, offset + len);
    offset += len;
    return s;
  };
  const map = new Map<string, string[]>();
  const entries = readShort();
  for (let i = 0; i < entries; i++) {
    const key = readString();
    const values: string[] = [];
    const count = readShort();
    for (let j = 0; j < count; j++) values.push(readString());
    map.set(key, values);
  }
  return map;
}

/** Reads whole frames off a socket, in order. */
export class FrameReader {
  private buffer = Buffer.alloc(0);
  private waiters: Array<{ resolve: (f: Frame) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  constructor(socket: net.Socket | tls.TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    const fail = (err: Error): void => {
      this.failure = err;
      for (const w of this.waiters.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('socket closed')));
  }

  next(): Promise<Frame> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiters.push({ resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.buffer.length >= 9) {
      const length = this.buffer.readUInt32BE(5);
      if (this.buffer.length < 9 + length) return;
      const f: Frame = { version: this.buffer[0] ?? 0, opcode: this.buffer[4] ?? -1, body: this.buffer.subarray(9, 9 + length) };
      this.buffer = this.buffer.subarray(9 + length);
      this.waiters.shift()?.resolve(f);
    }
  }
}

/** Connect (plain), send OPTIONS v4, return the SUPPORTED multimap. */
export async function optionsOverTcp(host: string, port: number): Promise<Map<string, string[]>> {
  const socket = net.connect({ host, port });
  try {
    const reader = new FrameReader(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(OPTIONS_V4);
    const response = await reader.next();
    if (response.opcode !== OPCODE.SUPPORTED) throw new Error(`expected SUPPORTED, got opcode ${response.opcode}`);
    return parseStringMultimap(response.body);
  } finally {
    socket.destroy();
  }
}
