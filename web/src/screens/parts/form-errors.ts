import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/**
 * Puts the server's field errors (400 issues) next to the fields they name. `fields` maps an API path
 * to the form's field name where they differ (`amountFen` → `amount`). Returns the issues no field
 * took, to show above the form.
 */
export function applyIssues(
  form: FormInstance,
  err: unknown,
  fields: Record<string, string> = {},
): { path: string; message: string }[] {
  if (!(err instanceof ApiError)) return [];
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const leftover: { path: string; message: string }[] = [];
  const byField = new Map<string, string[]>();
  for (const issue of err.issues) {
    const top = issue.path.split('.')[0] ?? '';
    const name = fields[issue.path] ?? fields[top] ?? top;
    if (known.has(name) || Object.values(fields).includes(name)) {
      byField.set(name, [...(byField.get(name) ?? []), issue.message]);
    } else leftover.push(issue);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return leftover;
}
