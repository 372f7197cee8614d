import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { checkContactFor } from './check-contact';
import { closeComplaint } from './close-complaint';
import { openComplaint } from './open-complaint';
import { openDispute } from './open-dispute';
import { proposePlan } from './propose-plan';
import { resolveDispute } from './resolve-dispute';
import { resumeCollection } from './resume-collection';
import { stopCollection } from './stop-collection';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

const AT = '2026-12-01T03:00:00Z'; // 11:00 in Shanghai
async function guard(debtorId: string) {
  return checkContactFor(fx.deps, fx.as('collector'), { debtorId, channel: 'call', at: AT });
}
async function onHold(debtorId: string): Promise<boolean> {
  const r = await fx.db.query<{ contact_hold: boolean }>(
    'select contact_hold from cases where debtor_id = $1',
    [debtorId],
  );
  return r.rows[0]!.contact_hold;
}

describe('停催: stopCollection and resumeCollection', () => {
  it('stops contact until a lead resumes it, with a review date from the policy', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT);
    const h = await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '债务人重病住院' });
    const days = fx.playbook.policies.stop_collection.review_days;
    expect(h.reviewAt).toBe(new Date(Date.parse(AT) + days * 86_400_000).toISOString());
    expect(await onHold(d.debtorId)).toBe(true);
    const g = await guard(d.debtorId);
    expect(g.allowed).toBe(false);
    expect(g.blocking.map((b) => b.rule)).toEqual(['contact.stop_list']);
    expect(g.blocking[0]!.reason.zh).toContain('复核日期');
    await resumeCollection(fx.deps, fx.as('lead'), { holdId: h.holdId, note: '已出院，恢复联系' });
    expect(await onHold(d.debtorId)).toBe(false);
    expect((await guard(d.debtorId)).allowed).toBe(true);
  });

  it('refuses a review date in the past (the debtor’s today is the earliest)', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT); // 2026-12-01 11:00 in Shanghai
    const e = await failure(
      stopCollection(fx.deps, fx.as('lead'), {
        caseId: d.caseId,
        reason: '住院',
        reviewAt: '2000-01-01T00:00:00+08:00',
      }),
    );
    expect(e.code).toBe('hold.review_in_past');
    expect(e.messageZh).toBe('复核日期 2000-01-01 已过：停催复核日期不能早于今天（2026-12-01）');
    expect(
      (
        await failure(
          stopCollection(fx.deps, fx.as('lead'), {
            caseId: d.caseId,
            reason: '住院',
            reviewAt: '2026-11-30T23:00:00+08:00',
          }),
        )
      ).code,
    ).toBe('hold.review_in_past');
    expect(await onHold(d.debtorId)).toBe(false);
    await expect(
      stopCollection(fx.deps, fx.as('lead'), {
        caseId: d.caseId,
        reason: '住院',
        reviewAt: '2026-12-01T09:00:00+08:00',
      }),
    ).resolves.toMatchObject({ reviewAt: '2026-12-01T01:00:00.000Z' });
  });

  it('refuses a review date more than a year ahead, and a second stop while one is open', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT); // 2026-12-01 11:00 in Shanghai
    const far = await failure(
      stopCollection(fx.deps, fx.as('lead'), {
        caseId: d.caseId,
        reason: '住院',
        reviewAt: '3026-12-01T09:00:00+08:00',
      }),
    );
    expect(far.code).toBe('hold.review_too_far');
    expect(far.messageZh).toBe('复核日期 3026-12-01 超过 366 天：停催须在一年内复核');
    const h = await stopCollection(fx.deps, fx.as('lead'), {
      caseId: d.caseId,
      reason: '住院',
      reviewAt: '2027-12-01T09:00:00+08:00',
    });
    const again = await failure(
      stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '再次停催' }),
    );
    expect(again.code).toBe('hold.already_stopped');
    expect(again.details).toMatchObject({ holdId: h.holdId });
    // once resumed it can be stopped again
    await resumeCollection(fx.deps, fx.as('lead'), { holdId: h.holdId, note: '已出院' });
    await expect(
      stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '又住院' }),
    ).resolves.toMatchObject({ kind: 'stop' });
  });

  it('is a lead’s decision', async () => {
    const d = await fx.addDebtor();
    const e = await failure(
      stopCollection(fx.deps, fx.as('collector'), { caseId: d.caseId, reason: '不想打了' }),
    );
    expect(e.code).toBe('auth.forbidden');
  });

  it('cannot be lifted twice', async () => {
    const d = await fx.addDebtor();
    const h = await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '核实中' });
    await resumeCollection(fx.deps, fx.as('lead'), { holdId: h.holdId, note: '恢复' });
    expect(
      (await failure(resumeCollection(fx.deps, fx.as('lead'), { holdId: h.holdId, note: '再恢复' }))).code,
    ).toBe('hold.closed');
  });
});

describe('complaints and disputes', () => {
  it('holds contact while a complaint is answered, due in the policy’s 15 days, and flags a late answer', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT);
    const h = await openComplaint(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'hotline_12378',
      summary: '投诉催收员来电过于频繁',
    });
    expect(h.answerDueAt).toBe(new Date(Date.parse(AT) + 15 * 86_400_000).toISOString());
    expect(h.blocksContact).toBe(true);
    expect((await guard(d.debtorId)).blocking.map((b) => b.rule)).toEqual(['contact.stop_list']);
    fx.clock.set('2026-12-20T03:00:00Z');
    const closed = await closeComplaint(fx.deps, fx.as('qa'), {
      holdId: h.holdId,
      answer: '已核实并书面答复',
    });
    expect(closed).toEqual({ holdId: h.holdId, stillOnHold: false, late: true });
  });

  it('refuses a complaint received in the future or before the case was placed', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT);
    const log = (receivedAt: string) =>
      openComplaint(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        channel: 'bank',
        summary: '投诉',
        receivedAt,
      });
    const future = await failure(log('2030-01-01T10:00:00+08:00'));
    expect(future.code).toBe('complaint.in_future');
    expect(future.messageZh).toContain('投诉尚未发生，不能提前登记');
    const before = await failure(log('2020-05-01T10:00:00+08:00'));
    expect(before.code).toBe('complaint.before_placement');
    expect(before.messageZh).toBe(`投诉日期 2020-05-01 早于案件 ${d.caseId} 的委案日期 2026-11-01`);
    expect(await onHold(d.debtorId)).toBe(false);
    // A few minutes of clock skew is fine; so is a complaint received days ago.
    await expect(log('2026-12-01T03:04:00Z')).resolves.toMatchObject({ kind: 'complaint' });
    await expect(log('2026-11-20T10:00:00+08:00')).resolves.toMatchObject({
      answerDueAt: '2026-12-05T02:00:00.000Z',
    });
  });

  it('says a hold is of another kind (409 hold.wrong_kind) instead of that it does not exist', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT);
    const complaint = await openComplaint(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      summary: '投诉来电频繁',
    });
    const stop = await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '主管停催' });
    const resume = await failure(
      resumeCollection(fx.deps, fx.as('lead'), { holdId: complaint.holdId, note: '恢复' }),
    );
    expect(resume.code).toBe('hold.wrong_kind');
    expect(resume.messageZh).toBe(`挂起记录 ${complaint.holdId} 是“投诉”，不是“停催”：请使用对应的操作`);
    expect(resume.details).toEqual({ holdId: complaint.holdId, kind: 'complaint', expected: 'stop' });
    const answer = await failure(
      closeComplaint(fx.deps, fx.as('qa'), { holdId: stop.holdId, answer: '已答复' }),
    );
    expect(answer.code).toBe('hold.wrong_kind');
    expect(answer.message).toContain('is a stop-collection hold, not a complaint hold');
    const resolve = await failure(
      resolveDispute(fx.deps, fx.as('lead'), { holdId: stop.holdId, outcome: 'corrected', note: '调账' }),
    );
    expect(resolve.details).toMatchObject({ kind: 'stop', expected: 'dispute' });
    // An id that is no hold at all is still not found; the holds are untouched.
    expect(
      (await failure(resumeCollection(fx.deps, fx.as('lead'), { holdId: 'hld_none', note: '恢复' }))).code,
    ).toBe('hold.not_found');
    expect((await guard(d.debtorId)).allowed).toBe(false);
  });

  it('keeps the debtor on hold while any hold remains', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(AT);
    const dispute = await openDispute(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      kind: 'amount',
      detail: '称已还 2000 元未入账',
    });
    const stop = await stopCollection(fx.deps, fx.as('lead'), {
      caseId: d.caseId,
      reason: '争议期间主管停催',
    });
    const r = await resolveDispute(fx.deps, fx.as('lead'), {
      holdId: dispute.holdId,
      outcome: 'corrected',
      note: '银行已调账',
    });
    expect(r.stillOnHold).toBe(true);
    expect((await guard(d.debtorId)).allowed).toBe(false);
    await resumeCollection(fx.deps, fx.as('lead'), { holdId: stop.holdId, note: '恢复' });
    expect((await guard(d.debtorId)).allowed).toBe(true);
  });

  it('closes the case when a dispute is upheld (not this person’s debt), and cancels the plan waiting for approval', async () => {
    const d = await fx.addDebtor();
    const plan = await proposePlan(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      instalmentCount: 3,
      firstDueDate: '2026-12-20',
    });
    const h = await openDispute(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      kind: 'identity',
      detail: '称身份被冒用',
    });
    await resolveDispute(fx.deps, fx.as('lead'), {
      holdId: h.holdId,
      outcome: 'upheld',
      note: '银行确认系冒名办卡',
    });
    const c = await fx.db.query<{ status: string }>('select status from cases where id = $1', [d.caseId]);
    expect(c.rows[0]!.status).toBe('closed');
    const p = await fx.db.query<{ state: string; ended_at: Date | null }>(
      'select state, ended_at from repayment_plans where id = $1',
      [plan.planId],
    );
    expect(p.rows[0]).toMatchObject({ state: 'cancelled', ended_at: expect.any(Date) });
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    expect(audit.find((a) => a.action === 'plan.cancelled')?.detail).toEqual({
      planId: plan.planId,
      from: 'proposed',
      reason: 'dispute_upheld',
    });
  });

  it('writes every hold change to the audit log', async () => {
    const d = await fx.addDebtor();
    const h = await openDispute(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      kind: 'other',
      detail: '对利息计算有异议',
    });
    await resolveDispute(fx.deps, fx.as('lead'), {
      holdId: h.holdId,
      outcome: 'confirmed',
      note: '核实无误',
    });
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['hold.dispute_opened', 'hold.dispute_closed']),
    );
  });
});
