/**
 * A plain-http Server-Sent Events client for the tests: parses events as bytes arrive, hands each
 * to `onEvent` (which may pause, resume or close the connection), and resolves when the server
 * ends the stream or the client closes it. It keeps no event unless asked to.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  readonly type: string;
  readonly id: string | undefined;
  readonly data: string;
}

export interface SseControl {
  pause(): void;
  resume(): void;
  /** Disconnects (destroys the socket). */
  close(): void;
}

export interface SseResult {
  readonly status: number;
  readonly events: number;
  /** True when the server ended the stream (false: the client closed it). */
  readonly ended: boolean;
}

export function readSse(url: string, onEvent: (e: SseEvent, control: SseControl) => void): Promise<SseResult> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest;
    let res: IncomingMessage | undefined;
    let events = 0;
    let closedByUs = false;
    let buffer = '';
    const control: SseControl = {
      pause: () => res?.pause(),
      resume: () => res?.resume(),
      close: () => {
        closedByUs = true;
        req.destroy();
        resolve({ status: res?.statusCode ?? 0, events, ended: false });
      },
    };
    const parse = (block: string): void => {
      let type = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('event: ')) type = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
      }
      if (data.length === 0) return;
      events++;
      onEvent({ type, id, data: data.join('\n') }, control);
    };
    req = request(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      res = response;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0 && !closedByUs) {
          parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
        }
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, events, ended: true }));
      response.on('error', (e) => (closedByUs ? undefined : reject(e)));
    });
    req.on('error', (e) => (closedByUs ? undefined : reject(e)));
    req.end();
  });
}
