import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { activatePlan } from './activate-plan';
import { approvePlan } from './approve-plan';
import { proposePlan } from './propose-plan';
import { recordPayment } from './record-payment';
import { reversePayment } from './reverse-payment';

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
    // at most 366 days ahead in the debtor's zone (a 500, not a date in year 10000)
    [{ firstDueDate: '9999-12-31' }, 'plan.starts_too_late'],
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

  it.each([
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const)(
    'keeps the proposer’s note when the approver %ss with a note of their own',
    async (decision, state) => {
      const d = await fx.addDebtor();
      const p = await propose(d.caseId, { note: '债务人失业，请求延长分期' });
      const actor = fx.as('lead');
      const read = () => fx.store.transaction((tx) => tx.plans.get(actor.agencyId, p.planId));
      await expect(read()).resolves.toMatchObject({
        proposalNote: '债务人失业，请求延长分期',
        decisionNote: null,
      });
      await approvePlan(fx.deps, actor, { planId: p.planId, decision, note: '同意，首付需按期' });
      await expect(read()).resolves.toMatchObject({
        state,
        proposalNote: '债务人失业，请求延长分期',
        decisionNote: '同意，首付需按期',
      });
    },
  );

  it('leaves the decision note empty when the approver writes none', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId, { note: '债务人失业，请求延长分期' });
    const actor = fx.as('lead');
    await approvePlan(fx.deps, actor, { planId: p.planId, decision: 'approve' });
    await expect(fx.store.transaction((tx) => tx.plans.get(actor.agencyId, p.planId))).resolves.toMatchObject(
      {
        proposalNote: '债务人失业，请求延长分期',
        decisionNote: null,
      },
    );
  });

  it('does not approve a plan on a case no longer open; rejecting it clears the queue', async () => {
    const d = await fx.addDebtor();
    const p = await propose(d.caseId);
    await fx.db.query(`update cases set status = 'closed' where id = $1`, [d.caseId]);
    const e = await failure(approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'approve' }));
    expect(e.code).toBe('case.not_open');
    expect(e.messageZh).toBe(`案件 ${d.caseId} 状态为“已关闭”，不在催收中：不能审批还款方案`);
    await expect(
      approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'reject', note: '案件已关闭' }),
    ).resolves.toMatchObject({ state: 'rejected' });
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

  describe('with the bank’s instalment fee and a waiver', () => {
    // 0.6% a month on the amount financed, as the demo's placements
    const withFee = async <T>(run: () => Promise<T>) => {
      await fx.db.query('update placements set instalment_fee_bp = 60 where id = $1', [fx.placementId]);
      try {
        return await run();
      } finally {
        await fx.db.query('update placements set instalment_fee_bp = 0 where id = $1', [fx.placementId]);
      }
    };
    async function activePlan() {
      const d = await fx.addDebtor();
      const p = await withFee(() =>
        propose(d.caseId, { interestWaiverFen: 100_000, downPaymentFen: 115_000 }),
      );
      await approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'approve' });
      await activatePlan(fx.deps, fx.as('collector'), { planId: p.planId });
      let n = 0;
      const pay = (amountFen: number) =>
        recordPayment(fx.deps, fx.as('collector'), {
          caseId: d.caseId,
          amountFen,
          paidAt: '2026-12-01T01:00:00Z',
          channel: 'bank_transfer',
          reference: `FEE-${d.caseId}-${++n}`,
        });
      const row = async () =>
        (
          await fx.db.query<{
            total_due_fen: number;
            paid_fen: number;
            waived_fen: number;
            balance_fen: number;
          }>('select total_due_fen, paid_fen, waived_fen, balance_fen from cases where id = $1', [d.caseId])
        ).rows[0];
      return { d, p, pay, row };
    }

    it('refuses a payment above the plan’s open instalments, naming them in yuan', async () => {
      const { p, pay, row } = await activePlan();
      // settlement 1,150,000 − 115,000 down = 1,035,000 financed; fee 0.6% × 3 = 18,630
      expect(p.instalmentFeeFen).toBe(18_630);
      expect(p.totalCostFen).toBe(1_168_630);
      // the balance before the waiver: more than the plan needs, and the waiver would take it below 0
      const e = await failure(pay(1_250_000));
      expect(e.code).toBe('payment.exceeds_balance');
      expect(e.details).toMatchObject({ amountFen: 1_250_000, balanceFen: 1_168_630 });
      expect(e.messageZh).toContain('¥11,686.30');
      expect(e.message).toContain('¥11,686.30');
      expect(await row()).toMatchObject({ paid_fen: 0, balance_fen: 1_250_000 });
      await pay(115_000);
      expect((await failure(pay(1_168_630 - 115_000 + 1))).code).toBe('payment.exceeds_balance');
    });

    it('settles the case at 0 when the plan’s total cost is paid: the fee is booked as owed', async () => {
      const { p, pay, row } = await activePlan();
      await pay(115_000);
      const last = await pay(p.totalCostFen - 115_000);
      expect(last).toMatchObject({ planCompleted: p.planId, caseStatus: 'settled', balanceFen: 0 });
      expect(last.allocations.every((a) => a.instalmentId !== null)).toBe(true);
      expect(await row()).toEqual({
        total_due_fen: 1_250_000 + 18_630,
        paid_fen: 1_168_630,
        waived_fen: 100_000,
        balance_fen: 0,
      });
      // reversing the completing payment withdraws the waiver and the fee: the balance before it
      const r = await reversePayment(fx.deps, fx.as('lead'), { paymentId: last.paymentId, reason: '错账' });
      expect(r).toMatchObject({ planReactivated: p.planId, caseStatus: 'open', balanceFen: 1_135_000 });
      expect(await row()).toEqual({
        total_due_fen: 1_250_000,
        paid_fen: 115_000,
        waived_fen: 0,
        balance_fen: 1_135_000,
      });
    });

    it('never lets the waiver take the balance below 0 (a payment made outside the plan first)', async () => {
      const d = await fx.addDebtor();
      const p = await withFee(() =>
        propose(d.caseId, { interestWaiverFen: 100_000, downPaymentFen: 115_000 }),
      );
      await approvePlan(fx.deps, fx.as('lead'), { planId: p.planId, decision: 'approve' });
      // paid before the plan started: the plan's instalments no longer match what is owed
      await recordPayment(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        amountFen: 150_000,
        paidAt: '2026-12-01T01:00:00Z',
        channel: 'bank_transfer',
        reference: `OUT-${d.caseId}`,
      });
      await activatePlan(fx.deps, fx.as('collector'), { planId: p.planId });
      const payIn = (amountFen: number, reference: string) =>
        recordPayment(fx.deps, fx.as('collector'), {
          caseId: d.caseId,
          amountFen,
          paidAt: '2026-12-01T01:00:00Z',
          channel: 'bank_transfer',
          reference: `${reference}-${d.caseId}`,
        });
      // the plan's instalments would now take the balance below 0: the plan needs 150,000 less
      const e = await failure(payIn(p.totalCostFen, 'ALL'));
      expect(e.code).toBe('payment.exceeds_balance');
      expect(e.details).toMatchObject({ balanceFen: 1_018_630 });
      // what it still needs completes it, with its fee and its waiver, at 0
      const last = await payIn(1_018_630, 'IN');
      expect(last).toMatchObject({ planCompleted: p.planId, caseStatus: 'settled', balanceFen: 0 });
    });
  });
});
