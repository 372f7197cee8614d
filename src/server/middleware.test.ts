import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './live-test-kit';

/**
 * NUL (U+0000) in any input: PostgreSQL text cannot hold it, so before the central check these
 * requests reached the database and answered 500. Each must be a 400 `input.invalid` naming the field.
 */
describe('NUL characters in a request', () => {
  let s: ServerFixture;
  let who: { cookie: string; csrf: string };
  let caseId: string;
  beforeAll(async () => {
    s = await openServerFixture(() => []);
    caseId = (await s.fx.addDebtor({ assignTo: 'collector' })).caseId;
    who = await s.as('manager');
  });
  afterAll(async () => {
    await s?.dispose();
  });

  async function send(method: string, path: string, body?: BodyInit, type = 'application/json') {
    const res = await s.app.request(path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  function expectInvalid(r: { status: number; body: Record<string, unknown> }, path: string) {
    expect(r.status).toBe(400);
    const error = r.body.error as {
      code: string;
      message: string;
      issues: { path: string; message: string }[];
    };
    expect(error.code).toBe('input.invalid');
    expect(error.issues).toEqual([{ path, message: expect.stringContaining('\\u0000') }]);
    expect(error.message).toContain(path);
  }

  it('refuses NUL in a path parameter, naming the parameter', async () => {
    expectInvalid(await send('GET', '/api/cases/%E4%BD%A0%00x'), 'caseId');
    expectInvalid(await send('GET', '/api/calls/cal_%00'), 'callId');
  });

  it('refuses NUL in the query', async () => {
    expectInvalid(await send('GET', '/api/cases?q=%E5%BC%A0%00'), 'q');
  });

  it('refuses NUL in a JSON body string, a nested one and a key', async () => {
    expectInvalid(
      await send('POST', `/api/cases/${caseId}/stop`, JSON.stringify({ reason: 'a\u0000b' })),
      'reason',
    );
    expectInvalid(
      await send(
        'POST',
        `/api/cases/${caseId}/calls`,
        JSON.stringify({ turns: [{ speaker: 'agent', text: '您好\u0000' }] }),
      ),
      'turns.0.text',
    );
    expectInvalid(
      await send(
        'POST',
        `/api/cases/${caseId}/payments`,
        JSON.stringify({
          amountFen: 100,
          channel: 'bank_transfer',
          reference: 'a\u0000b',
          paidAt: '2026-12-01T09:00:00+08:00',
        }),
      ),
      'reference',
    );
    expectInvalid(
      await send('POST', `/api/cases/${caseId}/stop`, JSON.stringify({ 'x\u0000': 1 })),
      'x\u0000',
    );
  });

  it('refuses NUL in a form field', async () => {
    const form = new FormData();
    form.set('clientId', s.fx.clientId);
    form.set('batchNo', 'b\u0000');
    form.set('file', new Blob(['a,b\n1,2\n']), 'x.csv');
    const res = await s.app.request('/api/imports', {
      method: 'POST',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      body: form,
    });
    expectInvalid({ status: res.status, body: (await res.json()) as Record<string, unknown> }, 'batchNo');
  });

  it('leaves other requests alone: a clean body reaches the route, malformed JSON is still malformed', async () => {
    const ok = await send('POST', `/api/cases/${caseId}/stop`, JSON.stringify({ reason: '客户投诉' }));
    expect(ok.status).not.toBe(400);
    expect(ok.status).toBeLessThan(500);
    const bad = await send('POST', `/api/cases/${caseId}/stop`, '{"reason":');
    expect(bad.status).toBe(400);
    expect((bad.body.error as { code: string }).code).toBe('request.malformed');
    const page = await send('GET', `/api/cases/${caseId}`);
    expect(page.status).toBe(200);
  });
});
