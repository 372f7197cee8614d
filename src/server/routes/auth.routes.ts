import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import { auditEntry } from '../../cases/audit-entry';
import { auditRepository } from '../../store/audit.repository';
import { type Principal, permissionsOf } from '../access';
import { changePasswordBody, loginBody, logoutAllBody, meBody, okBody } from '../api-schemas';
import { hashPassword, verifyNobody, verifyPassword } from '../auth/passwords';
import {
  createSession,
  revokeOtherSessions,
  revokeSession,
  revokeUserSessions,
  SESSION_COOKIE,
} from '../auth/sessions';
import { checkThrottle, clearLogin, recordFailure, type ThrottleState, throttleKeys } from '../auth/throttle';
import { httpError } from '../errors';
import { clientIp, isHttps } from '../middleware';
import {
  type ApiApp,
  type ApiEnv,
  defineRoute,
  errors,
  jsonBody,
  jsonContent,
  principal,
} from '../route-kit';
import type { Services } from '../services';

const login = defineRoute('public', {
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in: sets the HttpOnly session cookie and returns the CSRF token',
  description:
    'Five failed attempts in a row lock the login for 15 minutes (LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES); many failures from one address are refused for the same window. Unknown logins are answered exactly like wrong passwords.',
  request: { body: jsonBody(loginBody) },
  responses: { 200: jsonContent(meBody, 'Signed in'), ...errors(401, 429) },
});

const logout = defineRoute('signed_in', {
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Sign out of this session',
  responses: { 200: jsonContent(okBody, 'Signed out') },
});

const logoutAll = defineRoute('signed_in', {
  method: 'post',
  path: '/api/auth/logout-all',
  tags: ['auth'],
  summary: 'Sign out everywhere: every session of this user ends',
  responses: { 200: jsonContent(logoutAllBody, 'All sessions ended') },
});

const me = defineRoute('signed_in', {
  method: 'get',
  path: '/api/me',
  tags: ['auth'],
  summary: 'Who am I: user, role, permissions and the CSRF token',
  responses: { 200: jsonContent(meBody, 'The signed-in user') },
});

const changePassword = defineRoute('signed_in', {
  method: 'post',
  path: '/api/me/password',
  tags: ['auth'],
  summary: 'Change your password (other sessions end)',
  request: { body: jsonBody(changePasswordBody) },
  responses: { 200: jsonContent(okBody, 'Changed') },
});

interface UserRow {
  id: string;
  agency_id: string;
  password_hash: string | null;
  role: string;
}

export async function meOf(services: Services, p: Principal): Promise<z.infer<typeof meBody>> {
  const r = await services.db.query<{ agency: string; team: string | null; client: string | null }>(
    `select a.name as agency, t.name as team, cl.name as client
       from agencies a left join teams t on t.id = $2 left join clients cl on cl.id = $3
      where a.id = $1`,
    [p.agencyId, p.teamId, p.clientId],
  );
  const names = r.rows[0];
  return {
    user: {
      id: p.userId,
      login: p.login,
      name: p.name,
      role: p.role,
      staffNo: p.staffNo,
      agencyId: p.agencyId,
      agencyName: names?.agency ?? '',
      teamId: p.teamId,
      teamName: names?.team ?? null,
      clientId: p.clientId,
      clientName: names?.client ?? null,
    },
    csrfToken: p.csrfToken,
    permissions: permissionsOf(p.role),
    session: {
      createdAt: p.sessionCreatedAt.toISOString(),
      expiresAt: p.sessionExpiresAt.toISOString(),
      idleMinutes: services.config.sessionIdleMinutes,
    },
    serverTime: services.clock.now().toISOString(),
  };
}

function refusal(state: Extract<ThrottleState, { ok: false }>) {
  return state.reason === 'locked'
    ? httpError(
        'auth.locked',
        {
          zh: `登录失败次数过多，账号已临时锁定，请 ${Math.ceil(state.retryAfterSeconds / 60)} 分钟后再试或联系管理员`,
          en: `Too many failed sign-ins: the login is locked; try again in ${Math.ceil(state.retryAfterSeconds / 60)} minute(s) or ask an administrator`,
        },
        { retryAfterSeconds: state.retryAfterSeconds },
      )
    : httpError(
        'auth.rate_limited',
        {
          zh: '来自该地址的登录失败过多，请稍后再试',
          en: 'Too many failed sign-ins from this address; try again later',
        },
        { retryAfterSeconds: state.retryAfterSeconds },
      );
}

const BAD_CREDENTIALS = () =>
  httpError('auth.bad_credentials', { zh: '账号或密码错误', en: 'Wrong login or password' });

function cookieSecure(services: Services, c: Context<ApiEnv>): boolean {
  if (services.config.cookieSecure === 'always') return true;
  if (services.config.cookieSecure === 'never') return false;
  return isHttps(c, services.config.trustProxy);
}

export function registerAuthRoutes(app: ApiApp, services: Services): void {
  const { db, config } = services;
  const policy = {
    maxFailures: config.loginMaxFailures,
    lockMinutes: config.loginLockMinutes,
    ipMaxFailures: config.loginIpMaxFailures,
    secret: config.sessionSecret,
  };
  const audit = auditRepository(db);
  const sessionPolicy = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
  const OK: z.infer<typeof okBody> = { ok: true };

  app.openapi(login, async (c) => {
    const body = c.req.valid('json');
    const now = services.clock.now();
    const keys = throttleKeys(policy, body.login, clientIp(c, config.trustProxy));
    const state = await checkThrottle(db, policy, keys, now);
    if (!state.ok) throw refusal(state);
    const found = await db.query<UserRow>(
      'select id, agency_id, password_hash, role from users where lower(login) = lower($1) and active',
      [body.login],
    );
    const user = found.rows[0];
    const ok = user?.password_hash
      ? await verifyPassword(user.password_hash, body.password)
      : await verifyNobody(body.password);
    if (!user || !ok) {
      const after = await recordFailure(db, policy, keys, now);
      if (!after.ok) {
        if (user)
          await audit.append(
            auditEntry(
              { agencyId: user.agency_id, userId: null },
              now,
              null,
              'auth.locked',
              'user',
              user.id,
              {
                retryAfterSeconds: after.retryAfterSeconds,
              },
            ),
          );
        throw refusal(after);
      }
      throw BAD_CREDENTIALS();
    }
    await clearLogin(db, keys);
    const session = await createSession(db, { id: user.id, agencyId: user.agency_id }, now, sessionPolicy);
    await audit.append(
      auditEntry(
        { agencyId: user.agency_id, userId: user.id },
        now,
        null,
        'auth.signed_in',
        'user',
        user.id,
        {},
      ),
    );
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: cookieSecure(services, c),
      path: '/',
      maxAge: config.sessionMaxHours * 3600,
    });
    const p = await services.sessions.resolve(session.token, now);
    if (!p) throw BAD_CREDENTIALS();
    c.set('principal', p);
    return c.json(await meOf(services, p), 200);
  });

  app.openapi(logout, async (c) => {
    const p = principal(c);
    await revokeSession(db, p.sessionId, services.clock.now());
    services.sessions.forgetSession(p.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json(OK, 200);
  });

  app.openapi(logoutAll, async (c) => {
    const p = principal(c);
    const now = services.clock.now();
    const revoked = await revokeUserSessions(db, p.userId, now);
    services.sessions.forgetUser(p.userId);
    await audit.append(
      auditEntry(
        { agencyId: p.agencyId, userId: p.userId },
        now,
        null,
        'auth.signed_out_everywhere',
        'user',
        p.userId,
        {
          sessions: revoked,
        },
      ),
    );
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ revoked }, 200);
  });

  app.openapi(me, async (c) => c.json(await meOf(services, principal(c)), 200));

  app.openapi(changePassword, async (c) => {
    const p = principal(c);
    const body = c.req.valid('json');
    const now = services.clock.now();
    const row = (
      await db.query<{ password_hash: string | null }>('select password_hash from users where id = $1', [
        p.userId,
      ])
    ).rows[0];
    if (!row?.password_hash || !(await verifyPassword(row.password_hash, body.currentPassword)))
      throw httpError('auth.wrong_password', { zh: '当前密码不正确', en: 'The current password is wrong' });
    const hash = await hashPassword(body.newPassword);
    await db.transaction(async (tx) => {
      await tx.query('update users set password_hash = $2, password_changed_at = $3 where id = $1', [
        p.userId,
        hash,
        now,
      ]);
      // Every other session ends: a password change is how a user shuts out whoever else had it.
      await revokeOtherSessions(tx, p.userId, p.sessionId, now);
      await auditRepository(tx).append(
        auditEntry(
          { agencyId: p.agencyId, userId: p.userId },
          now,
          null,
          'auth.password_changed',
          'user',
          p.userId,
        ),
      );
    });
    services.sessions.forgetUser(p.userId);
    return c.json(OK, 200);
  });
}
