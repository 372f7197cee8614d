import { describe, expect, it } from 'vitest';
import { cronTimesBetween, nextCronTime, parseCron } from './cron';

const SH = 'Asia/Shanghai';

describe('nextCronTime', () => {
  it.each([
    ['*/5 * * * *', '2026-11-30T10:02:10+08:00', '2026-11-30T10:05:00+08:00'],
    ['*/5 * * * *', '2026-11-30T10:05:00+08:00', '2026-11-30T10:10:00+08:00'],
    ['0 2 * * *', '2026-11-30T10:00:00+08:00', '2026-12-01T02:00:00+08:00'],
    ['0 2 * * *', '2026-12-01T01:59:59+08:00', '2026-12-01T02:00:00+08:00'],
    ['30 8 * * 1-5', '2026-12-04T09:00:00+08:00', '2026-12-07T08:30:00+08:00'],
    ['0 9 1 * *', '2026-11-30T10:00:00+08:00', '2026-12-01T09:00:00+08:00'],
    ['0 0 29 2 *', '2026-11-30T10:00:00+08:00', '2028-02-29T00:00:00+08:00'],
    ['15,45 9-10 * * *', '2026-11-30T09:50:00+08:00', '2026-11-30T10:15:00+08:00'],
    ['0 12 * * 7', '2026-11-30T10:00:00+08:00', '2026-12-06T12:00:00+08:00'],
    // both day fields restricted: either matches (the 1st, or any Monday)
    ['0 6 1 * 1', '2026-12-01T07:00:00+08:00', '2026-12-07T06:00:00+08:00'],
  ])('%s after %s fires at %s', (expr, after, expected) => {
    expect(nextCronTime(parseCron(expr), new Date(after), SH)?.toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('reads the hours in the given zone, across a daylight-saving change', () => {
    // New York leaves DST on 1 November 2026: 02:00 local is 06:00Z before, 07:00Z after.
    const spec = parseCron('0 2 * * *');
    expect(nextCronTime(spec, new Date('2026-10-30T12:00:00Z'), 'America/New_York')?.toISOString()).toBe(
      '2026-10-31T06:00:00.000Z',
    );
    expect(nextCronTime(spec, new Date('2026-11-01T12:00:00Z'), 'America/New_York')?.toISOString()).toBe(
      '2026-11-02T07:00:00.000Z',
    );
  });

  it.each([
    ['* * * *', '5 fields'],
    ['60 * * * *', 'outside'],
    ['*/0 * * * *', 'outside'],
    ['a * * * *', 'cannot read'],
    ['5-1 * * * *', 'outside'],
  ])('rejects "%s"', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(message);
  });
});

describe('cronTimesBetween', () => {
  it('lists every firing in the window, oldest first', () => {
    const times = cronTimesBetween(
      parseCron('*/10 * * * *'),
      new Date('2026-11-30T10:00:00+08:00'),
      new Date('2026-11-30T10:30:00+08:00'),
      SH,
    );
    expect(times.map((t) => t.toISOString())).toEqual([
      '2026-11-30T02:10:00.000Z',
      '2026-11-30T02:20:00.000Z',
      '2026-11-30T02:30:00.000Z',
    ]);
  });
});
