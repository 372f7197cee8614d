import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { createApp, type RouteRegistrar } from './app';
import { hashPassword } from './auth/passwords';
import type { ApiApp } from './route-kit';
import { createServices, type Services } from './services';

/**
 * For part B's route tests: the case fixture behind the real app (sessions, CSRF, error table), each
 * fixture user signed in with a password, and extra routes registered through the app's seam.
 */
export interface ServerFixture {
  fx: CaseFixture;
  services: Services;
  app: ApiApp;
  /** signs a fixture user in: the cookie and CSRF header to send */
  as(user: keyof CaseFixture['users']): Promise<{ cookie: string; csrf: string }>;
  request(
    method: string,
    path: string,
    who: { cookie: string; csrf: string } | null,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  dispose(): Promise<void>;
}

export const TEST_PASSWORD = 'part-b-test-password';

export async function openServerFixture(
  routes: (services: Services) => RouteRegistrar[] | Promise<RouteRegistrar[]>,
): Promise<ServerFixture> {
  const fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
  const config = loadConfig(
    {},
    { dataDir: mkdtempSync(join(tmpdir(), 'hk-b-')), sessionSecret: 'x'.repeat(40), logLevel: 'silent' },
  );
  const services = await createServices(config, { db: fx.db, clock: fx.clock });
  const hash = await hashPassword(TEST_PASSWORD);
  for (const [name, id] of Object.entries(fx.users))
    await fx.db.query('update users set login = $2, password_hash = $3 where id = $1', [
      id,
      `${name}-${id.slice(-6)}`,
      hash,
    ]);
  const app = createApp(services, { routes: await routes(services), web: false });
  const request: ServerFixture['request'] = async (method, path, who, body) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (who) {
      headers.cookie = who.cookie;
      headers['x-csrf-token'] = who.csrf;
    }
    const res = await app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return {
    fx,
    services,
    app,
    request,
    async as(user) {
      const id = fx.users[user];
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: `${user}-${id.slice(-6)}`, password: TEST_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login as ${user}: ${res.status} ${await res.text()}`);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const me = (await res.json()) as { csrfToken: string };
      return { cookie, csrf: me.csrfToken };
    },
    async dispose() {
      await fx.dispose();
    },
  };
}
