/**
 * Sensor readings: a seeding endpoint for the demo, and the large query streamed row by row over
 * Server-Sent Events. The stream pulls rows from `session.iterate()` (a page is fetched only when
 * the rows of the previous one are used up) and `sseRows` pulls none while the client's socket is
 * congested; when the client disconnects Nest unsubscribes and paging stops.
 *
 *   curl -N http://127.0.0.1:3000/readings/s1/stream
 */
import { BadRequestException, Controller, Param, Post, Query, Req, Sse, type MessageEvent } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { count, lastValueFrom, mergeMap, range, type Observable } from 'rxjs';
import type { Session } from 'cassandra-rx';
import { InjectSession, sseRows } from 'cassandra-rx/nestjs';
import { READINGS } from '../schema';

interface Reading {
  seq: number;
  value: number;
  note: string | null;
}

function positive(text: string | undefined, fallback: number, max: number, name: string): number {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new BadRequestException(`${name} must be an integer in 1..${max}`);
  return n;
}

@Controller('readings')
export class ReadingsController {
  constructor(@InjectSession() private readonly session: Session) {}

  /** `POST /readings/s1/seed?count=1000&noteBytes=100`: inserts readings 0..count-1 (128 in flight). */
  @Post(':sensor/seed')
  async seed(@Param('sensor') sensor: string, @Query('count') countText?: string, @Query('noteBytes') noteText?: string): Promise<{ inserted: number }> {
    const n = positive(countText, 1000, 1_000_000, 'count');
    const noteBytes = noteText === undefined ? 0 : positive(noteText, 0, 65_536, 'noteBytes');
    const insert = `INSERT INTO ${READINGS} (sensor, seq, value, note) VALUES (?, ?, ?, ?)`;
    const inserted = await lastValueFrom(range(0, n).pipe(
      mergeMap((seq) => this.session.execute(insert, [sensor, seq, Math.sin(seq / 100), noteBytes > 0 ? noteOf(seq, noteBytes) : null], { prepare: true }), 128),
      count(),
    ));
    return { inserted };
  }

  /** `GET /readings/s1/stream?fetchSize=500`: one `data` event per reading in seq order, then `end`. */
  @Sse(':sensor/stream')
  stream(@Param('sensor') sensor: string, @Req() request: IncomingMessage, @Query('fetchSize') fetchText?: string): Observable<MessageEvent> {
    const fetchSize = positive(fetchText, 500, 5000, 'fetchSize');
    const rows = this.session.iterate<Reading>(`SELECT seq, value, note FROM ${READINGS} WHERE sensor = ?`, [sensor], { fetchSize, prepare: true });
    return sseRows(rows, { request, toEvent: (r) => ({ data: { seq: r.seq, value: r.value, note: r.note } }) });
  }
}

/** A note of `bytes` characters that names its reading. */
function noteOf(seq: number, bytes: number): string {
  const head = `reading ${seq} `;
  return head.length >= bytes ? head.slice(0, bytes) : head + 'x'.repeat(bytes - head.length);
}
