import type { z } from 'zod';
import { healthBody, readyBody } from '../api-schemas';
import { type ApiApp, defineRoute, jsonContent } from '../route-kit';
import type { Services } from '../services';

const healthz = defineRoute('public', {
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness: the process answers',
  responses: { 200: jsonContent(healthBody, 'Alive') },
});

const readyz = defineRoute('public', {
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: 'Readiness: the database answers, migrations are applied, not shutting down',
  responses: {
    200: jsonContent(readyBody, 'Ready to take traffic'),
    503: jsonContent(readyBody, 'Not ready (starting, shutting down, or the database is unreachable)'),
  },
});

export function registerHealthRoutes(app: ApiApp, services: Services): void {
  const alive: z.infer<typeof healthBody> = { status: 'ok' };
  app.openapi(healthz, (c) => c.json(alive, 200));

  app.openapi(readyz, async (c) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    checks.accepting = { ok: !services.lifecycle.draining };
    try {
      const r = await services.db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
      checks.database = { ok: true };
      checks.migrations = { ok: Number(r.rows[0]?.n ?? 0) > 0 };
    } catch {
      // The reason stays in the server's own logs; the probe only needs yes or no.
      checks.database = { ok: false, detail: 'unreachable' };
    }
    const body: z.infer<typeof readyBody> = {
      status: Object.values(checks).every((x) => x.ok) ? 'ready' : 'not_ready',
      checks,
    };
    return body.status === 'ready' ? c.json(body, 200) : c.json(body, 503);
  });
}
