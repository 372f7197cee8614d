import { describe, expect, it } from 'vitest';
import { findTimes, type TimeMention } from '../../src/analysis/when';
import { fixtureJsonl, HOLIDAY_RULE, SUPPORTED_HOLIDAYS, shanghai, Tally, wall } from './harness';

type Base = number | number[] | Record<string, number | number[]> | 'NOW' | null;
interface ParserCase {
  input: string;
  time_base: Base;
  expected: { type: string; definition: string; time: [string, string] | Record<string, unknown> };
  category: string | null;
}
interface ExtractorCase {
  input: string;
  expected: { text: string; offset: [number, number]; type: string }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** JioNLP's time_base: epoch seconds (read in +08:00), [Y, M, D, h, m, s], {year, month …}, or NOW. */
function reference(base: Base): { ref: Date; hasDay: boolean } {
  if (base === 'NOW' || base === null) return { ref: new Date(), hasDay: true };
  if (typeof base === 'number') return { ref: new Date(base * 1000), hasDay: true };
  const list = Array.isArray(base)
    ? base
    : Array.isArray(base.datetime_args)
      ? base.datetime_args
      : [base.year, base.month, base.day, base.hour, base.minute].filter((x): x is number => x !== undefined);
  const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = list as number[];
  return {
    ref: shanghai(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`),
    hasDay: list.length >= 3,
  };
}

const RELATIVE = /[今明昨前后去本这上下近过未来]|内|以后|之后/;

/** Category-level rules for what a collection-speech parser does not read (docs/parsing.md). */
function outOfScope(c: ParserCase, hasDay: boolean): string | null {
  const x = c.input;
  const category = c.category ?? '';
  if (c.expected.type === 'time_delta' || c.expected.type === 'time_period')
    return 'durations and recurring times (time_delta, time_period)';
  if ((category.includes('农历') || /农历|阴历|廿/.test(x)) && !/除夕|春节|大年/.test(x))
    return 'lunar dates (农历, 腊月, 廿一, 八月十五)';
  if (/^现在$/.test(x)) return '"now" alone (现在): not a time of paying';
  if (/^(?:未来|今后|再过)/.test(x)) return 'rolling windows from now (未来7天, 今后10年, 再过半个小时)';
  if (
    /前[0-9一二两三四五六七八九十]+(?:个)?(?:天|月)|最后[0-9一二两三四五六七八九十]+|后[0-9一二两三四五六七八九十]+(?:个)?月/.test(
      x,
    )
  )
    return 'the first or last N units of a period (前两天, 最后五天, 前十一个月)';
  if (/节气|季节/.test(category) || /[春夏秋冬]季|暑假|寒假|^\d*年?[春夏秋冬]$/.test(x))
    return 'solar terms and seasons';
  if (/节|元宵|端午|中秋|七夕|^十一$/.test(x) && !SUPPORTED_HOLIDAYS.test(x)) return HOLIDAY_RULE;
  if (/世纪|年代/.test(x)) return 'centuries and decades';
  if (/季度|Q[1-4]/.test(x)) return 'quarters';
  if (/第.{1,3}(?:个)?(?:周|星期|礼拜|天|年|个月|月)|首月/.test(x))
    return 'ordinal weeks, days and months (第三周, 2025年第一天)';
  if (/秒|:\d{2}:|^3\d:/.test(x)) return 'times of seconds';
  if (
    /(?:年|月|天|日|周|星期|小时|分钟|钟头)半?多?(?:前|以前|之前)$|以来|过去|^近|最近|^前[两二三几]|[两二三几]年前|伊始|上半年|前期|末期|许|前后|左右|至今|到现在|到今天/.test(
      x,
    )
  )
    return 'past offsets and loose periods (三年前, 近三个月, 以来, 上半年, 左右)';
  if (!hasDay && RELATIVE.test(x))
    return 'relative expression against a base with no day (JioNLP approximates)';
  if (/[上下](?:个)?季|全天|今明两年|白天|午后|黎明|后半夜|午夜|夜间/.test(x))
    return 'loose parts of days and years (白天, 后半夜, 今明两年)';
  if (/^\d{4}(?:\.\d{2})?[-—至]/.test(x) && !/日|号/.test(x))
    return 'year and year-month spans (1999.08-2002.02)';
  return null;
}

const trunc = (w: string | null, grain: TimeMention['grain']) =>
  w === null ? null : grain === 'hour' ? w.slice(0, 13) : grain === 'minute' ? w.slice(0, 16) : w;

describe('JioNLP time (dongrixinyu/JioNLP)', () => {
  it('parses the time_parser cases', () => {
    const t = new Tally('JioNLP time_parser');
    for (const c of fixtureJsonl('jionlp', 'time_parser.jsonl') as ParserCase[]) {
      const { ref, hasDay } = reference(c.time_base);
      const rule = outOfScope(c, hasDay);
      if (rule) {
        t.skip(rule);
        continue;
      }
      const [start, end] = (c.expected.time as [string, string]).map((s) => s.replace(' ', 'T'));
      const found = findTimes(c.input, ref).sort((a, b) => b.end - b.start - (a.end - a.start));
      const m = found[0];
      if (!m?.from || !m.to) {
        t.check(false, c.input, m ? `${m.text} unresolved` : 'nothing found');
        continue;
      }
      const from = wall(m.from)!;
      const to = wall(m.to)!;
      const point = m.grain === 'hour' || m.grain === 'minute';
      // A clock time is a point for us; JioNLP gives the whole hour or minute, so starts compare.
      const fromOk = trunc(from, m.grain) === trunc(start!, m.grain);
      const toOk =
        end === 'inf' ||
        (point && !m.deadline && m.from.getTime() === m.to.getTime()) ||
        trunc(to, m.grain) === trunc(end!, m.grain);
      if (fromOk && toOk) {
        t.check(true, c.input);
        continue;
      }
      if (/底|末/.test(c.input) && to === end) {
        t.differ('月底/年底: JioNLP spans the last days or months, we take the last day (guide); ends agree');
        continue;
      }
      if (
        /(?:年|个月|周|星期)半?(?:之后|以后|后)$/.test(c.input) &&
        from >= start! &&
        (end === 'inf' || from <= end!)
      ) {
        t.differ('N年后/N周后: JioNLP gives the whole year, month or week (or an open end), we the day');
        continue;
      }
      if (/起$|开始$/.test(c.input) && from === start) {
        t.differ('X起: JioNLP runs from X to now, we give X');
        continue;
      }
      if (m.grain === 'part_of_day' && from.slice(0, 10) === start!.slice(0, 10)) {
        t.differ('part-of-day bounds (JioNLP 上午 07–12, we 08–12)');
        continue;
      }
      const yearSaid = /(?:[0-9]|[零〇一二三四五六七八九]{2}|[今明去前后本上下次])年/.test(c.input);
      if (!yearSaid && start! < wall(ref)!) {
        const next = (s: string, f: (d: Date) => void) => {
          const d = new Date(`${s}Z`);
          f(d);
          return d.toISOString().slice(0, 10);
        };
        const nextYear = next(start!, (d) => d.setUTCFullYear(d.getUTCFullYear() + 1));
        const nextMonth = next(start!, (d) => d.setUTCMonth(d.getUTCMonth() + 1));
        if (from.slice(0, 10) === nextYear || from.slice(0, 10) === nextMonth) {
          t.differ(
            'a year-less date already past: JioNLP keeps it, we take the next one (promises point forward)',
          );
          continue;
        }
      }
      t.check(false, c.input, `got ${m.text} ${from}…${to}; expected ${start}…${end}`);
    }
    console.log(t.report(40));
    expect(t.rate).toBeGreaterThanOrEqual(0.88);
  });

  it('finds the time_extractor spans', () => {
    const t = new Tally('JioNLP time_extractor');
    for (const c of fixtureJsonl('jionlp', 'time_extractor.jsonl') as ExtractorCase[]) {
      if (/腊月|季度/.test(c.input)) {
        t.skip('lunar dates and quarters');
        continue;
      }
      const want = c.expected.map((e) => `${e.offset[0]}-${e.offset[1]}:${e.text}`);
      const got = findTimes(c.input, shanghai('2021-06-14T01:06:40'))
        .filter((m) => m.from !== null)
        .map((m) => `${m.start}-${m.end}:${m.text}`);
      t.check(
        JSON.stringify(got) === JSON.stringify(want),
        c.input.slice(0, 30),
        `got ${got}, expected ${want}`,
      );
    }
    console.log(t.report(20));
    expect(t.rate).toBeGreaterThanOrEqual(0.88);
  });
});
