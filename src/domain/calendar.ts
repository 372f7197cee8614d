/**
 * Wall-clock arithmetic in IANA zones, pure (Intl only). Times are stored as UTC instants;
 * the debtor's zone is kept beside them and used for every local-time rule (quiet hours, "today").
 */

export const SHANGHAI = 'Asia/Shanghai';

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for an unknown zone name. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  if (timeZone === SHANGHAI) {
    // Fixed +08:00 since 1991: skip Intl on the hot path.
    const d = new Date(instant.getTime() + 8 * 3600_000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const out: LocalDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type === 'year') out.year = Number(p.value);
    else if (p.type === 'month') out.month = Number(p.value);
    else if (p.type === 'day') out.day = Number(p.value);
    else if (p.type === 'hour') out.hour = Number(p.value);
    else if (p.type === 'minute') out.minute = Number(p.value);
    else if (p.type === 'second') out.second = Number(p.value);
  }
  return out;
}

/** Offset of the zone from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the zone's clock shows `local`. Day, month and time overflow normalise
 * (day 32 → next month). In a DST gap the later offset is used; in an overlap, the earlier instant.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  if (timeZone === SHANGHAI) return new Date(guess - 8 * 3600_000);
  const o1 = offsetMinutes(new Date(guess), timeZone);
  const t1 = guess - o1 * 60_000;
  const o2 = offsetMinutes(new Date(t1), timeZone);
  if (o1 === o2) return new Date(t1);
  const t2 = guess - o2 * 60_000;
  return offsetMinutes(new Date(t2), timeZone) === o2
    ? new Date(Math.min(t1, t2))
    : new Date(Math.max(t1, t2));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A real calendar day written YYYY-MM-DD: 2026-02-30 and 2026-13-01 are not (they are refused, never
 * rolled over into the next month).
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** ISO weekday, Monday = 1 … Sunday = 7 (weeks start on Monday). */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Calendar date plus n days, normalised. */
export function addDays(
  date: { year: number; month: number; day: number },
  n: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Start of the local calendar day containing `instant`, as an instant. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const l = toLocal(instant, timeZone);
  return fromLocal({ year: l.year, month: l.month, day: l.day, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** "YYYY-MM-DD" of the local day. */
export function localDateKey(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${l.year}-${pad2(l.month)}-${pad2(l.day)}`;
}

/** ISO-8601 with the zone's offset, e.g. 2026-12-15T23:59:59+08:00. */
export function formatInZone(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${l.year}-${pad2(l.month)}-${pad2(l.day)}T${pad2(l.hour)}:${pad2(l.minute)}:${pad2(l.second)}${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}
