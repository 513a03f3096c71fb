/**
 * An EventSource for the Node specs of cassandra-rx/web (Node 20 has none), over node:http, with the
 * browser's behaviour where the client relies on it: `open` once the answer is a 200
 * text/event-stream; one event per block (`event:` names it, `message` when unnamed; `data:` lines
 * joined by newlines; `id:` as `lastEventId`); `error` with no data when the answer is not a stream
 * (readyState closed) or the connection ends (readyState connecting: a browser would reconnect by
 * itself, which the client never lets it do). `close()` aborts the request. The real browser's
 * EventSource is exercised by the Chromium suite (spec/examples/dashboard/).
 */
import { request, type ClientRequest } from 'node:http';
import type { EventLike, EventSourceLike } from '../../lib/integrations/web';

export class NodeEventSource implements EventSourceLike {
  /** Every source opened (so a spec can count them and see which are still open). */
  static readonly opened: NodeEventSource[] = [];
  readyState = 0;
  private readonly listeners = new Map<string, Array<(e: EventLike) => void>>();
  private readonly req: ClientRequest;

  constructor(readonly url: string) {
    NodeEventSource.opened.push(this);
    this.req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (this.readyState === 2) return;
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.resume();
        this.readyState = 2;
        this.dispatch({ type: 'error' });
        return;
      }
      this.readyState = 1;
      this.dispatch({ type: 'open' });
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0 && this.readyState === 1; cut = buffer.indexOf('\n\n')) {
          this.block(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      });
      res.on('end', () => this.lost());
      res.on('error', () => this.lost());
    });
    this.req.on('error', () => this.lost());
    this.req.end();
  }

  addEventListener(type: string, listener: (event: EventLike) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
    this.req.destroy();
  }

  private lost(): void {
    if (this.readyState === 2) return;
    this.readyState = 0;
    this.dispatch({ type: 'error' });
  }

  private block(text: string): void {
    let type = 'message';
    let id = '';
    const data: string[] = [];
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon === 0) continue; // a comment
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') type = value;
      else if (field === 'id') id = value;
    }
    if (data.length > 0) this.dispatch({ type, data: data.join('\n'), lastEventId: id });
  }

  private dispatch(event: EventLike): void {
    for (const l of this.listeners.get(event.type) ?? []) l(event);
  }
}

export const nodeEventSource = (url: string): NodeEventSource => new NodeEventSource(url);
