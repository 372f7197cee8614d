import { isSeparator } from './normalize';

/**
 * Character n-gram features of a normalised turn. Punctuation and spaces are skipped (ASR text
 * has none, typed text has plenty: both must look alike); ASCII digit runs collapse to one "0"
 * so "还3000" and "还500" share features. Each n-gram remembers its span for evidence.
 */

export interface Compact {
  chars: string;
  /** index in the normalised text of each compact character */
  pos: number[];
  /** end index (exclusive) in the normalised text of each compact character */
  endPos: number[];
}

export function compact(norm: string): Compact {
  let chars = '';
  const pos: number[] = [];
  const endPos: number[] = [];
  let i = 0;
  while (i < norm.length) {
    const c = norm.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const start = i;
      while (i < norm.length && ((norm.charCodeAt(i) >= 48 && norm.charCodeAt(i) <= 57) || norm[i] === '.'))
        i++;
      chars += '0';
      pos.push(start);
      endPos.push(i);
      continue;
    }
    if (!isSeparator(c)) {
      chars += norm[i];
      pos.push(i);
      endPos.push(i + 1);
    }
    i++;
  }
  return { chars, pos, endPos };
}

export const MAX_N = 3;

/** Calls `visit(key, startIdx, endIdx)` for every 1..MAX_N-gram of the compact text (indices into compact). */
export function forEachNgram(c: Compact, visit: (key: string, from: number, to: number) => void): void {
  const s = c.chars;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    visit(s[i]!, i, i + 1);
    if (i + 2 <= n) visit(s.slice(i, i + 2), i, i + 2);
    if (i + 3 <= n) visit(s.slice(i, i + 3), i, i + 3);
  }
  // Sentence-boundary markers: how a turn starts and ends is informative (question tails, 吧/呢).
  if (n > 0) {
    visit(`^${s.slice(0, 2)}`, 0, Math.min(2, n));
    visit(`${s.slice(-2)}$`, Math.max(0, n - 2), n);
  }
}

export function ngramKeys(c: Compact): string[] {
  const keys: string[] = [];
  forEachNgram(c, (k) => {
    keys.push(k);
  });
  return keys;
}
