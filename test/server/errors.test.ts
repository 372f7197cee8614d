import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute, jsonContent } from '../../src/server/route-kit';
import { ApiClient, get, startTestServer, type TestServer } from './harness';

/** Routes that fail on purpose, registered through the same seam part B uses. */
const boom = defineRoute('signed_in', {
  method: 'get',
  path: '/api/test/boom',
  summary: 'test: an unexpected error',
  responses: { 200: jsonContent(z.object({ ok: z.boolean() }), 'never') },
});
const slow = defineRoute('signed_in', {
  method: 'get',
  path: '/api/test/slow',
  summary: 'test: a request slower than the time limit',
  responses: { 200: jsonContent(z.object({ ok: z.boolean() }), 'too late') },
});

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: { REQUEST_TIMEOUT_MS: '300', BODY_LIMIT_BYTES: '2048' },
    routes: [
      (app) => {
        app.openapi(boom, () => {
          // The kind of message a driver produces: personal data a log must not keep.
          throw new Error('duplicate key: 张三 110105194912310021 phone 13812345678');
        });
        app.openapi(slow, async (c) => {
          await new Promise((r) => setTimeout(r, 1000));
          return c.json({ ok: true }, 200);
        });
      },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

describe('bad input', () => {
  const bad = { amountFen: -5, dueAt: 'next friday' };

  it('is a 400 naming each field, in Chinese by default', async () => {
    const c = await s.as('col1');
    const r = await c.post(`/api/cases/${s.fx.cases.col1[0]}/promises`, bad);
    expect(r.status).toBe(400);
    expect(get(r.body, 'error', 'code')).toBe('input.invalid');
    const issues = get(r.body, 'error', 'issues');
    expect(issues).toEqual([
      { path: 'amountFen', message: expect.stringContaining('不能少于') },
      { path: 'dueAt', message: expect.stringContaining('格式错误') },
    ]);
    expect(String(get(r.body, 'error', 'message'))).toMatch(/^请求数据有误/);
    expect(get(r.body, 'error', 'requestId')).toBe(r.headers.get('x-request-id'));
  });

  it('is in English when Accept-Language asks for it', async () => {
    const c = new ApiClient(s.url, 'en-US,en;q=0.9');
    await c.login('col1');
    const r = await c.post(`/api/cases/${s.fx.cases.col1[0]}/promises`, bad);
    expect(r.status).toBe(400);
    expect(String(get(r.body, 'error', 'message'))).toMatch(/^Invalid request: amountFen/);
    expect(get(r.body, 'error', 'issues', 0, 'path')).toBe('amountFen');
  });

  it('reports query and path parameters the same way', async () => {
    const c = await s.as('col1');
    const r = await c.get('/api/cases?pageSize=1000');
    expect(r.status).toBe(400);
    expect(get(r.body, 'error', 'issues', 0, 'path')).toBe('pageSize');
  });

  it('refuses a backwards period on the dashboard and the audit log, naming `to`', async () => {
    const m = await s.as('manager');
    for (const path of [
      '/api/dashboard?from=2026-12-02T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00',
      '/api/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
    ]) {
      const r = await m.get(path);
      expect(r.status, path).toBe(400);
      expect(get(r.body, 'error', 'issues', 0, 'path')).toBe('to');
      expect(String(get(r.body, 'error', 'issues', 0, 'message'))).toContain('不能早于开始');
    }
    // the same instant written in two zones is not backwards
    expect(
      (await m.get('/api/dashboard?from=2026-12-01T08:00:00%2B08:00&to=2026-12-01T00:00:00Z')).status,
    ).toBe(200);
  });

  it('is a 400 for a body that is not JSON', async () => {
    const c = await s.as('col1');
    const r = await c.request('POST', `/api/cases/${s.fx.cases.col1[0]}/promises`, undefined, {
      raw: '{"amountFen":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(get(r.body, 'error', 'code')).toBe('request.malformed');
  });

  it('is a 413 for a body over the limit', async () => {
    const c = await s.as('col1');
    const r = await c.post('/api/analyze', { transcript: `坐席：${'你好'.repeat(3000)}` });
    expect(r.status).toBe(413);
    expect(get(r.body, 'error', 'code')).toBe('request.too_large');
  });

  it('is a 415 for a body that is not JSON by type', async () => {
    const c = await s.as('col1');
    const r = await c.request('POST', '/api/analyze', undefined, {
      raw: 'transcript=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
  });
});

describe('coded errors', () => {
  it('map to their status with the message in the chosen language', async () => {
    const c = await s.as('col1');
    const r = await c.post(`/api/cases/${s.fx.cases.col1[0]}/promises`, {
      amountFen: 10_000,
      dueAt: '2026-11-01T00:00:00+08:00',
    });
    expect(r.status).toBe(422);
    expect(get(r.body, 'error')).toMatchObject({
      code: 'promise.due_in_past',
      message: '承诺还款时间必须晚于现在',
    });
  });

  it('give a JSON 404 for an unknown API path', async () => {
    const c = await s.as('col1');
    const r = await c.get('/api/nope');
    expect(r.status).toBe(404);
    expect(get(r.body, 'error', 'code')).toBe('route.not_found');
  });
});

describe('unknown errors', () => {
  it('are a generic 500 with a request id; the details go to the log, scrubbed', async () => {
    const c = await s.as('col1');
    const r = await c.request('GET', '/api/test/boom', undefined, {
      headers: { 'x-request-id': 'trace-boom-0001' },
    });
    expect(r.status).toBe(500);
    expect(get(r.body, 'error', 'code')).toBe('internal');
    expect(get(r.body, 'error', 'requestId')).toBe('trace-boom-0001');
    expect(r.text).not.toContain('duplicate');
    expect(r.text).toContain('trace-boom-0001');
    const line = s.logs.find((l) => l.includes('request.failed') && l.includes('trace-boom-0001'));
    expect(line).toBeDefined();
    expect(line).toContain('duplicate key');
    expect(line).not.toContain('110105194912310021');
    expect(line).not.toContain('13812345678');
  });

  it('time out with a 503 after REQUEST_TIMEOUT_MS', async () => {
    const c = await s.as('col1');
    const r = await c.get('/api/test/slow');
    expect(r.status).toBe(503);
    expect(get(r.body, 'error', 'code')).toBe('request.timeout');
  });
});

describe('logs', () => {
  it('hold no names, ID numbers, phone numbers or transcript text', async () => {
    const c = await s.as('col1');
    const caseId = s.fx.cases.col1[1]!;
    const reveal = await c.post(`/api/cases/${caseId}/reveal`, { purpose: '核对身份信息' });
    expect(reveal.status).toBe(200);
    const secret = [
      String(get(reveal.body, 'name')),
      String(get(reveal.body, 'idNumber')),
      String(get(reveal.body, 'contacts', 0, 'phone')),
    ];
    await c.post(`/api/cases/${caseId}/calls`, {
      transcript: `坐席：您好，请问是${secret[0]}吗？我是专员，工号1011。\n客户：是我，我的手机号是${secret[2]}，下周一还五百。`,
      at: '2026-11-30T09:40:00+08:00',
    });
    await c.get(`/api/cases?q=${caseId}`);
    const all = s.logs.join('\n');
    for (const x of secret) expect(all).not.toContain(x);
    expect(all).not.toContain('下周一还五百');
  });

  it('have one access line per request with the route, status and timing', async () => {
    const c = await s.as('col1');
    await c.request('GET', `/api/cases/${s.fx.cases.col1[0]}`, undefined, {
      headers: { 'x-request-id': 'trace-access-01' },
    });
    const line = s.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'request' && l.requestId === 'trace-access-01');
    expect(line).toMatchObject({
      method: 'GET',
      route: '/api/cases/:caseId',
      status: 200,
      role: 'collector',
    });
    expect(typeof line.ms).toBe('number');
  });
});
