import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  formatInZone,
  fromLocal,
  isCalendarDate,
  isLeapYear,
  isoWeekday,
  toLocal,
} from './calendar';

describe('calendar', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 12, 31],
    [2026, 4, 30],
  ])('knows %i-%i has %i days', (y, m, d) => {
    expect(daysInMonth(y, m)).toBe(d);
    expect(isLeapYear(y)).toBe(d === 29);
  });

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday(2026, 11, 30)).toBe(1);
    expect(isoWeekday(2026, 12, 6)).toBe(7);
  });

  it('round-trips Shanghai wall clock', () => {
    const t = fromLocal(
      { year: 2026, month: 12, day: 15, hour: 23, minute: 59, second: 59 },
      'Asia/Shanghai',
    );
    expect(t.toISOString()).toBe('2026-12-15T15:59:59.000Z');
    expect(formatInZone(t, 'Asia/Shanghai')).toBe('2026-12-15T23:59:59+08:00');
  });

  it('handles a DST zone on both sides of the change', () => {
    const summer = fromLocal(
      { year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0 },
      'America/New_York',
    );
    expect(summer.toISOString()).toBe('2026-07-01T13:00:00.000Z');
    const winter = fromLocal(
      { year: 2026, month: 12, day: 1, hour: 9, minute: 0, second: 0 },
      'America/New_York',
    );
    expect(winter.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(toLocal(winter, 'America/New_York').hour).toBe(9);
  });

  it('normalises overflowing days across a leap February', () => {
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2027, month: 2, day: 28 }, 1)).toEqual({ year: 2027, month: 3, day: 1 });
  });
});

describe('isCalendarDate', () => {
  it('accepts real days, leap days included', () => {
    for (const d of ['2026-01-01', '2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
  });

  it('refuses days that do not exist instead of rolling them over', () => {
    for (const d of [
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-01-00',
    ])
      expect(isCalendarDate(d), d).toBe(false);
  });

  it('refuses anything that is not YYYY-MM-DD', () => {
    for (const d of ['2026-2-3', '20260203', '2026-02-03T00:00', '', '0000-01-01'])
      expect(isCalendarDate(d), d).toBe(false);
  });
});
