import { parseCnNumber } from './cn-number';

/**
 * Times in collection speech, resolved in Asia/Shanghai (docs/labelling-guide.md, "Promises").
 * Every expression becomes an interval [from, to] of instants: a day is 00:00:00–23:59:59, a clock
 * time is a point, "X前/之前/以前" and "X内" are deadlines from the reference time to X. Loose
 * phrases (过几天, 有钱就还, 尽快) are found with a null resolution and marked vague.
 *
 * Arithmetic is done on local wall-clock milliseconds (UTC + 8 h): China has kept +08:00 without
 * daylight saving since 1991, so no Intl call is needed on this hot path.
 */

export type Grain = 'minute' | 'hour' | 'part_of_day' | 'day' | 'week' | 'month' | 'year';

export interface TimeMention {
  start: number;
  end: number;
  text: string;
  /** Earliest instant the expression allows; null for a loose phrase. */
  from: Date | null;
  /** Latest instant (inclusive, to the second); null for a loose phrase. */
  to: Date | null;
  grain: Grain | null;
  /** 前/之前/以前/内/之内/最晚: from is the reference time, to is the limit. */
  deadline: boolean;
  /** Loose: 过两天, 左右, or a phrase with no resolution at all. */
  vague: boolean;
}

const OFFSET = 8 * 3600_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * 春节 (正月初一), Gregorian, per the official calendar (紫金山天文台). ICU's Chinese calendar
 * differs in 2027 and 2030; the table wins (see when.test.ts).
 */
const SPRING_FESTIVAL: Record<number, [number, number]> = {
  2000: [2, 5],
  2001: [1, 24],
  2002: [2, 12],
  2003: [2, 1],
  2004: [1, 22],
  2005: [2, 9],
  2006: [1, 29],
  2007: [2, 18],
  2008: [2, 7],
  2009: [1, 26],
  2010: [2, 14],
  2011: [2, 3],
  2012: [1, 23],
  2013: [2, 10],
  2014: [1, 31],
  2015: [2, 19],
  2016: [2, 8],
  2017: [1, 28],
  2018: [2, 16],
  2019: [2, 5],
  2020: [1, 25],
  2021: [2, 12],
  2022: [2, 1],
  2023: [1, 22],
  2024: [2, 10],
  2025: [1, 29],
  2026: [2, 17],
  2027: [2, 6],
  2028: [1, 26],
  2029: [2, 13],
  2030: [2, 3],
  2031: [1, 23],
  2032: [2, 11],
  2033: [1, 31],
  2034: [2, 19],
  2035: [2, 8],
  2036: [1, 28],
  2037: [2, 15],
  2038: [2, 4],
  2039: [1, 24],
  2040: [2, 12],
  2041: [2, 1],
  2042: [1, 22],
  2043: [2, 10],
  2044: [1, 30],
  2045: [2, 17],
  2046: [2, 6],
  2047: [1, 26],
  2048: [2, 14],
  2049: [2, 2],
  2050: [1, 23],
};

/** Day number (days since 1970-01-01, local) of 春节 in a Gregorian year; null outside the table. */
export function springFestival(year: number): number | null {
  const d = SPRING_FESTIVAL[year];
  return d ? dayOf(year, d[0], d[1]) : null;
}

// ---------------------------------------------------------------------------------------------
// Local calendar arithmetic on day numbers.

function dayOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / DAY; // Date.UTC normalises month 13 and day 32
}

function ymd(day: number): [number, number, number] {
  const dt = new Date(day * DAY);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}

function dim(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
function weekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function addMonths(y: number, m: number, n: number): [number, number] {
  const k = y * 12 + (m - 1) + n;
  return [Math.floor(k / 12), (k % 12) + 1];
}

const startOf = (day: number) => day * DAY;
const endOf = (day: number) => day * DAY + DAY - 1000;

// ---------------------------------------------------------------------------------------------
// Parsed pieces.

interface Ctx {
  refL: number; // reference, local ms
  day0: number; // reference day number
  y0: number;
  m0: number;
  d0: number;
  wd0: number;
}

/** An interval in local ms, before modifiers. */
interface Res {
  from: number | null;
  to: number | null;
  grain: Grain | null;
  vague: boolean;
  deadline: boolean;
  /** For ranges and clocks: the single day this resolves inside, if any. */
  day: number | null;
  /** A clock-only piece (no date said): 三点, 下午三点. */
  clockOnly: boolean;
  /** The clock was read without 上午/下午 (for inheriting a meridiem in 下午5点到7点). */
  bareHour: boolean;
  /** Deadline anchor for 前 on a part of day: 中午之前 → 12:00. */
  partStart: number | null;
  /** Said as a weekday (for 星期六到星期一 wrapping into the next week). */
  weekdayOnly: boolean;
}

function res(from: number | null, to: number | null, grain: Grain | null, day: number | null = null): Res {
  return {
    from,
    to,
    grain,
    vague: false,
    deadline: false,
    day,
    clockOnly: false,
    bareHour: false,
    partStart: null,
    weekdayOnly: false,
  };
}

const dayRes = (day: number) => res(startOf(day), endOf(day), 'day', day);
const daysRes = (a: number, b: number, grain: Grain = 'day') =>
  res(startOf(a), endOf(b), grain, a === b ? a : null);

// ---------------------------------------------------------------------------------------------
// Lexicon.

const NUM = '[0-9０-９]{1,4}|[零〇一二两三四五六七八九十廿卅]{1,5}';
const SMALL = '[0-9０-９]{1,2}|[零〇一二两三四五六七八九十廿卅]{1,3}';

function num(s: string | undefined): number | null {
  if (!s) return null;
  return parseCnNumber(s);
}

const DAY_WORDS: [RegExp, number, string | null][] = [
  [/大大后天|大大後天/y, 4, null],
  [/大后天|大後天|大後日/y, 3, null],
  [/大前天|大前日/y, -3, null],
  [/后天|後天|后日|後日/y, 2, null],
  [/前天|前日/y, -2, null],
  [/大后儿个/y, 3, null],
  [/后儿个|後兒個/y, 2, null],
  // Dialect: 明个 (north-west), 明朝 (Wu), 听日 (Cantonese) are tomorrow; 今个 / 今朝 today.
  [/明天|明日|明儿个|明儿|明兒|明个(?!月)|明朝(?![时年代人的])|听日|聽日|次日|第二天|隔天/y, 1, null],
  [/今天|今日|今儿个|今儿|今兒|本日|今个(?![月礼星周週年])|今朝(?![时年代人的])/y, 0, null],
  [/昨天|昨日|昨儿个|昨儿|昨兒/y, -1, null],
  [/今晚|当晚|當晚/y, 0, '晚上'],
  [/今早|今晨/y, 0, '早上'],
  [/明晚/y, 1, '晚上'],
  [/明早|明晨/y, 1, '早上'],
  [/昨晚/y, -1, '晚上'],
];

interface PartDef {
  from: number; // hour
  to: number; // hour, exclusive
  pm: boolean; // X点 → X+12
  start: number; // hour a 之前 refers to
}

const PARTS: [RegExp, PartDef][] = [
  [/凌晨|清晨|拂晓/y, { from: 0, to: 6, pm: false, start: 0 }],
  // 一早 alone (明天一早就转) says "first thing", not a deadline within the day: the day stands;
  // before a clock (一早8点) it is the morning.
  [
    /早上|早晨|一早(?=[0-9０-９零〇一二两三四五六七八九十]{1,3}[点點时時:：])|(?<!大)清早(?!的)|大早上|早间/y,
    { from: 6, to: 10, pm: false, start: 6 },
  ],
  [/上午|上半天/y, { from: 8, to: 12, pm: false, start: 8 }],
  [/中午|正午|晌午/y, { from: 12, to: 14, pm: false, start: 12 }],
  [/下午|午后|下半天/y, { from: 12, to: 18, pm: true, start: 12 }],
  [/傍晚|黄昏/y, { from: 17, to: 19, pm: true, start: 17 }],
  [/晚上|晚间|夜晚|夜里|夜间/y, { from: 18, to: 24, pm: true, start: 18 }],
  [/半夜|深夜/y, { from: 22, to: 24, pm: true, start: 22 }],
  [/白天/y, { from: 6, to: 18, pm: false, start: 6 }],
];
const PART_BY_NAME: Record<string, PartDef> = {
  晚上: PARTS[6]![1],
  早上: PARTS[1]![1],
};
/** One-character 早/晚 only right after a date (七月五号晚, 早八点). */
const SHORT_PART = /[早晚](?![饭点些]|一点)/y;

/** Loose phrases: a time is meant but not said. Hedges among them make any promise vague. */
const LOOSE = new RegExp(
  [
    '过几天',
    '过些天',
    '过些日子',
    '过一段时间',
    '过段时间',
    '过一段日子',
    '过段日子',
    '过一阵子?',
    '过阵子',
    '等一段时间',
    '改天',
    '回头再',
    '晚点',
    '晚些',
    '晚一点',
    '迟点',
    '迟些',
    '尽快',
    '尽早',
    '早点',
    '早日',
    '有钱了?(?:就|再|马上)还?',
    '等(?:我)?有钱',
    '手头宽裕',
    '(?:等|发了|发完)(?:我)?(?:发)?(?:了)?工资',
    '发工资(?:了|后|以后|之后|的时候)?',
    '工资(?:下来|到了|发了|到账)',
    '看情况',
    '到时候',
    '这几天',
    '近期',
    '以后再说',
  ].join('|'),
  'y',
);

/**
 * First characters each family of patterns can start with: a position whose character is in none
 * of a family's set skips that family's regexes (most characters of a turn start nothing).
 */
const firstChars = (s: string) => new Set([...s]);
const DIGITS = '0123456789０１２３４５６７８９零〇一二两三四五六七八九十廿卅';
const FIRST_PREFIX = firstChars('最截不在于到');
const FIRST_NOW = firstChars('马立现这');
const FIRST_LOOSE = firstChars('过等改回晚迟尽早有手发工看到这近以');
const FIRST_DURATION = firstChars(`再过这半几${DIGITS}`);
const FIRST_DAY_WORD = firstChars('大后後前明次第隔今本昨当當听聽');
const FIRST_NUMERIC = firstChars('0123456789');
const FIRST_HOLIDAY = firstChars(`今明去后元阳春过农新大正除年国國劳五圣平双光教情儿妇建植青愚万${DIGITS}`);
const FIRST_WEEK = firstChars('这本今下上周週星礼禮');
const FIRST_YMD = firstChars(`今明去后前上下本这来次同当月底末初中旬${DIGITS}`);
const FIRST_CLOCK = firstChars(`${DIGITS}`);
const FIRST_PART = firstChars('凌清拂早一大上中正晌下午傍黄晚夜半深白');

/** Sticky patterns, compiled once (this runs on every turn of a batch). */
const RE_PREFIX = /(?:最晚|最迟|最好在|最好|截止到|截止|截至|不晚于|不超过|在|于|到)(?=\S)/y;
/** 这就 is "right away" only before an act (这就去还), not in 这就对了 / 这就是. */
const RE_NOW = /马上|立刻|立马|现在就|这就(?=去|来|还|转|打|给|交|付|存|办|弄|处理|过去)/y;
const RE_PASS = new RegExp(
  `(再)?过(${SMALL}|一两|两三|半)(个)?(天|日|周|星期|礼拜|个?月)(?!内|之内|以内)`,
  'y',
);
const RE_DURATION = new RegExp(
  `(${NUM}|半|几|一两|两三)(个半|个)?(天|日|个?工作日|周|星期|礼拜|个?月|年|个?小时|个?钟头|个钟|个?钟|分钟|分)(半)?(之内|以内|内|里头|里面|之后|以后|后|过后)`,
  'y',
);
const RE_CLOCK_AHEAD = new RegExp(`(?:${SMALL})[点點时時:：]`, 'y');
const RE_BARE_CLOCK_RANGE = new RegExp(
  `(${SMALL})(?=\\s*(?:到|至|~|～|-|—|－)\\s*(?:${SMALL})(?:点|點|时|時))`,
  'y',
);
const RE_CLOCK = new RegExp(
  `(${SMALL})(?:点钟|點鐘|点|點|时|時)(?:(半)|(一刻|1刻)|(三刻|3刻)|(过)?(${SMALL})分?(?![钟鐘]|[天号日月年]|[0-9０-９]|[百千万萬亿億块塊元]))?(多)?(?:钟|鐘|整|正)?`,
  'y',
);
const RE_MONTH_AHEAD = new RegExp(`(?:${SMALL})月`, 'y');
const RE_MONTH_RANGE = new RegExp(`(${SMALL})(?:到|至|~|～|-|—{1,2}|－)(${SMALL})月份?`, 'y');
const RE_MONTH = new RegExp(`(${SMALL})月(份)?(?!内|之内|以内|后|之后|以后|前)`, 'y');
const RE_DAY_RANGE = new RegExp(`(${SMALL})(?:到|至|~|～|-|—|－)(${SMALL})(?:号|號|日)(之间|中间)?`, 'y');
const RE_DAY_WORD = new RegExp(
  `(?:(${SMALL})(?:(?:号|號)(?!码|碼|线|線|楼|樓|房|床|机|機|位|店|院|门|文)|日(?!元|币|幣|圆|本|子|常|期|记|程|用|夜|之计|报|志|历))|(月?底|月?末)|(月?初)|(月?中)(?!午|旬)|(上旬|中旬|下旬)|(${SMALL})(?=[^0-9０-９零〇一二两三四五六七八九十百千万块元点點号日月年天个次倍期遍回张条份种样下些分秒半多余来:：.]|$))`,
  'y',
);

// ---------------------------------------------------------------------------------------------
// The parser: one expression at a position.

class Parser {
  /** The day named by an earlier mention in the turn: 明天下午三点……三点我准时转. */
  contextDay: number | null = null;
  /** A later month said with a day earlier in the turn (下个月10号, 1月5号): [year, month]. */
  contextMonth: [number, number] | null = null;

  constructor(
    private readonly t: string,
    private readonly c: Ctx,
  ) {}

  private at(re: RegExp, p: number): RegExpExecArray | null {
    re.lastIndex = p;
    return re.exec(this.t);
  }

  /** Try a full expression (with range and modifiers) at p; `start` skips 在/于. */
  expr(p: number): { start: number; end: number; r: Res } | null {
    const pre = FIRST_PREFIX.has(this.t[p]!) ? this.at(RE_PREFIX, p) : null;
    if (pre) {
      const after = p + pre[0].length;
      const got = this.exprAfterPrefix(after);
      if (got) {
        const ignorable =
          /^(?:在|于|最好|最好在)$/.test(pre[0]) || (pre[0] === '到' && this.t[p - 1] === '等');
        if (!ignorable && got.r.from !== null && got.r.to !== null && !got.r.deadline) {
          got.r = { ...got.r, from: Math.min(this.c.refL, got.r.to), deadline: true };
        }
        return { start: ignorable ? after : p, end: got.end, r: got.r };
      }
    }
    const got = this.exprAfterPrefix(p);
    return got ? { start: p, ...got } : null;
  }

  private exprAfterPrefix(q0: number): { end: number; r: Res } | null {
    let q = q0;
    // Never start inside a number: 1234号 has no 4号 in it, 二十号 no 十号.
    if (q > 0 && DIGIT.test(this.t[q - 1]!) && DIGIT.test(this.t[q]!)) return null;
    // …but 两千八十号发 is 两千八 and 十号: a 十-day right after a figure's elided last digit.
    if (q > 0 && NUMERAL.test(this.t[q - 1]!) && NUMERAL.test(this.t[q]!) && !dayAfterFigure(this.t, q))
      return null;
    if (q > 0 && /[几幾多数余]/.test(this.t[q - 1]!) && NUMERAL.test(this.t[q]!)) return null;
    // 2月29日 in a year without one: the 29日 belongs to the month and is not read alone.
    if (
      q > 0 &&
      /[年月.·/-]/.test(this.t[q - 1]!) &&
      /[0-9０-９零〇一二两三四五六七八九十]/.test(this.t[q]!)
    ) {
      if (/[0-9０-９零〇一二两三四五六七八九十]/.test(this.t[q - 2] ?? '')) return null;
    }
    const deadlinePrefix = false;
    const fromWord = this.at(/从|自/y, q);
    if (fromWord) q += fromWord[0].length;
    const first = this.single(q, null);
    if (!first) return null;
    let { end, r } = first;
    // Range: A 到/至/-/或 B (之间).
    const join = this.at(/\s*(?:起)?\s*(?:到|至|~|～|〜|-|—{1,2}|－|ー|或者|或是|或|跟|和|与)\s*/y, end);
    if (join && r.from !== null) {
      const needBetween = /[跟和与]/.test(join[0]);
      const second = this.single(end + join[0].length, r);
      if (second && second.r.from !== null && second.r.to !== null) {
        const between = this.at(/之间|中间|期间|间/y, second.end);
        if (!needBetween || between) {
          let b = second.r;
          if (b.weekdayOnly && r.day !== null && b.day !== null) {
            // 下周一到周三: the weekday on the right is the first one on or after the left day.
            const target = r.day + ((weekday(b.day) - weekday(r.day) + 7) % 7);
            b = { ...b, from: startOf(target), to: endOf(target), day: target };
          }
          if (b.from! < r.from! && r.grain === 'month' && b.grain === 'month') {
            // 8月至2月: the right end is next year's.
            const [by, bm] = ymd(Math.floor(b.from! / DAY));
            b = { ...b, from: startOf(dayOf(by + 1, bm, 1)), to: endOf(dayOf(by + 1, bm, dim(by + 1, bm))) };
          }
          if (b.from! < r.from! && (r.weekdayOnly || b.clockOnly || b.bareHour)) {
            // 星期六到星期一, 晚上11点到凌晨2点: the end wraps forward.
            const shift = r.weekdayOnly ? 7 * DAY : DAY;
            b = { ...b, from: b.from! + shift, to: b.to! + shift };
          }
          if (b.to! >= r.from!) {
            const grain = r.grain === 'hour' || r.grain === 'minute' ? r.grain : 'day';
            r = { ...res(r.from, b.to, grain), vague: r.vague || b.vague };
            end = between ? between.index + between[0].length : second.end;
          }
        }
      }
    }
    // Suffixes.
    const suf = this.at(
      /\s*(?:[或及](?=之前|以前|之后|以后))?(?:之前|以前|前|为止|止|之内|以内|内|左右|前后|上下|之后|以后|后|起|开始)(?![天年月日号])/y,
      end,
    );
    let deadline = deadlinePrefix;
    let vague = r.vague;
    if (suf) {
      const w = suf[0].trim().replace(/^[或及]/, '');
      end += suf[0].length - w.length;
      if (w === '左右' || w === '前后' || w === '上下') {
        vague = true;
        end += w.length;
      } else if (w === '之后' || w === '以后' || w === '后' || w === '起' || w === '开始' || w === '止') {
        end += w.length; // the earliest time: keep the interval, the debtor names no limit
      } else if (r.from !== null) {
        // 前 right after a bare number is "ago" (三天前); durations are handled before this.
        deadline = true;
        end += w.length;
        // 下周之内 starts next Monday; 这周内 and 三天内 start now.
        if (w.endsWith('内') && r.to !== null && r.from > this.c.refL) {
          r = { ...r, deadline: true, partStart: null };
          r.vague = vague;
          return { end, r };
        }
        // 元旦前 / 春节前 / 国庆前: before a holiday is the day before it (15号前 includes the 15th).
        if (
          (w === '前' || w === '之前' || w === '以前') &&
          HOLIDAY_WORD.test(this.t.slice(q0, end - w.length))
        ) {
          r = { ...r, to: r.from! - 1000 };
        }
      }
    }
    if (deadline && r.from !== null && r.to !== null) {
      let to = r.to;
      if (r.grain === 'part_of_day' && r.partStart !== null) to = r.partStart;
      const from = Math.min(this.c.refL, to);
      r = { ...r, from, to, deadline: true };
    }
    r = { ...r, vague };
    return { end, r };
  }

  /** A single time expression without range and suffix. `prev` is the left side of a range. */
  private single(p: number, prev: Res | null): { end: number; r: Res } | null {
    const ch = this.t[p]!;
    const now = prev || !FIRST_NOW.has(ch) ? null : this.at(RE_NOW, p);
    if (now) {
      // "Right now" promises payment today.
      const r = res(this.c.refL, endOf(this.c.day0), 'day', this.c.day0);
      r.deadline = true;
      return { end: p + now[0].length, r };
    }
    const loose = FIRST_LOOSE.has(ch) ? this.at(LOOSE, p) : null;
    if (loose && !prev) {
      const r = res(null, null, null);
      r.vague = true;
      return { end: p + loose[0].length, r };
    }
    const dur = prev || !FIRST_DURATION.has(ch) ? null : this.duration(p);
    if (dur) return dur;
    return this.anchored(p, prev);
  }

  // ------------------------------------------------------------------------- durations

  private duration(p: number): { end: number; r: Res } | null {
    const c = this.c;
    // 过两天 / 过三天 / 过一两天 / 过一周
    const past = this.at(RE_PASS, p);
    if (past) {
      const span = this.spanDays(past[2]!, past[4]!);
      if (span) {
        const [lo, hi] = span;
        const r = daysRes(c.day0 + lo, c.day0 + hi);
        r.vague = past[2] === '两' || past[2] === '一两' || past[2] === '两三';
        return { end: p + past[0].length, r };
      }
    }
    // 这两天 (the next couple of days) / 这一两天: loose but resolvable.
    const these = this.at(/这(两|一两|两三)天/y, p);
    if (these) {
      const r = res(c.refL, endOf(c.day0 + (these[1] === '两三' ? 3 : 2)), 'day');
      r.vague = true;
      r.deadline = true;
      return { end: p + these[0].length, r };
    }
    // N天内 / N个工作日内 / N小时之内 / N天后 / 半小时内
    const m = this.at(RE_DURATION, p);
    if (!m) return null;
    const [, nRaw, ge, unit, half, rel] = m;
    if (/^0/.test(nRaw!)) return null; // 07年以后 is the year 2007
    let n =
      nRaw === '半' ? 0.5 : nRaw === '几' || nRaw === '一两' || nRaw === '两三' ? Number.NaN : num(nRaw);
    // 二零二一年后 is a year, not a duration of 2021 years.
    if (n === null || n >= 1000 || (n >= 100 && /年/.test(unit!))) return null;
    if (ge === '个半' || half) n += 0.5;
    if (unit === '分' && !ge && nRaw !== '半') {
      // "5分后" is minutes only in running text after a number of minutes; keep it.
    }
    const end = p + m[0].length;
    const within = rel === '之内' || rel === '以内' || rel === '内' || rel === '里头' || rel === '里面';
    if (Number.isNaN(n)) {
      const r = res(null, null, null);
      r.vague = true;
      r.deadline = within;
      return { end, r };
    }
    const u = unit!.replace(/^个/, '');
    let target: number; // local ms
    let grain: Grain;
    if (u === '小时' || u === '钟头' || u === '钟') {
      target = c.refL + n * HOUR;
      grain = 'minute';
    } else if (u === '分钟' || u === '分') {
      target = c.refL + n * MINUTE;
      grain = 'minute';
    } else {
      let day: number;
      if (u === '天' || u === '日') day = c.day0 + Math.round(n * (n < 1 ? 1 : 1));
      else if (u === '工作日') day = addWorkdays(c.day0, n);
      else if (u === '周' || u === '星期' || u === '礼拜') day = c.day0 + Math.round(7 * n);
      else if (u === '月') {
        const whole = Math.floor(n);
        const [yy, mm] = addMonths(c.y0, c.m0, whole);
        day = dayOf(yy, mm, Math.min(c.d0, dim(yy, mm))) + (n - whole > 0 ? 15 : 0);
      } else {
        const whole = Math.floor(n);
        const [yy, mm] = addMonths(c.y0, c.m0, whole * 12 + (n - whole > 0 ? 6 : 0));
        day = dayOf(yy, mm, Math.min(c.d0, dim(yy, mm)));
      }
      if (u === '天' && n === 0.5) {
        target = c.refL + 12 * HOUR;
        grain = 'minute';
      } else {
        if (within) {
          const r = res(c.refL, endOf(day), 'day');
          r.deadline = true;
          return { end, r };
        }
        return { end, r: dayRes(day) };
      }
    }
    if (within) {
      const r = res(c.refL, target, grain);
      r.deadline = true;
      return { end, r };
    }
    return { end, r: res(target, target, grain) };
  }

  /** 过N天 offsets: [lo, hi] in days. */
  private spanDays(nRaw: string, unit: string): [number, number] | null {
    const mult = unit === '天' || unit === '日' ? 1 : unit.endsWith('月') ? 30 : 7;
    if (nRaw === '一两') return [1 * mult, 2 * mult];
    if (nRaw === '两三') return [2 * mult, 3 * mult];
    const n = nRaw === '半' ? 0.5 : num(nRaw);
    if (n === null || n <= 0) return null;
    if (unit.endsWith('月')) {
      const [yy, mm] = addMonths(this.c.y0, this.c.m0, Math.round(n));
      const d = dayOf(yy, mm, Math.min(this.c.d0, dim(yy, mm))) - this.c.day0;
      return [d, d];
    }
    const d = Math.round(n * mult);
    return [d, d];
  }

  // ------------------------------------------------------------------------- anchored

  private anchored(p: number, prev: Res | null): { end: number; r: Res } | null {
    const c = this.c;
    let q = p;
    let date: Res | null = null;
    let dateEnd = p;
    let part: PartDef | null = null;

    const d = this.dateLike(q, prev);
    if (d) {
      date = d.r;
      q = dateEnd = d.end;
      if (d.part) part = d.part;
      // 10月12号，星期一 / 周日, 二月十号: a weekday beside a date adds nothing.
      const wd = this.at(/([,，\s]*)(?:星期|礼拜|禮拜|周|週)([一二三四五六日天1-7])/y, q);
      const within =
        wd && date.grain === 'day' && date.day === null
          ? this.weekdaysWithin(date, wd.index + wd[1]!.length)
          : null;
      // 这周末 礼拜六 (周六周日): weekdays inside a span of days said just before it are those days.
      if (within) {
        date = within.r;
        q = dateEnd = within.end;
      } else if (wd && date.grain === 'day' && !date.weekdayOnly) q = dateEnd = wd.index + wd[0].length;
      else if (date.weekdayOnly) {
        const again = this.at(/[,，\s]*/y, q);
        const d2 = this.dateLike(q + (again ? again[0].length : 0), null);
        if (d2 && d2.r.grain === 'day' && !d2.r.weekdayOnly && d2.r.day !== null && date.day !== null) {
          // 周日, 二月十号: the weekday said picks the year a year-less date falls in.
          let day = d2.r.day;
          const want = weekday(date.day);
          if (weekday(day) !== want) {
            const [y, mo, da] = ymd(day);
            for (const yy of [y - 1, y + 1]) {
              if (da <= dim(yy, mo) && weekday(dayOf(yy, mo, da)) === want) {
                day = dayOf(yy, mo, da);
                break;
              }
            }
          }
          date = dayRes(day);
          q = dateEnd = d2.end;
        }
      }
    }
    // 2023-10-26 10:30, 3月17日 20点15: a space may sit between the date and its time.
    if (date?.day != null) {
      const gap = this.at(/[\sT]+(?=[0-9０-９零〇一二两三四五六七八九十上下中早晚凌傍夜])/y, q);
      if (gap) q += gap[0].length;
    }
    // Part of day.
    if (!part) {
      for (const [re, def] of FIRST_PART.has(this.t[q] ?? '') ? PARTS : []) {
        const m = this.at(re, q);
        if (m) {
          part = def;
          q = m.index + m[0].length;
          break;
        }
      }
      if (!part && (date || this.clockAhead(q + 1))) {
        const m = this.at(SHORT_PART, q);
        if (m) {
          part = m[0] === '早' ? PART_BY_NAME.早上! : PART_BY_NAME.晚上!;
          q += 1;
        }
      }
    }
    // Clock.
    const clock = FIRST_CLOCK.has(this.t[q] ?? '')
      ? this.clock(q, date !== null || part !== null || prev !== null)
      : null;
    if (clock) q = clock.end;
    if (!date && !part && !clock) return null;

    if (date && !part && !clock) return { end: dateEnd, r: date };
    if (date && date.day === null && (part || clock)) {
      // 下周 下午 … : a clock needs one day.
      return { end: dateEnd, r: date };
    }

    // Which day: said, inherited from the left side of a range, or the next one that fits.
    let day = date?.day ?? null;
    // A day inherited from the left end of a range may still wrap (晚上11点到凌晨2点).
    const explicitDay = day !== null;
    if (day === null && prev && prev.day !== null) day = prev.day;
    else if (day === null && !prev && this.contextDay !== null) day = this.contextDay;
    if (clock) {
      let hour = clock.hour;
      const minute = clock.minute;
      let bare = false;
      if (part) {
        if (part.pm && hour < 12) hour += 12;
        else if (part.pm && hour === 12 && part.from >= 18)
          hour = 24; // 晚上十二点 = midnight
        else if (part === PARTS[3]![1] && hour >= 1 && hour <= 3)
          hour += 12; // 中午一点
        else if (!part.pm && hour === 12 && part.to <= 6) hour = 0; // 凌晨十二点
      } else if (prev && prev.bareHour === false && prev.from !== null && hour < 12 && clock.allowPm) {
        // 下午5点到7点: the right end takes the left end's afternoon.
        const prevHour = Math.floor((((prev.from % DAY) + DAY) % DAY) / HOUR);
        if (prevHour >= 12 && hour + 12 > prevHour) hour += 12;
      } else if (hour >= 1 && hour <= 6 && clock.allowPm) {
        // Nobody promises to pay at 3 a.m.: a bare 1–6 o'clock is afternoon.
        hour += 12;
        bare = true;
      } else if (hour < 12) bare = true;
      let at: number;
      if (day !== null) {
        at = startOf(day) + hour * HOUR + minute * MINUTE + clock.second * 1000;
      } else {
        at = startOf(c.day0) + hour * HOUR + minute * MINUTE + clock.second * 1000;
        if (at < c.refL && bare && hour < 12 && clock.allowPm && at + 12 * HOUR >= c.refL) at += 12 * HOUR;
        else if (at < c.refL) at += DAY;
      }
      const r = res(at, clock.span ? at + clock.span : at, clock.grain, Math.floor(at / DAY));
      r.clockOnly = !explicitDay;
      r.bareHour = bare;
      r.vague = clock.approx;
      if (clock.span) r.to = at + clock.span - 1000;
      return { end: q, r };
    }
    // A part of day without a clock.
    const p2 = part!;
    let pd = day;
    if (pd === null) {
      pd = c.day0;
      if (startOf(pd) + p2.to * HOUR <= c.refL) pd += 1;
    }
    const r = res(startOf(pd) + p2.from * HOUR, startOf(pd) + p2.to * HOUR - 1000, 'part_of_day', pd);
    r.partStart = startOf(pd) + p2.start * HOUR;
    r.clockOnly = !explicitDay;
    return { end: q, r };
  }

  private clockAhead(p: number): boolean {
    return this.at(RE_CLOCK_AHEAD, p) !== null;
  }

  private clock(
    p: number,
    context: boolean,
  ): {
    end: number;
    hour: number;
    minute: number;
    second: number;
    grain: Grain;
    span: number;
    approx: boolean;
    allowPm: boolean;
  } | null {
    // 18:30, 9:00, 18:42:02
    const colon = this.at(
      /([0-2]?[0-9]|[０-２]?[０-９])[:：]([0-5][0-9])(?:[:：]([0-5][0-9]))?(?![0-9])(?:时|時)?/y,
      p,
    );
    if (colon) {
      const hour = num(colon[1])!;
      if (hour <= 24) {
        return {
          end: p + colon[0].length,
          hour,
          minute: Number(colon[2]),
          second: colon[3] ? Number(colon[3]) : 0,
          grain: 'minute',
          span: 0,
          approx: false,
          // 05:40 is written on a 24-hour clock: no afternoon guess.
          allowPm: hour <= 12 && !/^[0０]/.test(colon[1]!),
        };
      }
    }
    // 9~12点半, 早上五到六点: the left end of a clock range may drop its 点.
    const bare = this.at(RE_BARE_CLOCK_RANGE, p);
    if (bare) {
      const hour = num(bare[1]);
      if (hour !== null && hour <= 24) {
        return {
          end: p + bare[1]!.length,
          hour,
          minute: 0,
          second: 0,
          grain: 'hour',
          span: 0,
          approx: false,
          allowPm: hour <= 12,
        };
      }
    }
    const m = this.at(RE_CLOCK, p);
    if (!m) return null;
    const hourRaw = m[1]!;
    const hour = num(hourRaw);
    if (hour === null || hour > 24) return null;
    if (/^一[时時]/.test(m[0])) return null; // 一时半会 means a while
    // 一点 in 快一点 / 早一点 / 多一点 means "a little"; 两点 in 说两点 is "two points".
    if (!context && (hourRaw === '一' || hourRaw === '两')) {
      const before = this.t[p - 1] ?? '';
      const after = this.t[p + m[0].length] ?? '';
      const strong = m[0].length > 2 || /[前之以钟左]/.test(after);
      if (!strong || /[快早晚多少好大小慢差有点些一]/.test(before)) return null;
    }
    // 三点五万 is 35000; 明早九点三千 is nine o'clock and 3000: only a said day or part of day
    // makes N点 a clock before a figure with 百/千/万.
    if (
      !context &&
      !m[2] &&
      !m[3] &&
      !m[4] &&
      !m[6] &&
      /^[一二两三四五六七八九][百千万萬亿億]/.test(this.t.slice(p + m[0].length))
    )
      return null;
    let minute = 0;
    let grain: Grain = 'hour';
    if (m[2]) minute = 30;
    else if (m[3]) minute = 15;
    else if (m[4]) minute = 45;
    else if (m[6]) {
      const v = num(m[6]);
      if (v === null || v >= 60) return null;
      // 三点五 is not 3:05 (that is 三点零五): a lone digit counts as minutes only with 分.
      if (/^[一二两三四五六七八九1-9]$/.test(m[6]) && !m[0].includes('分') && !m[5]) return null; // 八点八 = 8.8
      minute = v;
    }
    if (m[2] || m[3] || m[4] || m[6]) grain = 'minute';
    if (m[6] && minute === 0 && !/零|0/.test(m[6])) grain = 'hour';
    const approx = m[7] !== undefined;
    return {
      end: p + m[0].length,
      hour,
      minute,
      second: 0,
      grain,
      span: approx ? HOUR : 0,
      approx: false,
      allowPm: hour <= 12,
    };
  }

  /** Dates and larger periods; may carry a part of day (今晚). */
  private dateLike(p: number, prev: Res | null): { end: number; r: Res; part?: PartDef } | null {
    const c = this.c;
    // Relative day words.
    // 15号当天就还: 当天 is the day just named, or today.
    const same = this.at(/当天|当日|當天|當日/y, p);
    if (same) return { end: p + same[0].length, r: dayRes(this.contextDay ?? c.day0) };
    const ch = this.t[p] ?? '';
    for (const [re, off, partName] of FIRST_DAY_WORD.has(ch) ? DAY_WORDS : []) {
      const m = this.at(re, p);
      if (m) {
        const r = dayRes(c.day0 + off);
        return { end: p + m[0].length, r, ...(partName ? { part: PART_BY_NAME[partName]! } : {}) };
      }
    }
    return (
      (FIRST_NUMERIC.has(ch) ? this.numericDate(p) : null) ??
      (FIRST_HOLIDAY.has(ch) ? this.holiday(p) : null) ??
      (FIRST_WEEK.has(ch) ? this.week(p) : null) ??
      (FIRST_YMD.has(ch) ? this.yearMonthDay(p, prev) : null)
    );
  }

  /** 2026-12-15, 2026/12/15, 2026.12.15, 20261215, 12/15, 12.15, 6·30 (+ optional time). */
  private numericDate(p: number): { end: number; r: Res } | null {
    const prevCh = this.t[p - 1] ?? '';
    if (/[0-9.\-/]/.test(prevCh)) return null;
    const full = this.at(
      /((?:1[0-9]|20)[0-9]{2})([-/.年 ])(0?[1-9]|1[0-2])\2(0?[1-9]|[12][0-9]|3[01])(?![0-9])/y,
      p,
    );
    if (full) {
      const [y, m, d] = [Number(full[1]), Number(full[3]), Number(full[4])];
      if (d > dim(y, m)) return null;
      return { end: p + full[0].length, r: dayRes(dayOf(y, m, d)) };
    }
    const compact = this.at(/((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9])/y, p);
    if (compact) {
      const [y, m, d] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
      if (d > dim(y, m)) return null;
      return { end: p + compact[0].length, r: dayRes(dayOf(y, m, d)) };
    }
    const short = this.at(
      /(0?[1-9]|1[0-2])([./·-])(0?[1-9]|[12][0-9]|3[01])(?![0-9.万千百元块kKwW%％倍折亿/-])(号|日)?/y,
      p,
    );
    if (short) {
      const m = Number(short[1]);
      const d = Number(short[3]);
      const day = this.monthDayForward(m, d);
      if (day === null) return null;
      return { end: p + short[0].length, r: dayRes(day) };
    }
    return null;
  }

  /** The next (month, day) on or after today: year-less dates point forward. */
  private monthDayForward(m: number, d: number): number | null {
    const c = this.c;
    for (let y = c.y0; y <= c.y0 + 4; y++) {
      if (d > dim(y, m)) continue;
      const day = dayOf(y, m, d);
      if (day >= c.day0) return day;
    }
    return null;
  }

  private holiday(p: number): { end: number; r: Res } | null {
    const c = this.c;
    const m = this.at(
      /(?:(今年|明年|去年|后年|(?:19|20)?[0-9]{2}年|[零〇一二三四五六七八九]{2,4}年))?(元旦节?|阳历新年|春节|(?<!大)过年|农历新年|新春|大年初[一二三四五六七八九十]|正月初[一二三四五六七八九十]|除夕|大年三十|年三十|年前|年后|过完年|年底|年末|年初|年中|圣诞节?|平安夜|双十一|光棍节|双十二|教师节|情人节|国庆节?|國慶節?|劳动节|五一节|五一(?=之?前|以前|假|长假|那天|当天|的时候|之?后|以后|过后|完)|儿童节|六一儿童节|妇女节|三八妇女节|建军节|植树节|青年节|愚人节|万圣节|国际消费者权益日)/y,
      p,
    );
    if (!m) return null;
    const end = p + m[0].length;
    const yearWord = m[1];
    const word = m[2]!;
    const yearOf = (): number | null => (yearWord ? this.yearValue(yearWord) : null);
    const y = yearOf();
    const sfAfter = (day: number): number | null => {
      // The first 春节 whose eve is not before `day`.
      for (let yy = ymd(day)[0]; yy <= ymd(day)[0] + 1; yy++) {
        const sf = springFestival(yy);
        if (sf !== null && sf - 1 >= day) return sf;
      }
      return null;
    };
    const fixed = (mm: number, dd: number): Res => {
      if (y !== null) return dayRes(dayOf(y, mm, dd));
      return dayRes(this.monthDayForward(mm, dd)!);
    };
    if (word.startsWith('元旦') || word === '阳历新年') return { end, r: fixed(1, 1) };
    const md = FIXED_HOLIDAYS[word.replace(/[节節]$/, '')];
    if (md) return { end, r: fixed(md[0], md[1]) };
    if (word === '年底' || word === '年末') {
      const yy = y ?? c.y0;
      return { end, r: dayRes(dayOf(yy, 12, 31)) };
    }
    if (word === '年初') {
      const yy = y ?? (c.m0 <= 2 ? c.y0 : c.y0 + 1);
      return { end, r: daysRes(dayOf(yy, 1, 1), dayOf(yy, 3, 1) - 1, 'month') };
    }
    if (word === '年中') {
      const yy = y ?? (c.m0 <= 7 ? c.y0 : c.y0 + 1);
      return { end, r: daysRes(dayOf(yy, 6, 1), dayOf(yy, 7, 31), 'month') };
    }
    // Lunar new year family.
    let sf: number | null;
    if (y !== null) sf = springFestival(word === '除夕' || word.includes('三十') ? y + 1 : y);
    else sf = sfAfter(c.day0);
    if (sf === null) return null;
    if (word === '年前') {
      const r = res(c.refL, endOf(sf - 1), 'day');
      r.deadline = true;
      return { end, r };
    }
    if (word === '年后' || word === '过完年') {
      // After the festival, with no end said: loose (初几说不好).
      const r = res(null, null, null);
      r.vague = true;
      return { end, r };
    }
    if (word === '除夕' || word.includes('三十')) return { end, r: dayRes(sf - 1) };
    const ini = /初(.+)$/.exec(word);
    if (ini) {
      const k = num(ini[1]);
      if (k === null) return null;
      return { end, r: dayRes(sf + k - 1) };
    }
    // 春节 / 过年: said ahead, the festival day itself.
    if (y === null && sf < c.day0) return null;
    return { end, r: dayRes(sf) };
  }

  private yearValue(s: string): number | null {
    if (s === '今年' || s === '本年' || s === '这一年') return this.c.y0;
    if (s === '明年' || s === '下年' || s === '下一年' || s === '来年' || s === '次年') return this.c.y0 + 1;
    if (s === '去年' || s === '上年' || s === '上一年') return this.c.y0 - 1;
    if (s === '后年') return this.c.y0 + 2;
    if (s === '前年') return this.c.y0 - 2;
    const w = s.replace(/年$/, '');
    let digits = w;
    if (/^[零〇一二三四五六七八九]+$/.test(w)) {
      digits = [...w].map((ch) => '零一二三四五六七八九'.indexOf(ch === '〇' ? '零' : ch)).join('');
    }
    if (!/^[0-9]+$/.test(digits)) {
      const v = num(w);
      return v !== null && v >= 1000 ? v : null;
    }
    const v = Number(digits);
    if (digits.length === 4) return v;
    if (digits.length === 2) {
      // 15年 → 2015, 98年 → 1998: within ten years ahead of now reads as this century.
      // 15年 → 2015, 98年 → 1998, 九零年 → 1990: this century unless that is over ten years ahead.
      return 2000 + v <= this.c.y0 + 10 ? 2000 + v : 1900 + v;
    }
    return null;
  }

  /** The weekday (or weekdays) said at `p`, when they fall inside the span of days `span`. */
  private weekdaysWithin(span: Res, p: number): { end: number; r: Res } | null {
    if (span.from === null || span.to === null) return null;
    const first = Math.floor(span.from / DAY);
    const last = Math.floor(span.to / DAY);
    const w = this.week(p);
    if (!w || w.r.from === null || w.r.to === null) return null;
    // the weekday alone is read in the week ahead; move it into the span's week
    for (let d = first; d <= last; d++) {
      const shift = d - Math.floor(w.r.from / DAY);
      if (weekday(d) !== weekday(Math.floor(w.r.from / DAY))) continue;
      const to = Math.floor(w.r.to / DAY) + shift;
      if (to > last) return null;
      return { end: w.end, r: d === to ? dayRes(d) : daysRes(d, to) };
    }
    return null;
  }

  /** 这周五, 下周三, 下下周一, 周五, 周末, 这周, 下周, 上个礼拜 … */
  private week(p: number): { end: number; r: Res } | null {
    const c = this.c;
    const m = this.at(
      /(这个|这一|这|本|今个|今|下一个|下一|上一个|上一|下下下个|下下下|下个|下下个|下下|下|上上个|上上|上个|上)?(周|週|星期|礼拜|禮拜)(?:(周|週|星期|礼拜)?([一二三四五六日天1-7])|(末))?/y,
      p,
    );
    if (!m) return null;
    let [, rel, , , wdCh, weekend] = m;
    // 下周三千 / 下礼拜一千出头: a digit before 千/百/万 is part of an amount, not a weekday.
    let consumed = m[0].length;
    const nextCh = this.t[p + consumed] ?? '';
    // …and 下周一定还 is "surely next week": 一 opens a word there.
    // …and 下礼拜一次性 is "next week, in one go".
    const wordAfter = wdCh === '一' && /[定直共些样般切旦向致律次]/.test(nextCh);
    if (wdCh && /[一二三四五六]/.test(wdCh) && (/[十百千万亿拾佰仟萬億块元点多]/.test(nextCh) || wordAfter)) {
      wdCh = undefined;
      consumed -= 1;
      if (m[3]) consumed -= m[3].length;
    }
    // 周 alone is too common a character (周围, 一周); take it only with a weekday or prefix.
    if (!rel && !wdCh && !weekend) return null;
    if (!rel && !wdCh && weekend && m[2] === '周' && this.t[p - 1] === '一') return null;
    const shift =
      rel === undefined
        ? null
        : /^下下下/.test(rel)
          ? 3
          : /^下下/.test(rel)
            ? 2
            : rel.startsWith('下')
              ? 1
              : /^上上/.test(rel)
                ? -2
                : rel.startsWith('上')
                  ? -1
                  : 0;
    const monday = c.day0 - (c.wd0 - 1);
    const end = p + consumed;
    if (wdCh) {
      const wd = '一二三四五六'.indexOf(wdCh) + 1 || (/[日天7]/.test(wdCh) ? 7 : Number(wdCh));
      let day: number;
      if (shift === null) {
        // A weekday not yet past this week is this week's; today or past means next week's.
        day = monday + wd - 1;
        if (wd <= c.wd0) day += 7;
      } else {
        day = monday + 7 * shift + wd - 1;
        // Said on a Sunday, 这礼拜五 is the week that Sunday opens (many speakers start the week
        // on 礼拜天), not the Friday just gone.
        if (shift === 0 && c.wd0 === 7 && day < c.day0) day += 7;
      }
      // 下周三周四, 周六或者周日: a second weekday of the same week makes a span of days.
      const next = this.at(/(?:或者|[或和跟到至~\-、])?(?:星期|礼拜|禮拜|周|週)([一二三四五六日天])/y, end);
      if (next) {
        const wd2 = '一二三四五六'.indexOf(next[1]!) + 1 || 7;
        if (wd2 > wd) return { end: next.index + next[0].length, r: daysRes(day, day + wd2 - wd) };
      }
      const r = dayRes(day);
      r.weekdayOnly = shift === null;
      return { end, r };
    }
    const base = monday + 7 * (shift ?? 0);
    if (weekend) return { end, r: daysRes(base + 5, base + 6, 'day') };
    return { end, r: daysRes(base, base + 6, 'week') };
  }

  /** Year, month and day: 2026年12月15日, 下个月15号, 12月, 月底, 15号, 这个月, 明年 … */
  private yearMonthDay(p: number, prev: Res | null): { end: number; r: Res } | null {
    const c = this.c;
    let q = p;
    // 1995-1997年: a bare year before a range of years.
    const yearRange = prev
      ? null
      : this.at(/((?:1[0-9]|20)[0-9]{2})\s*[-–—~到至]\s*((?:1[0-9]|20)[0-9]{2})年/y, q);
    if (yearRange) {
      const lo = Number(yearRange[1]);
      const hi = Number(yearRange[2]);
      if (lo < hi)
        return { end: q + yearRange[0].length, r: daysRes(dayOf(lo, 1, 1), dayOf(hi, 12, 31), 'year') };
    }
    let y: number | null = null;
    let yearSaid = false;
    const yearM = this.at(
      /(?:(今年|明年|去年|后年|前年|上年|下年|本年|这一年|上一年|下一年|来年|次年)|((?:1[0-9]|20)[0-9]{2}|0[0-9]) ?年|([零〇一二三四五六七八九]{4}|[一二两]千[零〇一二三四五六七八九十百]{0,5}(?=年(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月))年(?![后多以之])|([0-9]{2}|[零〇一二三四五六七八九]{2}) ?年(?![前后内多以之]))/y,
      q,
    );
    // 先还2000年底前: after a pay verb a four-digit figure is money, and 年底 stands alone.
    if (yearM?.[2] && /(?:还|還|转|打|凑|付|交|给)$/.test(this.t.slice(Math.max(0, p - 2), p))) return null;
    if (yearM) {
      const v = this.yearValue(yearM[1] ?? yearM[2] ?? yearM[3] ?? yearM[4]!);
      if (v !== null) {
        y = v;
        yearSaid = true;
        q += yearM[0].length;
        const sep = this.at(/[,，]\s*|\s+/y, q);
        if (sep && this.at(RE_MONTH_AHEAD, q + sep[0].length)) q += sep[0].length;
      }
    }
    // 今年底 / 明年初 / 2025年底 / 今年内: a year then 底/初/内.
    if (yearSaid && !this.at(RE_MONTH_AHEAD, q)) {
      const tail = this.at(/(?:年)?(底|末|初|内)/y, q);
      if (tail) {
        q += tail[0].length;
        if (tail[1] === '底' || tail[1] === '末') return { end: q, r: dayRes(dayOf(y!, 12, 31)) };
        if (tail[1] === '初') return { end: q, r: daysRes(dayOf(y!, 1, 1), dayOf(y!, 3, 1) - 1, 'month') };
        // 今年内 starts now; 2024年内 said in 2021 starts with 2024.
        const r = res(Math.max(c.refL, startOf(dayOf(y!, 1, 1))), endOf(dayOf(y!, 12, 31)), 'year');
        r.deadline = true;
        return { end: q, r };
      }
    }
    // 2019年1-五月, 2018年2——4月: a bare number before a range of months.
    const monthRange = this.at(RE_MONTH_RANGE, q);
    if (monthRange && !prev) {
      const lo = num(monthRange[1]);
      const hi = num(monthRange[2]);
      if (lo !== null && hi !== null && lo >= 1 && hi <= 12 && lo < hi) {
        const yy = y ?? (hi >= c.m0 ? c.y0 : c.y0 + 1);
        return {
          end: q + monthRange[0].length,
          r: daysRes(dayOf(yy, lo, 1), dayOf(yy, hi, dim(yy, hi)), 'month'),
        };
      }
    }
    // Month.
    let month: number | null = null;
    let monthYear: number | null = null;
    let relMonth = false;
    const relM = this.at(
      /(这个月|这月|本月|当月|今个月|下下个月|下个月|下一个月|下月|次月|上上个月|上个月|上一个月|上月|同月)/y,
      q,
    );
    if (relM) {
      const w = relM[1]!;
      const off = w.startsWith('下下')
        ? 2
        : w.startsWith('下') || w === '次月'
          ? 1
          : w.startsWith('上上')
            ? -2
            : w.startsWith('上')
              ? -1
              : 0;
      // 去年本月十日: the month is counted in the year said.
      [monthYear, month] = addMonths(y ?? c.y0, c.m0, off);
      relMonth = true;
      q += w.length;
    } else {
      const absM = this.at(RE_MONTH, q);
      if (absM) {
        const mv = num(absM[1]);
        if (mv !== null && mv >= 1 && mv <= 12) {
          month = mv;
          q += absM[0].length;
        }
      }
    }
    if (month !== null && monthYear === null) {
      if (y !== null) monthYear = y;
      else if (prev?.from != null && !relMonth) monthYear = ymd(Math.floor(prev.from / DAY))[0];
    }
    // The right end of a range (15号到20号) lives in the left end's month unless it says its own.
    let floorDay: number | null = null;
    let inherited = false;
    if (month === null && y === null && prev?.from != null && prev.day !== null) {
      inherited = true;
      [monthYear, month] = ymd(prev.day);
      floorDay = prev.day;
    }
    // 下个月10号发工资 我10号就还: a bare N号 after a day of a later month said in the turn is in that month.
    const ctxMonth = month === null && y === null && !prev ? this.contextMonth : null;
    // 15到20号 / 12月15到20号: a bare number before a range of days.
    const bareRange = this.at(RE_DAY_RANGE, q);
    if (bareRange && !prev) {
      const lo = num(bareRange[1]);
      const hi = num(bareRange[2]);
      if (lo !== null && hi !== null && lo >= 1 && hi <= 31 && lo < hi) {
        let first: number | null = null;
        if (month !== null) {
          const yy =
            monthYear ?? (dayOf(c.y0, month, Math.min(hi, dim(c.y0, month))) >= c.day0 ? c.y0 : c.y0 + 1);
          first = dayOf(yy, month, lo);
        } else {
          // This month while the range's last day is ahead, else the next month.
          for (let k = 0; k < 14 && first === null; k++) {
            const [yy, mm] = addMonths(c.y0, c.m0, k);
            if (hi <= dim(yy, mm) && dayOf(yy, mm, hi) >= c.day0) first = dayOf(yy, mm, lo);
          }
        }
        if (first !== null) {
          const [ly, lm] = ymd(first);
          return {
            end: q + bareRange[0].length,
            r: daysRes(first, dayOf(ly, lm, Math.min(hi, dim(ly, lm)))),
          };
        }
      }
    }
    // Day, or a part of the month.
    const dayWord = this.at(RE_DAY_WORD, q);
    const bareDayAllowed = month !== null && !relMonth; // "1月3" reads a day; 下个月一定 does not
    if (ctxMonth && dayWord?.[1]) [monthYear, month] = ctxMonth;
    if (
      dayWord &&
      (dayWord[1] || dayWord[2] || dayWord[3] || dayWord[4] || dayWord[5] || (dayWord[6] && bareDayAllowed))
    ) {
      const endD = q + dayWord[0].length;
      // 底/初/中 without 月 only count after a month word (十二月底): 到底, 起初, 其中 are not dates.
      const dn0 = dayWord[1] ?? dayWord[6];
      if (month === null && !dn0 && !dayWord[0].startsWith('月') && !dayWord[5]) return null;
      const monthSaid = month !== null;
      // Which month: said, or this month if still ahead, else the next.
      const pick = (want: (yy: number, mm: number) => [number, number] | null): Res | null => {
        if (monthSaid) {
          const years = monthYear !== null ? [monthYear] : [c.y0, c.y0 + 1, c.y0 + 2, c.y0 + 3, c.y0 + 4];
          for (const yy of years) {
            const span = want(yy, month!);
            if (!span) continue;
            if (floorDay !== null && span[1] < floorDay) {
              const [ny, nm] = addMonths(yy, month!, 1);
              const next = want(ny, nm);
              return next ? daysRes(next[0], next[1]) : null;
            }
            if (monthYear !== null || span[1] >= c.day0) return daysRes(span[0], span[1]);
          }
          return null;
        }
        for (let k = 0; k < 14; k++) {
          const [yy, mm] = addMonths(y ?? c.y0, y !== null ? 1 : c.m0, k);
          const span = want(yy, mm);
          if (span && (y !== null || span[1] >= c.day0)) return daysRes(span[0], span[1]);
        }
        return null;
      };
      let r: Res | null = null;
      if (dn0) {
        const dv = num(dn0);
        if (dv === null || dv < 1 || dv > 31) return null;
        r = pick((yy, mm) => {
          if (dv > dim(yy, mm)) {
            // 下个月31号 in a 30-day month means its last day; a bare 31号 waits for a long month.
            return relMonth ? [dayOf(yy, mm, dim(yy, mm)), dayOf(yy, mm, dim(yy, mm))] : null;
          }
          return [dayOf(yy, mm, dv), dayOf(yy, mm, dv)];
        });
      } else if (dayWord[2]) {
        r = pick((yy, mm) => [dayOf(yy, mm, dim(yy, mm)), dayOf(yy, mm, dim(yy, mm))]);
      } else if (dayWord[3]) {
        // 月初: this month's 1st–5th while they last, else next month's.
        r = pick((yy, mm) => [dayOf(yy, mm, 1), dayOf(yy, mm, 5)]);
      } else if (dayWord[4]) {
        r = pick((yy, mm) => [dayOf(yy, mm, 15), dayOf(yy, mm, 15)]);
      } else if (dayWord[5]) {
        const w = dayWord[5];
        const [lo, hi] = w === '上旬' ? [1, 10] : w === '中旬' ? [11, 20] : [21, 31];
        r = pick((yy, mm) => [dayOf(yy, mm, lo), dayOf(yy, mm, Math.min(hi, dim(yy, mm)))]);
      }
      if (!r) return null;
      return { end: endD, r };
    }
    if (inherited) return null;
    if (month !== null) {
      const yy = monthYear ?? (month >= c.m0 ? c.y0 : c.y0 + 1);
      const a = dayOf(yy, month, 1);
      return { end: q, r: daysRes(a, a + dim(yy, month) - 1, 'month') };
    }
    if (y !== null) {
      // A year alone: only 4-digit or relative years (24年 alone may be a duration).
      // 10年 alone is more often a duration (分10年) than a year; 九零年 (digit by digit) is a year.
      if (yearM?.[4] && /^[1-9]/.test(yearM[4])) return null; // 07年 (with its zero) is a year
      const a = dayOf(y, 1, 1);
      return { end: q, r: daysRes(a, dayOf(y, 12, 31), 'year') };
    }
    return null;
  }
}

function addWorkdays(day: number, n: number): number {
  let d = day;
  let left = Math.round(n);
  while (left > 0) {
    d++;
    if (weekday(d) <= 5) left--;
  }
  return d;
}

const NUMERAL = /[零〇一二两三四五六七八九十廿卅]/;

/**
 * 两千八十号: at q a day of the month (十号, 十五号) follows a figure ending 千/百/万 + one digit.
 * With 二/三 before the 十 (三千二十号) the day is 二十号 and the figure 三千: not this case.
 */
export function dayAfterFigure(t: string, q: number): boolean {
  return (
    /[百千万][一两四五六七八九]$/.test(t.slice(Math.max(0, q - 2), q)) &&
    /^十[一二三四五六七八九]?[号號日]/.test(t.slice(q, q + 4))
  );
}
const HOLIDAY_WORD =
  /(?:元旦节?|春节|过年|新年|新春|国庆节?|國慶節?|劳动节|五一节?|圣诞节?|平安夜|双十一|光棍节|双十二|教师节|情人节|儿童节|妇女节|建军节|植树节|青年节|愚人节|万圣节)$/;

/** Holidays on a fixed Gregorian date (month, day); lunar and floating ones are not read. */
const FIXED_HOLIDAYS: Record<string, [number, number]> = {
  国庆: [10, 1],
  國慶: [10, 1],
  劳动: [5, 1],
  五一: [5, 1],
  圣诞: [12, 25],
  平安夜: [12, 24],
  双十一: [11, 11],
  光棍: [11, 11],
  双十二: [12, 12],
  教师: [9, 10],
  情人: [2, 14],
  儿童: [6, 1],
  六一儿童: [6, 1],
  妇女: [3, 8],
  三八妇女: [3, 8],
  建军: [8, 1],
  植树: [3, 12],
  青年: [5, 4],
  愚人: [4, 1],
  万圣: [10, 31],
  国际消费者权益日: [3, 15],
};
const DIGIT = /[0-9０-９]/;

/** Characters that can start a time expression; anything else is skipped without parsing. */
const START = new Uint8Array(0x10000);
for (const ch of '0123456789０１２３４５６７８９零〇一二两三四五六七八九十廿卅今明昨前去后後大次第隔当當本这這下上同周週星礼禮月年元春过過除国國劳凌清拂早中午晌傍黄晚夜半深白最截不在于到从自尽有等手发工看近改回迟以阳农新正再马立现几圣平双光教情儿妇建植青愚万听聽')
  START[ch.charCodeAt(0)] = 1;

/** Every time expression in `text`, resolved against `ref` in Asia/Shanghai. */
export function findTimes(text: string, ref: Date): TimeMention[] {
  const refL = ref.getTime() + OFFSET;
  const day0 = Math.floor(refL / DAY);
  const [y0, m0, d0] = ymd(day0);
  const ctx: Ctx = { refL, day0, y0, m0, d0, wd0: weekday(day0) };
  const parser = new Parser(text, ctx);
  const out: TimeMention[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (START[text.charCodeAt(i)] === 0) {
      i++;
      continue;
    }
    const got = parser.expr(i);
    if (!got || got.end <= i) {
      i++;
      continue;
    }
    const { start, end, r } = got;
    if (r.day !== null && !r.clockOnly) {
      parser.contextDay = r.day;
      // a day with its month said (下个月10号, not 月底 / 下月初), in a month after this one
      const [yy, mm] = ymd(r.day);
      if (/月(?![底末初中])/.test(text.slice(start, end)) && yy * 12 + mm > y0 * 12 + m0)
        parser.contextMonth = [yy, mm];
    }
    out.push({
      start,
      end,
      text: text.slice(start, end),
      from: r.from === null ? null : new Date(r.from - OFFSET),
      to: r.to === null ? null : new Date(r.to - OFFSET),
      grain: r.grain,
      deadline: r.deadline,
      vague: r.vague,
    });
    i = end;
  }
  return out;
}
