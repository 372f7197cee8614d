import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisSchema, type InputTurn } from '../analysis/contract';
import type { CallAnalyzer } from '../cases/ports';
import { recordCall } from '../cases/record-call';
import { recordContactAttempt } from '../cases/record-contact-attempt';
import { stopCollection } from '../cases/stop-collection';
import type { DomainError } from '../domain/errors';
import { createAnalyzer } from '../io/analyzer-files';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { jobContextFor } from './job-fixture';
import { QA_BATCH, qaBatchData, runQaBatch, submitQaBatch } from './qa-batch.job';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

/** One violation per agent turn that says 坐牢; counts its calls. */
function countingAnalyzer(): CallAnalyzer & { calls: number } {
  const a = {
    calls: 0,
    analyze(turns: readonly InputTurn[], opts: { at: Date }) {
      a.calls++;
      const violations = turns.flatMap((t, i) =>
        t.speaker === 'agent' && t.text.includes('坐牢')
          ? [
              {
                rule: 'language.criminal_claim',
                severity: 'critical',
                evidence: '坐牢',
                turn: i,
                start: null,
                end: null,
                reason: '',
                force: '',
                source: '',
              },
            ]
          : [],
      );
      return analysisSchema.parse({
        version: 1,
        reference_time: opts.at.toISOString(),
        turns: [],
        persona: {
          id: null,
          scores: { guilty: 0, lucky: 0, vain: 0, dominant: 0, timid: 0, jaded: 0 },
          evidence: [],
          confidence: 0,
        },
        ability: { score: 0, level: 'unknown', evidence: [] },
        willingness: { score: 0, level: 'unknown', evidence: [] },
        promises: [],
        violations,
        disclosure: { identity: { ok: true, missing: [], evidence: null } },
        note: '',
      });
    },
  };
  return a;
}

const CALM: InputTurn[] = [
  { speaker: 'agent', text: '您好，我是某某公司的小王，工号1234，受银行委托联系您。' },
  { speaker: 'debtor', text: '好的，我知道了。' },
];
const THREAT: InputTurn[] = [
  { speaker: 'agent', text: '你再不还钱就等着坐牢吧。' },
  { speaker: 'debtor', text: '你吓唬谁呢？' },
];

describe('batch QA of uploaded transcripts', () => {
  it('analyses every transcript, stores each as a call with its findings, and a rerun adds nothing', async () => {
    const cases = [await fx.addDebtor(), await fx.addDebtor()];
    const analyzer = countingAnalyzer();
    const { ctx, queue } = jobContextFor(fx, { analyzer });
    const items = Array.from({ length: 230 }, (_, n) => ({
      caseId: n === 7 ? 'cas_missing' : cases[n % 2]!.caseId,
      at: '2026-11-30T03:00:00Z',
      collectorId: fx.users.collector,
      turns: n % 10 === 0 ? THREAT : CALM,
    }));
    const { batchId, total } = await submitQaBatch(ctx, fx.as('qa'), { name: '11月录音', items });
    expect(total).toBe(230);
    // run the job and each continuation it enqueues
    let runs = 0;
    while (queue.jobs.length > runs) {
      const job = queue.jobs[runs++]!;
      expect(job.name).toBe(QA_BATCH);
      await runQaBatch(ctx, qaBatchData.parse(job.data));
    }
    expect(runs).toBe(3); // 100 + 100 + 30
    expect(analyzer.calls).toBe(229);
    const batch = await fx.db.query('select total, done, failed, status from qa_batches where id = $1', [
      batchId,
    ]);
    expect(batch.rows[0]).toEqual({ total: 230, done: 229, failed: 1, status: 'done' });
    const failed = await fx.db.query(
      'select seq, error from qa_batch_items where batch_id = $1 and status = $2',
      [batchId, 'failed'],
    );
    expect(failed.rows).toEqual([{ seq: 7, error: 'case cas_missing not found in this agency' }]);
    const findings = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from calls k join qa_batch_items i on i.call_id = k.id
        where i.batch_id = $1 and jsonb_array_length(k.analysis -> 'violations') > 0`,
      [batchId],
    );
    expect(findings.rows[0]?.n).toBe(23);
    await runQaBatch(ctx, { agencyId: fx.agencyId, batchId });
    expect(analyzer.calls).toBe(229);
  });

  it('refuses an upload from a collector', async () => {
    const { ctx } = jobContextFor(fx);
    const d = await fx.addDebtor();
    await expect(
      submitQaBatch(ctx, fx.as('collector'), {
        name: 'x',
        items: [{ caseId: d.caseId, at: '2026-11-30T03:00:00Z', turns: CALM }],
      }),
    ).rejects.toSatisfy((e: DomainError) => e.code === 'auth.forbidden');
  });

  it('finds a threat of jail in a real transcript with the shipped analyser (skipped until models/analysis-model.json exists)', async () => {
    const d = await fx.addDebtor();
    const { ctx, queue } = jobContextFor(fx, { analyzer: createAnalyzer({ playbook: fx.playbook }) });
    const { batchId } = await submitQaBatch(ctx, fx.as('qa'), {
      name: '抽检',
      items: [
        {
          caseId: d.caseId,
          at: '2026-11-30T03:00:00Z',
          turns: [
            { speaker: 'agent', text: '喂，你是王建国吧，你这个卡欠了一万多一直不还。' },
            { speaker: 'debtor', text: '我现在真没钱。' },
            {
              speaker: 'agent',
              text: '没钱？你这就是恶意透支，已经构成诈骗罪了，警察马上上门抓你去坐牢。',
            },
          ],
        },
      ],
    });
    await runQaBatch(ctx, qaBatchData.parse(queue.jobs[0]!.data));
    const rules = await fx.db.query<{ rule: string }>(
      `select v ->> 'rule' as rule from qa_batch_items i join calls k on k.id = i.call_id,
                jsonb_array_elements(k.analysis -> 'violations') v where i.batch_id = $1`,
      [batchId],
    );
    expect(rules.rows.map((r) => r.rule)).toContain('language.criminal_claim');
  });

  it('judges a recording uploaded without its contact attempt by the contact rules as of its time', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-08T09:00:00+08:00');
    await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '债务人投诉，复核中' });
    fx.clock.set('2026-12-09T10:00:00+08:00');
    const logged = await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2026-12-07T10:00:00+08:00',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'talked',
    });
    const { ctx, queue } = jobContextFor(fx, { analyzer: countingAnalyzer() });
    const { batchId } = await submitQaBatch(ctx, fx.as('qa'), {
      name: '补录音',
      items: [
        // made at 23:30 during the stop, never logged: two rules broken
        { caseId: d.caseId, at: '2026-12-08T23:30:00+08:00', turns: CALM },
        // the logged attempt's recording: the guard checked it when it was logged
        { caseId: d.caseId, at: '2026-12-07T10:00:00+08:00', attemptId: logged.attemptId, turns: CALM },
        // not logged, but lawful at its time (before the stop, in the day)
        { caseId: d.caseId, at: '2026-12-06T10:00:00+08:00', turns: CALM },
        { caseId: d.caseId, at: '2026-12-06T11:00:00+08:00', attemptId: 'att_elsewhere', turns: CALM },
        // the same recording uploaded twice: an attempt is one call
        { caseId: d.caseId, at: '2026-12-07T10:00:00+08:00', attemptId: logged.attemptId, turns: CALM },
      ],
    });
    await runQaBatch(ctx, qaBatchData.parse(queue.jobs[0]!.data));
    const items = await fx.db.query<{
      seq: number;
      status: string;
      error: string | null;
      attempt_id: string | null;
      rules: string[] | null;
    }>(
      `select i.seq, i.status, i.error, k.attempt_id,
              (select array_agg(v ->> 'rule' order by v ->> 'rule') from jsonb_array_elements(k.analysis -> 'violations') v) as rules
         from qa_batch_items i left join calls k on k.id = i.call_id
        where i.batch_id = $1 order by i.seq`,
      [batchId],
    );
    expect(items.rows).toEqual([
      {
        seq: 0,
        status: 'done',
        error: null,
        attempt_id: null,
        rules: ['contact.hours', 'contact.stop_list'],
      },
      { seq: 1, status: 'done', error: null, attempt_id: logged.attemptId, rules: null },
      { seq: 2, status: 'done', error: null, attempt_id: null, rules: null },
      {
        seq: 3,
        status: 'failed',
        error: `case ${d.caseId} has no contact attempt att_elsewhere`,
        attempt_id: null,
        rules: null,
      },
      {
        seq: 4,
        status: 'failed',
        error: expect.stringMatching(
          new RegExp(`^contact attempt ${logged.attemptId} already has its call cal_`),
        ),
        attempt_id: null,
        rules: null,
      },
    ]);
    const stop = await fx.db.query<{ reason: string; evidence: string }>(
      `select v ->> 'reason' as reason, v ->> 'evidence' as evidence
         from qa_batch_items i join calls k on k.id = i.call_id, jsonb_array_elements(k.analysis -> 'violations') v
        where i.batch_id = $1 and i.seq = 0 and v ->> 'rule' = 'contact.stop_list'`,
      [batchId],
    );
    expect(stop.rows[0]!.reason).toContain('停催');
    expect(stop.rows[0]!.evidence).toContain('2026-12-08T23:30:00+08:00');
  });

  it('gives a lead the same failure for another team’s case as for a case that does not exist', async () => {
    const other = await fx.addDebtor({ assignTo: 'otherCollector' });
    const { ctx, queue } = jobContextFor(fx, { analyzer: countingAnalyzer() });
    const { batchId } = await submitQaBatch(ctx, fx.as('lead'), {
      name: '组内抽检',
      items: [
        { caseId: other.caseId, at: '2026-11-30T03:00:00Z', turns: CALM },
        { caseId: 'cas_nothere', at: '2026-11-30T03:00:00Z', turns: CALM },
      ],
    });
    await runQaBatch(ctx, qaBatchData.parse(queue.jobs[0]!.data));
    const failed = await fx.db.query<{ error: string }>(
      'select error from qa_batch_items where batch_id = $1 order by seq',
      [batchId],
    );
    expect(failed.rows.map((r) => r.error)).toEqual([
      `case ${other.caseId} not found in this agency`,
      'case cas_nothere not found in this agency',
    ]);
  });

  it('fails an item dated in the future or before its case was placed with recordCall’s code and message, and stores the others', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-10T10:00:00+08:00');
    const analyzer = countingAnalyzer();
    const { ctx, queue } = jobContextFor(fx, { analyzer });
    const { batchId } = await submitQaBatch(ctx, fx.as('qa'), {
      name: '时间有误',
      items: [
        { caseId: d.caseId, at: '2026-12-05T10:00:00+08:00', turns: CALM },
        // next year: not made yet
        { caseId: d.caseId, at: '2027-12-01T10:00:00+08:00', turns: CALM },
        // the day before the placement (2026-11-01) in the debtor's zone
        { caseId: d.caseId, at: '2026-10-31T23:30:00+08:00', turns: CALM },
        // within the clock skew recordCall allows
        { caseId: d.caseId, at: '2026-12-10T10:04:00+08:00', turns: CALM },
        // 2026-10-31 in UTC but 2026-11-01 on the debtor's local day: placed by then
        { caseId: d.caseId, at: '2026-10-31T16:30:00Z', turns: CALM },
      ],
    });
    await runQaBatch(ctx, qaBatchData.parse(queue.jobs[0]!.data));
    // what recordCall refuses the same two calls with
    const byHand = async (at: string) => {
      const e = await failure(
        recordCall({ ...fx.deps, analyzer }, fx.as('collector'), { caseId: d.caseId, at, turns: CALM }),
      );
      return `${e.code}: ${e.message}`;
    };
    const future = await byHand('2027-12-01T10:00:00+08:00');
    const early = await byHand('2026-10-31T23:30:00+08:00');
    expect(future).toBe(
      'call.in_future: A call cannot be recorded before it happens: the time given is later than now',
    );
    expect(early).toBe(
      `call.before_placement: A call dated 2026-10-31 is before case ${d.caseId} was placed (2026-11-01)`,
    );
    const items = await fx.db.query<{ seq: number; status: string; error: string | null; stored: boolean }>(
      `select i.seq, i.status, i.error, k.id is not null as stored
         from qa_batch_items i left join calls k on k.id = i.call_id
        where i.batch_id = $1 order by i.seq`,
      [batchId],
    );
    expect(items.rows).toEqual([
      { seq: 0, status: 'done', error: null, stored: true },
      { seq: 1, status: 'failed', error: future, stored: false },
      { seq: 2, status: 'failed', error: early, stored: false },
      { seq: 3, status: 'done', error: null, stored: true },
      { seq: 4, status: 'done', error: null, stored: true },
    ]);
    const calls = await fx.db.query<{ at: Date | string }>(
      'select at from calls where case_id = $1 order by at',
      [d.caseId],
    );
    expect(calls.rows.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-10-31T16:30:00.000Z',
      '2026-12-05T02:00:00.000Z',
      '2026-12-10T02:04:00.000Z',
    ]);
    const batch = await fx.db.query('select done, failed, status from qa_batches where id = $1', [batchId]);
    expect(batch.rows[0]).toEqual({ done: 3, failed: 2, status: 'done' });
  });
});
