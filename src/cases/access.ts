import { forbidden, invalidState, notFound } from './errors';
import type {
  Actor,
  CaseRecord,
  CaseRepo,
  CaseStatus,
  OrgRepo,
  PlanState,
  PromiseStatus,
  Role,
  UserRecord,
} from './ports';

const RANK: Record<Role, number> = { collector: 1, trainer: 1, qa: 2, lead: 3, manager: 4, admin: 5 };

/** Whether a role carries at least the authority of `min` (collector < lead < manager < admin). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** The acting user, read from the store (never trusted from the caller), active and in the agency. */
export async function requireUser(
  org: Pick<OrgRepo, 'getUser'>,
  actor: Actor,
  minRole?: Role,
): Promise<UserRecord> {
  if (actor.userId === null)
    throw forbidden('act', { en: 'a signed-in user is required', zh: '需要登录用户操作' });
  const user = await org.getUser(actor.agencyId, actor.userId);
  if (!user?.active) throw notFound('user', actor.userId);
  if (minRole && !roleAtLeast(user.role, minRole))
    throw forbidden('act', {
      en: `the ${minRole} role or higher is required (you are ${user.role})`,
      zh: `需要${ROLE_ZH[minRole]}或更高权限（当前为${ROLE_ZH[user.role]}）`,
    });
  return user;
}

export const ROLE_ZH: Record<Role, string> = {
  collector: '催收员',
  lead: '主管',
  manager: '经理',
  qa: '质检',
  trainer: '培训',
  admin: '管理员',
};

/**
 * A case the user may work: collectors only their own cases; QA and trainers read only; leads
 * their team's; managers and admins any case of the agency. Outside that scope the case is "not
 * found" (`case.not_found`, 404), the same answer as for an id that does not exist: a case named in a
 * request body (a live call, an assignment, a QA upload) must not confirm that another team's case
 * exists, as the path-scoped routes already do not (docs/security.md).
 */
export function assertCaseAccess(user: UserRecord, c: CaseRecord): void {
  if (!canWorkCase(user, c)) throw notFound('case', c.id);
}

export function canWorkCase(user: UserRecord, c: Pick<CaseRecord, 'teamId' | 'assigneeId'>): boolean {
  if (roleAtLeast(user.role, 'manager')) return true;
  if (user.role === 'lead' && user.teamId !== null && c.teamId === user.teamId) return true;
  return c.assigneeId === user.id;
}

/** Loads a case, locking it for the rest of the transaction when it will be changed. */
export async function requireCase(
  cases: Pick<CaseRepo, 'get'>,
  agencyId: string,
  caseId: string,
  opts: { forUpdate?: boolean; open?: boolean } = {},
): Promise<CaseRecord> {
  const c = await cases.get(agencyId, caseId, { forUpdate: opts.forUpdate ?? false });
  if (!c) throw notFound('case', caseId);
  if (opts.open && c.status !== 'open') throw caseNotOpen(c);
  return c;
}

/** The case statuses as the UI names them (web/src/i18n/labels.ts), for messages in Chinese. */
export const CASE_STATUS_ZH: Record<CaseStatus, string> = {
  open: '在催',
  settled: '已结清',
  closed: '已关闭',
  recalled: '已撤案',
};

/** The promise statuses as the UI names them (web/src/i18n/labels.ts), for texts in Chinese. */
export const PROMISE_STATUS_ZH: Record<PromiseStatus, string> = {
  pending: '待履行',
  kept: '已兑现',
  partially_kept: '部分兑现',
  broken: '跳票',
  cancelled: '已取消',
};

/** The repayment-plan states as the UI names them (web/src/i18n/labels.ts), for messages in Chinese. */
export const PLAN_STATE_ZH: Record<PlanState, string> = {
  proposed: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  active: '执行中',
  completed: '已完成',
  defaulted: '已违约',
  cancelled: '已取消',
};

/** `case.not_open` (HTTP 409): the case is settled, closed or recalled, so it cannot be worked. */
export function caseNotOpen(c: Pick<CaseRecord, 'id' | 'status'>, action?: { en: string; zh: string }) {
  return invalidState(
    'case.not_open',
    {
      en: `Case ${c.id} is ${c.status}, not open${action ? `: ${action.en}` : ''}`,
      zh: `案件 ${c.id} 状态为“${CASE_STATUS_ZH[c.status]}”，不在催收中${action ? `：${action.zh}` : ''}`,
    },
    { caseId: c.id, status: c.status },
  );
}
