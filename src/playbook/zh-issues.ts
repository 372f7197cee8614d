import { z } from 'zod';

/**
 * Chinese wording for schema problems. Team leads edit the playbook; they read these messages,
 * so they say what to fix in their terms ("缺少必填项", "未知的字段") rather than zod's.
 */

const TYPE_NAMES_ZH: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  array: '列表',
  object: '对象（键: 值）',
  record: '对象（键: 值）',
};

function describeValue(v: unknown): string {
  if (v === null) return '空值';
  if (Array.isArray(v)) return '列表';
  switch (typeof v) {
    case 'string':
      return `文字“${v.length > 30 ? `${v.slice(0, 30)}…` : v}”`;
    case 'number':
      return `数字 ${v}`;
    case 'boolean':
      return `布尔值 ${v}`;
    case 'object':
      return '对象';
    default:
      return typeof v;
  }
}

const fallback = z.locales.zhCN().localeError;

export const zhErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '缺少必填项';
      return `应为${TYPE_NAMES_ZH[iss.expected] ?? iss.expected}，实际是${describeValue(iss.input)}`;
    case 'invalid_value': {
      const allowed = iss.values.map((x) => String(x)).join('、');
      return `${describeValue(iss.input)}不是允许的取值；可选：${allowed}`;
    }
    case 'unrecognized_keys':
      return `未知的字段：${iss.keys.join('、')}`;
    case 'too_small':
      if (iss.origin === 'array') return `至少需要 ${String(iss.minimum)} 项`;
      if (iss.origin === 'string') return '不能为空';
      return `不得小于 ${String(iss.minimum)}`;
    case 'too_big':
      if (iss.origin === 'array') return `最多 ${String(iss.maximum)} 项`;
      return `不得大于 ${String(iss.maximum)}`;
    default:
      return fallback(iss);
  }
};
