import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import { type Lang, localizeIssue } from './i18n';

/**
 * Bad input as one coded error: every problem with its field path, the message in both languages
 * (the response picks one), the issues already in the request's language.
 */
export function invalidInput(issues: readonly z.core.$ZodIssue[], lang: Lang, target: string): DomainError {
  const list = (l: Lang) =>
    issues
      .map((i) => localizeIssue(i, l))
      .map((i) => `${i.path || '(body)'}: ${i.message}`)
      .join('; ');
  return new DomainError(
    'input.invalid',
    { zh: `请求数据有误：${list('zh')}`, en: `Invalid request: ${list('en')}` },
    { issues: issues.map((i) => localizeIssue(i, lang)), target },
  );
}

/** What a field holding NUL is told (PostgreSQL text cannot hold the character). */
export const NUL_MESSAGE = {
  en: 'must not contain the NUL character (\\u0000)',
  zh: '不能包含空字符（\\u0000）',
} as const;

/** The issue for a field holding NUL, in both languages (as the HTTP API reports it). */
export function nulIssue(path: (string | number)[]): z.core.$ZodIssue {
  return { code: 'custom', path, message: `${NUL_MESSAGE.en} / ${NUL_MESSAGE.zh}` };
}

/** The first string (or object key) holding NUL in a parsed body, walked without recursion. */
export function nulInValue(root: unknown): (string | number)[] | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { v, path } = item;
    if (typeof v === 'string') {
      if (v.includes('\0')) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (typeof v === 'object' && v !== null && !(v instanceof Blob)) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\0')) return [...path, k];
        stack.push({ v: x, path: [...path, k] });
      }
    }
  }
  return null;
}
