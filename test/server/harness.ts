import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgency } from '../../src/cases/create-agency';
import { createClient } from '../../src/cases/create-client';
import { createTeam } from '../../src/cases/create-team';
import { importGenerated } from '../../src/cases/import-generated';
import type { Actor } from '../../src/cases/ports';
import { loadConfig } from '../../src/config/config';
import { createAccount } from '../../src/server/accounts';
import type { ServerRole } from '../../src/server/api-schemas';
import { assemble } from '../../src/server/assemble';
import { hashPassword } from '../../src/server/auth/passwords';
import { memoryLogger } from '../../src/server/logger';
import { type RunningServer, type StartOptions, startServer } from '../../src/server/server';
import { createServices, type Services } from '../../src/server/services';
import { type MutableClock, mutableClock } from '../../src/store/case-fixture';
import { dropSchema, openScratchDb, type ScratchDb } from '../../src/store/open-db';

/**
 * A real server on a scratch database (in-memory PGlite, or a scratch schema on the PostgreSQL
 * server when DATABASE_URL is set), listening on a free loopback port, with two agencies:
 *
 *   agency A: banks bankA and bankB; teams t1 (lead1, col1, col2) and t2 (lead2, col3); manager,
 *             admin, qa, trainer; viewerA (bankA) and viewerB (bankB). bankA's cases go to col1,
 *             bankB's to col3.
 *   agency B: the same bankA (a bank places with several agencies); adminB, leadB, colB, qaB,
 *             viewerAB (bankA, at agency B). Its cases go to colB.
 *
 * Everyone's password is PASSWORD. The clock is fixed on a weekday morning in Shanghai.
 */

export const PASSWORD = 'correct horse battery staple';
export const NOW = '2026-11-30T10:00:00+08:00';

export const USERS = [
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
  'adminB',
  'leadB',
  'colB',
  'qaB',
  'viewerAB',
] as const;
export type UserKey = (typeof USERS)[number];

export interface Fixture {
  agencyA: string;
  agencyB: string;
  bankA: string;
  bankB: string;
  teams: { t1: string; t2: string; tB: string };
  users: Record<UserKey, { id: string; login: string; role: ServerRole; agency: 'A' | 'B' }>;
  /** case ids per owner */
  cases: { col1: string[]; col3: string[]; colB: string[] };
}

export interface TestServer {
  url: string;
  services: Services;
  running: RunningServer;
  clock: MutableClock;
  logs: string[];
  fx: Fixture;
  scratch: ScratchDb;
  client(): ApiClient;
  /** a client already signed in as the user */
  as(user: UserKey): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** A tiny browser: keeps the session cookie and sends the CSRF token back, like the web UI does. */
export class ApiClient {
  private cookie: string | null = null;
  csrf: string | null = null;

  constructor(
    readonly base: string,
    private readonly lang = 'zh-CN',
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    opts: { headers?: Record<string, string>; raw?: BodyInit; csrf?: boolean } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { 'accept-language': this.lang, ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: BodyInit | undefined = opts.raw;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers, body: payload, redirect: 'manual' });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (!pair) continue;
      if (pair.startsWith('hk_session=')) this.cookie = /hk_session=;|Max-Age=0/i.test(c) ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}) {
    return this.request('POST', path, body);
  }

  async login(login: string, password = PASSWORD): Promise<ApiResponse> {
    const r = await this.post('/api/auth/login', { login, password });
    if (r.status === 200) this.csrf = field(r.body, 'csrfToken');
    return r;
  }

  get sessionCookie(): string | null {
    return this.cookie;
  }

  set sessionCookie(v: string | null) {
    this.cookie = v;
  }
}

/** A string field of a JSON body (tests read responses without casting). */
export function field(body: unknown, ...path: (string | number)[]): string {
  let v: unknown = body;
  for (const k of path) v = typeof v === 'object' && v !== null ? Reflect.get(v, k) : undefined;
  if (typeof v !== 'string')
    throw new Error(`no string at ${path.join('.')} in ${JSON.stringify(body).slice(0, 300)}`);
  return v;
}

export function get(body: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = body;
  for (const k of path) v = typeof v === 'object' && v !== null ? Reflect.get(v, k) : undefined;
  return v;
}

async function buildFixture(services: Services): Promise<Fixture> {
  const deps = { store: services.store, clock: services.clock, ids: services.ids };
  const hash = await hashPassword(PASSWORD);
  const a = await createAgency(deps, { name: '甲催收公司', admin: { name: '甲管理员' } });
  const b = await createAgency(deps, { name: '乙催收公司', admin: { name: '乙管理员' } });
  const adminA: Actor = { agencyId: a.agencyId, userId: a.adminUserId };
  const adminB: Actor = { agencyId: b.agencyId, userId: b.adminUserId };
  const pb = { ...deps, playbook: services.playbook };
  const bankA = (await createClient(pb, adminA, { name: '测试银行甲' })).clientId;
  const bankB = (await createClient(pb, adminA, { name: '测试银行乙' })).clientId;
  const t1 = (await createTeam(deps, adminA, { name: '一组' })).teamId;
  const t2 = (await createTeam(deps, adminA, { name: '二组' })).teamId;
  const tB = (await createTeam(deps, adminB, { name: '乙一组' })).teamId;
  const place = (actor: Actor, clientId: string, seed: string, count: number) =>
    importGenerated(deps, actor, {
      clientId,
      batchNo: `batch-${seed}`,
      periodStart: '2026-11-01',
      periodEnd: '2027-01-30',
      asOf: '2026-11-01',
      offer: { instalmentCounts: [3, 6, 12], maxInterestWaiverBp: 5000, maxFeeWaiverBp: 10_000 },
      seed,
      count,
    });
  await place(adminA, bankA, 'fx-a', 8);
  await place(adminA, bankB, 'fx-b', 6);
  await place(adminB, bankA, 'fx-ab', 6);

  const now = services.clock.now();
  const users = {} as Fixture['users'];
  await services.db.query('update users set login = $2, password_hash = $3 where id = $1', [
    a.adminUserId,
    'admin',
    hash,
  ]);
  await services.db.query('update users set login = $2, password_hash = $3 where id = $1', [
    b.adminUserId,
    'adminB',
    hash,
  ]);
  users.admin = { id: a.adminUserId, login: 'admin', role: 'admin', agency: 'A' };
  users.adminB = { id: b.adminUserId, login: 'adminB', role: 'admin', agency: 'B' };
  const people: [UserKey, ServerRole, 'A' | 'B', string | null, string | null][] = [
    ['manager', 'manager', 'A', null, null],
    ['lead1', 'lead', 'A', t1, null],
    ['lead2', 'lead', 'A', t2, null],
    ['col1', 'collector', 'A', t1, null],
    ['col2', 'collector', 'A', t1, null],
    ['col3', 'collector', 'A', t2, null],
    ['qa', 'qa', 'A', null, null],
    ['trainer', 'trainer', 'A', null, null],
    ['viewerA', 'client_viewer', 'A', null, bankA],
    ['viewerB', 'client_viewer', 'A', null, bankB],
    ['leadB', 'lead', 'B', tB, null],
    ['colB', 'collector', 'B', tB, null],
    ['qaB', 'qa', 'B', null, null],
    ['viewerAB', 'client_viewer', 'B', null, bankA],
  ];
  await services.db.transaction(async (tx) => {
    for (const [key, role, agency, teamId, clientId] of people) {
      const id = await createAccount(
        tx,
        services.ids,
        agency === 'A' ? adminA : adminB,
        now,
        { name: key, login: key, role, teamId, clientId, staffNo: `S-${key}`, password: PASSWORD },
        { passwordHash: hash },
      );
      users[key] = { id, login: key, role, agency };
    }
  });
  const assign = async (agencyId: string, clientId: string, user: string, teamId: string) => {
    const r = await services.db.query<{ id: string }>(
      'select id from cases where agency_id = $1 and client_id = $2 order by id',
      [agencyId, clientId],
    );
    await services.db.query(
      'update cases set assignee_id = $3, team_id = $4, assigned_at = now() where agency_id = $1 and client_id = $2',
      [agencyId, clientId, user, teamId],
    );
    return r.rows.map((x) => x.id);
  };
  return {
    agencyA: a.agencyId,
    agencyB: b.agencyId,
    bankA,
    bankB,
    teams: { t1, t2, tB },
    users,
    cases: {
      col1: await assign(a.agencyId, bankA, users.col1.id, t1),
      col3: await assign(a.agencyId, bankB, users.col3.id, t2),
      colB: await assign(b.agencyId, bankA, users.colB.id, tB),
    },
  };
}

export async function startTestServer(
  opts: Partial<StartOptions> & {
    env?: Record<string, string>;
    /** serve what `huikuan start` serves: the core API plus jobs and live assist (assemble.ts) */
    full?: boolean;
  } = {},
): Promise<TestServer> {
  const scratch = await openScratchDb({ prefix: 'srv' });
  const dataDir = mkdtempSync(join(tmpdir(), 'huikuan-test-'));
  const config = loadConfig(
    { LOG_LEVEL: 'debug', ...opts.env },
    { dataDir, sessionSecret: 'test-secret-'.padEnd(48, 'x'), port: 0, host: '127.0.0.1', databaseUrl: null },
  );
  const logger = memoryLogger('debug');
  const clock = mutableClock(NOW);
  const services = await createServices(config, { db: scratch.db, logger, clock });
  const fx = await buildFixture(services);
  const extra = opts.full ? await assemble(services, { ...opts.env }) : {};
  const running = await startServer(services, {
    signals: false,
    web: false,
    ...opts,
    routes: [...(extra.routes ?? []), ...(opts.routes ?? [])],
    upgrades: [...(extra.upgrades ?? []), ...(opts.upgrades ?? [])],
  });
  const url = running.url;
  return {
    url,
    services,
    running,
    clock,
    logs: logger.lines,
    fx,
    scratch,
    client: () => new ApiClient(url),
    async as(user) {
      const c = new ApiClient(url);
      const r = await c.login(fx.users[user].login);
      if (r.status !== 200) throw new Error(`login ${user}: ${r.status} ${r.text}`);
      return c;
    },
    async close() {
      await running.stop('test');
      // stop() closed the database through the lifecycle; what is left is the scratch schema, if any.
      const url = process.env.DATABASE_URL;
      if (scratch.schema && url) await dropSchema(url, scratch.schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
