import { describe, expect, it } from 'vitest';
import {
  addDays,
  fenToYuanText,
  formatFen,
  formatPercent,
  offsetAt,
  serverNow,
  setServerTime,
  todayIn,
  yuanToFen,
  zonedIso,
} from './format';

describe('money', () => {
  it.each([
    ['3000', 300_000],
    ['3000.5', 300_050],
    ['3,000.05', 300_005],
    ['¥1,234.50', 123_450],
    ['1234.5元', 123_450],
    ['０', null],
    ['0', 0],
    ['12.345', null],
    ['-5', null],
    ['', null],
    ['abc', null],
  ])('reads %j as %j fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it('shows fen as yuan in the UI language', () => {
    expect(formatFen(123_450, 'zh')).toBe('¥1,234.50');
    expect(formatFen(123_450, 'en')).toBe('CN¥1,234.50');
    expect(formatFen(null, 'zh')).toBe('—');
    expect(fenToYuanText(5)).toBe('0.05');
  });

  it('shows rates as percentages and unknown rates as a dash', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('dates in the debtor’s zone', () => {
  it.each([
    ['2026-12-15', '23:59:59', 'Asia/Shanghai', '2026-12-15T23:59:59+08:00'],
    ['2026-07-01', '23:59:59', 'America/New_York', '2026-07-01T23:59:59-04:00'],
    ['2026-12-01', '23:59:59', 'America/New_York', '2026-12-01T23:59:59-05:00'],
    ['2026-03-08', '12:00:00', 'America/New_York', '2026-03-08T12:00:00-04:00'],
  ])('%s %s in %s is %s', (date, time, zone, iso) => {
    expect(zonedIso(date, time, zone)).toBe(iso);
  });

  it('gives a zone’s offset and today’s date there', () => {
    expect(offsetAt('Asia/Shanghai', new Date('2026-11-30T00:00:00Z'))).toBe('+08:00');
    expect(offsetAt('UTC', new Date('2026-11-30T00:00:00Z'))).toBe('+00:00');
    expect(todayIn('Asia/Shanghai', new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(todayIn('America/New_York', new Date('2026-11-30T17:00:00Z'))).toBe('2026-11-30');
  });

  it('proposes dates by the server’s clock once the server has told it', () => {
    setServerTime('2026-12-01T02:00:00.000Z', Date.now() - 5_000);
    const now = serverNow().getTime();
    expect(now).toBeGreaterThanOrEqual(Date.parse('2026-12-01T02:00:05.000Z'));
    expect(now).toBeLessThan(Date.parse('2026-12-01T02:01:00.000Z'));
    expect(todayIn('Asia/Shanghai')).toBe('2026-12-01');
    setServerTime('not a time');
    expect(todayIn('Asia/Shanghai')).toBe('2026-12-01');
    setServerTime(new Date().toISOString());
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
