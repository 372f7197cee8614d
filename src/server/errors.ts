import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, isDomainError } from '../domain/errors';
import { PG_CHECK_VIOLATION, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, sqlState } from '../store/db';
import type { ErrorBody } from './api-schemas';
import { type Lang, t } from './i18n';

/**
 * DomainError codes → HTTP statuses, in one table. A code not listed falls to its family's rule
 * (`*.not_found` → 404) and then to 422: the request was understood but the business rules refuse it.
 */
const STATUS_BY_CODE: Readonly<Record<string, ContentfulStatusCode>> = {
  'input.invalid': 400,
  'request.malformed': 400,
  'transcript.invalid': 400,
  'auth.unauthenticated': 401,
  'auth.bad_credentials': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'auth.origin': 403,
  'auth.wrong_password': 403,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'auth.locked': 429,
  'auth.rate_limited': 429,
  'server.shutting_down': 503,
  'request.timeout': 503,
  // The contact guard said no: the contact conflicts with the rules as they stand now.
  'contact.blocked': 409,
  'payment.reference_conflict': 409,
  'payment.reversed': 409,
  'payment.already_reversed': 409,
  'plan.already_live': 409,
  'plan.not_proposed': 409,
  'plan.not_approved': 409,
  'proposal.decided': 409,
  'call.attempt_recorded': 409,
  'case.not_open': 409,
  'hold.closed': 409,
  'hold.wrong_kind': 409,
  'hold.already_stopped': 409,
  'assignment.already_assigned': 409,
  'assignment.not_assigned': 409,
  'assignment.same_collector': 409,
  'escalation.closed': 409,
  'practice.finished': 409,
  'practice.ended': 409,
  'finding.answered': 409,
  'escalation.already_open': 409,
  'db.conflict': 409,
  'user.login_taken': 409,
};

export function statusOf(code: string): ContentfulStatusCode {
  const exact = STATUS_BY_CODE[code];
  if (exact !== undefined) return exact;
  if (code.endsWith('.not_found')) return 404;
  return 422;
}

/** The one table, for docs/api.md and the tests. */
export function statusTable(): Readonly<Record<string, ContentfulStatusCode>> {
  return STATUS_BY_CODE;
}

/** A coded error raised by the server itself (authentication, transport), with both languages. */
export function httpError(
  code: string,
  message: { zh: string; en: string },
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(code, message, details);
}

export const UNAUTHENTICATED = () =>
  httpError('auth.unauthenticated', { zh: '请先登录', en: 'Sign in first' });

export const FORBIDDEN = () =>
  httpError('auth.forbidden', { zh: '您的角色无权执行此操作', en: 'Your role may not do this' });

/** Database errors the caller can act on, as coded errors; anything else stays unknown (500). */
export function fromDatabase(e: unknown): DomainError | null {
  switch (sqlState(e)) {
    case PG_UNIQUE_VIOLATION:
      return httpError('db.conflict', {
        zh: '记录已存在（与已有数据冲突）',
        en: 'That record already exists (it conflicts with existing data)',
      });
    case PG_FOREIGN_KEY_VIOLATION:
      return httpError('db.reference', {
        zh: '引用的记录不存在',
        en: 'A referenced record does not exist',
      });
    case PG_CHECK_VIOLATION:
      return httpError('db.check', { zh: '数据不符合约束', en: 'The data breaks a rule of the store' });
    default:
      return null;
  }
}

export function errorBodyOf(
  e: DomainError,
  lang: Lang,
  requestId: string,
  issues?: { path: string; message: string }[],
): ErrorBody {
  const details = e.details && Object.keys(e.details).length ? { ...e.details } : undefined;
  // Validation issues are given at the top level, already in the request's language.
  if (issues && details && 'issues' in details) delete details.issues;
  return {
    error: {
      code: e.code,
      message: e.localized(lang),
      requestId,
      ...(issues?.length ? { issues } : {}),
      ...(details && Object.keys(details).length ? { details } : {}),
    },
  };
}

export function internalErrorBody(lang: Lang, requestId: string): ErrorBody {
  return {
    error: {
      code: 'internal',
      message: t(lang, {
        zh: `服务器内部错误。请把请求编号 ${requestId} 告知管理员。`,
        en: `Internal server error. Quote request id ${requestId} to your administrator.`,
      }),
      requestId,
    },
  };
}

export { DomainError, isDomainError };
