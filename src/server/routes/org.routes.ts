import type { z } from 'zod';
import { createClient } from '../../cases/create-client';
import { createTeam } from '../../cases/create-team';
import { forbidden, notFound } from '../../cases/errors';
import type { Principal } from '../access';
import { createAccount, loadAccount, RANK, setPassword, updateAccount } from '../accounts';
import {
  clientListBody,
  createClientBody,
  createdBody,
  createTeamBody,
  createUserBody,
  okBody,
  patchUserBody,
  placementListBody,
  resetPasswordBody,
  type ServerRole,
  teamListBody,
  userBody,
  userIdParam,
  userListBody,
  userListQuery,
} from '../api-schemas';
import { hashPassword } from '../auth/passwords';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

const clients = defineRoute('signed_in', {
  method: 'get',
  path: '/api/clients',
  tags: ['organisation'],
  summary: 'Client banks the agency works for (a bank viewer sees only its own)',
  responses: { 200: jsonContent(clientListBody, 'Clients') },
});

const addClient = defineRoute('orgAdmins', {
  method: 'post',
  path: '/api/clients',
  tags: ['organisation'],
  summary: 'Register a client bank and the rule packs its contract binds the agency to',
  request: { body: jsonBody(createClientBody) },
  responses: { 201: jsonContent(createdBody, 'Created'), ...errors(409, 422) },
});

const placements = defineRoute('placements', {
  method: 'get',
  path: '/api/placements',
  tags: ['organisation'],
  summary: 'Placement batches with their cases and recovery (a bank viewer: its own bank only)',
  responses: { 200: jsonContent(placementListBody, 'Placements') },
});

const users = defineRoute('approvers', {
  method: 'get',
  path: '/api/users',
  tags: ['organisation'],
  summary: 'Users of the agency (leads: their own team)',
  request: { query: userListQuery },
  responses: { 200: jsonContent(userListBody, 'Users') },
});

const addUser = defineRoute('orgAdmins', {
  method: 'post',
  path: '/api/users',
  tags: ['organisation'],
  summary: 'Create a user with a login and an initial password (no role above your own)',
  request: { body: jsonBody(createUserBody) },
  responses: { 201: jsonContent(userBody, 'Created'), ...errors(404, 409, 422) },
});

const patchUser = defineRoute('orgAdmins', {
  method: 'patch',
  path: '/api/users/{userId}',
  tags: ['organisation'],
  summary:
    'Change a user: name, role, team, bank, staff number, active (deactivating signs them out everywhere)',
  request: { params: userIdParam, body: jsonBody(patchUserBody) },
  responses: { 200: jsonContent(userBody, 'Changed'), ...errors(404, 422) },
});

const resetPassword = defineRoute('orgAdmins', {
  method: 'post',
  path: '/api/users/{userId}/password',
  tags: ['organisation'],
  summary: "Set a user's password (their sessions end)",
  request: { params: userIdParam, body: jsonBody(resetPasswordBody) },
  responses: { 200: jsonContent(okBody, 'Set'), ...errors(404) },
});

const teams = defineRoute('staff', {
  method: 'get',
  path: '/api/teams',
  tags: ['organisation'],
  summary: 'Teams with their size and leads',
  responses: { 200: jsonContent(teamListBody, 'Teams') },
});

const addTeam = defineRoute('orgAdmins', {
  method: 'post',
  path: '/api/teams',
  tags: ['organisation'],
  summary: 'Create a team',
  request: { body: jsonBody(createTeamBody) },
  responses: { 201: jsonContent(createdBody, 'Created'), ...errors(409) },
});

interface UserRow {
  id: string;
  login: string | null;
  name: string;
  role: ServerRole;
  staff_no: string | null;
  team_id: string | null;
  client_id: string | null;
  active: boolean;
  created_at: Date;
}

const USER_COLUMNS = 'id, login, name, role, staff_no, team_id, client_id, active, created_at';

function userOut(u: UserRow): z.infer<typeof userBody> {
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    staffNo: u.staff_no,
    teamId: u.team_id,
    clientId: u.client_id,
    active: u.active,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

/** No one grants a role above their own (a manager cannot make an admin). */
function assertMayGrant(p: Principal, role: ServerRole): void {
  if (RANK[role] > RANK[p.role])
    throw forbidden('grant this role', {
      en: `a ${p.role} cannot give the ${role} role`,
      zh: '不能授予高于自己的角色',
    });
}

export function registerOrgRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  app.openapi(clients, async (c) => {
    const p = principal(c);
    type ClientRow = { id: string; name: string; rule_packs: string[]; strict_hours: boolean };
    // Clients are shared between agencies: an agency sees the banks it has placements from or registered.
    const r =
      p.role === 'client_viewer'
        ? await db.query<ClientRow>('select id, name, rule_packs, strict_hours from clients where id = $1', [
            p.clientId,
          ])
        : await db.query<ClientRow>(
            `select cl.id, cl.name, cl.rule_packs, cl.strict_hours from clients cl
              where exists (select 1 from placements pl where pl.client_id = cl.id and pl.agency_id = $1)
                 or exists (select 1 from audit_log a where a.agency_id = $1 and a.entity = 'client'
                              and a.entity_id = cl.id and a.action = 'client.created')
              order by cl.name`,
            [p.agencyId],
          );
    return c.json(
      {
        items: r.rows.map((x) => ({
          id: x.id,
          name: x.name,
          rulePacks: x.rule_packs,
          strictHours: x.strict_hours,
        })),
      },
      200,
    );
  });

  app.openapi(addClient, async (c) => {
    const p = principal(c);
    const out = await createClient(await depsFor(services, p), actorOf(p), c.req.valid('json'));
    return c.json({ id: out.clientId }, 201);
  });

  app.openapi(placements, async (c) => {
    const p = principal(c);
    const params: unknown[] = [p.agencyId];
    let cond = '';
    if (p.role === 'client_viewer') {
      params.push(p.clientId);
      cond = ` and pl.client_id = $${params.length}`;
    }
    const r = await db.query<{
      id: string;
      client_id: string;
      client_name: string;
      batch_no: string;
      period_start: string;
      period_end: string;
      cases: number;
      open_cases: number;
      total_due_fen: number;
      paid_fen: number;
      balance_fen: number;
    }>(
      `select pl.id, pl.client_id, cl.name as client_name, pl.batch_no, pl.period_start, pl.period_end,
              count(c.id)::int as cases, count(c.id) filter (where c.status = 'open')::int as open_cases,
              coalesce(sum(c.total_due_fen), 0)::bigint as total_due_fen, coalesce(sum(c.paid_fen), 0)::bigint as paid_fen,
              coalesce(sum(c.balance_fen), 0)::bigint as balance_fen
         from placements pl join clients cl on cl.id = pl.client_id left join cases c on c.placement_id = pl.id
        where pl.agency_id = $1${cond}
        group by pl.id, cl.name order by pl.period_start desc, pl.id`,
      params,
    );
    return c.json(
      {
        items: r.rows.map((x) => ({
          id: x.id,
          clientId: x.client_id,
          clientName: x.client_name,
          batchNo: x.batch_no,
          periodStart: x.period_start,
          periodEnd: x.period_end,
          cases: x.cases,
          openCases: x.open_cases,
          totalDueFen: x.total_due_fen,
          paidFen: x.paid_fen,
          balanceFen: x.balance_fen,
        })),
      },
      200,
    );
  });

  app.openapi(users, async (c) => {
    const p = principal(c);
    const q = c.req.valid('query');
    const params: unknown[] = [p.agencyId];
    const where = ['agency_id = $1'];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace('?', `$${params.length}`));
    };
    // Leads see their own team; admins and managers the agency.
    if (p.role === 'lead') add('team_id = ?', p.teamId ?? '');
    if (q.role) add('role = ?', q.role);
    if (q.teamId) add('team_id = ?', q.teamId);
    if (q.active !== undefined) add('active = ?', q.active);
    const r = await db.query<UserRow>(
      `select ${USER_COLUMNS} from users where ${where.join(' and ')} order by created_at, id`,
      params,
    );
    return c.json({ items: r.rows.map(userOut) }, 200);
  });

  app.openapi(addUser, async (c) => {
    const p = principal(c);
    const b = c.req.valid('json');
    assertMayGrant(p, b.role);
    const now = services.clock.now();
    const passwordHash = await hashPassword(b.password);
    const id = await db.transaction((tx) =>
      createAccount(tx, services.ids, actorOf(p), now, b, { passwordHash }),
    );
    const r = await db.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [id]);
    const row = r.rows[0];
    if (!row) throw notFound('user', id);
    return c.json(userOut(row), 201);
  });

  app.openapi(patchUser, async (c) => {
    const p = principal(c);
    const { userId } = c.req.valid('param');
    const b = c.req.valid('json');
    const target = await loadAccount(db, p.agencyId, userId);
    // Neither the user's current role nor the new one may rank above the actor's.
    assertMayGrant(p, target.role);
    if (b.role) assertMayGrant(p, b.role);
    if (userId === p.userId && (b.active === false || (b.role && b.role !== p.role)))
      throw forbidden('change your own role or deactivate yourself', {
        en: 'ask another administrator',
        zh: '不能修改自己的角色或停用自己，请联系其他管理员',
      });
    await db.transaction((tx) => updateAccount(tx, actorOf(p), services.clock.now(), userId, b));
    services.sessions.forgetUser(userId);
    const r = await db.query<UserRow>(`select ${USER_COLUMNS} from users where agency_id = $1 and id = $2`, [
      p.agencyId,
      userId,
    ]);
    const row = r.rows[0];
    if (!row) throw notFound('user', userId);
    return c.json(userOut(row), 200);
  });

  app.openapi(resetPassword, async (c) => {
    const p = principal(c);
    const { userId } = c.req.valid('param');
    const target = await loadAccount(db, p.agencyId, userId);
    assertMayGrant(p, target.role);
    const { password } = c.req.valid('json');
    await db.transaction((tx) => setPassword(tx, actorOf(p), services.clock.now(), userId, password));
    services.sessions.forgetUser(userId);
    const ok: z.infer<typeof okBody> = { ok: true };
    return c.json(ok, 200);
  });

  app.openapi(teams, async (c) => {
    const p = principal(c);
    const r = await db.query<{ id: string; name: string; members: number; lead_ids: string[] | null }>(
      `select t.id, t.name, count(u.id) filter (where u.active)::int as members,
              array_agg(u.id order by u.id) filter (where u.role = 'lead' and u.active) as lead_ids
         from teams t left join users u on u.team_id = t.id
        where t.agency_id = $1 group by t.id order by t.name`,
      [p.agencyId],
    );
    return c.json(
      {
        items: r.rows.map((t) => ({ id: t.id, name: t.name, members: t.members, leadIds: t.lead_ids ?? [] })),
      },
      200,
    );
  });

  app.openapi(addTeam, async (c) => {
    const p = principal(c);
    const out = await createTeam(await depsFor(services, p), actorOf(p), c.req.valid('json'));
    return c.json({ id: out.teamId }, 201);
  });
}
