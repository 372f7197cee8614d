import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, get, startTestServer, type TestServer } from './harness';

/** A collector's day through the API: blocked contacts, a call analysed, a promise confirmed, a payment. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('a blocked contact', () => {
  it('is a 409 with every blocking rule, its reason in both languages and when it is next allowed; nothing is recorded', async () => {
    const c = await s.as('col1');
    const caseId = s.fx.cases.col1[0]!;
    const r = await c.post(`/api/cases/${caseId}/contacts`, {
      channel: 'call',
      connected: false,
      outcomeCode: 'no_answer',
      at: '2026-11-29T23:10:00+08:00',
    });
    expect(r.status).toBe(409);
    expect(get(r.body, 'error', 'code')).toBe('contact.blocked');
    expect(String(get(r.body, 'error', 'message'))).toContain('最早可联系时间');
    const blocking = get(r.body, 'error', 'details', 'blocking') as {
      rule: string;
      reason: { zh: string; en: string };
    }[];
    expect(blocking.map((b) => b.rule)).toContain('contact.hours');
    expect(blocking[0]?.reason.zh.length).toBeGreaterThan(0);
    expect(blocking[0]?.reason.en.length).toBeGreaterThan(0);
    // in the debtor's zone, as the message says it (docs/api.md)
    expect(get(r.body, 'error', 'details', 'nextAllowedAt')).toBe('2026-11-30T08:00:00+08:00');
    const n = await s.services.db.query('select 1 from contact_attempts where case_id = $1', [caseId]);
    expect(n.rows).toHaveLength(0);
  });

  it('is blocked by a hold with no time to wait for, and the case page says so per contact', async () => {
    const lead = await s.as('lead1');
    const caseId = s.fx.cases.col1[1]!;
    const stop = await lead.post(`/api/cases/${caseId}/stop`, { reason: '家属来电称债务人住院' });
    expect(stop.status).toBe(201);
    const col = await s.as('col1');
    const r = await col.post(`/api/cases/${caseId}/contacts`, {
      channel: 'call',
      connected: false,
      outcomeCode: 'no_answer',
      at: '2026-11-30T10:00:00+08:00',
    });
    expect(r.status).toBe(409);
    expect(get(r.body, 'error', 'details', 'nextAllowedAt')).toBeNull();
    expect((get(r.body, 'error', 'details', 'blocking') as { rule: string }[]).map((b) => b.rule)).toContain(
      'contact.stop_list',
    );
    const page = await col.get(`/api/cases/${caseId}`);
    const contacts = get(page.body, 'contacts') as {
      guard: { allowed: boolean; blocking: { rule: string }[] };
    }[];
    expect(contacts.length).toBeGreaterThan(0);
    for (const k of contacts) {
      expect(k.guard.allowed).toBe(false);
      expect(k.guard.blocking.map((b) => b.rule)).toContain('contact.stop_list');
    }
    const resume = await lead.post(`/api/holds/${field(stop.body, 'holdId')}/resume`, {
      note: '已出院，恢复联系',
    });
    expect(resume.status).toBe(200);
    expect(get(resume.body, 'stillOnHold')).toBe(false);
    const again = await col.post(`/api/cases/${caseId}/contacts`, {
      channel: 'call',
      connected: false,
      outcomeCode: 'no_answer',
      at: '2026-11-30T10:00:00+08:00',
    });
    expect(again.status).toBe(201);
  });

  it('stops the fourth conversation of the day', async () => {
    const col = await s.as('col1');
    const caseId = s.fx.cases.col1[2]!;
    const talk = (at: string) =>
      col.post(`/api/cases/${caseId}/contacts`, {
        channel: 'call',
        connected: true,
        answeredBy: 'debtor',
        outcomeCode: 'talked',
        at,
      });
    for (const at of ['2026-11-30T08:30:00+08:00', '2026-11-30T09:00:00+08:00', '2026-11-30T09:30:00+08:00'])
      expect((await talk(at)).status).toBe(201);
    const fourth = await talk('2026-11-30T09:50:00+08:00');
    expect(fourth.status).toBe(409);
    expect(
      (get(fourth.body, 'error', 'details', 'blocking') as { rule: string }[]).map((b) => b.rule),
    ).toContain('contact.frequency');
    expect(get(fourth.body, 'error', 'details', 'nextAllowedAt')).toBe('2026-12-01T08:00:00+08:00');
    // A call recorded without its attempt right after is kept, with the broken rule a finding for QA.
    const call = await col.post(`/api/cases/${caseId}/calls`, {
      at: '2026-11-30T09:55:00+08:00',
      transcript:
        '坐席：您好，我是汇信的专员王磊，工号1011，受测试银行甲委托联系您。\n客户：我下周一还1000。',
    });
    expect(call.status).toBe(201);
    const qa = await s.as('qa');
    const detail = await qa.get(`/api/calls/${field(call.body, 'callId')}`);
    const findings = get(detail.body, 'findings') as { rule: string; reason: string }[];
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'contact.frequency',
          reason: expect.stringContaining('今天已与债务人有效通话 3 次'),
        }),
      ]),
    );
    expect(get(detail.body, 'autoScore')).toBeLessThanOrEqual(80);
  });
});

describe('a call', () => {
  let callId = '';
  let proposalId = '';
  let attemptId = '';
  const caseId = () => s.fx.cases.col1[3]!;

  it('goes in as a transcript and comes back analysed, with the promise proposed', async () => {
    const col = await s.as('col1');
    const attempt = await col.post(`/api/cases/${caseId()}/contacts`, {
      channel: 'call',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'promise_to_pay',
      at: '2026-11-30T09:40:00+08:00',
    });
    expect(attempt.status).toBe(201);
    attemptId = field(attempt.body, 'attemptId');
    const r = await col.post(`/api/cases/${caseId()}/calls`, {
      attemptId,
      at: '2026-11-30T09:45:00+08:00',
      transcript: [
        '坐席：您好，我是汇信的专员王磊，工号1011，受测试银行甲委托，跟您核对一下信用卡的还款情况。',
        '客户：我知道，最近生意不好，手头紧。',
        '坐席：理解您的难处，您看这个月能先安排多少？',
        '客户：这周五我先还三千，剩下的月底再说。',
      ].join('\n'),
    });
    expect(r.status).toBe(201);
    callId = field(r.body, 'callId');
    expect(get(r.body, 'analysis', 'version')).toBe(1);
    expect((get(r.body, 'analysis', 'turns') as unknown[]).length).toBe(4);
    const proposals = get(r.body, 'proposals') as {
      proposalId: string;
      amountFen: number | null;
      dueAt: string | null;
    }[];
    expect(proposals.length).toBeGreaterThan(0);
    const p = proposals[0]!;
    expect(p.amountFen).toBe(300_000);
    expect(p.dueAt).toBe('2026-12-04T15:59:59.000Z');
    proposalId = p.proposalId;
  });

  it('is recorded once per attempt, and only at a time it can have been made', async () => {
    const col = await s.as('col1');
    const transcript = '坐席：您好，我是汇信的专员王磊，工号1011。\n客户：这周五我先还三千。';
    const again = await col.post(`/api/cases/${caseId()}/calls`, {
      attemptId,
      at: '2026-11-30T09:45:00+08:00',
      transcript,
    });
    expect(again.status).toBe(409);
    expect(get(again.body, 'error', 'code')).toBe('call.attempt_recorded');
    expect(get(again.body, 'error', 'details')).toEqual({ attemptId, callId });
    expect(String(get(again.body, 'error', 'message'))).toContain(callId);
    for (const [at, code] of [
      ['2027-03-01T10:00:00+08:00', 'call.in_future'],
      ['1990-03-01T10:00:00+08:00', 'call.before_placement'],
    ] as const) {
      const r = await col.post(`/api/cases/${caseId()}/calls`, { at, transcript });
      expect(r.status).toBe(422);
      expect(get(r.body, 'error', 'code')).toBe(code);
    }
    const calls = await s.services.db.query('select 1 from calls where case_id = $1', [caseId()]);
    expect(calls.rows).toHaveLength(1);
  });

  it('shows on the case page and in the advisor’s suggestions', async () => {
    const col = await s.as('col1');
    const page = await col.get(`/api/cases/${caseId()}`);
    expect((get(page.body, 'calls') as { id: string }[]).map((k) => k.id)).toContain(callId);
    expect(
      (get(page.body, 'proposals') as { id: string; status: string }[]).find((x) => x.id === proposalId)
        ?.status,
    ).toBe('proposed');
    const advice = await col.get(`/api/cases/${caseId()}/suggestions`);
    expect(advice.status).toBe(200);
    expect(get(advice.body, 'callId')).toBe(callId);
    const strategies = get(advice.body, 'advice', 'strategies') as {
      id: string;
      scripts: { text: string }[];
    }[];
    expect(strategies.length).toBeGreaterThan(0);
    // Scripts are filled from the case and the collector's profile, never with placeholders left in.
    for (const st of strategies) for (const sc of st.scripts) expect(sc.text).not.toMatch(/\{[^}]+\}/);
  });

  it('has its proposed promise confirmed into a promise, once', async () => {
    const col = await s.as('col1');
    const r = await col.post(`/api/proposals/${proposalId}/confirm`, {});
    expect(r.status).toBe(201);
    expect(get(r.body, 'amountFen')).toBe(300_000);
    const again = await col.post(`/api/proposals/${proposalId}/confirm`, {});
    expect(again.status).toBe(409);
    expect(get(again.body, 'error', 'code')).toBe('proposal.decided');
  });

  it('is paid: the payment is allocated to the promise, which is kept; the same reference again changes nothing', async () => {
    const col = await s.as('col1');
    const body = {
      amountFen: 300_000,
      paidAt: '2026-11-30T09:58:00+08:00',
      channel: 'bank_transfer',
      reference: 'TXN-WF-1',
    };
    const r = await col.post(`/api/cases/${caseId()}/payments`, body);
    expect(r.status).toBe(201);
    expect((get(r.body, 'kept') as string[]).length).toBe(1);
    const dup = await col.post(`/api/cases/${caseId()}/payments`, body);
    expect(dup.status).toBe(200);
    expect(get(dup.body, 'duplicate')).toBe(true);
    const conflict = await col.post(`/api/cases/${caseId()}/payments`, { ...body, amountFen: 1 });
    expect(conflict.status).toBe(409);
    const page = await col.get(`/api/cases/${caseId()}`);
    expect(get(page.body, 'case', 'paidFen')).toBe(300_000);
    const promises = get(page.body, 'promises') as { status: string; paidFen: number }[];
    expect(promises.map((x) => x.status)).toEqual(['kept']);
    // the case's timeline names the promise's status in the reader's language
    const timeline = get(page.body, 'timeline') as { kind: string; summaryZh: string; summaryEn: string }[];
    const promise = timeline.find((x) => x.kind === 'promise')!;
    expect(promise.summaryZh).toMatch(/前（已兑现）$/);
    expect(promise.summaryEn).toMatch(/\(kept\)$/);
  });

  it('is in QA with its score, and the collector can answer a finding', async () => {
    const col = await s.as('col1');
    const bad = await col.post(`/api/cases/${caseId()}/calls`, {
      at: '2026-11-30T09:50:00+08:00',
      transcript:
        '坐席：你这种老赖我见多了，今天不还钱，明天就去你单位找你领导。\n客户：你这是威胁，我要投诉。',
    });
    const badId = field(bad.body, 'callId');
    const qa = await s.as('qa');
    const list = await qa.get('/api/qa/calls?withFindings=true');
    const item = (get(list.body, 'items') as { callId: string; findings: number; autoScore: number }[]).find(
      (x) => x.callId === badId,
    );
    expect(item?.findings).toBeGreaterThan(0);
    expect(item?.autoScore).toBeLessThan(100);
    expect((await qa.post(`/api/qa/calls/${badId}/review`, { score: 40, note: '威胁、侮辱' })).status).toBe(
      200,
    );
    // the collector's lead reads the call but cannot answer for the collector: 403 saying why
    const lead = await s.as('lead1');
    expect((await lead.get(`/api/calls/${badId}`)).status).toBe(200);
    const byLead = await lead.post(`/api/calls/${badId}/findings/0/response`, { response: 'acknowledged' });
    expect(byLead.status).toBe(403);
    expect(String(get(byLead.body, 'error', 'message'))).toContain('只有拨打该通话的催收员本人');
    const answer = await col.post(`/api/calls/${badId}/findings/0/response`, {
      response: 'disputed',
      comment: '录音断章取义',
    });
    expect(answer.status).toBe(200);
    const detail = await qa.get(`/api/calls/${badId}`);
    expect(get(detail.body, 'review', 'score')).toBe(40);
    expect(get(detail.body, 'findings', 0, 'response', 'response')).toBe('disputed');
    expect(
      (await col.post(`/api/calls/${badId}/findings/0/response`, { response: 'acknowledged' })).status,
    ).toBe(409);
  });
});

describe('plans, escalations and takeover', () => {
  it('a collector proposes, the lead approves (not their own), the collector activates; both notes are kept', async () => {
    const col = await s.as('col1');
    const caseId = s.fx.cases.col1[4]!;
    const calc = await col.post(`/api/cases/${caseId}/plans/calculate`, {
      instalmentCount: 6,
      firstDueDate: '2026-12-15',
    });
    expect(calc.status).toBe(200);
    expect((get(calc.body, 'schedule') as unknown[]).length).toBe(6);
    const plan = await col.post(`/api/cases/${caseId}/plans`, {
      instalmentCount: 6,
      firstDueDate: '2026-12-15',
      note: '债务人失业，请求延长分期',
    });
    expect(plan.status).toBe(201);
    const planId = field(plan.body, 'planId');
    const lead = await s.as('lead1');
    const queue = await lead.get('/api/approvals');
    const item = (
      get(queue.body, 'items') as { planId: string; canDecide: boolean; proposalNote: string | null }[]
    ).find((x) => x.planId === planId);
    expect(item?.canDecide).toBe(true);
    // the approver sees why the plan was proposed
    expect(item?.proposalNote).toBe('债务人失业，请求延长分期');
    const decided = await lead.post(`/api/plans/${planId}/decision`, {
      decision: 'approve',
      note: '同意，首付需按期',
    });
    expect(decided.status).toBe(200);
    expect(get(decided.body, 'state')).toBe('approved');
    const active = await col.post(`/api/plans/${planId}/activate`);
    expect(active.status).toBe(200);
    expect(get(active.body, 'state')).toBe('active');
    const page = await col.get(`/api/cases/${caseId}`);
    const timeline = get(page.body, 'timeline') as { kind: string; summaryZh: string }[];
    expect(timeline.find((x) => x.kind === 'plan')?.summaryZh).toMatch(/^还款方案：6 期，.*（执行中）$/);
    // the approver's note does not replace the proposer's: the case page shows both
    const plans = get(page.body, 'plans') as {
      id: string;
      proposalNote: string | null;
      decisionNote: string | null;
    }[];
    expect(plans.find((x) => x.id === planId)).toMatchObject({
      proposalNote: '债务人失业，请求延长分期',
      decisionNote: '同意，首付需按期',
    });
  });

  it('a collector escalates, the lead takes the case over', async () => {
    const col = await s.as('col1');
    const caseId = s.fx.cases.col1[5]!;
    const e = await col.post(`/api/cases/${caseId}/escalations`, { reason: '债务人要求与主管通话' });
    expect(e.status).toBe(201);
    const lead = await s.as('lead1');
    const list = await lead.get('/api/escalations');
    expect((get(list.body, 'items') as { id: string }[]).map((x) => x.id)).toContain(
      field(e.body, 'escalationId'),
    );
    const t = await lead.post(`/api/escalations/${field(e.body, 'escalationId')}/takeover`);
    expect(t.status).toBe(200);
    const page = await lead.get(`/api/cases/${caseId}`);
    expect(get(page.body, 'case', 'assigneeId')).toBe(s.fx.users.lead1.id);
    // The collector no longer has it.
    expect((await col.get(`/api/cases/${caseId}`)).status).toBe(404);
  });

  it('leaves an escalation of a case no longer open out of the open list', async () => {
    const col = await s.as('col1');
    const caseId = s.fx.cases.col1.at(-1)!;
    const e = await col.post(`/api/cases/${caseId}/escalations`, { reason: '债务人要求减免' });
    expect(e.status).toBe(201);
    const lead = await s.as('lead1');
    const open = async () =>
      (get((await lead.get('/api/escalations')).body, 'items') as { id: string }[]).map((x) => x.id);
    expect(await open()).toContain(field(e.body, 'escalationId'));
    await s.services.db.query(`update cases set status = 'settled' where id = $1`, [caseId]);
    expect(await open()).not.toContain(field(e.body, 'escalationId'));
  });

  it('complaints are logged, block contact and are answered', async () => {
    const col = await s.as('col1');
    const caseId = s.fx.cases.col1[6]!;
    const h = await col.post(`/api/cases/${caseId}/complaints`, {
      channel: 'call',
      summary: '债务人不满催收频次',
    });
    expect(h.status).toBe(201);
    expect(get(h.body, 'answerDueAt')).toBe('2026-12-15T02:00:00.000Z');
    const qa = await s.as('qa');
    const a = await qa.post(`/api/holds/${field(h.body, 'holdId')}/complaint-answer`, {
      answer: '已核实并致歉，调整联系频次',
    });
    expect(a.status).toBe(200);
    expect(get(a.body, 'late')).toBe(false);
  });
});

describe('the dashboard', () => {
  it('counts the day’s work for the lead’s team, ranks collectors and shows effectiveness with intervals', async () => {
    const lead = await s.as('lead1');
    const r = await lead.get(
      '/api/dashboard?from=2026-11-29T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00',
    );
    expect(r.status).toBe(200);
    expect(get(r.body, 'scope', 'kind')).toBe('team');
    expect(get(r.body, 'totals', 'recoveredFen')).toBe(300_000);
    expect(get(r.body, 'totals', 'complianceIncidents')).toBeGreaterThan(0);
    expect(get(r.body, 'totals', 'complaints')).toBe(1);
    const collectors = get(r.body, 'collectors') as { userId: string; rank: number | null; role: string }[];
    expect(collectors.find((x) => x.userId === s.fx.users.col1.id)?.rank).toBeGreaterThan(0);
    // collectors ranked 1…n among themselves; the lead (who took a case over above) listed after, unranked
    const ranked = collectors.filter((x) => x.role === 'collector');
    expect(collectors.slice(0, ranked.length)).toEqual(ranked);
    expect(ranked.map((x) => x.rank)).toEqual(ranked.map((_, i) => i + 1));
    expect(collectors.slice(ranked.length)).toEqual([
      expect.objectContaining({ userId: s.fx.users.lead1.id, role: 'lead', rank: null }),
    ]);
    const cells = get(r.body, 'effectiveness', 'cells') as { lower: number; upper: number; mean: number }[];
    for (const cell of cells) {
      expect(cell.lower).toBeLessThanOrEqual(cell.mean);
      expect(cell.upper).toBeGreaterThanOrEqual(cell.mean);
    }
  });
});
