/**
 * Chinese numerals → numbers, as collectors and debtors say them and as ASR writes them:
 * 一万二千三百, 两万三 (= 23000: a lone digit after 百/千/万 is the next order down), 2万3, 1.5万,
 * 一点五万, 壹贰叁 (大写), 零 insertion, 亿/万亿/万万, decimals, digit strings (一七二零), full-width
 * digits, 3k / 5w (ASR), and approximations (十几, 二十来, 一千多 → the stated figure, flagged).
 *
 * Hot path: one pass over the characters with a lookup table, no regex per call, no substrings.
 */

/** What a character contributes to a numeral. */
enum K {
  None = 0,
  Digit = 1, // 0-9 (Arabic or Chinese); value = digit
  Tens = 2, // 廿 卅 卌: a digit and 十 in one character
  Small = 3, // 十 百 千
  Big = 4, // 万 亿 兆
  Point = 5, // 点 點 (Chinese decimal point)
  Approx = 6, // 多 余 几 来: an unknown amount at this position
}

const KIND = new Map<number, [K, number, boolean]>(); // code → [kind, value, isArabic]
/** The same membership as a flat table: the hot loops test every character of every turn. */
const KIND_OF = new Uint8Array(0x10000);

function def(chars: string, kind: K, value: number, arabic = false): void {
  for (const ch of chars) {
    KIND.set(ch.codePointAt(0)!, [kind, value, arabic]);
    KIND_OF[ch.charCodeAt(0)] = kind;
  }
}
def('0０', K.Digit, 0, true);
for (let d = 1; d <= 9; d++) def(`${d}${String.fromCharCode(0xff10 + d)}`, K.Digit, d, true);
def('零〇○', K.Digit, 0);
def('一壹幺', K.Digit, 1);
def('二贰貳两兩俩倆', K.Digit, 2);
def('三叁參仨', K.Digit, 3);
def('四肆', K.Digit, 4);
def('五伍', K.Digit, 5);
def('六陆陸', K.Digit, 6);
def('七柒', K.Digit, 7);
def('八捌', K.Digit, 8);
def('九玖', K.Digit, 9);
def('廿', K.Tens, 20);
def('卅', K.Tens, 30);
def('卌', K.Tens, 40);
def('十拾', K.Small, 10);
def('百佰', K.Small, 100);
def('千仟', K.Small, 1000);
def('万萬', K.Big, 1e4);
def('亿億', K.Big, 1e8);
def('兆', K.Big, 1e12);
def('点點', K.Point, 0);
def('多余几幾来', K.Approx, 0);

/** 两/俩 never appear inside a digit-by-digit reading (一七二零), so "两两" is not 22. */
const NOT_IN_DIGIT_STRING = new Set(['两', '兩', '俩', '倆'].map((c) => c.codePointAt(0)!));
/** What makes digits right after a magnitude a date or a clock time: 月, 号, 日, 点, 时. */
const DATE_UNIT = new Set(['月', '号', '號', '日', '点', '點', '时', '時'].map((c) => c.charCodeAt(0)));
const ZERO_CODES = new Set(['零', '〇', '○'].map((c) => c.codePointAt(0)!));

export function numeralKind(code: number): K {
  return code < 0x10000 ? KIND_OF[code]! : K.None;
}

/** True for any character that can start or continue a numeral. */
export function isNumeralChar(code: number): boolean {
  return code < 0x10000 && KIND_OF[code] !== K.None;
}

export function isArabicDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 0xff10 && code <= 0xff19);
}

function arabicValue(code: number): number {
  return code <= 57 ? code - 48 : code - 0xff10;
}

export interface ScannedNumber {
  /** Index after the last character that belongs to the figure (approx suffix included). */
  end: number;
  /** End of the figure without a trailing approximation marker (四百多 → after 百). */
  coreEnd: number;
  value: number;
  /** 多/余/几/来/k-style roughness: the value is the stated figure, not an exact count. */
  approx: boolean;
  /** The figure carries a magnitude (十百千万亿, k, w), as opposed to bare digits. */
  hasUnit: boolean;
  /** Value of the last magnitude character (三十万 → 1e4, 4-5千 → 1000); 0 when none. */
  lastUnit: number;
  /** Largest magnitude read (三千零五十 → 1000); 0 when none. */
  maxUnit: number;
  /** Only Arabic digits (with separators/decimals), no Chinese numeral or magnitude. */
  arabicOnly: boolean;
  /** Count of Arabic digits in the integer part (phone and card numbers are long). */
  intDigits: number;
  /** A decimal point was read. */
  hasDecimal: boolean;
  /** Characters were read digit by digit (一七二零, 2026): no magnitude between digits. */
  digitString: boolean;
}

export interface ScanOptions {
  /** Accept 点 as a decimal point (off in running text: 三点 is a time). Default true. */
  chinesePoint?: boolean;
  /**
   * Allow spaces between numeral characters: true (一百 五 十 二, as in typed numbers), or
   * 'beforeUnit' (1 万, 177.1 亿 — but 三千 五号 stays 三千). Default false.
   */
  spaces?: boolean | 'beforeUnit';
  /** Read k/w/K/W after digits as thousand/ten-thousand (ASR: 5k, 1w). Default true. */
  latinSuffix?: boolean;
}

const DEFAULTS: Required<ScanOptions> = { chinesePoint: true, spaces: false, latinSuffix: true };

const SPACED: ScanOptions = { spaces: true };

/** Options objects are few and long-lived (callers pass constants): merge each once. */
const merged = new WeakMap<ScanOptions, Required<ScanOptions>>();
function resolved(options: ScanOptions): Required<ScanOptions> {
  let m = merged.get(options);
  if (!m) {
    m = { ...DEFAULTS, ...options };
    merged.set(options, m);
  }
  return m;
}

/** Mutable scratch reused across calls: the scanner is not re-entrant, nor needs to be. */
const stackValue: number[] = [];
const stackUnit: number[] = [];

function isSpace(code: number): boolean {
  return code === 32 || code === 0x3000 || code === 9;
}

function isLatinLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function roundSig(x: number): number {
  return Number.parseFloat(x.toPrecision(15));
}

/**
 * Read the longest numeral starting at `i`. Returns null when no figure starts there.
 * Trailing characters that cannot be part of a figure end it; a dangling 点 or unit-less 万 is
 * left out (三点 reads as 3 with end before 点).
 */
export function scanNumber(text: string, i: number, options?: ScanOptions): ScannedNumber | null {
  const opt = options ? resolved(options) : DEFAULTS;
  const n = text.length;
  let p = i;
  stackValue.length = 0;
  stackUnit.length = 0;
  let section = 0; // value of the current group below 万
  let pending: number | null = null; // digits read since the last magnitude
  let pendingLen = 0; // digit characters in the pending run
  let pendingChinese = false;
  let pendingZeroLed = false; // run began with 零: 一千零五 never elides
  let pendingFrac = false; // pending carries a decimal part
  let pendingStart = i; // where the pending run began
  let prevWasUnit = false; // the token just before `pending` was a magnitude
  let lastTokenUnit = false; // the last token read was a magnitude (or an approx marker)
  let digitsSeen = 0;
  let chineseDigits = 0;
  let unitsSeen = 0;
  let lastUnit = 0;
  let maxUnit = 0;
  let approx = false;
  let leadingApprox = false;
  let hasDecimal = false;
  let trailingFrac = 0; // decimal part read after a magnitude (两千万点五 → .5)
  let arabicOnly = true;
  let intDigits = 0;
  let end = i;
  let coreEnd = i;
  let latinMult = 1;

  /** Fold a lone digit after 百/千/万 into the next order down (两万三, 百二万). */
  const elide = (): number => {
    if (
      pending !== null &&
      prevWasUnit &&
      pendingLen === 1 &&
      !pendingZeroLed &&
      !pendingFrac &&
      lastUnit >= 100
    ) {
      return pending * (lastUnit / 10);
    }
    return pending ?? 0;
  };

  while (p < n) {
    let code = text.charCodeAt(p);
    if (opt.spaces && isSpace(code) && p > i) {
      let q = p;
      while (q < n && isSpace(text.charCodeAt(q))) q++;
      const next = q < n ? text.charCodeAt(q) : -1;
      const nk = KIND.get(next);
      // "1, 234" stays two numbers: a space may sit only before a Chinese numeral or unit.
      // An Arabic digit may follow a space only after a unit (7万 5千 4百).
      if (
        !nk ||
        (nk[2] && !(opt.spaces === true && lastTokenUnit)) ||
        (nk[0] === K.Point && !opt.chinesePoint)
      )
        break;
      if (nk[0] === K.Digit && !lastTokenUnit && pending !== null && !pendingChinese) break;
      if (opt.spaces === 'beforeUnit' && nk[0] !== K.Small && nk[0] !== K.Big) break;
      p = q;
      code = next;
    }
    if (isArabicDigit(code)) {
      const afterZero: boolean = pending !== null && pendingChinese && pendingZeroLed && pendingLen === 1;
      if (pending !== null && !lastTokenUnit && !afterZero) break;
      if (leadingApprox) break;
      let q = p;
      let v = 0;
      let len = 0;
      let group = 0;
      let sepSeen = false;
      while (q < n) {
        const c = text.charCodeAt(q);
        if (isArabicDigit(c)) {
          v = v * 10 + arabicValue(c);
          len++;
          group++;
          q++;
          continue;
        }
        if ((c === 44 || c === 0xff0c) && (sepSeen ? group === 3 : group >= 1 && group <= 3)) {
          // 12,345 or 82，225: a separator must be followed by exactly three digits.
          let k = 0;
          while (k < 4 && q + 1 + k < n && isArabicDigit(text.charCodeAt(q + 1 + k))) k++;
          if (k !== 3) break;
          if (c === 0xff0c) {
            // "，" is usually clause punctuation ($20，300美圆); as a separator it needs more of
            // the number after the group (82，225.00 or 233,333，333,434).
            const follow = q + 4 < n ? text.charCodeAt(q + 4) : -1;
            const fullWidth = text.charCodeAt(q - 1) >= 0xff10;
            if (!fullWidth && follow !== 46 && follow !== 44 && follow !== 0xff0c && follow !== 0xff0e) break;
          }
          sepSeen = true;
          group = 0;
          q++;
          continue;
        }
        break;
      }
      if (sepSeen && group !== 3) break;
      // 三千12号, 两千15号, 五百20号之前: digits after a magnitude that a day, month or hour follows are
      // a date, not the figure's lower orders (两万3 and 1万2000 still are)
      if (lastTokenUnit && unitsSeen > 0 && q < n && DATE_UNIT.has(text.charCodeAt(q))) break;
      let fracInt = 0;
      let fracDigits = 0;
      if (q + 1 < n) {
        const c = text.charCodeAt(q);
        if ((c === 46 || c === 0xff0e) && isArabicDigit(text.charCodeAt(q + 1))) {
          let r = q + 1;
          while (r < n && isArabicDigit(text.charCodeAt(r))) {
            fracInt = fracInt * 10 + arabicValue(text.charCodeAt(r));
            fracDigits++;
            r++;
          }
          // 2019.04.19 is a date, not 2019.04: a second dot after the decimals ends the figure.
          const after = r < n ? text.charCodeAt(r) : -1;
          if ((after === 46 || after === 0xff0e) && r + 1 < n && isArabicDigit(text.charCodeAt(r + 1))) {
            fracInt = 0;
            fracDigits = 0;
          } else q = r;
        }
      }
      prevWasUnit = lastTokenUnit;
      pendingStart = p;
      pending = fracDigits > 0 ? v + fracInt / 10 ** fracDigits : v;
      pendingLen = len;
      pendingChinese = false;
      pendingZeroLed = afterZero;
      pendingFrac = fracDigits > 0;
      if (pendingFrac) hasDecimal = true;
      if (unitsSeen === 0 && digitsSeen === 0) intDigits = len;
      digitsSeen += len;
      lastTokenUnit = false;
      p = q;
      end = coreEnd = p;
      continue;
    }
    const kind = KIND.get(code);
    if (!kind) {
      if (opt.latinSuffix && digitsSeen > 0 && !leadingApprox && !lastTokenUnit) {
        const lower = code | 32;
        const next = p + 1 < n ? text.charCodeAt(p + 1) : -1;
        if ((lower === 107 || lower === 119) && !isLatinLetter(next)) {
          latinMult = lower === 107 ? 1e3 : 1e4;
          unitsSeen++;
          p++;
          end = coreEnd = p;
        }
      }
      break;
    }
    const k = kind[0];
    const v = kind[1];
    if (k === K.Digit) {
      if (leadingApprox) break;
      if (pending !== null && !lastTokenUnit) {
        // Another digit right after one: a digit-by-digit reading (一七二零), or 零 as a place holder.
        if (!pendingChinese || pendingFrac || approx) break;
        if (NOT_IN_DIGIT_STRING.has(code) || NOT_IN_DIGIT_STRING.has(text.charCodeAt(p - 1))) break;
        if (pendingZeroLed && pendingLen === 1 && unitsSeen > 0) {
          pending = v; // 一千零五: the run is just 五
        } else {
          pending = pending * 10 + v;
          pendingLen++;
        }
      } else {
        prevWasUnit = lastTokenUnit;
        pendingStart = p;
        pending = v;
        pendingLen = 1;
        pendingChinese = true;
        pendingZeroLed = ZERO_CODES.has(code);
        pendingFrac = false;
      }
      arabicOnly = false;
      digitsSeen++;
      chineseDigits++;
      lastTokenUnit = false;
      p++;
      end = coreEnd = p;
      continue;
    }
    if (k === K.Tens) {
      if (pending !== null && !lastTokenUnit && !pendingZeroLed) break;
      section += v;
      pending = null;
      arabicOnly = false;
      digitsSeen++;
      unitsSeen++;
      lastUnit = 10;
      maxUnit = Math.max(maxUnit, 10);
      lastTokenUnit = true;
      p++;
      end = coreEnd = p;
      continue;
    }
    if (k === K.Small) {
      // 一二百 is not one figure (the amount parser reads such ranges itself).
      if (pending !== null && pendingLen > 1 && !pendingZeroLed) break;
      if (pending === null && lastTokenUnit && lastUnit <= v && !approx) break; // 百千
      if (pendingFrac && pendingChinese === false && v === 10) break; // 1.5十 is not a figure
      const mult = pending === null || (pendingZeroLed && pending === 0) ? (approx ? 0 : 1) : pending;
      if (pending === null && v === 10 && !approx) digitsSeen++; // 十 alone is ten
      section += mult * v;
      pending = null;
      pendingFrac = false;
      arabicOnly = false;
      unitsSeen++;
      lastUnit = v;
      maxUnit = Math.max(maxUnit, v);
      lastTokenUnit = true;
      p++;
      end = coreEnd = p;
      continue;
    }
    if (k === K.Big) {
      if (pending !== null && pendingLen > 1 && pendingChinese && !pendingZeroLed) break;
      // 百二萬 = 120万: elide only a digit that follows a smaller magnitude, not 亿四万.
      const fresh = section + (lastUnit < v ? elide() : (pending ?? 0));
      let value = fresh;
      let maxUnit = 0;
      // 万万 = 亿, 一十亿零一十一亿 = (10亿+11)亿: a repeated or larger unit scales what came before.
      while (stackUnit.length > 0 && stackUnit[stackUnit.length - 1]! <= v) {
        value += stackValue.pop()!;
        maxUnit = Math.max(maxUnit, stackUnit.pop()!);
      }
      if (value === 0) {
        if (digitsSeen > 0 || approx) break; // 零万
        value = 1; // 萬九 = 19000
      }
      const unit = fresh === 0 || maxUnit >= v ? v * Math.max(maxUnit, 1) : v;
      stackValue.push(value * v);
      stackUnit.push(unit);
      section = 0;
      pending = null;
      pendingFrac = false;
      arabicOnly = false;
      unitsSeen++;
      lastUnit = v;
      maxUnit = Math.max(maxUnit, v);
      lastTokenUnit = true;
      p++;
      if (digitsSeen > 0) end = coreEnd = p;
      continue;
    }
    if (k === K.Point) {
      if (!opt.chinesePoint || pendingFrac || hasDecimal || leadingApprox || approx) break;
      // 点 then at least one digit; otherwise the 点 is not ours (三点 = three o'clock).
      let q = p + 1;
      if (opt.spaces === true) while (q < n && isSpace(text.charCodeAt(q))) q++;
      let fracInt = 0;
      let fd = 0;
      while (q < n) {
        const c = text.charCodeAt(q);
        const kk = KIND.get(c);
        if (!kk || kk[0] !== K.Digit || NOT_IN_DIGIT_STRING.has(c)) break;
        fracInt = fracInt * 10 + kk[1];
        fd++;
        q++;
      }
      if (fd === 0) break;
      const frac = fracInt / 10 ** fd;
      hasDecimal = true;
      arabicOnly = false;
      const next = q < n ? KIND.get(text.charCodeAt(q)) : undefined;
      // 一点五万 scales by the unit; 三点五十 is a clock time, so 十/百 never take a decimal.
      const scales = next !== undefined && (next[0] === K.Big || (next[0] === K.Small && next[1] >= 1000));
      p = q;
      end = coreEnd = p;
      if (digitsSeen === 0) digitsSeen = 1;
      if (scales && !lastTokenUnit) {
        // 一点五万: the decimal belongs to the figure the unit multiplies.
        pending = (pending ?? 0) + frac;
        pendingFrac = true;
        pendingLen = 1;
        lastTokenUnit = false;
        continue;
      }
      // 两千三点一 / 两千万点五五: finish the integer, then add the decimal part.
      trailingFrac = frac;
      break;
    }
    if (k === K.Approx) {
      // 十几万, 一千多, 五百余万, 二十来, 3000多; 几千 (no figure stated) is leadingApprox.
      if (approx || leadingApprox) break;
      if (digitsSeen === 0) {
        if (code !== 0x51e0 && code !== 0x5e7e) break; // only 几/幾 may lead
        leadingApprox = true;
      } else if (!lastTokenUnit) {
        if (pending === null) break;
        // 五多 is not a figure; 3000多 and 一百零几万 are.
        if (pendingChinese && !pendingZeroLed) break;
      }
      approx = true;
      if (pendingZeroLed && pending === 0) pending = null;
      if (pending !== null) {
        // 3000多: the figure is complete; the marker only says "a bit more".
        section += pending;
        pending = null;
      }
      lastTokenUnit = true; // a following unit multiplies what came before
      p++;
      end = p; // coreEnd stays before the marker unless a unit follows
      continue;
    }
    break;
  }

  if (digitsSeen === 0 && !leadingApprox) return null;
  if (leadingApprox && unitsSeen === 0) return null;
  if (end === i) return null;

  // 两千一月五号: a lone digit that opens a date (一月, 五号) is not elided into the figure.
  if (
    pending !== null &&
    prevWasUnit &&
    pendingLen === 1 &&
    lastUnit >= 100 &&
    /[月号號日点點时時天年个個周]/.test(text[end] ?? '')
  ) {
    pending = null;
    end = pendingStart;
    coreEnd = Math.min(coreEnd, end);
  }
  let total = section + elide();
  for (const v of stackValue) total += v;
  total += trailingFrac;
  total *= latinMult;

  return {
    end,
    coreEnd: coreEnd > i ? coreEnd : end,
    value: leadingApprox ? Number.NaN : Number.isInteger(total) ? total : roundSig(total),
    approx: approx || leadingApprox,
    hasUnit: unitsSeen > 0,
    lastUnit: latinMult > 1 ? latinMult : lastUnit,
    maxUnit: Math.max(maxUnit, lastUnit, latinMult > 1 ? latinMult : 0),
    arabicOnly: arabicOnly && latinMult === 1,
    intDigits,
    hasDecimal,
    digitString: unitsSeen === 0 && chineseDigits > 1 && !hasDecimal,
  };
}

/**
 * Parse a whole string as one figure (surrounding spaces and a leading 负/- allowed).
 * Returns null when any character is left over, or for a figure with no stated number (几千).
 */
export function parseCnNumber(s: string): number | null {
  let i = 0;
  let j = s.length;
  while (i < j && isSpace(s.charCodeAt(i))) i++;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  let sign = 1;
  const c0 = s.charCodeAt(i);
  if (c0 === 0x8d1f || c0 === 0x8ca0 || c0 === 45 || c0 === 0xff0d) {
    sign = -1;
    i++;
    while (i < j && isSpace(s.charCodeAt(i))) i++;
  }
  if (i >= j) return null;
  // 点一 / .77: a bare decimal part (cn2an normal mode, Duckling).
  const lead = s.charCodeAt(i);
  if (lead === 46 || lead === 0xff0e) {
    const r = parseCnNumber(`0${s.slice(i, j)}`);
    return r === null ? null : sign * r;
  }
  if (KIND.get(lead)?.[0] === K.Point) {
    const r = scanNumber(`零${s.slice(i, j)}`, 0, SPACED);
    return r && r.end === j - i + 1 && !Number.isNaN(r.value) ? sign * r.value : null;
  }
  const r = scanNumber(s.slice(0, j), i, SPACED);
  if (!r || Number.isNaN(r.value)) return null;
  let end = r.end;
  // 零点 = 0 (cn2an normal mode): a dangling 点 after a figure is tolerated at the very end.
  if (end === j - 1 && KIND.get(s.charCodeAt(end))?.[0] === K.Point) end++;
  if (end !== j) return null;
  return sign * r.value || 0;
}

export interface NumberMention {
  start: number;
  end: number;
  text: string;
  value: number;
  approx: boolean;
}

/** Words in which a lone 一 is not a count (一切, 一看, 一起 …). */
const YI_WORDS = new Set([...'切看样起定直共些般下旦向再会同致律半边面时方口气']);

function isCjk(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/**
 * Every figure in running text, left to right (for general use and the Recognizers number
 * suite). Lone 大写 characters inside words (陆地, 退伍, 收拾) and 一 in set phrases are skipped.
 */
export function findNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const kind = numeralKind(code);
    // .5 / .23456: a leading decimal point.
    const leadingDot =
      (code === 46 || code === 0xff0e) &&
      i + 1 < n &&
      isArabicDigit(text.charCodeAt(i + 1)) &&
      !(i > 0 && isArabicDigit(text.charCodeAt(i - 1)));
    if (!leadingDot && (kind === K.None || kind === K.Point || kind === K.Approx)) {
      i++;
      continue;
    }
    let start = i;
    let sign = 1;
    const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
    const prev2 = i > 1 ? text.charCodeAt(i - 2) : -1;
    const isMinus = (c: number) => c === 0x8d1f || c === 0x8ca0 || c === 45 || c === 0xff0d;
    if (isMinus(prev) && !isMinus(prev2)) {
      sign = -1;
      start = i - 1;
    }
    if (leadingDot) {
      const r = scanNumber(`0${text.slice(i, i + 40)}`, 0);
      if (r) {
        const end = i + r.end - 1;
        out.push({ start, end, text: text.slice(start, end), value: sign * r.value, approx: false });
        i = end;
      } else i++;
      continue;
    }
    const r = scanNumber(text, i, SPACED);
    if (!r || Number.isNaN(r.value)) {
      i++;
      continue;
    }
    // 四百多 → the figure is 四百; 一千多万 keeps its marker (a unit followed it).
    const end = r.coreEnd;
    const len = end - i;
    if (len === 1 && !isArabicDigit(code)) {
      const before = i > 0 ? text.charCodeAt(i - 1) : -1;
      const after = end < n ? text.charCodeAt(end) : -1;
      const daxie = '壹贰貳叁參肆伍陆陸柒捌玖拾佰仟'.includes(text[i]!);
      if (daxie && ((isCjk(before) && !KIND.has(before)) || (isCjk(after) && !KIND.has(after)))) {
        i++;
        continue;
      }
      if ((code === 0x4e00 || code === 0x58f9) && YI_WORDS.has(text[end] ?? '')) {
        i++;
        continue;
      }
      if (text[i] === '四' && after === 0x5ddd) {
        i++;
        continue; // 四川
      }
      if (numeralKind(code) === K.Big) {
        i++;
        continue;
      }
    }
    out.push({ start, end, text: text.slice(start, end), value: sign * r.value, approx: r.approx });
    i = end;
  }
  return out;
}
