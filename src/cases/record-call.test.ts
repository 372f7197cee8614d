import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Analysis, analysisSchema, type Facts, type InputTurn } from '../analysis/contract';
import { createAnalyzer } from '../io/analyzer-files';
import { autoScore } from '../server/read/qa';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { confirmPromise } from './confirm-promise';
import { dismissPromise } from './dismiss-promise';
import type { CallAnalyzer } from './ports';
import { recordCall } from './record-call';
import { recordContactAttempt } from './record-contact-attempt';
import { resumeCollection } from './resume-collection';
import { stopCollection } from './stop-collection';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

const TURNS: InputTurn[] = [
  { speaker: 'agent', text: '您好，我是某某公司催收员小王，工号1234，受银行委托联系您。' },
  { speaker: 'debtor', text: '我知道欠钱，这个月15号发工资，我先还5000块。有钱了剩下的再说。' },
];

/** The analyser port with a fixed answer, recording the facts it was given. */
function fakeAnalyzer(seen: { facts?: Facts; timeZone?: string }): CallAnalyzer {
  return {
    analyze(_turns, opts) {
      seen.facts = opts.facts;
      seen.timeZone = opts.timeZone;
      const promise = {
        amount: 5000,
        amount_max: 5000,
        due: '2026-12-15T23:59:59+08:00',
        due_from: '2026-12-15T00:00:00+08:00',
        kind: 'amount',
        vague: false,
        text: '15号发工资，我先还5000块',
        turn: 1,
      };
      const vague = {
        ...promise,
        amount: null,
        amount_max: null,
        due: null,
        due_from: null,
        vague: true,
        text: '有钱了剩下的再说',
      };
      const analysis = {
        version: 1,
        reference_time: opts.at.toISOString(),
        turns: [],
        persona: {
          id: 'guilty',
          scores: { guilty: 0.8, lucky: 0, vain: 0, dominant: 0, timid: 0.1, jaded: 0 },
          evidence: [],
          confidence: 0.8,
        },
        ability: { score: 0.4, level: 'medium', evidence: [] },
        willingness: { score: 0.9, level: 'high', evidence: [] },
        promises: [promise, vague],
        violations: [],
        disclosure: { identity: { ok: true, missing: [], evidence: null } },
        note: '债务人承诺15号还5000元',
      };
      return analysisSchema.parse(analysis);
    },
  };
}

describe('recordCall', () => {
  it('runs the analyser on the case’s facts, stores the analysis and proposes the promises it heard', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-01T02:10:00Z');
    const attempt = await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2026-12-01T02:00:00Z',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'promise_to_pay',
    });
    const seen: { facts?: Facts; timeZone?: string } = {};
    const r = await recordCall({ ...fx.deps, analyzer: fakeAnalyzer(seen) }, fx.as('collector'), {
      caseId: d.caseId,
      attemptId: attempt.attemptId,
      at: '2026-12-01T02:00:00Z',
      turns: TURNS,
    });
    expect(seen.facts).toMatchObject({
      product: 'credit_card',
      principal: 10_000,
      interest: 2_000,
      fees: 500,
      balance: 12_500,
      lawsuit_filed: false,
      disputed: false,
      effective_collections: ['2026-12-01T10:00:00+08:00'],
    });
    expect(seen.timeZone).toBe('Asia/Shanghai');
    expect(r.proposals).toEqual([
      expect.objectContaining({ amountFen: 500_000, dueAt: '2026-12-15T15:59:59.000Z', vague: false }),
      expect.objectContaining({ amountFen: null, dueAt: null, vague: true }),
    ]);
    const c = await fx.db.query<{ ability: number; willingness: number; persona: string }>(
      'select ability, willingness, persona from cases where id = $1',
      [d.caseId],
    );
    expect(c.rows[0]).toEqual({ ability: 0.4, willingness: 0.9, persona: 'guilty' });
    const stored = await fx.db.query<{ analysis: Analysis; attempt_id: string }>(
      'select analysis, attempt_id from calls where id = $1',
      [r.callId],
    );
    expect(stored.rows[0]!.analysis.note).toBe('债务人承诺15号还5000元');
    expect(stored.rows[0]!.attempt_id).toBe(attempt.attemptId);
  });

  it('refuses an attempt id that is not this case’s', async () => {
    const d = await fx.addDebtor();
    const e = await failure(
      recordCall({ ...fx.deps, analyzer: fakeAnalyzer({}) }, fx.as('collector'), {
        caseId: d.caseId,
        attemptId: 'att_elsewhere',
        at: '2026-12-01T02:00:00Z',
        turns: TURNS,
      }),
    );
    expect(e.code).toBe('call.attempt_unknown');
  });

  it('refuses a second call for an attempt that already has one, naming the call', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-01T02:10:00Z');
    const attempt = await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2026-12-01T02:00:00Z',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'promise_to_pay',
    });
    const input = {
      caseId: d.caseId,
      attemptId: attempt.attemptId,
      at: '2026-12-01T02:00:00Z',
      turns: TURNS,
    };
    const first = await recordCall({ ...fx.deps, analyzer: fakeAnalyzer({}) }, fx.as('collector'), input);
    const e = await failure(
      recordCall({ ...fx.deps, analyzer: fakeAnalyzer({}) }, fx.as('collector'), input),
    );
    expect(e.code).toBe('call.attempt_recorded');
    expect(e.details).toEqual({ attemptId: attempt.attemptId, callId: first.callId });
    expect(e.message).toContain(first.callId);
    expect(e.messageZh).toContain(first.callId);
    const calls = await fx.db.query('select id from calls where case_id = $1', [d.caseId]);
    expect(calls.rows).toEqual([{ id: first.callId }]);
    const proposals = await fx.db.query('select 1 from proposed_promises where case_id = $1', [d.caseId]);
    expect(proposals.rows).toHaveLength(2);
  });

  it('refuses a call in the future (beyond the clock skew) or before the case was placed', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-01T02:10:00Z');
    const record = (at: string) =>
      recordCall({ ...fx.deps, analyzer: fakeAnalyzer({}) }, fx.as('collector'), {
        caseId: d.caseId,
        at,
        turns: TURNS,
      });
    expect((await failure(record('2027-01-05T10:00:00+08:00'))).code).toBe('call.in_future');
    expect((await failure(record('2026-12-01T02:16:00Z'))).code).toBe('call.in_future');
    const before = await failure(record('1990-05-01T10:00:00+08:00'));
    expect(before.code).toBe('call.before_placement');
    expect(before.messageZh).toContain('2026-11-01');
    // placed 2026-11-01 (Shanghai): the evening before in UTC is already that day there
    expect((await failure(record('2026-10-31T15:30:00+08:00'))).code).toBe('call.before_placement');
    await expect(record('2026-10-31T16:30:00Z')).resolves.toMatchObject({ callId: expect.any(String) });
    await expect(record('2026-12-01T02:14:00Z')).resolves.toMatchObject({ callId: expect.any(String) });
    const calls = await fx.db.query('select 1 from calls where case_id = $1', [d.caseId]);
    expect(calls.rows).toHaveLength(2);
  });
});

describe('recordCall without a contact attempt: the contact guard as of the call’s time', () => {
  const record = (caseId: string, at: string, attemptId: string | null = null) =>
    recordCall({ ...fx.deps, analyzer: fakeAnalyzer({}) }, fx.as('collector'), {
      caseId,
      attemptId,
      at,
      turns: TURNS,
    });
  const storedFindings = async (callId: string) =>
    (await fx.db.query<{ analysis: Analysis }>('select analysis from calls where id = $1', [callId])).rows[0]!
      .analysis.violations;

  it('stores a call made on a held case in quiet hours, with a finding per rule it broke', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-03T10:00:00+08:00');
    await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '债务人住院' });
    fx.clock.set('2026-12-04T09:00:00+08:00');
    const r = await record(d.caseId, '2026-12-03T23:30:00+08:00');
    // Not lost: stored, its promise proposed.
    expect(r.proposals).toHaveLength(2);
    const findings = await storedFindings(r.callId);
    expect(findings.map((v) => v.rule).sort()).toEqual(['contact.hours', 'contact.stop_list']);
    const stop = findings.find((v) => v.rule === 'contact.stop_list')!;
    expect(stop).toMatchObject({ severity: 'high', turn: null, force: 'internal_policy' });
    expect(stop.reason).toContain('停催：暂停一切联系');
    expect(findings.find((v) => v.rule === 'contact.hours')!.reason).toContain(
      '债务人当地时间 23:30，处于 22:00–08:00 禁止催收时段',
    );
    expect(stop.evidence).toContain('2026-12-03T23:30:00+08:00');
    expect(r.violations.map((v) => v.rule)).toContain('contact.stop_list');
    expect(autoScore(findings)).toBe(60);
  });

  it('finds the 4th conversation of the day', async () => {
    const d = await fx.addDebtor();
    for (const h of ['09', '11', '15']) {
      const at = `2026-12-05T${h}:00:00+08:00`;
      fx.clock.set(at);
      await recordContactAttempt(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        channel: 'call',
        at,
        connected: true,
        answeredBy: 'debtor',
        outcomeCode: 'talked',
      });
    }
    fx.clock.set('2026-12-05T16:05:00+08:00');
    const r = await record(d.caseId, '2026-12-05T16:00:00+08:00');
    const findings = await storedFindings(r.callId);
    expect(findings).toEqual([expect.objectContaining({ rule: 'contact.frequency', severity: 'high' })]);
    expect(findings[0]!.reason).toContain('今天已与债务人有效通话 3 次');
    expect(autoScore(findings)).toBe(80);
  });

  it('adds nothing to a lawful call, nor to a call whose attempt the guard checked', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-06T10:05:00+08:00');
    expect(await storedFindings((await record(d.caseId, '2026-12-06T10:00:00+08:00')).callId)).toEqual([]);
    const a = await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2026-12-06T10:04:00+08:00',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'talked',
    });
    const r = await record(d.caseId, '2026-12-06T10:04:00+08:00', a.attemptId);
    expect(await storedFindings(r.callId)).toEqual([]);
  });

  it('judges the holds as they were at the call: lifted since still counts, opened after does not', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-07T11:00:00+08:00');
    const hold = await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '复核中' });
    fx.clock.set('2026-12-07T13:00:00+08:00');
    await resumeCollection(fx.deps, fx.as('lead'), { holdId: hold.holdId, note: '已复核' });
    fx.clock.set('2026-12-07T14:00:00+08:00');
    const before = await record(d.caseId, '2026-12-07T10:00:00+08:00');
    expect(await storedFindings(before.callId)).toEqual([]);
    const during = await record(d.caseId, '2026-12-07T12:00:00+08:00');
    expect((await storedFindings(during.callId)).map((v) => v.rule)).toEqual(['contact.stop_list']);
  });
});

describe('confirmPromise and dismissPromise', () => {
  async function proposals() {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-01T02:10:00Z');
    const r = await recordCall({ ...fx.deps, analyzer: fakeAnalyzer({}) }, fx.as('collector'), {
      caseId: d.caseId,
      at: '2026-12-01T02:00:00Z',
      turns: TURNS,
    });
    return { caseId: d.caseId, definite: r.proposals[0]!.proposalId, vague: r.proposals[1]!.proposalId };
  }

  it('turns a heard promise into a pending promise, once', async () => {
    const p = await proposals();
    const promise = await confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.definite });
    expect(promise).toMatchObject({
      caseId: p.caseId,
      amountFen: 500_000,
      dueAt: '2026-12-15T15:59:59.000Z',
      status: 'pending',
    });
    const row = await fx.db.query<{ source: string; call_id: string | null }>(
      'select source, call_id from promises where id = $1',
      [promise.promiseId],
    );
    expect(row.rows[0]!.source).toBe('call');
    expect(
      (await failure(confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.definite }))).code,
    ).toBe('proposal.decided');
  });

  it('keeps a corrected single amount single: a range only when both ends are given', async () => {
    // heard "还5000" as 5000–5000; corrected downwards, then upwards, then to a range
    const down = await confirmPromise(fx.deps, fx.as('collector'), {
      proposalId: (await proposals()).definite,
      amountFen: 450_000,
    });
    expect(down).toMatchObject({ amountFen: 450_000, amountMaxFen: null });
    const up = await confirmPromise(fx.deps, fx.as('collector'), {
      proposalId: (await proposals()).definite,
      amountFen: 550_000,
    });
    expect(up).toMatchObject({ amountFen: 550_000, amountMaxFen: null });
    const range = await confirmPromise(fx.deps, fx.as('collector'), {
      proposalId: (await proposals()).definite,
      amountFen: 400_000,
      amountMaxFen: 600_000,
    });
    expect(range).toMatchObject({ amountFen: 400_000, amountMaxFen: 600_000 });
    const asHeard = await confirmPromise(fx.deps, fx.as('collector'), {
      proposalId: (await proposals()).definite,
    });
    expect(asHeard).toMatchObject({ amountFen: 500_000, amountMaxFen: null });
  });

  it('says in Chinese why it refuses: the balance in yuan, the proposal’s state by name', async () => {
    const p = await proposals();
    const over = await failure(
      confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.definite, amountFen: 1_250_001 }),
    );
    expect(over.code).toBe('promise.exceeds_balance');
    expect(over.messageZh).toBe('承诺金额超过欠款余额（¥12,500）');
    await confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.definite });
    const again = await failure(confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.definite }));
    expect(again.messageZh).toBe('该待确认承诺已处理（已确认）');
    await dismissPromise(fx.deps, fx.as('collector'), { proposalId: p.vague, reason: '只是随口一说' });
    const dismissed = await failure(
      dismissPromise(fx.deps, fx.as('collector'), { proposalId: p.vague, reason: '再来一次' }),
    );
    expect(dismissed.messageZh).toBe('该待确认承诺已处理（已忽略）');
  });

  it('needs the amount and date of a vague promise before it becomes one', async () => {
    const p = await proposals();
    expect((await failure(confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.vague }))).code).toBe(
      'promise.incomplete',
    );
    await expect(
      confirmPromise(fx.deps, fx.as('collector'), {
        proposalId: p.vague,
        amountFen: 100_000,
        dueAt: '2026-12-31T15:59:59Z',
      }),
    ).resolves.toMatchObject({ amountFen: 100_000 });
  });

  it('dismisses a proposal the debtor did not really make', async () => {
    const p = await proposals();
    await expect(
      dismissPromise(fx.deps, fx.as('collector'), { proposalId: p.vague, reason: '只是随口一说' }),
    ).resolves.toEqual({
      proposalId: p.vague,
      status: 'dismissed',
    });
    expect(
      (await failure(confirmPromise(fx.deps, fx.as('collector'), { proposalId: p.vague, amountFen: 1 })))
        .code,
    ).toBe('proposal.decided');
  });
});

describe('recordCall with the trained analyser', () => {
  it('proposes the promise a debtor makes in a real transcript (skipped until models/analysis-model.json exists)', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-01T02:10:00Z');
    const r = await recordCall(
      { ...fx.deps, analyzer: createAnalyzer({ playbook: fx.playbook }) },
      fx.as('collector'),
      {
        caseId: d.caseId,
        at: '2026-12-01T02:00:00Z',
        turns: [
          {
            speaker: 'agent',
            text: '您好，我是某某资产管理公司的催收员小王，工号1234，受银行委托联系您。',
          },
          { speaker: 'debtor', text: '我知道欠钱，最近生意不好，这个月15号发工资，我先还5000块。' },
          { speaker: 'agent', text: '好的，那您15号之前还5000元，我给您备注上。' },
        ],
      },
    );
    expect(r.proposals).toContainEqual(
      expect.objectContaining({ amountFen: 500_000, dueAt: '2026-12-15T15:59:59.000Z' }),
    );
    const promise = await confirmPromise(fx.deps, fx.as('collector'), {
      proposalId: r.proposals[0]!.proposalId,
    });
    expect(promise.status).toBe('pending');
  });
});
