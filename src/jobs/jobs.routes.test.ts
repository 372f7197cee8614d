import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeComplaint } from '../cases/close-complaint';
import { openComplaint } from '../cases/open-complaint';
import { openServerFixture, type ServerFixture } from '../server/live-test-kit';
import { type JobContext, silentLog } from './job-context';
import { recordingQueue } from './job-fixture';
import { jobRoutes } from './jobs.routes';
import { runComplaintDeadlines } from './lead-notices.job';
import { memoryChannel } from './message-channel';
import { runQaBatch } from './qa-batch.job';
import { runTeamStats } from './team-stats.job';

describe('job routes', () => {
  let s: ServerFixture;
  const queue = recordingQueue();
  let ctx: JobContext;
  beforeAll(async () => {
    s = await openServerFixture(() => [jobRoutes(queue)]);
    ctx = {
      db: s.fx.db,
      store: s.fx.store,
      playbook: s.fx.playbook,
      analyzer: s.services.analyzer,
      clock: s.fx.clock,
      ids: s.fx.ids,
      channel: memoryChannel(),
      queue,
      log: silentLog,
      sender: { callbackPhone: null, paymentChannel: null },
    };
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('takes a QA upload from QA, analyses it in the background, and shows the calls with their findings', async () => {
    const d = await s.fx.addDebtor();
    const turns = [
      { speaker: 'agent', text: '你再不还钱，我就把你欠钱的事告诉你们单位领导和同事。' },
      { speaker: 'debtor', text: '你这是威胁我！' },
    ];
    const qa = await s.as('qa');
    const up = await s.request('POST', '/api/qa-batches', qa, {
      name: '12月抽检',
      items: [
        { caseId: d.caseId, at: '2026-11-30T03:00:00Z', turns },
        { caseId: 'cas_elsewhere', at: '2026-11-30T03:00:00Z', turns },
      ],
    });
    expect(up).toMatchObject({ status: 202, body: { total: 2 } });
    const batchId = String(up.body.batchId);
    expect((await s.request('GET', `/api/qa-batches/${batchId}`, qa, undefined)).body).toMatchObject({
      status: 'pending',
      done: 0,
    });
    for (const job of queue.jobs.splice(0)) await runQaBatch(ctx, job.data);
    const got = await s.request('GET', `/api/qa-batches/${batchId}`, qa, undefined);
    expect(got.body).toMatchObject({
      status: 'done',
      done: 1,
      failed: 1,
      failures: [{ seq: 1, caseId: 'cas_elsewhere' }],
    });
    const calls = got.body.calls as { findings: number }[];
    expect(calls).toHaveLength(1);
    expect(calls[0]!.findings).toBeGreaterThan(0);
  });

  it('reports an item dated in the future or before the placement as a failure with its code', async () => {
    const d = await s.fx.addDebtor();
    const turns = [
      { speaker: 'agent', text: '您好，我是某某公司的小王，工号1234，受银行委托联系您。' },
      { speaker: 'debtor', text: '好的，我知道了。' },
    ];
    const qa = await s.as('qa');
    const up = await s.request('POST', '/api/qa-batches', qa, {
      name: '时间有误',
      items: [
        { caseId: d.caseId, at: '2026-11-30T03:00:00Z', turns },
        { caseId: d.caseId, at: '2099-01-01T03:00:00Z', turns },
        { caseId: d.caseId, at: '2020-01-01T03:00:00Z', turns },
      ],
    });
    expect(up).toMatchObject({ status: 202, body: { total: 3 } });
    for (const job of queue.jobs.splice(0)) await runQaBatch(ctx, job.data);
    const got = await s.request('GET', `/api/qa-batches/${String(up.body.batchId)}`, qa, undefined);
    expect(got.body).toMatchObject({
      status: 'done',
      done: 1,
      failed: 2,
      failures: [
        { seq: 1, caseId: d.caseId, error: expect.stringMatching(/^call\.in_future: /) },
        { seq: 2, caseId: d.caseId, error: expect.stringMatching(/^call\.before_placement: /) },
      ],
      calls: [{ seq: 0, caseId: d.caseId }],
    });
  });

  it.each([
    ['a collector', 'collector', 403],
    ['an admin', 'admin', 202],
  ] as const)('an upload by %s (%s) is answered %i', async (_what, user, status) => {
    const d = await s.fx.addDebtor();
    const r = await s.request('POST', '/api/qa-batches', await s.as(user), {
      name: 'x',
      items: [{ caseId: d.caseId, at: '2026-11-30T03:00:00Z', turns: [{ speaker: 'agent', text: '您好' }] }],
    });
    expect(r.status).toBe(status);
    queue.jobs.splice(0);
  });

  it('rejects an upload with a bad turn, naming the field', async () => {
    const r = await s.request('POST', '/api/qa-batches', await s.as('qa'), {
      name: 'x',
      items: [{ caseId: 'c', at: '2026-11-30T03:00:00Z', turns: [{ speaker: 'robot', text: '您好' }] }],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('items.0.turns.0.speaker');
  });

  it("lists a lead's own team's notices, and marks one seen", async () => {
    const mine = await s.fx.addDebtor();
    const theirs = await s.fx.addDebtor({ assignTo: 'otherCollector' });
    for (const [who, d] of [
      ['collector', mine],
      ['otherCollector', theirs],
    ] as const)
      await openComplaint(s.fx.deps, s.fx.as(who), { caseId: d.caseId, channel: 'call', summary: '投诉' });
    s.fx.clock.set('2026-12-14T02:00:00Z');
    await runComplaintDeadlines(ctx);
    const lead = await s.as('lead');
    const list = await s.request('GET', '/api/lead-notices', lead, undefined);
    const notices = list.body.notices as { caseId: string; noticeId: string; kind: string }[];
    expect(notices.map((n) => n.caseId)).toContain(mine.caseId);
    expect(notices.map((n) => n.caseId)).not.toContain(theirs.caseId);
    const managerView = (await s.request('GET', '/api/lead-notices', await s.as('manager'), undefined)).body
      .notices as { caseId: string }[];
    expect(managerView.map((n) => n.caseId)).toContain(theirs.caseId);
    const one = notices.find((n) => n.caseId === mine.caseId)!;
    expect((await s.request('POST', `/api/lead-notices/${one.noticeId}/seen`, lead, {})).status).toBe(200);
    const after = (await s.request('GET', '/api/lead-notices', lead, undefined)).body.notices as {
      noticeId: string;
    }[];
    expect(after.map((n) => n.noticeId)).not.toContain(one.noticeId);
    expect((await s.request('GET', '/api/lead-notices', await s.as('collector'), undefined)).status).toBe(
      403,
    );
  });

  it('drops a notice once its complaint is answered, even late', async () => {
    const d = await s.fx.addDebtor();
    s.fx.clock.set('2026-12-20T02:00:00Z');
    const h = await openComplaint(s.fx.deps, s.fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      summary: '投诉',
    });
    s.fx.clock.set('2027-01-10T02:00:00Z');
    await runComplaintDeadlines(ctx);
    const lead = await s.as('lead');
    const listed = async () =>
      (
        (await s.request('GET', '/api/lead-notices', lead, undefined)).body.notices as {
          caseId: string;
          kind: string;
        }[]
      )
        .filter((n) => n.caseId === d.caseId)
        .map((n) => n.kind);
    expect(await listed()).toEqual(['complaint_overdue']);
    const closed = await closeComplaint(s.fx.deps, s.fx.as('lead'), {
      holdId: h.holdId,
      answer: '已核实并答复',
    });
    expect(closed.late).toBe(true);
    expect(await listed()).toEqual([]);
  });

  it('serves the nightly team figures for a date range', async () => {
    s.fx.clock.set('2026-12-02T18:30:00Z');
    await runTeamStats(ctx, { day: '2026-12-02' });
    const r = await s.request(
      'GET',
      '/api/team-stats?from=2026-12-01&to=2026-12-03',
      await s.as('lead'),
      undefined,
    );
    expect(r.status).toBe(200);
    const days = r.body.days as { day: string; teamId: string }[];
    expect(days.length).toBe(1);
    expect(days[0]).toMatchObject({ day: '2026-12-02', teamId: s.fx.teamId });
    const backwards = await s.request(
      'GET',
      '/api/team-stats?from=2026-12-03&to=2026-12-01',
      await s.as('lead'),
      undefined,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ error: { code: 'input.invalid', issues: [{ path: 'to' }] } });
  });
});
