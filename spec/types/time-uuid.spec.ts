import { TimeUuid } from '../../lib/types/time-uuid';
import { Uuid } from '../../lib/types/uuid';

describe('TimeUuid', () => {
  it('lays out time, version, clock sequence and node as RFC 4122 §4.1 says', () => {
    // 1970-01-01T00:00Z is 0x01b21dd213814000 100 ns units after 1582-10-15.
    const u = TimeUuid.fromTime(0, 0, Buffer.from('0123456789ab', 'hex'), 0x1234);
    expect(u.toString()).toBe('13814000-1dd2-11b2-9234-0123456789ab');
    expect(u.getDate().getTime()).toBe(0);
    expect(u.clockSequence).toBe(0x1234);
    expect(u.node.toString('hex')).toBe('0123456789ab');
  });

  it('keeps the 100 ns ticks and reads times before 1970', () => {
    const u = TimeUuid.fromTime(new Date('1960-05-06T07:08:09.123Z'), 4567);
    expect(u.getDate().toISOString()).toBe('1960-05-06T07:08:09.123Z');
    expect(u.getTicks()).toBe(4567);
    expect(TimeUuid.fromString(u.toString()).equals(u)).toBe(true);
  });

  it('is monotonic within a millisecond', () => {
    const made = Array.from({ length: 5000 }, () => TimeUuid.now());
    for (let i = 1; i < made.length; i++) {
      const a = made[i - 1];
      const b = made[i];
      if (!a || !b) throw new Error('missing');
      expect(b.timestamp > a.timestamp).toBe(true);
    }
    expect(Math.abs((made[0]?.getTime() ?? 0) - Date.now())).toBeLessThan(5000);
  });

  it('min and max bracket every timeuuid of their millisecond (Cassandra minTimeuuid/maxTimeuuid)', () => {
    const ms = Date.UTC(2024, 0, 1);
    expect(TimeUuid.min(ms).toString().slice(19)).toBe('8080-808080808080');
    expect(TimeUuid.max(ms).toString().slice(19)).toBe('7f7f-7f7f7f7f7f7f');
    expect(TimeUuid.min(ms).getTime()).toBe(ms);
    expect(TimeUuid.max(ms).getTicks()).toBe(9999);
  });

  it('rejects UUIDs that are not version 1 and bad arguments', () => {
    expect(() => TimeUuid.fromString(Uuid.random().toString())).toThrow(RangeError);
    expect(() => TimeUuid.fromTime(0, 10000)).toThrow(RangeError);
    expect(() => TimeUuid.fromTime(0, 0, Buffer.alloc(5))).toThrow(RangeError);
    expect(() => TimeUuid.fromTime(0.5)).toThrow(RangeError);
  });

  it('equals a Uuid with the same bytes', () => {
    const u = TimeUuid.now();
    expect(u.equals(Uuid.fromString(u.toString()))).toBe(true);
  });
});
