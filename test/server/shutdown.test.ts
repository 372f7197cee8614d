import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute, jsonContent } from '../../src/server/route-kit';
import { startTestServer } from './harness';

/** SIGTERM: stop accepting, finish what is in flight, drain background work, close the database. */

const slowWrite = defineRoute('signed_in', {
  method: 'post',
  path: '/api/test/slow-write',
  summary: 'test: a write that takes a while',
  responses: { 200: jsonContent(z.object({ id: z.string() }), 'written') },
});

function rawGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('finishes requests in flight, refuses new ones, runs the drain hooks, then closes the database', async () => {
    const order: string[] = [];
    const s = await startTestServer({
      routes: [
        (app, services) => {
          app.openapi(slowWrite, async (c) => {
            await new Promise((r) => setTimeout(r, 600));
            // Written after shutdown began: the database must still be open.
            const id = services.ids.next('tst');
            await services.db.query(
              `insert into audit_log (at, agency_id, action, entity, entity_id) values (now(), 'x', 'test.slow_write', 'test', $1)`,
              [id],
            );
            order.push('request done');
            return c.json({ id }, 200);
          });
          services.lifecycle.onDrain('jobs', async () => {
            order.push('drain hook');
          });
          services.lifecycle.onClose('last', async () => {
            order.push('close hook');
          });
        },
      ],
    });
    const c = await s.as('col1');
    const inFlight = c.post('/api/test/slow-write');
    await new Promise((r) => setTimeout(r, 150));
    expect(s.running.inFlight()).toBe(1);
    const stopping = s.running.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    // New connections are no longer accepted.
    await expect(rawGet(`${s.url}/healthz`)).rejects.toThrow();
    const done = await inFlight;
    expect(done.status).toBe(200);
    await stopping;
    expect(order).toEqual(['request done', 'drain hook', 'close hook']);
    await expect(s.services.db.query('select 1')).rejects.toThrow();
    await s.close();
  });

  it('says it is not ready while draining, so a load balancer stops sending traffic', async () => {
    const s = await startTestServer();
    try {
      const anon = s.client();
      expect((await anon.get('/readyz')).status).toBe(200);
      s.services.lifecycle.draining = true;
      const r = await anon.get('/readyz');
      expect(r.status).toBe(503);
      const refused = await (await s.client()).get('/api/me');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('connection')).toBe('close');
      s.services.lifecycle.draining = false;
    } finally {
      await s.close();
    }
  });
});

describe('the serve command', () => {
  it('exits cleanly on SIGTERM after logging the stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huikuan-serve-'));
    const child = spawn(process.execPath, ['bin/huikuan', 'serve', '--port', '0'], {
      env: {
        ...process.env,
        DATA_DIR: dir,
        LOG_LEVEL: 'info',
        DATABASE_URL: '',
        SESSION_SECRET: 's'.repeat(40),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /"msg":"server.listening","url":"([^"]+)"/.exec(out);
          if (m?.[1]) {
            clearInterval(t);
            resolve(m[1]);
          }
        }, 100);
        child.once('exit', (code) => {
          clearInterval(t);
          reject(new Error(`exited ${code}: ${out}`));
        });
      });
      expect(await rawGet(`${url}/healthz`)).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('"msg":"server.stopped","reason":"SIGTERM"');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
