import type { z } from 'zod';
import { caseScopeSql } from '../access';
import { auditBody, auditQuery } from '../api-schemas';
import { type ApiApp, defineRoute, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';

const list = defineRoute('auditReaders', {
  method: 'get',
  path: '/api/audit',
  tags: ['audit'],
  summary:
    'The audit log (append-only): every change and every unmasked view; leads see their team’s cases and people',
  request: { query: auditQuery },
  responses: { 200: jsonContent(auditBody, 'Entries, newest first') },
});

export function registerAuditRoutes(app: ApiApp, services: Services): void {
  app.openapi(list, async (c) => {
    const p = principal(c);
    const q = c.req.valid('query');
    const params: unknown[] = [p.agencyId];
    const where = ['a.agency_id = $1'];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replaceAll('?', `$${params.length}`));
    };
    if (p.role === 'lead') {
      // A lead's view: their team's cases (and unmasked views of them) and what their team's people did.
      const scope = caseScopeSql(p, 'c', params);
      params.push(p.teamId ?? '');
      where.push(`((a.entity = 'case' and exists (select 1 from cases c where c.id = a.entity_id and ${scope}))
        or (a.entity = 'debtor' and exists (select 1 from cases c where c.id = a.detail->>'caseId' and ${scope}))
        or a.actor_id in (select u.id from users u where u.agency_id = a.agency_id and u.team_id = $${params.length}))`);
    }
    if (q.entity) add('a.entity = ?', q.entity);
    if (q.entityId) add('a.entity_id = ?', q.entityId);
    if (q.caseId)
      add(
        `((a.entity = 'case' and a.entity_id = ?) or (a.entity = 'debtor' and a.detail->>'caseId' = ?))`,
        q.caseId,
      );
    if (q.actorId) add('a.actor_id = ?', q.actorId);
    if (q.action) {
      if (q.action.endsWith('.')) add("a.action like ? || '%'", q.action);
      else add('a.action = ?', q.action);
    }
    if (q.from) add('a.at >= ?', new Date(q.from));
    if (q.to) add('a.at < ?', new Date(q.to));
    params.push(q.pageSize, (q.page - 1) * q.pageSize);
    const r = await services.db.query<{
      id: number;
      at: Date;
      actor_id: string | null;
      actor_name: string | null;
      action: string;
      entity: string;
      entity_id: string;
      client_id: string | null;
      detail: unknown;
      total: number;
    }>(
      `select a.id, a.at, a.actor_id, u.name as actor_name, a.action, a.entity, a.entity_id, a.client_id, a.detail,
              count(*) over ()::int as total
         from audit_log a left join users u on u.id = a.actor_id
        where ${where.join(' and ')}
        order by a.at desc, a.id desc limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    const body: z.infer<typeof auditBody> = {
      total: r.rows[0]?.total ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      items: r.rows.map((x) => {
        const d = typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail;
        return {
          id: Number(x.id),
          at: new Date(x.at).toISOString(),
          actorId: x.actor_id,
          actorName: x.actor_name,
          action: x.action,
          entity: x.entity,
          entityId: x.entity_id,
          clientId: x.client_id,
          detail: typeof d === 'object' && d !== null ? { ...d } : {},
        };
      }),
    };
    return c.json(body, 200);
  });
}
