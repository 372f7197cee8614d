import type { Lang } from '../i18n/i18n';

/** Money is integer fen on the wire; the UI shows yuan with two decimals. */
export function formatFen(fen: number | null | undefined, lang: Lang): string {
  if (fen === null || fen === undefined) return '—';
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: 2,
  }).format(fen / 100);
}

/** "1,234.5" or "1234.50" yuan → 123450 fen; null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const t = text.replace(/[,，\s¥￥元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole = '0', frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function fenToYuanText(fen: number): string {
  return (fen / 100).toFixed(2);
}

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** An instant in the given zone (default Asia/Shanghai, the agency's), with the date. */
export function formatDateTime(
  iso: string | null | undefined,
  lang: Lang,
  timeZone = 'Asia/Shanghai',
): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

export function formatDate(iso: string | null | undefined, lang: Lang, timeZone = 'Asia/Shanghai'): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** The zone's UTC offset at an instant, as "+08:00". */
export function offsetAt(timeZone: string, at: Date): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

/**
 * A local wall-clock time in a zone as ISO-8601 with that zone's offset: the debtor's "by the 15th"
 * is the end of the 15th where they live, not where the collector sits.
 */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const guess = new Date(`${date}T${time}Z`);
  // the offset at the guessed instant, then once more at the corrected one (DST edges)
  let off = offsetAt(timeZone, guess);
  off = offsetAt(timeZone, new Date(`${date}T${time}${off}`));
  return `${date}T${time}${off}`;
}

let serverOffsetMs = 0;

/**
 * Records the server's clock (GET /api/me): the dates and times the UI proposes follow the server,
 * which the contact rules and the records go by, not a PC whose clock may be wrong.
 */
export function setServerTime(iso: string, receivedAt = Date.now()): void {
  const t = Date.parse(iso);
  if (Number.isFinite(t)) serverOffsetMs = t - receivedAt;
}

/** Now by the server's clock (the PC's until the server has told its own). */
export function serverNow(): Date {
  return new Date(Date.now() + serverOffsetMs);
}

/** Today's date in a zone, YYYY-MM-DD. */
export function todayIn(timeZone: string, now = serverNow()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
