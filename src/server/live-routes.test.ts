import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveAssist } from './live-assist';
import { openServerFixture, type ServerFixture } from './live-test-kit';

describe('live call routes', () => {
  let s: ServerFixture;
  let caseId: string;
  beforeAll(async () => {
    s = await openServerFixture((services) => [liveAssist(services).routes]);
    caseId = (await s.fx.addDebtor()).caseId;
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('starts a call on the collector’s own case, by either path, with a socket and a token', async () => {
    const me = await s.as('collector');
    const a = await s.request('POST', `/api/cases/${caseId}/live-calls`, me, {});
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ caseId, socket: `/api/live-calls/${a.body.liveCallId}/socket` });
    expect(String(a.body.token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const b = await s.request('POST', '/api/live-calls', me, { caseId });
    expect(b.status).toBe(201);
  });

  it.each([
    // a case outside the caller's scope is "not found", whatever the route (resource-scope.ts)
    ['a collector of another team', 'otherCollector', 404],
    ['QA (reads calls, does not make them)', 'qa', 403],
  ] as const)('refuses %s', async (_what, user, status) => {
    const r = await s.request('POST', `/api/cases/${caseId}/live-calls`, await s.as(user), {});
    expect(r.status).toBe(status);
  });

  it('refuses without a session, and without the CSRF token', async () => {
    expect((await s.request('POST', `/api/cases/${caseId}/live-calls`, null, {})).status).toBe(401);
    const me = await s.as('collector');
    expect(
      (await s.request('POST', `/api/cases/${caseId}/live-calls`, { ...me, csrf: 'wrong' }, {})).status,
    ).toBe(403);
  });

  it('refuses to start on a held case, as a contact is refused; a call recorded there keeps a finding for QA', async () => {
    const held = (await s.fx.addDebtor()).caseId;
    s.fx.clock.set('2026-12-03T10:00:00+08:00');
    const stop = await s.request('POST', `/api/cases/${held}/stop`, await s.as('lead'), { reason: '住院' });
    expect(stop.status).toBe(201);
    s.fx.clock.set('2026-12-03T23:40:00+08:00');
    const me = await s.as('collector');
    const live = await s.request('POST', `/api/cases/${held}/live-calls`, me, {});
    const contact = await s.request('POST', `/api/cases/${held}/contacts`, me, {
      channel: 'call',
      connected: false,
      outcomeCode: 'no_answer',
    });
    expect(live.status).toBe(409);
    expect(live.body.error).toEqual({ ...(contact.body.error as object), requestId: expect.any(String) });
    expect(live.body.error).toMatchObject({
      code: 'contact.blocked',
      details: {
        nextAllowedAt: null,
        blocking: expect.arrayContaining([expect.objectContaining({ rule: 'contact.stop_list' })]),
      },
    });
    const flat = await s.request('POST', '/api/live-calls', me, { caseId: held });
    expect(flat.status).toBe(409);

    const call = await s.request('POST', `/api/cases/${held}/calls`, me, {
      at: '2026-12-03T23:30:00+08:00',
      transcript: '坐席：您好，我是某某公司催收员小王，工号1234，受银行委托联系您。\n客户：我下周一还1000。',
    });
    expect(call.status).toBe(201);
    const rules = (call.body.violations as { rule: string }[]).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(['contact.stop_list', 'contact.hours']));
    const qa = await s.request('GET', `/api/calls/${call.body.callId}`, await s.as('qa'), undefined);
    expect(qa.status).toBe(200);
    const findings = qa.body.findings as { rule: string; severity: string; reason: string }[];
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'contact.stop_list',
          severity: 'high',
          reason: expect.stringContaining('停催'),
        }),
        expect.objectContaining({ rule: 'contact.hours', severity: 'high' }),
      ]),
    );
    expect(qa.body.autoScore).toBeLessThanOrEqual(60);
    s.fx.clock.set('2026-12-01T02:00:00Z');
  });

  it('shows a call to those who may work the case, and ends it once', async () => {
    const me = await s.as('collector');
    const started = await s.request('POST', `/api/cases/${caseId}/live-calls`, me, {});
    const id = String(started.body.liveCallId);
    const got = await s.request('GET', `/api/live-calls/${id}`, await s.as('lead'), undefined);
    expect(got).toMatchObject({ status: 200, body: { liveCallId: id, status: 'active', turns: [] } });
    expect(
      (await s.request('GET', `/api/live-calls/${id}`, await s.as('otherCollector'), undefined)).status,
    ).toBe(404);
    expect((await s.request('GET', '/api/live-calls/lvc_nope', me, undefined)).status).toBe(404);
    const ended = await s.request('POST', `/api/live-calls/${id}/end`, me, {});
    expect(ended).toMatchObject({ status: 200, body: { liveCallId: id, callId: null, turns: 0 } });
    const again = await s.request('POST', `/api/live-calls/${id}/end`, me, {});
    expect(again).toMatchObject({ status: 200, body: { callId: null } });
    expect((await s.request('GET', `/api/live-calls/${id}`, me, undefined)).body.status).toBe('ended');
  });

  it('counts each live call started without an attempt as a dial: 14 in a minute hit the daily limit', async () => {
    const dialled = (await s.fx.addDebtor()).caseId;
    s.fx.clock.set('2026-12-02T10:00:00+08:00');
    const me = await s.as('collector');
    const statuses: number[] = [];
    let refusal: Record<string, unknown> = {};
    for (let k = 0; k < 14; k++) {
      s.fx.clock.set(new Date(Date.parse('2026-12-02T10:00:00+08:00') + k * 4_000).toISOString());
      const r = await s.request('POST', `/api/cases/${dialled}/live-calls`, me, {});
      statuses.push(r.status);
      if (r.status !== 201) {
        refusal = r.body.error as Record<string, unknown>;
        continue;
      }
      const ended = await s.request('POST', `/api/live-calls/${r.body.liveCallId}/end`, me, {});
      expect(ended.status).toBe(200);
    }
    expect(statuses).toEqual([...Array(6).fill(201), ...Array(8).fill(409)]);
    expect(refusal).toMatchObject({
      code: 'contact.blocked',
      details: { blocking: [expect.objectContaining({ rule: 'contact.frequency' })] },
    });
    const attempts = await s.fx.db.query<{ outcome_code: string }>(
      'select outcome_code from contact_attempts where case_id = $1',
      [dialled],
    );
    expect(attempts.rows).toEqual(Array(6).fill({ outcome_code: 'no_answer' }));
    s.fx.clock.set('2026-12-01T02:00:00Z');
  });
});
