import type { z } from 'zod';
import { assignCases } from '../../cases/assign-cases';
import { checkContactFor } from '../../cases/check-contact';
import { forbidden } from '../../cases/errors';
import { maskName } from '../../cases/masking';
import { reassignCases } from '../../cases/reassign-cases';
import { revealDebtor } from '../../cases/reveal-debtor';
import { caseScopeSql, mayReveal, type Principal, seesDebtorName } from '../access';
import {
  assignBody,
  assignmentResponse,
  caseDetail,
  caseIdParam,
  caseListBody,
  caseListQuery,
  guardCheckBody,
  guardQuery,
  reassignBody,
  revealBody,
  revealResponse,
} from '../api-schemas';
import { loadCaseDetail, scopedCase } from '../read/case-view';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

const list = defineRoute('caseReaders', {
  method: 'get',
  path: '/api/cases',
  tags: ['cases'],
  summary: 'Cases in your scope (own, team, agency or your bank), newest activity first',
  request: { query: caseListQuery },
  responses: { 200: jsonContent(caseListBody, 'A page of cases') },
});

const detail = defineRoute(
  'caseReaders',
  {
    method: 'get',
    path: '/api/cases/{caseId}',
    tags: ['cases'],
    summary:
      'The case page: debtor (masked as your role requires), accounts, contacts with their guard state now, holds, promises, plans, payments, calls, timeline',
    request: { params: caseIdParam },
    responses: { 200: jsonContent(caseDetail, 'The case'), ...errors(404) },
  },
  // loadCaseDetail reads the case and checks the scope in its one statement.
  { scopedInHandler: true },
);

const reveal = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/reveal',
  tags: ['cases'],
  summary:
    "Show the debtor's ID number and phone numbers unmasked (collector on own case, lead on own team); written to the audit log first",
  request: { params: caseIdParam, body: jsonBody(revealBody) },
  responses: { 200: jsonContent(revealResponse, 'Unmasked personal data'), ...errors(404) },
});

const guard = defineRoute('caseWorkers', {
  method: 'get',
  path: '/api/cases/{caseId}/guard',
  tags: ['cases'],
  summary: 'May this contact be made now? The contact guard without recording anything',
  request: { params: caseIdParam, query: guardQuery },
  responses: { 200: jsonContent(guardCheckBody, "The guard's answer"), ...errors(404) },
});

const assign = defineRoute('leads', {
  method: 'post',
  path: '/api/cases/assign',
  tags: ['cases'],
  summary: 'Assign unassigned cases to a collector (leads: within their team)',
  request: { body: jsonBody(assignBody) },
  responses: { 200: jsonContent(assignmentResponse, 'Assigned'), ...errors(404, 409, 422) },
});

const reassign = defineRoute('leads', {
  method: 'post',
  path: '/api/cases/reassign',
  tags: ['cases'],
  summary: 'Move cases to another collector, keeping the history (leads: within their team)',
  request: { body: jsonBody(reassignBody) },
  responses: { 200: jsonContent(assignmentResponse, 'Reassigned'), ...errors(404, 409, 422) },
});

interface ListRow {
  id: string;
  status: z.infer<typeof caseListBody>['items'][number]['status'];
  client_id: string;
  client_name: string;
  placement_id: string;
  debtor_name: string;
  total_due_fen: number;
  paid_fen: number;
  balance_fen: number;
  assignee_id: string | null;
  assignee_name: string | null;
  team_id: string | null;
  persona: string | null;
  priority: number;
  broken_count: number;
  next_due_at: Date | null;
  last_contact_at: Date | null;
  contact_hold: boolean;
  total: number;
}

async function listCases(
  services: Services,
  p: Principal,
  q: z.infer<typeof caseListQuery>,
): Promise<z.infer<typeof caseListBody>> {
  const params: unknown[] = [];
  const where = [caseScopeSql(p, 'c', params)];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.status) add('c.status = ?', q.status);
  if (q.assigneeId) add('c.assignee_id = ?', q.assigneeId);
  if (q.teamId) add('c.team_id = ?', q.teamId);
  if (q.clientId) add('c.client_id = ?', q.clientId);
  if (q.placementId) add('c.placement_id = ?', q.placementId);
  if (q.q) {
    params.push(q.q);
    where.push(
      `(c.id = $${params.length} or exists (select 1 from accounts a where a.case_id = c.id and a.account_ref = $${params.length}))`,
    );
  }
  params.push(q.pageSize, (q.page - 1) * q.pageSize);
  const r = await services.db.query<ListRow>(
    `select c.id, c.status, c.client_id, cl.name as client_name, c.placement_id, d.name as debtor_name,
            c.total_due_fen, c.paid_fen, c.balance_fen, c.assignee_id, u.name as assignee_name, c.team_id, c.persona,
            c.priority, c.broken_count, c.next_due_at, c.last_contact_at, c.contact_hold,
            count(*) over ()::int as total
       from cases c join clients cl on cl.id = c.client_id join debtors d on d.id = c.debtor_id
       left join users u on u.id = c.assignee_id
      where ${where.join(' and ')}
      order by c.last_contact_at desc nulls last, c.id
      limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  const names = seesDebtorName(p);
  return {
    total: r.rows[0]?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    items: r.rows.map((x) => ({
      id: x.id,
      status: x.status,
      clientId: x.client_id,
      clientName: x.client_name,
      placementId: x.placement_id,
      debtorName: names ? x.debtor_name : maskName(x.debtor_name),
      totalDueFen: x.total_due_fen,
      paidFen: x.paid_fen,
      balanceFen: x.balance_fen,
      assigneeId: x.assignee_id,
      assigneeName: x.assignee_name,
      teamId: x.team_id,
      persona: x.persona,
      priority: x.priority,
      brokenCount: x.broken_count,
      nextDueAt: x.next_due_at ? new Date(x.next_due_at).toISOString() : null,
      lastContactAt: x.last_contact_at ? new Date(x.last_contact_at).toISOString() : null,
      onHold: x.contact_hold,
    })),
  };
}

export function registerCaseRoutes(app: ApiApp, services: Services): void {
  app.openapi(list, async (c) => c.json(await listCases(services, principal(c), c.req.valid('query')), 200));

  app.openapi(detail, async (c) =>
    c.json(await loadCaseDetail(services, principal(c), c.req.valid('param').caseId), 200),
  );

  app.openapi(reveal, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const scoped = await scopedCase(services.db, p, caseId);
    if (!mayReveal(p, scoped))
      throw forbidden('see unmasked personal data', {
        en: 'only the collector of the case or the lead of its team may',
        zh: '仅案件所属催收员或本组主管可查看完整信息',
      });
    const out = await revealDebtor(await depsFor(services, p), actorOf(p), {
      caseId,
      purpose: c.req.valid('json').purpose,
    });
    return c.json(out, 200);
  });

  app.openapi(guard, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const q = c.req.valid('query');
    const scoped = await scopedCase(services.db, p, caseId);
    const deps = await depsFor(services, p);
    const out = await checkContactFor(deps, actorOf(p), {
      debtorId: scoped.debtorId,
      channel: q.channel,
      at: q.at ?? services.clock.now().toISOString(),
      ...(q.contactId ? { contactId: q.contactId } : {}),
      ...(q.staff !== undefined ? { staff: q.staff } : {}),
    });
    return c.json(out, 200);
  });

  app.openapi(assign, async (c) => {
    const p = principal(c);
    return c.json(await assignCases(await depsFor(services, p), actorOf(p), c.req.valid('json')), 200);
  });

  app.openapi(reassign, async (c) => {
    const p = principal(c);
    return c.json(await reassignCases(await depsFor(services, p), actorOf(p), c.req.valid('json')), 200);
  });
}
