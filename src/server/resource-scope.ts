import type { MiddlewareHandler } from 'hono';
import { notFound } from '../cases/errors';
import type { Sql } from '../store/db';
import { caseInScope, inGroup, type Principal } from './access';
import { scopedCase, scopedCaseOf } from './read/case-view';
import type { ApiEnv } from './route-kit';

/**
 * The resources a path names are checked against the caller's scope before anything else is read
 * from the request: a case, plan, hold, proposal, escalation, payment or call outside it — another agency's,
 * another team's, another bank's — is "not found", whatever the body says. The handlers check again
 * as they load (and the use cases on every write); this makes the answer uniform and early.
 */

type Check = (sql: Pick<Sql, 'query'>, p: Principal, id: string) => Promise<void>;

/** A call: its collector may read it; others by the scope of its case. */
export async function callInScope(sql: Pick<Sql, 'query'>, p: Principal, callId: string): Promise<void> {
  const r = await sql.query<{
    case_id: string;
    client_id: string;
    collector_id: string | null;
    assignee_id: string | null;
    team_id: string | null;
    debtor_id: string;
  }>(
    `select k.case_id, k.client_id, k.collector_id, c.assignee_id, c.team_id, c.debtor_id
       from calls k join cases c on c.id = k.case_id where k.agency_id = $1 and k.id = $2`,
    [p.agencyId, callId],
  );
  const row = r.rows[0];
  const ok =
    row &&
    (row.collector_id === p.userId ||
      (p.role !== 'collector' &&
        caseInScope(p, {
          id: row.case_id,
          agencyId: p.agencyId,
          clientId: row.client_id,
          assigneeId: row.assignee_id,
          teamId: row.team_id,
          debtorId: row.debtor_id,
        })));
  if (!ok) throw notFound('call', callId);
}

const CHECKS: Record<string, Check> = {
  caseId: async (sql, p, id) => {
    await scopedCase(sql, p, id);
  },
  planId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'repayment_plans', 'plan', id);
  },
  holdId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'holds', 'hold', id);
  },
  proposalId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'proposed_promises', 'proposal', id);
  },
  escalationId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'escalations', 'escalation', id);
  },
  // A payment: by the case it was recorded on.
  paymentId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'payments', 'payment', id);
  },
  callId: callInScope,
  // A user of the agency; a lead reaches users of their own team only.
  userId: async (sql, p, id) => {
    const r = await sql.query<{ team_id: string | null }>(
      'select team_id from users where agency_id = $1 and id = $2',
      [p.agencyId, id],
    );
    const u = r.rows[0];
    if (!u || (p.role === 'lead' && u.team_id !== p.teamId)) throw notFound('user', id);
  },
  // Live call assist: by the case the call is on (the handler checks the collector too).
  liveCallId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'live_calls', 'live_call', id);
  },
  // Batch QA: an upload belongs to its agency (its calls are each checked where they are read).
  batchId: async (sql, p, id) => {
    const r = await sql.query('select 1 from qa_batches where agency_id = $1 and id = $2', [p.agencyId, id]);
    if (!r.rows.length) throw notFound('qa_batch', id);
  },
  // A lead's notice: by the case it is about.
  noticeId: async (sql, p, id) => {
    await scopedCaseOf(sql, p, 'lead_notices', 'notice', id);
  },
  // A practice session: its trainee's, and trainers' and managers' to read.
  sessionId: async (sql, p, id) => {
    const r = await sql.query<{ user_id: string }>(
      'select user_id from practice_sessions where agency_id = $1 and id = $2',
      [p.agencyId, id],
    );
    const s = r.rows[0];
    if (!s || (s.user_id !== p.userId && !inGroup(p.role, 'practiceOverseers')))
      throw notFound('practice', id);
  },
};

/** Path parameters this module knows how to scope; a route with another parameter must add a check. */
export const SCOPED_PARAMS = new Set(Object.keys(CHECKS));

/** Params that are not resources (positions inside one). */
const PLAIN_PARAMS = new Set(['finding']);

export function paramsOf(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

/** Fails at start-up for a route whose path names a resource nobody scopes. */
export function assertScopable(path: string): void {
  for (const name of paramsOf(path))
    if (!SCOPED_PARAMS.has(name) && !PLAIN_PARAMS.has(name))
      throw new Error(
        `route ${path}: path parameter {${name}} has no scope check (src/server/resource-scope.ts)`,
      );
}

export function scopeResources(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (p)
      for (const [name, value] of Object.entries(c.req.param())) {
        const check = CHECKS[name];
        if (check && typeof value === 'string') await check(c.get('services').db, p, value);
      }
    await next();
  };
}
