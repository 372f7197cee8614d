import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import { localizeIssue } from '../domain/issue-text';

/**
 * The use cases' coded errors. Codes are stable (clients branch on them); messages are safe to show:
 * they name entities by id and never carry personal data.
 */

export function notFound(entity: string, id: string): DomainError {
  const zh: Record<string, string> = {
    case: '案件',
    debtor: '债务人',
    contact: '联系人',
    user: '用户',
    team: '小组',
    client: '委托方',
    agency: '机构',
    placement: '委案批次',
    promise: '承诺',
    proposal: '待确认承诺',
    plan: '还款方案',
    hold: '挂起记录',
    payment: '还款',
  };
  return new DomainError(
    `${entity}.not_found`,
    {
      en: `No ${entity} with id ${id} in this agency`,
      zh: `本机构没有编号为 ${id} 的${zh[entity] ?? entity}`,
    },
    { entity, id },
  );
}

export function forbidden(action: string, why: { en: string; zh: string }): DomainError {
  return new DomainError(
    'auth.forbidden',
    { en: `Not allowed to ${action}: ${why.en}`, zh: `无权操作：${why.zh}` },
    { action },
  );
}

export function invalidState(
  code: string,
  message: { en: string; zh: string },
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(code, message, details);
}

/** `proposal.decided` (HTTP 409): the collector already confirmed or dismissed this heard promise. */
export function proposalDecided(id: string, status: 'confirmed' | 'dismissed' | 'proposed'): DomainError {
  const zh = { confirmed: '已确认', dismissed: '已忽略', proposed: '待确认' }[status];
  return new DomainError(
    'proposal.decided',
    { en: `Proposal ${id} was already ${status}`, zh: `该待确认承诺已处理（${zh}）` },
    { status },
  );
}

/** Validates a use case's input; a bad input is a coded error listing each problem with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  // Each problem in both languages: zod's generic wording in Chinese too, a refinement's own text as written.
  const issues = r.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: localizeIssue(i, 'en').message,
    messageZh: localizeIssue(i, 'zh').message,
  }));
  const list = (zh: boolean) =>
    issues.map((i) => `${i.path || '(input)'}: ${zh ? i.messageZh : i.message}`).join('; ');
  throw new DomainError(
    'input.invalid',
    { en: `Invalid input: ${list(false)}`, zh: `输入有误：${list(true)}` },
    { issues },
  );
}
