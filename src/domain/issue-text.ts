import type { z } from 'zod';

/** Validation problems in words: zod's issues in Chinese or English (pure: the use cases and the API share it). */

export type IssueLang = 'zh' | 'en';

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  date: '日期',
  null: '空值',
  undefined: '未填写',
};

const FORMAT_ZH: Record<string, string> = {
  datetime: '带时区的 ISO 时间（如 2026-12-01T10:00:00+08:00）',
  date: '日期（YYYY-MM-DD）',
  email: '电子邮箱',
  url: '网址',
  regex: '规定格式',
};

function sizeZh(origin: string, n: number | bigint): string {
  if (origin === 'string') return `${n} 个字符`;
  if (origin === 'array' || origin === 'set') return `${n} 项`;
  return String(n);
}

/** Chinese for zod's issue codes; English stays zod's own wording. */
function zhMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.path.length && issue.message.includes('received undefined')
        ? '必填项'
        : `类型错误：应为${TYPE_ZH[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return `${issue.origin === 'string' && issue.minimum === 1 ? '不能为空' : `不能少于 ${sizeZh(issue.origin, issue.minimum)}`}`;
    case 'too_big':
      return `不能超过 ${sizeZh(issue.origin, issue.maximum)}`;
    case 'invalid_format':
      return `格式错误：应为${FORMAT_ZH[issue.format] ?? issue.format}`;
    case 'not_multiple_of':
      return `应为 ${issue.divisor} 的整数倍`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return '不符合任何一种允许的格式';
    case 'invalid_key':
      return '键不合法';
    case 'invalid_element':
      return '元素不合法';
    case 'invalid_value':
      return `取值应为以下之一：${issue.values.map((v) => String(v)).join('、')}`;
    case 'custom':
      return issue.message;
  }
}

/**
 * One validation problem as the API reports it: the field's dotted path and a message in the chosen
 * language. A schema's own message (a refinement's explanation) is kept as written; zod's generic
 * messages are given in Chinese.
 */
export function localizeIssue(issue: z.core.$ZodIssue, lang: IssueLang): { path: string; message: string } {
  const path = issue.path.map(String).join('.');
  if (lang === 'en' || issue.code === 'custom') return { path, message: issue.message };
  return { path, message: zhMessage(issue) };
}
