import { addDays, fromLocal, isoWeekday, toLocal } from '../domain/calendar';

/**
 * Five-field cron (minute hour day-of-month month day-of-week) read in an IANA zone, for the
 * in-process job driver; pg-boss reads the same expressions on a server. Supports `*`, numbers,
 * ranges `a-b`, steps `*\/n` and `a-b/n`, and lists. Day of week: 0 or 7 is Sunday. As in classic
 * cron, when both day fields are restricted a day matching either one fires.
 */
export interface CronSpec {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export function parseCron(expr: string): CronSpec {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}": expected 5 fields, found ${parts.length}`);
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!, expr));
  const weekdays = new Set([...sets[4]!].map((d) => (d === 7 ? 0 : d)));
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    dayRestricted: parts[2] !== '*',
    weekdayRestricted: parts[4] !== '*',
  };
}

function parseField(
  text: string,
  f: { name: string; min: number; max: number },
  expr: string,
): ReadonlySet<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new Error(`cron "${expr}": cannot read ${f.name} "${item}"`);
    const from = m[1] === '*' ? f.min : Number(m[2]);
    const to = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] ? f.max : from;
    const step = m[4] ? Number(m[4]) : 1;
    if (from < f.min || to > f.max || from > to || step < 1)
      throw new Error(`cron "${expr}": ${f.name} "${item}" is outside ${f.min}-${f.max}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  if (!spec.months.has(month)) return false;
  const dow = isoWeekday(year, month, day) % 7;
  const byDay = spec.days.has(day);
  const byWeekday = spec.weekdays.has(dow);
  if (spec.dayRestricted && spec.weekdayRestricted) return byDay || byWeekday;
  if (spec.dayRestricted) return byDay;
  if (spec.weekdayRestricted) return byWeekday;
  return true;
}

/** The first instant strictly after `after` at which the schedule fires, or null within ~5 years. */
export function nextCronTime(spec: CronSpec, after: Date, timeZone: string): Date | null {
  const start = toLocal(new Date(after.getTime() + 60_000), timeZone);
  const hours = [...spec.hours].sort((a, b) => a - b);
  const minutes = [...spec.minutes].sort((a, b) => a - b);
  let date = { year: start.year, month: start.month, day: start.day };
  for (let i = 0; i < 366 * 5; i++, date = addDays(date, 1)) {
    if (!dayMatches(spec, date.year, date.month, date.day)) continue;
    const first = i === 0;
    for (const hour of hours) {
      if (first && hour < start.hour) continue;
      for (const minute of minutes) {
        if (first && hour === start.hour && minute < start.minute) continue;
        const t = fromLocal({ ...date, hour, minute, second: 0 }, timeZone);
        // A DST gap moves a local time; keep only instants that really are later.
        if (t.getTime() > after.getTime()) return t;
      }
    }
  }
  return null;
}

/** Every firing time in (from, to], oldest first (at most `limit`). */
export function cronTimesBetween(
  spec: CronSpec,
  from: Date,
  to: Date,
  timeZone: string,
  limit = 100,
): Date[] {
  const out: Date[] = [];
  let t = nextCronTime(spec, from, timeZone);
  while (t && t.getTime() <= to.getTime() && out.length < limit) {
    out.push(t);
    t = nextCronTime(spec, t, timeZone);
  }
  return out;
}
