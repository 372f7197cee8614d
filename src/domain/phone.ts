/**
 * Mainland China phone numbers as bank files write them: "+86 138-1234-5678", "0086 13812345678",
 * full-width digits from an IME, "(010) 6552-1234". Normalised to bare digits: 11 for a mobile
 * (1[3-9]…, the MIIT numbering plan's mobile ranges), 0 + area code + local number for a fixed line.
 */

export type PhoneKind = 'mobile' | 'fixed';

export type PhoneProblem = 'empty' | 'characters' | 'length' | 'prefix' | 'not_mobile' | 'foreign';

export type PhoneResult = { ok: true; value: string; kind: PhoneKind } | { ok: false; problem: PhoneProblem };

const MOBILE = /^1[3-9]\d{9}$/;
// Area codes are 010, 02x or three digits after the 0; local numbers 7 or 8 digits.
const FIXED = /^0(?:10|2\d|[3-9]\d\d)\d{7,8}$/;

function clean(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\uFF0B/g, '+')
    .replace(/^'/, '')
    .replace(/[\s\-\u2010-\u2015\u2212().\uFF08\uFF09\uFF0D]/g, '');
}

function stripCountryCode(s: string): string {
  if (s.startsWith('+86')) return s.slice(3);
  if (s.startsWith('0086')) return s.slice(4);
  if (/^861[3-9]\d{9}$/.test(s)) return s.slice(2);
  return s;
}

/** `accept: 'mobile'` for the debtor's own 手机号; `'any'` also takes fixed lines (contacts, work). */
export function parsePhone(raw: string, accept: 'mobile' | 'any' = 'mobile'): PhoneResult {
  const cleaned = clean(raw);
  if (cleaned === '') return { ok: false, problem: 'empty' };
  const s = stripCountryCode(cleaned);
  if (/^(?:\+|00)[1-9]/.test(s)) return { ok: false, problem: 'foreign' };
  if (!/^\d+$/.test(s)) return { ok: false, problem: 'characters' };
  if (MOBILE.test(s)) return { ok: true, value: s, kind: 'mobile' };
  if (FIXED.test(s)) {
    return accept === 'any' ? { ok: true, value: s, kind: 'fixed' } : { ok: false, problem: 'not_mobile' };
  }
  if (s.length === 11 && s.startsWith('1')) return { ok: false, problem: 'prefix' };
  if (s.startsWith('0')) return { ok: false, problem: accept === 'any' ? 'length' : 'not_mobile' };
  return { ok: false, problem: s.length === 11 ? 'prefix' : 'length' };
}

export const PHONE_PROBLEMS: Record<PhoneProblem, { zh: string; en: string }> = {
  empty: { zh: '电话号码为空', en: 'the phone number is empty' },
  characters: {
    zh: '电话号码含有数字以外的字符',
    en: 'the phone number contains characters other than digits',
  },
  length: { zh: '电话号码位数不对', en: 'the phone number has the wrong number of digits' },
  prefix: {
    zh: '手机号应以13–19开头',
    en: 'a mobile number starts with 13 to 19',
  },
  foreign: {
    zh: '不是中国大陆号码（国家代码不是+86）',
    en: 'not a mainland China number (country code other than +86)',
  },
  not_mobile: {
    zh: '这里需要11位手机号，不是座机号',
    en: 'an 11-digit mobile number is required here, not a fixed line',
  },
};
