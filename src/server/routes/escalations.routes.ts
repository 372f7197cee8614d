import type { z } from 'zod';
import { auditEntry } from '../../cases/audit-entry';
import { invalidState, notFound } from '../../cases/errors';
import { maskName } from '../../cases/masking';
import { reassignCases } from '../../cases/reassign-cases';
import { caseScopeSql, type Principal, seesDebtorName } from '../access';
import {
  caseIdParam,
  closeEscalationBody,
  escalateBody,
  escalationIdParam,
  escalationListBody,
  escalationListQuery,
  escalationResponse,
  okBody,
  takeoverResponse,
} from '../api-schemas';
import { scopedCase, scopedCaseOf } from '../read/case-view';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

/**
 * 上报主管: a collector hands a hard case to their lead; the lead takes it over (the case is
 * reassigned to them) or closes the escalation with a note. The broken-promise job raises
 * escalations too (after the policy's number of broken promises).
 */

const raise = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/escalations',
  tags: ['escalations'],
  summary: 'Escalate the case to a lead (上报主管)',
  request: { params: caseIdParam, body: jsonBody(escalateBody) },
  responses: { 201: jsonContent(escalationResponse, 'Escalated'), ...errors(404, 409) },
});

const list = defineRoute('leads', {
  method: 'get',
  path: '/api/escalations',
  tags: ['escalations'],
  summary: 'Escalations in your team (leads) or agency (managers)',
  request: { query: escalationListQuery },
  responses: { 200: jsonContent(escalationListBody, 'Escalations') },
});

const takeover = defineRoute('leads', {
  method: 'post',
  path: '/api/escalations/{escalationId}/takeover',
  tags: ['escalations'],
  summary: 'Take the escalated case over: it is reassigned to you and the escalation closes',
  request: { params: escalationIdParam },
  responses: { 200: jsonContent(takeoverResponse, 'Taken over'), ...errors(404, 409) },
});

const close = defineRoute('leads', {
  method: 'post',
  path: '/api/escalations/{escalationId}/close',
  tags: ['escalations'],
  summary: 'Close an escalation with a note (the case stays with its collector)',
  request: { params: escalationIdParam, body: jsonBody(closeEscalationBody) },
  responses: { 200: jsonContent(okBody, 'Closed'), ...errors(404, 409) },
});

async function closeEscalation(
  services: Services,
  p: Principal,
  escalationId: string,
  outcome: { how: 'takeover' | 'closed'; note: string | null },
): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const r = await tx.query<{ case_id: string; client_id: string; status: string }>(
      'select case_id, client_id, status from escalations where agency_id = $1 and id = $2 for update',
      [p.agencyId, escalationId],
    );
    const row = r.rows[0];
    if (!row) throw notFound('escalation', escalationId);
    if (row.status !== 'open')
      throw invalidState('escalation.closed', {
        zh: '该上报已处理',
        en: 'This escalation is already closed',
      });
    await tx.query(
      `update escalations set status = 'closed', closed_by = $3, closed_at = $4,
              detail = detail || $5::jsonb where agency_id = $1 and id = $2`,
      [p.agencyId, escalationId, p.userId, now, JSON.stringify({ outcome: outcome.how, note: outcome.note })],
    );
    await tx.query(
      `insert into audit_log (at, agency_id, client_id, actor_id, action, entity, entity_id, detail)
       values ($1, $2, $3, $4, $5, 'case', $6, $7::jsonb)`,
      [
        now,
        p.agencyId,
        row.client_id,
        p.userId,
        outcome.how === 'takeover' ? 'escalation.taken_over' : 'escalation.closed',
        row.case_id,
        JSON.stringify({ escalationId, note: outcome.note }),
      ],
    );
  });
}

export function registerEscalationRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  app.openapi(raise, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    await scopedCase(db, p, caseId);
    const now = services.clock.now();
    const escalationId = services.ids.next('esc');
    await services.store.transaction(async (tx) => {
      const k = await tx.cases.get(p.agencyId, caseId, { forUpdate: true });
      if (!k) throw notFound('case', caseId);
      if (await tx.escalations.open(p.agencyId, caseId))
        throw invalidState('escalation.already_open', {
          zh: '该案件已有待处理的上报',
          en: 'The case already has an open escalation',
        });
      await tx.escalations.insert({
        id: escalationId,
        agencyId: p.agencyId,
        clientId: k.clientId,
        caseId,
        reason,
        detail: { by: 'collector' },
        raisedBy: p.userId,
        status: 'open',
        createdAt: now,
      });
      await tx.audit.append(
        auditEntry(actorOf(p), now, k.clientId, 'case.escalated', 'case', caseId, { escalationId, reason }),
      );
    });
    return c.json({ escalationId, caseId }, 201);
  });

  app.openapi(list, async (c) => {
    const p = principal(c);
    const { status } = c.req.valid('query');
    const params: unknown[] = [];
    const scope = caseScopeSql(p, 'c', params);
    params.push(status);
    const r = await db.query<{
      id: string;
      case_id: string;
      client_name: string;
      debtor_name: string;
      assignee_id: string | null;
      assignee_name: string | null;
      team_id: string | null;
      reason: string;
      detail: unknown;
      raised_by: string | null;
      status: 'open' | 'closed';
      created_at: Date;
      broken_count: number;
      balance_fen: number;
    }>(
      `select e.id, e.case_id, cl.name as client_name, d.name as debtor_name, c.assignee_id, u.name as assignee_name,
              c.team_id, e.reason, e.detail, e.raised_by, e.status, e.created_at, c.broken_count, c.balance_fen
         from escalations e join cases c on c.id = e.case_id join clients cl on cl.id = c.client_id
         join debtors d on d.id = c.debtor_id left join users u on u.id = c.assignee_id
        where ${scope} and e.status = $${params.length}
          -- an open escalation of a case settled, closed or recalled since has nothing left to act on
          and (e.status <> 'open' or c.status = 'open')
        order by e.created_at desc, e.id limit 500`,
      params,
    );
    const names = seesDebtorName(p);
    const body: z.infer<typeof escalationListBody> = {
      items: r.rows.map((x) => {
        const detail = typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail;
        return {
          id: x.id,
          caseId: x.case_id,
          clientName: x.client_name,
          debtorName: names ? x.debtor_name : maskName(x.debtor_name),
          assigneeId: x.assignee_id,
          assigneeName: x.assignee_name,
          teamId: x.team_id,
          reason: x.reason,
          detail: typeof detail === 'object' && detail !== null ? { ...detail } : {},
          raisedBy: x.raised_by,
          status: x.status,
          createdAt: new Date(x.created_at).toISOString(),
          brokenCount: x.broken_count,
          balanceFen: x.balance_fen,
        };
      }),
    };
    return c.json(body, 200);
  });

  app.openapi(takeover, async (c) => {
    const p = principal(c);
    const { escalationId } = c.req.valid('param');
    const scoped = await scopedCaseOf(db, p, 'escalations', 'escalation', escalationId);
    if (scoped.assigneeId !== p.userId)
      await reassignCases(await depsFor(services, p), actorOf(p), {
        caseIds: [scoped.id],
        collectorId: p.userId,
        reason: `escalation ${escalationId}: taken over by the lead`,
      });
    await closeEscalation(services, p, escalationId, { how: 'takeover', note: null });
    return c.json({ escalationId, caseId: scoped.id, assigneeId: p.userId }, 200);
  });

  app.openapi(close, async (c) => {
    const p = principal(c);
    const { escalationId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'escalations', 'escalation', escalationId);
    await closeEscalation(services, p, escalationId, { how: 'closed', note: c.req.valid('json').note });
    const ok: z.infer<typeof okBody> = { ok: true };
    return c.json(ok, 200);
  });
}
