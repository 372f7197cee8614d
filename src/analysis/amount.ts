import { isArabicDigit, isNumeralChar, type ScannedNumber, type ScanOptions, scanNumber } from './cn-number';
import { dayAfterFigure } from './when';

/**
 * Money in collection speech: 三千块钱, 3000, 两万三, 4-5千, 四五千, 三五百, 一两万, 两到三万,
 * 1万-5万元, 5000左右, 一千多, 三块五, 1.5万, 5k. Figures are yuan unless another currency is
 * named. Dates, clock times, counts and identifiers are not money (15号, 三点, 尾号1234,
 * 工号1024, 3个月, 分12期, 第二期, 2026年).
 */
export interface AmountMention {
  start: number;
  end: number;
  text: string;
  /** Lower end in the named currency (yuan by default). */
  min: number;
  /** Upper end; equal to min for a single figure. */
  max: number;
  /** Said loosely: 左右, 多, 来, 约, 至少 … (the figure is still the stated one). */
  approx: boolean;
  /** ISO 4217 code: CNY unless a foreign currency is named. */
  currency: string;
  /** A currency word or sign was said (块/元/毛/¥/美元 …), not only inferred from context. */
  currencySaid: boolean;
}

/** Longest names first: the table is tried in order at one position. */
const CURRENCY_WORDS: [string, string][] = [
  ['瑞士法郎', 'CHF'],
  ['新台币', 'TWD'],
  ['人民币', 'CNY'],
  ['人民幣', 'CNY'],
  ['美元', 'USD'],
  ['美金', 'USD'],
  ['美圆', 'USD'],
  ['美刀', 'USD'],
  ['港元', 'HKD'],
  ['港币', 'HKD'],
  ['港幣', 'HKD'],
  ['日元', 'JPY'],
  ['日币', 'JPY'],
  ['日圆', 'JPY'],
  ['欧元', 'EUR'],
  ['歐元', 'EUR'],
  ['英镑', 'GBP'],
  ['台币', 'TWD'],
  ['韩元', 'KRW'],
  ['澳元', 'AUD'],
  ['加元', 'CAD'],
  ['泰铢', 'THB'],
  ['卢布', 'RUB'],
  ['奈拉', 'NGN'],
  ['RMB', 'CNY'],
  ['rmb', 'CNY'],
];

const SIGNS: Record<string, string> = { '¥': 'CNY', '￥': 'CNY', $: 'USD', '＄': 'USD' };

function currencyAt(text: string, i: number): [number, string] | null {
  for (const [w, code] of CURRENCY_WORDS) if (text.startsWith(w, i)) return [i + w.length, code];
  return null;
}

/** Counts and measures right after a figure (三家, not 一千 家里): never money. 本金 is no 本. */
const COUNT_NEXT =
  /^(?:个|個|期|次|岁|歲|人|张|張|笔|家|份|遍|倍|条|位|楼|层|户|套|辆|台|部|本(?![金息钱])|页|集|章|届|名|斤|公斤|克|吨|米|公里|千米|度|折|成|小时|分钟|秒|%|％|[a-zA-Z])/;

/** Dates and clock times: a bare figure (no 百/千/万) followed by these is not money. */
const TIME_NEXT =
  /^\s*(?:号|號|日|月(?![底初中末])|年|天|周|週|星期|礼拜|禮拜|点|點|时|時|分(?![0-9０-９一二两三四五六七八九十]*期)|[:：]|[-/.．][0-9０-９])/;

/** Identifiers and ordinals written before a figure. */
const NOT_MONEY_BEFORE =
  /(?:尾号|尾號|工号|工號|卡号|编号|号码|號碼|电话|手机号?|分机|验证码|密码|账号|身份证号?|尾数|单号|房间|房号|车牌|第|百分之|分之|总数|数量|人数|个数|次数|台数|票数|积分|分数|距离|高度|重量|面积|年龄|岁数|楼层|门牌)[是为為有：:\s]*$/;

/** Words in the same clause before a bare figure that make it money in a collection call. */
const MONEY_CONTEXT_BEFORE =
  /(?:还|還|转|轉|打|凑|付|交|欠|借|给|給|差|剩|拿|存|缴|充|补|赔|贷|额度|金额|本金|利息|余额|账单|欠款|最低|首付|先|再|钱|款|总共|一共|合计|只有|就|才|有|发|工资|到账|把)[^，,。.！!？?；;]{0,6}$/;

/** …or after it, including a plan named by its figure (你们那个5000的方案我同意). */
const MONEY_CONTEXT_AFTER =
  /^\s*(?:左右|上下|吧|行|可以|够|能(?![力量源])|怎么样|成不成|好不好|块|元|转|还|打|付|交|给|的(?:那个|这个)?(?:方案|还款方案|计划|分期))/;

const APPROX_BEFORE =
  /(?:约|大约|大概|差不多|将近|接近|近|至少|最少|起码|最多|不到|不超过|小于|大于|超过|低于|高于|多于|少于)\s*$/;
const APPROX_AFTER = /^\s*(?:左右|上下|来|多|余|以上|以下|出头)/;

const RANGE_JOIN = /^\s*(?:[（(]含[)）])?\s*(?:-{1,2}|~|～|〜|—{1,2}|－|到|至|或者|或)\s*/;

const CLAUSE_STOP = /[，,。！!？?；;\n]/;

/** An hour and 点 that a figure would otherwise take as its decimal point (九点三千). */
const CLOCK_HOUR = /^(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})[点點](?=[一二两三四五六七八九][百千万])/;
/** Days and parts of day after which N点 is a clock time. */
const CLOCK_CONTEXT_BEFORE =
  /(?:早上|上午|中午|下午|晚上|傍晚|凌晨|今早|明早|今晚|明晚|一早|天|号|號|日|[周礼拜期][一二三四五六日天]|[早晚])\s*$/;

/** Figure in running text: Chinese 点 is read only where a unit or currency makes it money. */
const SCAN: ScanOptions = { chinesePoint: true, spaces: 'beforeUnit', latinSuffix: true };

interface MoneyFigure {
  start: number;
  end: number;
  value: number;
  num: ScannedNumber;
  /** 块/元/圆/毛/角/分钱 was said. */
  yuan: boolean;
  /** Magnitude of the last unit (三十万 → 1e4); 0 when none. */
  lastUnit: number;
  approx: boolean;
}

function digitAt(text: string, i: number): number {
  if (i >= text.length) return -1;
  const c = text.charCodeAt(i);
  if (isArabicDigit(c)) return c <= 57 ? c - 48 : c - 0xff10;
  const k = '零一二三四五六七八九'.indexOf(text[i]!);
  if (k >= 0) return k;
  const d = '〇壹贰叁肆伍陆柒捌玖'.indexOf(text[i]!);
  if (d >= 0) return d;
  if (text[i] === '两' || text[i] === '兩' || text[i] === '貳' || text[i] === '俩') return 2;
  if (text[i] === '參') return 3;
  if (text[i] === '陸') return 6;
  return -1;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\u3000')) i++;
  return i;
}

const YUAN_AT = /^(?:块钱|塊錢|块|塊|元钱|元|圆|圓|快钱)/;

/**
 * 四千一次打过去, 八千一分不少, 一万七一次还了: a last digit that opens a count (一次, 一分, 一笔)
 * is not part of the figure. Returns the end of the figure without it, or -1.
 */
function elidedBeforeMeasure(text: string, num: ScannedNumber): number {
  if (num.approx || num.end !== num.coreEnd || !num.hasUnit || num.lastUnit < 100) return -1;
  const last = num.end - 1;
  const d = digitAt(text, last);
  if (d <= 0 || (d !== 1 && !/[百千万佰仟萬]/.test(text[last - 1] ?? ''))) return -1;
  return ELIDED_MEASURE.test(text.slice(num.end, num.end + 3)) ? last : -1;
}

const ELIDED_MEASURE = /^(?:次|回|趟|笔|下子|分(?!期|钟))/;

/**
 * 一个月两千八十号发 / 三千二十号还: a day of the month glued to a figure (十号 after 两千八, 二十号
 * after 三千) is the day, not the figure's tail. Returns where the day begins, or -1.
 */
function dayAtEnd(text: string, i: number, num: ScannedNumber): number {
  if (!/^[号號日]/.test(text.slice(num.end, num.end + 1))) return -1;
  for (let q = num.end - 1; q > i + 1 && q >= num.end - 3; q--) {
    if (dayAfterFigure(text, q)) return q;
    if (/[百千万][二三]十[一二三四五六七八九]?$/.test(text.slice(q - 2, num.end)) && text[q] === '十')
      return q - 1;
  }
  return -1;
}

/** A figure and its 块/毛/分 parts: 三块五 = 3.5, 一百三十五块六角七分 = 135.67, 两个亿 = 2e8. */
function readMoneyFigure(text: string, i: number): MoneyFigure | null {
  let num = scanNumber(text, i, SCAN);
  if (!num || Number.isNaN(num.value)) return null;
  const cut = Math.max(elidedBeforeMeasure(text, num), dayAtEnd(text, i, num));
  if (cut > i) {
    const shorter = scanNumber(text.slice(0, cut), i, SCAN);
    if (shorter && !Number.isNaN(shorter.value)) num = shorter;
  }
  let value = num.value;
  let end = num.end;
  let lastUnit = num.lastUnit;
  let approx = num.approx;
  let yuan = false;
  // 两个亿
  if (text[end] === '个' && (text[end + 1] === '亿' || text[end + 1] === '億') && !num.hasUnit) {
    value *= 1e8;
    lastUnit = 1e8;
    end += 2;
  }
  // 千把块
  if (text[end] === '把' && num.hasUnit && YUAN_AT.test(text.slice(end + 1, end + 3))) {
    approx = true;
    end++;
  }
  let p = skipSpaces(text, end);
  const unit = YUAN_AT.exec(text.slice(p, p + 2));
  let afterYuan = false;
  if (unit) {
    yuan = true;
    afterYuan = true;
    p += unit[0].length;
    end = p;
  }
  // Minor units: 毛/角 (0.1) then 分 (0.01); a bare digit after 块 is 毛, after 毛 is 分.
  let minorLevel = afterYuan ? 0 : -1; // 0: next bare digit is 毛; 1: next is 分
  if (!afterYuan) {
    const c = text[end];
    if ((c === '毛' || c === '角') && !/^角(?:大楼|形|星|度)/.test(text.slice(end, end + 3))) {
      value *= 0.1;
      yuan = true;
      end++;
      minorLevel = 1;
    } else if (c === '分' && text[end + 1] === '钱') {
      value *= 0.01;
      yuan = true;
      end += 2;
      minorLevel = 2;
    }
  }
  while (minorLevel >= 0 && minorLevel < 2) {
    let q = end;
    let zero = false;
    if (text[q] === '零' && digitAt(text, q + 1) > 0) {
      zero = true;
      q++;
    }
    const d = digitAt(text, q);
    if (d < 0 || (d === 0 && !zero && text[q] !== '零')) break;
    const after = text[q + 1];
    if (after === '毛' || after === '角') {
      if (minorLevel > 0 || zero) break;
      value += d * 0.1;
      end = q + 2;
      minorLevel = 1;
      continue;
    }
    if (after === '分') {
      value += d * 0.01;
      end = q + 2;
      minorLevel = 2;
      break;
    }
    // A bare digit: only if nothing numeric follows (三块五十 is not 3.5), and never after 万元
    // (3541.07万元2.3 is a figure and the next item's number).
    if (after !== undefined && (isNumeralChar(after.charCodeAt(0)) || /[点號号.．]/.test(after))) break;
    if (num.maxUnit >= 1e4) break;
    value += zero ? d * 0.01 : minorLevel === 0 ? d * 0.1 : d * 0.01;
    end = q + 1;
    minorLevel = 2;
    break;
  }
  if (yuan && (text.startsWith('钱', end) || text.startsWith('錢', end))) end++;
  if (yuan && (text[end] === '整' || text[end] === '正')) end++;
  return { start: i, end, value: Math.round(value * 1e6) / 1e6, num, yuan, lastUnit, approx };
}

/** 四五千, 三五百, 一两万, 十五六万, 一千五六百: two neighbouring digits before a unit mean a range. */
function readJuxtaposed(text: string, i: number): { min: MoneyFigure; max: MoneyFigure } | null {
  for (let k = i; k <= i + 2 && k + 2 < text.length; k++) {
    if (k > i && !isNumeralChar(text.charCodeAt(k - 1))) return null;
    if (isArabicDigit(text.charCodeAt(k)) || isArabicDigit(text.charCodeAt(k + 1))) continue;
    const d1 = digitAt(text, k);
    const d2 = digitAt(text, k + 1);
    if (d1 <= 0 || d2 <= d1) continue;
    if (d2 - d1 > 1 && !(d1 === 3 && d2 === 5)) continue; // 三五 is the only common gap
    if ('十百千万亿拾佰仟萬億块元'.indexOf(text[k + 2]!) < 0) continue;
    const head = text.slice(i, k);
    const tail = text.slice(k + 2, k + 14);
    const maxFig = readMoneyFigure(`${head}${text[k + 1]}${tail}`, 0);
    const minFig = readMoneyFigure(`${head}${text[k]}${tail}`, 0);
    if (!maxFig || !minFig) return null;
    const end = k + 2 + (maxFig.end - head.length - 1);
    return { min: { ...minFig, start: i, end }, max: { ...maxFig, start: i, end } };
  }
  return null;
}

/** 三百五百都行, 两千三千: two round figures of one unit said side by side are a range. */
function readRepeatedUnit(text: string, i: number): { min: MoneyFigure; max: MoneyFigure } | null {
  const m = /^([一二两三四五六七八九])([百千万])([一二两三四五六七八九])\2/.exec(text.slice(i, i + 4));
  if (!m || digitAt(text, i) >= digitAt(text, i + 2)) return null;
  if (isNumeralChar(text.charCodeAt(i + 4)) && !'多来块元'.includes(text[i + 4]!)) return null;
  const lo = readMoneyFigure(text.slice(0, i + 2), i);
  const hi = readMoneyFigure(text, i + 2);
  if (!lo || !hi) return null;
  return { min: { ...lo, start: i, end: hi.end }, max: { ...hi, start: i } };
}

function clauseBefore(text: string, start: number): string {
  let s = start;
  const limit = Math.max(0, start - 12);
  while (s > limit && !CLAUSE_STOP.test(text[s - 1]!)) s--;
  return text.slice(s, start);
}

/** What the caller already knows about the text: the time mentions found in it. */
export interface AmountContext {
  /** Spans of time mentions (when.ts): a bare figure right beside one is the sum due then. */
  times?: readonly { start: number; end: number }[];
}

/** Every money mention, left to right. */
export function findAmounts(text: string, context: AmountContext = {}): AmountMention[] {
  const out: AmountMention[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    // Fast path: most characters start no figure and are no currency sign.
    if (!isNumeralChar(code) && code !== 0xa5 && code !== 0xffe5 && code !== 36 && code !== 0xff04) {
      i++;
      continue;
    }
    const ch = text[i]!;
    let signCurrency: string | null = null;
    let start = i;
    let figStart = i;
    if (SIGNS[ch] !== undefined) {
      signCurrency = SIGNS[ch]!;
      figStart = skipSpaces(text, i + 1);
    }
    const c = text.charCodeAt(figStart);
    if (figStart >= n || !isNumeralChar(c) || '点點多余来'.includes(text[figStart]!)) {
      i++;
      continue;
    }
    // 明早九点三千 / 下午三点五千块: after a day or part of day, N点 is the clock, the sum follows.
    const hour = signCurrency === null ? CLOCK_HOUR.exec(text.slice(figStart, figStart + 6)) : null;
    if (hour && CLOCK_CONTEXT_BEFORE.test(text.slice(Math.max(0, figStart - 4), figStart))) {
      i = figStart + hour[0].length;
      continue;
    }
    if (signCurrency === null) start = figStart;
    // 周三五千 / 礼拜一两千: the digit after 周/星期/礼拜 is the weekday, the figure follows it.
    if (
      /(?:周|週|星期|礼拜|禮拜)$/.test(text.slice(Math.max(0, figStart - 2), figStart)) &&
      /[一二三四五六日天]/.test(text[figStart]!)
    ) {
      const next = text.charCodeAt(figStart + 1);
      if (isNumeralChar(next) && !'十百千万亿拾佰仟萬億点點多余来'.includes(text[figStart + 1]!)) {
        i = figStart + 1;
        continue;
      }
    }
    // A figure glued to Latin letters or more digits is an identifier (A2021…, 4G); a Chinese
    // figure may follow a date written in digits (12.20四千).
    const gluedTo = start > 0 ? text[start - 1]! : '';
    if (/[A-Za-z_]/.test(gluedTo) || (/[0-9０-９]/.test(gluedTo) && /[0-9０-９]/.test(text[figStart]!))) {
      i = skipRun(text, figStart);
      continue;
    }

    let minFig: MoneyFigure;
    let maxFig: MoneyFigure;
    const jux = readJuxtaposed(text, figStart) ?? readRepeatedUnit(text, figStart);
    if (jux) {
      minFig = jux.min;
      maxFig = jux.max;
    } else {
      const first = readMoneyFigure(text, figStart);
      if (!first) {
        i = figStart + 1;
        continue;
      }
      minFig = first;
      maxFig = first;
      const join = RANGE_JOIN.exec(text.slice(first.end, first.end + 8));
      if (join) {
        const rStart = first.end + join[0].length;
        const second = rStart < n ? readMoneyFigure(text, rStart) : null;
        if (second && !first.num.digitString && !second.num.digitString) {
          let low = first.value;
          // 4-5千, 两到三万, 八到九百亿: the left figure borrows the right one's last unit.
          if (!first.yuan && first.lastUnit < second.lastUnit && low * second.lastUnit <= second.value) {
            low *= second.lastUnit;
          }
          if (low <= second.value) {
            minFig = { ...first, value: low, yuan: first.yuan || second.yuan };
            maxFig = second;
          }
        }
      }
    }
    let end = maxFig.end;
    const anyYuan = minFig.yuan || maxFig.yuan;
    // A named currency after the figure (or after 元: 三万元欧元, 9000元日币, 8亿元人民币).
    let currency = signCurrency;
    let q = skipSpaces(text, end);
    const named = currencyAt(text, q);
    if (named) {
      currency = named[1];
      end = named[0];
    }
    let prefixSaid = false;
    const saidKuai = /块|塊|快钱/.test(text.slice(minFig.end - 3, maxFig.end));
    if (signCurrency === null && !named && !saidKuai) {
      // 港币两千九百六十元, 人民币车费601.11元: a currency word shortly before the figure (not
      // before an earlier figure); right before it (人民币 50元) it belongs to this mention.
      const from = Math.max(0, start - 6, out.length > 0 ? out[out.length - 1]!.end : 0);
      const before = text.slice(from, start);
      for (const [w, code] of CURRENCY_WORDS) {
        const at = before.lastIndexOf(w);
        if (at >= 0) {
          currency = code;
          prefixSaid = before.slice(at + w.length).trim() === '';
          if (prefixSaid) start = from + at;
          break;
        }
      }
    }
    const currencySaid = anyYuan || named !== null || signCurrency !== null || prefixSaid;

    // Approximation marks around the figure.
    q = skipSpaces(text, end);
    const approxAfter = APPROX_AFTER.exec(text.slice(q, q + 3));
    const brackets = /^[（(]含[)）]\s*(?:以上|以下)/.exec(text.slice(q, q + 6));
    let approx = minFig.approx || maxFig.approx;
    if (approxAfter && (approxAfter[0].trim() !== '来' || YUAN_AT.test(text.slice(q + 1, q + 3)))) {
      approx = true;
      end = q + approxAfter[0].length;
      // 2000余元 / 一千来块: the currency word may follow the marker.
      const yuanAfter = YUAN_AT.exec(text.slice(end, end + 2));
      if (yuanAfter) end += yuanAfter[0].length;
    } else if (brackets) {
      approx = true;
      end = q + brackets[0].length;
    }
    if (APPROX_BEFORE.test(text.slice(Math.max(0, start - 4), start))) approx = true;

    const accepted = currencySaid || isBareMoney(text, start, figStart, minFig, maxFig, context.times);
    if (accepted && Number.isFinite(minFig.value) && Number.isFinite(maxFig.value)) {
      out.push({
        start,
        end,
        text: text.slice(start, end),
        min: minFig.value,
        max: maxFig.value,
        approx,
        currency: currency ?? 'CNY',
        currencySaid,
      });
      i = end;
    } else {
      i = Math.max(maxFig.end, figStart + 1);
    }
  }
  return out;
}

function skipRun(text: string, i: number): number {
  while (i < text.length && (isNumeralChar(text.charCodeAt(i)) || /[A-Za-z0-9.,]/.test(text[i]!))) i++;
  return i;
}

/** A figure with no currency word: money only where collection speech makes it so. */
function isBareMoney(
  text: string,
  start: number,
  figStart: number,
  minFig: MoneyFigure,
  maxFig: MoneyFigure,
  times: readonly { start: number; end: number }[] | undefined,
): boolean {
  const num = maxFig.num;
  const after = text.slice(maxFig.end, maxFig.end + 4);
  if (COUNT_NEXT.test(after)) return false;
  if (NOT_MONEY_BEFORE.test(text.slice(Math.max(0, start - 8), start))) return false;
  // 两千年 is a year; 五千年底 is 五千 and 年底.
  const yearLike = maxFig.value >= 1900 && maxFig.value <= 2100 && /^年(?![底前初内中末])/.test(after);
  if ((!num.hasUnit || yearLike || maxFig.value < 100) && TIME_NEXT.test(after)) return false;
  if (num.digitString || minFig.num.digitString) return false;
  if (num.hasDecimal && !num.hasUnit) return false; // 12.15, 三点五
  // 14 consecutive digits are an ID card, phone or bank card, never a spoken sum.
  if (num.arabicOnly && num.intDigits >= 7) return false;
  if (figStart > 0 && /[:：]/.test(text[figStart - 1]!)) return false;
  if (isHotline(text, start, maxFig)) return false;
  if (num.hasUnit) {
    // 十/二十 alone are rarely money in these calls; 百 and above are. 下礼拜去还七十: right
    // after the verb of repaying, tens are the sum.
    if (maxFig.value >= 10 && maxFig.value < 100 && REPAY_RIGHT_BEFORE.test(text.slice(0, start)))
      return true;
    return maxFig.value >= 100 && num.maxUnit >= 100;
  }
  if (!num.arabicOnly) return false; // 两, 三: counts, not sums
  if (maxFig.value < 100) return false;
  // 三月五号5000, 下周一1500: a figure right after the date it is promised for.
  const dateBefore = /(?:号|號|日|[周礼拜期][一二三四五六日天]|[0-9]{1,2}[.．][0-9]{1,2})\s*$/.test(
    clauseBefore(text, start),
  );
  return (
    dateBefore ||
    MONEY_CONTEXT_BEFORE.test(clauseBefore(text, start)) ||
    MONEY_CONTEXT_AFTER.test(after) ||
    // 明天 12378: a service-line number beside a time is not taken on that evidence alone.
    (besideTime(text, start, maxFig.end, times) &&
      !(hotlineShaped(text, start, maxFig) && maxFig.value % 100 !== 0))
  );
}

/** 还七十 / 先还个五十: the verb of repaying right before the figure. */
const REPAY_RIGHT_BEFORE = /(?:还|還)(?:个|個|上)?$/;

/**
 * 12378, 95588: a five-digit service line (12xxx government, 95xxx/96xxx banks) said with a call
 * or complaint word is dialled, not paid.
 */
function isHotline(text: string, start: number, fig: MoneyFigure): boolean {
  if (!hotlineShaped(text, start, fig)) return false;
  return (
    HOTLINE_CONTEXT.test(text.slice(Math.max(0, start - 6), start)) ||
    HOTLINE_AFTER.test(text.slice(fig.end, fig.end + 6))
  );
}
function hotlineShaped(text: string, start: number, fig: MoneyFigure): boolean {
  return /^(?:12|9[56])[0-9]{3}$/.test(text.slice(start, fig.end));
}
const HOTLINE_CONTEXT = /(?:打|拨|拨打|致电|电话|热线|客服|投诉|举报)[^，,。！!？?；;]{0,3}$/;
const HOTLINE_AFTER = /^[\s]*(?:投诉|举报|热线|客服|电话|问|查|反映)/;

/**
 * 月底3000, 这礼拜五，2000整, 25号 圣诞那天 1500, 5000我周五前打过去: a bare figure right beside a
 * time mention (across a space or comma, 那天, or the speaker's 我) is the sum due then.
 */
function besideTime(
  text: string,
  start: number,
  end: number,
  times: readonly { start: number; end: number }[] | undefined,
): boolean {
  if (!times) return false;
  for (const t of times) {
    if (t.end <= start && GAP_AFTER_TIME.test(text.slice(t.end, start))) return true;
    if (t.start >= end && GAP_BEFORE_TIME.test(text.slice(end, t.start))) return true;
  }
  return false;
}
const GAP_AFTER_TIME = /^[\s，,、]*(?:那天|那一天|当天|的时候|那会儿?)?[\s，,、]*(?:我|俺|咱)?[\s]*$/;
const GAP_BEFORE_TIME = /^[\s，,、]*(?:我|俺|咱)?[\s]*$/;
