import { forbidden, notFound } from '../../cases/errors';
import type { Principal } from '../access';
import { collectorDrillBody, dashboardBody, dashboardQuery, userIdParam } from '../api-schemas';
import { collectorDrill, type DashboardScope, dashboard } from '../read/dashboard';
import { type ApiApp, defineRoute, errors, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { depsFor } from './context';

const overview = defineRoute('dashboard', {
  method: 'get',
  path: '/api/dashboard',
  tags: ['dashboard'],
  summary:
    'Team (leads) or agency statistics for a period: recovery, promises, contact, compliance, complaints, per collector, persona × strategy effectiveness',
  description:
    'Default period: the last 30 days. Collectors are ranked compliance first (incidents per 100 calls, then complaint rate), then by recovery rate.',
  request: { query: dashboardQuery },
  responses: { 200: jsonContent(dashboardBody, 'The figures'), ...errors(404) },
});

const drill = defineRoute('dashboard', {
  method: 'get',
  path: '/api/dashboard/collectors/{userId}',
  tags: ['dashboard'],
  summary: "One collector's figures with their recent calls, broken promises and complaints",
  request: { params: userIdParam, query: dashboardQuery },
  responses: { 200: jsonContent(collectorDrillBody, 'The collector'), ...errors(404) },
});

const DAY = 86_400_000;

function scopeOf(
  services: Services,
  p: Principal,
  q: {
    from?: string | undefined;
    to?: string | undefined;
    teamId?: string | undefined;
    clientId?: string | undefined;
  },
): DashboardScope {
  const to = q.to ? new Date(q.to) : services.clock.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
  // A lead sees their own team, whatever they ask for.
  const teamId = p.role === 'lead' ? p.teamId : (q.teamId ?? null);
  if (p.role === 'lead' && q.teamId && q.teamId !== p.teamId)
    throw forbidden('see another team', { en: 'a lead sees their own team', zh: '主管只能查看本组数据' });
  return { agencyId: p.agencyId, teamId, clientId: q.clientId ?? null, from, to };
}

export function registerDashboardRoutes(app: ApiApp, services: Services): void {
  app.openapi(overview, async (c) => {
    const p = principal(c);
    const { playbook } = await depsFor(services, p);
    return c.json(await dashboard(services.db, playbook, scopeOf(services, p, c.req.valid('query'))), 200);
  });

  app.openapi(drill, async (c) => {
    const p = principal(c);
    const { userId } = c.req.valid('param');
    const scope = scopeOf(services, p, c.req.valid('query'));
    const u = await services.db.query<{ name: string; team_id: string | null }>(
      'select name, team_id from users where agency_id = $1 and id = $2',
      [p.agencyId, userId],
    );
    const user = u.rows[0];
    // Outside the lead's team reads as no such user.
    if (!user || (p.role === 'lead' && user.team_id !== p.teamId)) throw notFound('user', userId);
    return c.json(await collectorDrill(services.db, { ...scope, collectorId: userId, name: user.name }), 200);
  });
}
