import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { ApiClient, field, get, PASSWORD, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite, path-wide session cookie and returns the user and a CSRF token', async () => {
    const c = s.client();
    const r = await c.login('col1');
    expect(r.status).toBe(200);
    const cookie = r.headers.getSetCookie().find((x) => x.startsWith('hk_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(get(r.body, 'user', 'role')).toBe('collector');
    expect(field(r.body, 'csrfToken')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(field(me.body, 'user', 'login')).toBe('col1');
  });

  it('marks the cookie Secure behind an HTTPS proxy when the proxy is trusted', async () => {
    const secure = await startTestServer({ env: { TRUST_PROXY: 'true' } });
    try {
      const r = await secure
        .client()
        .request(
          'POST',
          '/api/auth/login',
          { login: 'col1', password: PASSWORD },
          { headers: { 'x-forwarded-proto': 'https' } },
        );
      expect(r.headers.getSetCookie().join(';')).toMatch(/Secure/);
    } finally {
      await secure.close();
    }
  });

  it('stores only a hash of the session token', async () => {
    const c = s.client();
    await c.login('col2');
    const token = c.sessionCookie?.split('=')[1] ?? '';
    const rows = await s.services.db.query<{ id: string }>('select id from sessions');
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.some((r) => r.id === token)).toBe(false);
  });

  it('answers an unknown login exactly like a wrong password', async () => {
    const wrong = await s.client().post('/api/auth/login', { login: 'col3', password: 'nope-nope-nope' });
    const unknown = await s.client().post('/api/auth/login', { login: 'nobody', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(get(wrong.body, 'error', 'code')).toBe('auth.bad_credentials');
    expect(get(unknown.body, 'error', 'message')).toBe(get(wrong.body, 'error', 'message'));
  });

  it('refuses requests without a session', async () => {
    const r = await s.client().get('/api/me');
    expect(r.status).toBe(401);
    expect(get(r.body, 'error', 'code')).toBe('auth.unauthenticated');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, or with a wrong one, and accepts the right one', async () => {
    const c = await s.as('col1');
    const caseId = s.fx.cases.col1[0]!;
    const body = { amountFen: 10_000, dueAt: '2026-12-20T23:59:59+08:00' };
    const none = await c.request('POST', `/api/cases/${caseId}/promises`, body, { csrf: false });
    expect(none.status).toBe(403);
    expect(get(none.body, 'error', 'code')).toBe('auth.csrf');
    const wrong = await c.request('POST', `/api/cases/${caseId}/promises`, body, {
      csrf: false,
      headers: { 'x-csrf-token': 'A'.repeat(43) },
    });
    expect(wrong.status).toBe(403);
    const other = await s.as('col1');
    const foreign = await c.request('POST', `/api/cases/${caseId}/promises`, body, {
      csrf: false,
      headers: { 'x-csrf-token': other.csrf ?? '' },
    });
    expect(foreign.status).toBe(403);
    const ok = await c.post(`/api/cases/${caseId}/promises`, body);
    expect(ok.status).toBe(201);
  });

  it('refuses a request whose Origin is another site, even with the token', async () => {
    const c = await s.as('col1');
    const r = await c.request(
      'POST',
      '/api/auth/logout',
      {},
      { headers: { origin: 'https://evil.example' } },
    );
    expect(r.status).toBe(403);
    expect(get(r.body, 'error', 'code')).toBe('auth.origin');
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('lets reads through without a token', async () => {
    const c = await s.as('col1');
    c.csrf = null;
    expect((await c.get('/api/queue')).status).toBe(200);
  });
});

describe('signing out', () => {
  it('ends this session only', async () => {
    const a = await s.as('col3');
    const b = await s.as('col3');
    expect((await a.post('/api/auth/logout')).status).toBe(200);
    expect((await a.get('/api/me')).status).toBe(401);
    expect((await b.get('/api/me')).status).toBe(200);
  });

  it('ends every session of the user with "log out everywhere"', async () => {
    const a = await s.as('lead2');
    const b = await s.as('lead2');
    const stolen = new ApiClient(s.url);
    stolen.sessionCookie = b.sessionCookie;
    const r = await a.post('/api/auth/logout-all');
    expect(r.status).toBe(200);
    expect(get(r.body, 'revoked')).toBeGreaterThanOrEqual(2);
    expect((await b.get('/api/me')).status).toBe(401);
    expect((await stolen.get('/api/me')).status).toBe(401);
    const audit = await s.services.db.query(
      "select 1 from audit_log where action = 'auth.signed_out_everywhere'",
    );
    expect(audit.rows.length).toBe(1);
  });

  it('ends a session that stayed idle too long', async () => {
    const c = await s.as('viewerB');
    s.clock.advance((s.services.config.sessionIdleMinutes + 1) * 60_000);
    try {
      expect((await c.get('/api/me')).status).toBe(401);
    } finally {
      s.clock.set('2026-11-30T10:00:00+08:00');
    }
  });

  it('ends the sessions of a user who is deactivated, and of one whose password is reset', async () => {
    const admin = await s.as('admin');
    const victim = await s.as('col2');
    const r = await admin.request('PATCH', `/api/users/${s.fx.users.col2.id}`, { active: false });
    expect(r.status).toBe(200);
    expect((await victim.get('/api/me')).status).toBe(401);
    expect((await s.client().login('col2')).status).toBe(401);
    await admin.request('PATCH', `/api/users/${s.fx.users.col2.id}`, { active: true });
    const again = await s.as('col2');
    const reset = await admin.post(`/api/users/${s.fx.users.col2.id}/password`, {
      password: 'a new long password',
    });
    expect(reset.status).toBe(200);
    expect((await again.get('/api/me')).status).toBe(401);
    expect((await s.client().login('col2', 'a new long password')).status).toBe(200);
    await admin.post(`/api/users/${s.fx.users.col2.id}/password`, { password: PASSWORD });
  });

  it('changing your own password keeps this session and ends the others', async () => {
    const here = await s.as('trainer');
    const there = await s.as('trainer');
    const wrong = await here.post('/api/me/password', {
      currentPassword: 'wrong',
      newPassword: 'another long password',
    });
    expect(wrong.status).toBe(403);
    const ok = await here.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'another long password',
    });
    expect(ok.status).toBe(200);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await there.get('/api/me')).status).toBe(401);
    await here.post('/api/me/password', { currentPassword: 'another long password', newPassword: PASSWORD });
  });
});

describe('login rate limit and lockout', () => {
  it('locks a login after five failures in a row — even the right password is refused — and says when to retry', async () => {
    const c = s.client();
    for (let i = 0; i < 4; i++)
      expect((await c.post('/api/auth/login', { login: 'qa', password: `bad-${i}` })).status).toBe(401);
    const fifth = await c.post('/api/auth/login', { login: 'qa', password: 'bad-5' });
    expect(fifth.status).toBe(429);
    expect(get(fifth.body, 'error', 'code')).toBe('auth.locked');
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await c.post('/api/auth/login', { login: 'qa', password: PASSWORD });
    expect(right.status).toBe(429);
    const audit = await s.services.db.query("select entity_id from audit_log where action = 'auth.locked'");
    expect(audit.rows).toEqual([{ entity_id: s.fx.users.qa.id }]);
  });

  it('keeps the lock in the database, so another server process refuses too', async () => {
    // A second app on the same database: what a second API process would be.
    const other = createApp(s.services, { web: false });
    const r = await other.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'qa', password: PASSWORD }),
    });
    expect(r.status).toBe(429);
  });

  it('lifts the lock when its time has passed', async () => {
    s.clock.advance((s.services.config.loginLockMinutes + 1) * 60_000);
    try {
      expect((await s.client().login('qa')).status).toBe(200);
    } finally {
      s.clock.set('2026-11-30T10:00:00+08:00');
    }
  });

  it('locks an unknown login the same way, revealing nothing', async () => {
    const c = s.client();
    let last = 0;
    for (let i = 0; i < 5; i++)
      last = (await c.post('/api/auth/login', { login: 'ghost', password: 'x' })).status;
    expect(last).toBe(429);
  });

  it('refuses an address that keeps failing across many logins', async () => {
    const strict = await startTestServer({ env: { LOGIN_IP_MAX_FAILURES: '6' } });
    try {
      const c = strict.client();
      for (let i = 0; i < 6; i++) await c.post('/api/auth/login', { login: `spray-${i}`, password: 'x' });
      const r = await c.post('/api/auth/login', { login: 'col1', password: PASSWORD });
      expect(r.status).toBe(429);
      expect(get(r.body, 'error', 'code')).toBe('auth.rate_limited');
    } finally {
      await strict.close();
    }
  });
});
