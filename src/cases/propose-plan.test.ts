import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { activatePlan } from './activate-plan';
import { approvePlan } from './approve-plan';
import { proposePlan } from './propose-plan';
import { recordPayment } from './record-payment';

// The fixture's placement: instalments 1/3/6/12, up to 50% of interest and 100% of fees waived,
// 10% down, approved by a lead, exceptions by a manager. Each debtor owes ¥10,000 + ¥2,000 + ¥500.
let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

const propose = (caseId: string, over: Partial<Parameters<typeof proposePlan>[2]> = {}) =>
  proposePlan(fx.deps, fx.as('collector'), {
    caseId,
    instalmentCount: 3,
    downPaymentFen: 125_000,
    firstDueDate: '2026-12-10',
    ...over,
  });

describe('proposePlan and approvePlan', () => {
  it.each([
    // request → within policy, required role, who may approve, who may not
    [{}, true, 'lead', 'lead', 'collector2'],
    [
      { interestWaiverFen: 100_000, feeWaiverFen: 50_000, downPaymentFen: 110_000 },
      true,
      'lead',
      'lead',
      'qa',
    ],
    [{ interestWaiverFen: 150_000 }, false, 'manager', 'manager', 'lead'],
    [{ instalmentCount: 24, downPaymentFen: 125_000 }, false, 'manager', 'admin', 'lead'],
  ] as const)('a plan %o is within policy: %s, needs a %s', async (over, within, role, approver, refused) => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId, over);
    expect(p.withinPolicy).toBe(within);
    expect(p.requiredRole).toBe(role);
    const e = await failure(approvePlan(fx.deps, fx.as(refused), { planId: p.planId, decision: 'approve' }));
    expect(e.code).toBe('auth.forbidden');
    await expect(
      approvePlan(fx.deps, fx.as(approver), { planId: p.planId, decision: 'approve' }),
    ).resolves.toEqual({
      planId: p.planId,
      state: 'approved',
    });
  });

  it('returns the settlement, the schedule and the total cost to the debtor', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId, {
      interestWaiverFen: 100_000,
      instalmentCount: 3,
      downPaymentFen: 115_000,
    });
    expect(p.settlementFen).toBe(1_150_000);
    expect(p.totalCostFen).toBe(1_150_000);
    expect(p.schedule.map((s) => [s.seq, s.dueDate, s.amountFen])).toEqual([
      [0, '2026-12-10', 115_000],
      [1, '2027-01-10', 345_000],
      [2, '2027-02-10', 345_000],
      [3, '2027-03-10', 345_000],
    ]);
  });

  it('keeps four eyes on a plan: its proposer cannot approve it', async () => {
    const d = await fx.addDebtor();
    const p = await proposePlan(fx.deps, fx.as('lead'), {
      caseId: d.caseId,
      instalmentCount: 1,
      firstDueDate: '2026-12-05',
    });
    expect(
      (await failure(approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'approve' }))).code,
    ).toBe('auth.forbidden');
  });

  it.each([
    [{ interestWaiverFen: 300_000 }, 'plan.waiver_exceeds_debt'],
    [{ firstDueDate: '2026-11-30' }, 'plan.starts_in_past'],
    // not a date: said so, as the calculator does (not "in the past")
    [{ firstDueDate: '2026-02-31' }, 'plan.date_invalid'],
    [{ firstDueDate: '2027-02-29' }, 'plan.date_invalid'],
    [{ instalmentCount: 0 }, 'input.invalid'],
  ])('refuses %o with %s', async (over, code) => {
    const d = await fx.addDebtor();
    expect((await failure(propose(d.caseId, over))).code).toBe(code);
  });

  it('allows one live plan per case; a rejected plan makes room for another', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId);
    const live = await failure(propose(d.caseId));
    expect(live.code).toBe('plan.already_live');
    // the state by its Chinese name in the Chinese message; the English one keeps the code's word
    expect(live.messageZh).toBe(`案件 ${d.caseId} 已有进行中的方案（待审批）`);
    expect(live.message).toBe(`Case ${d.caseId} already has a proposed plan`);
    await approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'reject', note: '首付过低' });
    await expect(propose(d.caseId, { downPaymentFen: 200_000 })).resolves.toMatchObject({
      state: 'proposed',
    });
  });

  it('refuses to decide a plan twice, naming its state in Chinese', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId);
    await approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'reject', note: '首付过低' });
    const e = await failure(approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'approve' }));
    expect(e.code).toBe('plan.not_proposed');
    expect(e.messageZh).toBe(`方案 ${p.planId} 状态为“已驳回”，不在待审批状态`);
    expect(e.message).toBe(`Plan ${p.planId} is rejected, not awaiting approval`);
  });
});

describe('activatePlan and paying a plan', () => {
  it('starts only an approved plan', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId);
    const e = await failure(activatePlan(fx.deps, fx.as('collector'), { planId: p.planId }));
    expect(e.code).toBe('plan.not_approved');
    expect(e.messageZh).toBe(`方案 ${p.planId} 状态为“待审批”：只有已批准的方案才能生效`);
    expect(e.message).toBe(`Plan ${p.planId} is proposed: only an approved plan can start`);
  });

  it('allocates payments to instalments and completes the plan, granting its waiver, at the last one', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId, {
      interestWaiverFen: 100_000,
      feeWaiverFen: 50_000,
      downPaymentFen: 110_000,
    });
    await approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'approve' });
    const a = await activatePlan(fx.deps, fx.as('collector'), { planId: p.planId });
    expect(a.nextDueAt).toBe('2026-12-10T15:59:59.000Z');
    let n = 0;
    const pay = (amountFen: number) =>
      recordPayment(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        amountFen,
        paidAt: '2026-12-01T01:00:00Z', // before the fixture's clock: early, not in the future
        channel: 'bank_transfer',
        reference: `PLAN-${d.caseId}-${++n}`,
      });
    const first = await pay(110_000);
    expect(first.instalmentsPaid).toHaveLength(1);
    expect(first.planCompleted).toBeNull();
    const rest = await pay(p.totalCostFen - 110_000);
    expect(rest.instalmentsPaid).toHaveLength(3);
    expect(rest.planCompleted).toBe(p.planId);
    expect(rest).toMatchObject({ caseStatus: 'settled', balanceFen: 0 });
    const c = await fx.db.query<{ waived_fen: number; status: string }>(
      'select waived_fen, status from cases where id = $1',
      [d.caseId],
    );
    expect(c.rows[0]).toEqual({ waived_fen: 150_000, status: 'settled' });
  });
});
