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
