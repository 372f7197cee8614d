import { describe, expect, it } from 'vitest';
import { findTimes } from '../../src/analysis/when';
import { fixtureJson, HOLIDAY_RULE, SUPPORTED_HOLIDAY_NAME, shanghai, Tally, wall } from './harness';

interface Group {
  expected: {
    kind: 'datetime' | 'interval';
    value?: string;
    from?: string;
    to_exclusive?: string;
    grain: string;
    holiday?: string;
  };
  inputs: string[];
}

/** Duckling's testContext: 2013-02-12 04:30 (a Tuesday), read as Shanghai wall time. */
const REF = shanghai('2013-02-12T04:30:00');

const TRADITIONAL_OR_CANTONESE =
  /[個週禮後聽尋晏晝號鐘時點這萬億兩與們還來過現當節誕勞兒軍費權樹猶圖婦國慶]|今個|而家|依家|宜家|踏|搭/;

function outOfScope(input: string, e: Group['expected']): string | null {
  if (TRADITIONAL_OR_CANTONESE.test(input)) return 'Traditional or Cantonese wording';
  if (e.holiday && !SUPPORTED_HOLIDAY_NAME.test(e.holiday)) return HOLIDAY_RULE;
  if (/秒/.test(input)) return 'times of seconds';
  if (/[a-zA-Z]/.test(input)) return 'Latin am/pm and zone markers (3pm, 4pm CET)';
  if (/^(?:现在|此时|此刻|当前)$/.test(input)) return '"now" alone (现在): not a time of paying';
  if (/^[上下前后][两二三]|[两二三](?:个)?(?:小时|分钟|天|周|星期|礼拜|月|年)[前后之]/.test(input))
    return 'rolling windows (前两天, 下三周, 两年前): past or unanchored spans';
  if (/第[一二三四五]个/.test(input)) return 'the Nth weekday of a month (十月第一个星期一)';
  if (/^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(input)) return 'numeric dates with the year last (3/3/2015)';
  return null;
}

/** Our span for Duckling's: a point compares its start; an interval its start and exclusive end. */
function expectedSpan(e: Group['expected']): [string, string | null] {
  if (e.kind === 'interval') return [e.from!, e.to_exclusive!];
  const v = e.value!;
  const d = new Date(`${v}Z`);
  const next = (f: (x: Date) => void) => {
    const x = new Date(d);
    f(x);
    return x.toISOString().slice(0, 19);
  };
  switch (e.grain) {
    case 'day':
      return [v, next((x) => x.setUTCDate(x.getUTCDate() + 1))];
    case 'week':
      return [v, next((x) => x.setUTCDate(x.getUTCDate() + 7))];
    case 'month':
      return [v, next((x) => x.setUTCMonth(x.getUTCMonth() + 1))];
    case 'year':
      return [v, next((x) => x.setUTCFullYear(x.getUTCFullYear() + 1))];
    default:
      return [v, null]; // hour/minute: a point
  }
}

const plusSecond = (w: string | null) =>
  w ? new Date(new Date(`${w}Z`).getTime() + 1000).toISOString().slice(0, 19) : null;

describe('Duckling time (facebook/duckling, ZH and ZH/CN)', () => {
  it('resolves the time corpus against its reference', () => {
    const t = new Tally('Duckling time');
    for (const file of ['time_zh.json', 'time_cn_zh.json']) {
      const groups = (fixtureJson('duckling', file) as { groups: Group[] }).groups;
      for (const g of groups) {
        for (const input of g.inputs) {
          const rule = outOfScope(input, g.expected);
          if (rule) {
            t.skip(rule);
            continue;
          }
          const found = findTimes(input, REF);
          const m = found.find((f) => f.start === 0 && f.end === input.length) ?? found[0];
          const [from, toEx] = expectedSpan(g.expected);
          const gotFrom = wall(m?.from ?? null);
          const gotToEx = plusSecond(wall(m?.to ?? null));
          const ok =
            m !== undefined && gotFrom === from && (toEx === null ? wall(m.to) === from : gotToEx === toEx);
          if (ok) {
            t.check(true, input);
            continue;
          }
          if (m?.grain === 'part_of_day' && gotFrom?.slice(0, 10) === from.slice(0, 10)) {
            t.differ('part-of-day bounds: Duckling 早上 = 04–12, we 06–10 (guide: 早上 8 点 reads 8)');
            continue;
          }
          if (/周末/.test(input)) {
            t.differ('weekend: Duckling Fri 18:00–Mon 00:00, we Sat–Sun');
            continue;
          }
          if (/^(?:这|下)(?:周|礼拜|星期)[一二三四五六日天]$/.test(input)) {
            t.differ(
              '这周X/下周X: Duckling takes the next such day; we take the (Monday-start) calendar week',
            );
            continue;
          }
          t.check(
            false,
            input,
            `got ${m ? `${m.text} ${gotFrom}…${wall(m.to)}` : 'nothing'}; expected ${from}…${toEx}`,
          );
        }
      }
    }
    console.log(t.report(30));
    expect(t.rate).toBeGreaterThanOrEqual(0.95);
  });
});
