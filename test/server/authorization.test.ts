import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerRole } from '../../src/server/api-schemas';
import { field, get, startTestServer, type TestServer, USERS, type UserKey } from './harness';

/**
 * The authorization walk: every operation of the API, read from the OpenAPI document (so a new
 * endpoint cannot escape), called as every user who should not reach its data — a role it does not
 * admit, or a user outside the scope of the resource its path names (another collector, another
 * team's lead, another bank's viewer, anyone from the other agency). Each must get 403 or 404, and
 * no response to a wrong user may contain any of the protected data (case, call, plan … ids, the
 * debtors' names, ID numbers and phone numbers). Lists, which have no resource to refuse, are read by
 * every out-of-scope user and must not contain any of it either.
 */

interface Operation {
  method: string;
  path: string;
  roles: string[];
  params: string[];
  requiredQuery: boolean;
}

let s: TestServer;
const ops: Operation[] = [];
const ids: Record<string, string> = {};
/** protected value → the users who may see it */
const secrets = new Map<string, UserKey[]>();

/** Who may see the protected data (col1's cases and what hangs off them), per kind of resource. */
const CASE_SCOPE: UserKey[] = ['col1', 'lead1', 'manager', 'admin', 'qa', 'viewerA'];
const SCOPE_BY_PARAM: Record<string, UserKey[]> = {
  caseId: CASE_SCOPE,
  planId: CASE_SCOPE,
  holdId: CASE_SCOPE,
  proposalId: CASE_SCOPE,
  escalationId: CASE_SCOPE,
  paymentId: CASE_SCOPE,
  callId: CASE_SCOPE,
  finding: CASE_SCOPE,
  userId: ['admin', 'manager', 'lead1'],
  liveCallId: CASE_SCOPE,
  noticeId: CASE_SCOPE,
  batchId: [
    'admin',
    'manager',
    'lead1',
    'lead2',
    'col1',
    'col2',
    'col3',
    'qa',
    'trainer',
    'viewerA',
    'viewerB',
  ],
  sessionId: ['col1', 'trainer', 'manager', 'admin'],
};

beforeAll(async () => {
  // The whole server as `huikuan start` assembles it: the core API, jobs and live assist.
  s = await startTestServer({ full: true });
  const col1 = await s.as('col1');
  const [c0, c1, c2, c3] = s.fx.cases.col1;
  const ok = async (p: Promise<{ status: number; body: unknown; text: string }>, status = 201) => {
    const r = await p;
    if (r.status !== status) throw new Error(`setup: ${r.status} ${r.text}`);
    return r.body;
  };
  await ok(
    col1.post(`/api/cases/${c0}/contacts`, {
      channel: 'call',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'promise_to_pay',
      at: '2026-11-30T09:30:00+08:00',
    }),
  );
  const call = await ok(
    col1.post(`/api/cases/${c0}/calls`, {
      at: '2026-11-30T09:35:00+08:00',
      transcript:
        '坐席：您好，我是汇信的专员王磊，工号1011，受测试银行甲委托联系您。\n客户：我知道，下周五我先还三千块。\n坐席：你这种老赖，再不还我们就去你单位找你领导。',
    }),
  );
  ids.callId = field(call, 'callId');
  ids.proposalId = field(call, 'proposals', 0, 'proposalId');
  ids.finding = '0';
  ids.planId = field(
    await ok(col1.post(`/api/cases/${c1}/plans`, { instalmentCount: 3, firstDueDate: '2026-12-10' })),
    'planId',
  );
  ids.holdId = field(
    await ok(col1.post(`/api/cases/${c2}/complaints`, { channel: 'call', summary: '债务人投诉来电频繁' })),
    'holdId',
  );
  ids.escalationId = field(
    await ok(col1.post(`/api/cases/${c3}/escalations`, { reason: '多次跳票' })),
    'escalationId',
  );
  ids.paymentId = field(
    await ok(
      col1.post(`/api/cases/${c0}/payments`, {
        amountFen: 10_000,
        paidAt: '2026-11-30T09:40:00+08:00',
        channel: 'bank_transfer',
        reference: 'TXN-WALK-1',
      }),
    ),
    'paymentId',
  );
  ids.sessionId = field(
    await ok(col1.post('/api/practice', { persona: 'vain', situation: 'first_call', seed: 'walk' })),
    'id',
  );
  ids.caseId = c0 ?? '';
  ids.liveCallId = field(await ok(col1.post(`/api/cases/${c0}/live-calls`, {})), 'liveCallId');
  const qa = await s.as('qa');
  ids.batchId = field(
    await ok(
      qa.post('/api/qa-batches', {
        name: 'walk',
        items: [{ caseId: c0, at: '2026-11-30T09:00:00+08:00', turns: [{ speaker: 'agent', text: '您好' }] }],
      }),
      202,
    ),
    'batchId',
  );
  ids.noticeId = 'ntc_walk';
  await s.services.db.query(
    `insert into lead_notices (id, agency_id, client_id, team_id, case_id, kind, ref_id, due_at, created_at)
     values ($1, $2, $3, $4, $5, 'complaint_due', $6, now(), now())`,
    [ids.noticeId, s.fx.agencyA, s.fx.bankA, s.fx.teams.t1, c2, ids.holdId],
  );
  ids.userId = s.fx.users.col1.id;

  const people = await s.services.db.query<{
    name: string;
    id_number: string;
    phone: string;
    case_id: string;
  }>(
    `select d.name, d.id_number, k.phone, c.id as case_id from cases c join debtors d on d.id = c.debtor_id
       join contacts k on k.debtor_id = d.id where c.assignee_id = $1`,
    [s.fx.users.col1.id],
  );
  for (const r of people.rows)
    for (const v of [r.name, r.id_number, r.phone, r.case_id]) secrets.set(v, CASE_SCOPE);
  for (const [k, v] of Object.entries(ids))
    if (k !== 'finding' && k !== 'userId') secrets.set(v, SCOPE_BY_PARAM[k] ?? CASE_SCOPE);

  const doc = (await (await s.as('admin')).get('/api/openapi.json')).body;
  const paths = get(doc, 'paths');
  if (typeof paths !== 'object' || paths === null) throw new Error('no paths in the OpenAPI document');
  for (const [path, item] of Object.entries(paths))
    for (const [method, op] of Object.entries(item as Record<string, unknown>)) {
      const roles = get(op, 'x-roles');
      const params =
        (get(op, 'parameters') as { in: string; name: string; required?: boolean }[] | undefined) ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        roles: Array.isArray(roles) ? roles.map(String) : [],
        params: params.filter((x) => x.in === 'path').map((x) => x.name),
        requiredQuery: params.some((x) => x.in === 'query' && x.required),
      });
    }
}, 180_000);

afterAll(async () => {
  await s?.close();
});

function concrete(op: Operation): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = ids[name];
    if (v === undefined)
      throw new Error(`no fixture for {${name}} in ${op.method} ${op.path}: add one to the walk`);
    return encodeURIComponent(v);
  });
}

function scopeOf(op: Operation): UserKey[] {
  let scope: UserKey[] = CASE_SCOPE;
  for (const p of op.params) {
    const s2 = SCOPE_BY_PARAM[p];
    if (!s2) throw new Error(`no scope for {${p}} in ${op.method} ${op.path}: add one to the walk`);
    scope = scope === CASE_SCOPE ? s2 : scope.filter((u) => s2.includes(u));
  }
  return scope;
}

/**
 * Protected values in a response that this user may not see, except those the request itself named
 * (a 404 may echo the id asked for).
 */
function leaks(text: string, user: UserKey, asked = ''): string[] {
  return [...secrets]
    .filter(([x, allowed]) => !allowed.includes(user) && x.length >= 2 && text.includes(x))
    .filter(([x]) => !decodeURIComponent(asked).includes(x))
    .map(([x]) => x);
}

describe('the API document', () => {
  it('lists every API route the server answers, each with the roles it admits', () => {
    const documented = new Set(ops.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const served = s.running.app.routes
      .filter(
        (r) =>
          r.path.startsWith('/api/') && !r.path.startsWith('/api/docs') && r.path !== '/api/openapi.json',
      )
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`);
    const undocumented = [...new Set(served)].filter((r) => !documented.has(r));
    expect(undocumented).toEqual([]);
    expect(ops.length).toBeGreaterThan(50);
    for (const o of ops)
      expect(o.roles.length, `${o.method} ${o.path} declares no x-roles`).toBeGreaterThan(0);
  });
});

describe('every endpoint, as every wrong user', () => {
  it('refuses without a session (except the public ones)', async () => {
    const anon = s.client();
    const failures: string[] = [];
    for (const op of ops) {
      if (op.roles.includes('public')) continue;
      const r = await anon.request(op.method, concrete(op), op.method === 'GET' ? undefined : {});
      if (r.status !== 401) failures.push(`${op.method} ${op.path}: ${r.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 or 404, with no protected data, to every user outside the role or the scope', async () => {
    const clients = new Map<UserKey, Awaited<ReturnType<TestServer['as']>>>();
    for (const u of USERS) clients.set(u, await s.as(u));
    const failures: string[] = [];
    let checked = 0;
    for (const op of ops) {
      if (op.roles.includes('public')) continue;
      const scope = scopeOf(op);
      for (const u of USERS) {
        const role: ServerRole = s.fx.users[u].role;
        const roleOk = op.roles.includes(role);
        const inScope = scope.includes(u);
        if (roleOk && inScope) continue;
        // Sign-out would end the walker's own session; it has no resource and admits every role.
        if (op.path.startsWith('/api/auth/logout')) continue;
        const client = clients.get(u);
        if (!client) continue;
        const r = await client.request(op.method, concrete(op), op.method === 'GET' ? undefined : {});
        checked++;
        const where = `${op.method} ${op.path} as ${u} (${role})`;
        const leaked = leaks(r.text, u, concrete(op));
        if (leaked.length) failures.push(`${where}: leaked ${leaked.slice(0, 3).join(', ')}`);
        if (!roleOk) {
          if (r.status !== 403) failures.push(`${where}: expected 403 for the role, got ${r.status}`);
        } else if (op.params.length) {
          if (r.status !== 404 && r.status !== 403)
            failures.push(`${where}: expected 404/403 out of scope, got ${r.status}`);
        } else if (r.status >= 500) failures.push(`${where}: ${r.status}`);
        if (
          (r.status === 403 || r.status === 404) &&
          Object.keys((r.body as object) ?? {}).join() !== 'error'
        )
          failures.push(`${where}: an error response with more than the error`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  }, 600_000);

  it('lets the users in scope read what the walk protects (the fixtures are real)', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      if (op.method !== 'GET' || op.requiredQuery || op.roles.includes('public') || !op.params.length)
        continue;
      const who = scopeOf(op).find((u) => op.roles.includes(s.fx.users[u].role));
      if (!who) continue;
      const r = await (await s.as(who)).get(concrete(op));
      if (r.status !== 200)
        failures.push(`${op.method} ${op.path} as ${who}: ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('scope through query parameters', () => {
  it.each([
    ['colB', '/api/queue?collectorId=USER_col1'],
    ['col3', '/api/queue?collectorId=USER_col1'],
    ['lead2', '/api/queue?collectorId=USER_col1'],
    ['lead2', '/api/dashboard?teamId=TEAM_t1'],
    ['leadB', '/api/dashboard/collectors/USER_col1'],
  ])('%s cannot reach %s', async (user, path) => {
    const c = await s.as(user as UserKey);
    const r = await c.get(path.replace('USER_col1', s.fx.users.col1.id).replace('TEAM_t1', s.fx.teams.t1));
    expect([403, 404]).toContain(r.status);
    expect(leaks(r.text, user as UserKey)).toEqual([]);
  });

  it.each([
    ['col3', '/api/cases?assigneeId=USER_col1'],
    ['colB', '/api/cases?clientId=BANK_A'],
    ['viewerB', '/api/cases?clientId=BANK_A'],
    ['viewerAB', '/api/cases'],
    ['lead2', '/api/audit?caseId=CASE'],
    ['qaB', '/api/qa/calls'],
    ['leadB', '/api/escalations'],
    ['leadB', '/api/holds'],
    ['qaB', '/api/holds'],
    ['lead2', '/api/holds'],
    ['lead2', '/api/approvals'],
  ])('%s gets nothing protected from %s', async (user, path) => {
    const c = await s.as(user as UserKey);
    const r = await c.get(
      path
        .replace('USER_col1', s.fx.users.col1.id)
        .replace('BANK_A', s.fx.bankA)
        .replace('CASE', ids.caseId ?? ''),
    );
    expect(r.status).toBe(200);
    expect(leaks(r.text, user as UserKey)).toEqual([]);
  });

  it('shows a bank viewer its own bank’s cases at its own agency only', async () => {
    const r = await (await s.as('viewerAB')).get('/api/cases');
    const items = get(r.body, 'items') as { id: string; clientId: string }[];
    expect(items.length).toBe(s.fx.cases.colB.length);
    expect(new Set(items.map((x) => x.id))).toEqual(new Set(s.fx.cases.colB));
  });
});
