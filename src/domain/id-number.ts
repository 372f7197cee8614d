import { daysInMonth } from './calendar';

/**
 * Resident identity card numbers (居民身份证号码), GB 11643—1999: six digits of region, eight of
 * birth date (YYYYMMDD), three of sequence (odd = male) and a check character computed with
 * ISO 7064 MOD 11-2 over the first seventeen, where 10 is written X.
 */

export interface IdNumberInfo {
  /** 18 characters, check character upper-case */
  value: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
}

export type IdNumberProblem =
  | 'empty'
  | 'legacy_15'
  | 'length'
  | 'characters'
  | 'region'
  | 'birth_date'
  | 'check_digit';

export type IdNumberResult = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * Province-level codes of GB/T 2260 plus 71 (Taiwan), 81/82 (Hong Kong, Macao) and 83 (residence
 * permits for Taiwan residents, which use the same layout).
 */
const REGIONS = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

/** The check character for the first seventeen digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Full-width digits and Ｘ as typed by Chinese IMEs; Excel's leading apostrophe; stray spaces. */
function clean(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/^'/, '')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * Validates and normalises an ID number. `today` (YYYY-MM-DD) bounds the birth date; births
 * before 1900 are refused as typing errors. The 15-digit cards of before 1999 expired long ago
 * and carry no check digit, so they are refused with their own reason instead of being widened.
 */
export function parseIdNumber(raw: string, today?: string): IdNumberResult {
  const s = clean(raw);
  if (s === '') return { ok: false, problem: 'empty' };
  if (/^\d{15}$/.test(s)) return { ok: false, problem: 'legacy_15' };
  if (s.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'characters' };
  if (!REGIONS.has(Number(s.slice(0, 2)))) return { ok: false, problem: 'region' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birthDate = s.slice(6, 10) + '-' + s.slice(10, 12) + '-' + s.slice(12, 14);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || (today && birthDate > today))
    return { ok: false, problem: 'birth_date' };
  if (idCheckCharacter(s) !== s[17]) return { ok: false, problem: 'check_digit' };
  return {
    ok: true,
    info: { value: s, birthDate, sex: Number(s[16]) % 2 === 1 ? 'male' : 'female' },
  };
}

export const ID_NUMBER_PROBLEMS: Record<IdNumberProblem, { zh: string; en: string }> = {
  empty: { zh: '身份证号为空', en: 'the ID number is empty' },
  legacy_15: {
    zh: '15位旧版身份证号已停用，请提供18位号码',
    en: 'a 15-digit legacy ID number; the 18-digit number is required',
  },
  length: { zh: '身份证号应为18位', en: 'an ID number has 18 characters' },
  characters: {
    zh: '身份证号只能是17位数字加1位数字或X',
    en: 'an ID number is 17 digits followed by a digit or X',
  },
  region: {
    zh: '身份证号前两位不是有效的省级行政区代码',
    en: 'the first two digits are not a province code',
  },
  birth_date: {
    zh: '身份证号中的出生日期无效',
    en: 'the birth date inside the ID number is not a valid date',
  },
  check_digit: {
    zh: '身份证号校验位错误（可能抄错了某一位）',
    en: 'the check character does not match (a digit is probably mistyped)',
  },
};
