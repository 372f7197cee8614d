import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { activatePlan } from './activate-plan';
import { approvePlan } from './approve-plan';
import { proposePlan } from './propose-plan';
import { recordPayment } from './record-payment';
import { recordPromise } from './record-promise';
import { reversePayment } from './reverse-payment';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

let ref = 0;
const pay = (caseId: string, amountFen: number, reference = `REV-${++ref}`) =>
  recordPayment(fx.deps, fx.as('collector'), {
    caseId,
    amountFen,
    paidAt: '2026-12-01T01:00:00Z',
    channel: 'bank_transfer',
    reference,
  });
const reverse = (
  paymentId: string,
  who: 'collector' | 'lead' | 'manager' | 'admin' | 'qa' = 'lead',
  reason = '金额录错，应为 1,000 元',
) => reversePayment(fx.deps, fx.as(who), { paymentId, reason });

async function caseRow(id: string) {
  const r = await fx.db.query<{
    paid_fen: number;
    balance_fen: number;
    status: string;
    next_due_at: Date | null;
  }>('select paid_fen, balance_fen, status, next_due_at from cases where id = $1', [id]);
  return r.rows[0]!;
}
async function promiseRow(id: string) {
  const r = await fx.db.query<{ status: string; paid_fen: number }>(
    'select status, paid_fen from promises where id = $1',
    [id],
  );
  return r.rows[0];
}

describe('reversePayment (冲正)', () => {
  it('restores the balance, sets a kept promise back to pending and audits the reason', async () => {
    const d = await fx.addDebtor();
    const p = await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 300_000,
      dueAt: '2026-12-05T15:59:59Z',
    });
    const keep = await pay(d.caseId, 100_000);
    const paid = await pay(d.caseId, 300_000);
    expect(await promiseRow(p.promiseId)).toEqual({ status: 'kept', paid_fen: 300_000 });
    const r = await reverse(paid.paymentId, 'lead', '  金额录错  ');
    expect(r).toMatchObject({
      amountFen: 300_000,
      balanceFen: 1_150_000,
      caseStatus: 'open',
      caseReopened: false,
    });
    expect(await promiseRow(p.promiseId)).toEqual({ status: 'pending', paid_fen: 100_000 });
    const c = await caseRow(d.caseId);
    expect(c).toMatchObject({ paid_fen: 100_000, balance_fen: 1_150_000, status: 'open' });
    expect(c.next_due_at?.toISOString()).toBe('2026-12-05T15:59:59.000Z');
    const row = await fx.db.query<{ reversed_by: string; reversal_reason: string }>(
      'select reversed_by, reversal_reason from payments where id = $1',
      [paid.paymentId],
    );
    expect(row.rows[0]).toEqual({ reversed_by: fx.users.lead, reversal_reason: '金额录错' });
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    const entry = audit.find((a) => a.action === 'payment.reversed');
    expect(entry?.detail).toMatchObject({
      paymentId: paid.paymentId,
      amountFen: 300_000,
      reason: '金额录错',
    });
    expect(entry?.actorId).toBe(fx.users.lead);
    // the other payment is untouched
    expect(keep.paymentId).not.toBe(paid.paymentId);
  });

  it('reopens a case the payment had settled', async () => {
    const d = await fx.addDebtor();
    const r0 = await pay(d.caseId, 1_250_000);
    expect(r0.caseStatus).toBe('settled');
    const r = await reverse(r0.paymentId, 'manager');
    expect(r).toMatchObject({ caseStatus: 'open', caseReopened: true, balanceFen: 1_250_000 });
    expect(await caseRow(d.caseId)).toMatchObject({ status: 'open', paid_fen: 0, balance_fen: 1_250_000 });
    const actions = (
      await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId))
    ).map((a) => a.action);
    expect(actions).toContain('case.reopened');
    // open again: a new payment can be recorded
    expect((await pay(d.caseId, 100_000)).caseStatus).toBe('open');
  });

  it('sets a plan the payment completed back to active, withdraws its waiver and reopens the case', async () => {
    const d = await fx.addDebtor();
    const plan = await proposePlan(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      instalmentCount: 3,
      downPaymentFen: 110_000,
      interestWaiverFen: 100_000,
      feeWaiverFen: 50_000,
      firstDueDate: '2026-12-10',
    });
    await approvePlan(fx.deps, fx.as('lead'), { planId: plan.planId, decision: 'approve' });
    await activatePlan(fx.deps, fx.as('collector'), { planId: plan.planId });
    await pay(d.caseId, 110_000);
    const last = await pay(d.caseId, plan.totalCostFen - 110_000);
    expect(last).toMatchObject({ planCompleted: plan.planId, caseStatus: 'settled' });
    const r = await reverse(last.paymentId);
    expect(r).toMatchObject({ planReactivated: plan.planId, caseReopened: true, caseStatus: 'open' });
    expect(r.instalments.map((x) => x.status)).toEqual(['pending', 'pending', 'pending']);
    const row = await fx.db.query<{ state: string; ended_at: Date | null }>(
      'select state, ended_at from repayment_plans where id = $1',
      [plan.planId],
    );
    expect(row.rows[0]).toEqual({ state: 'active', ended_at: null });
    const c = await fx.db.query<{ waived_fen: number; paid_fen: number }>(
      'select waived_fen, paid_fen from cases where id = $1',
      [d.caseId],
    );
    expect(c.rows[0]).toEqual({ waived_fen: 0, paid_fen: 110_000 });
  });

  it('judges a promise past its due time as the broken-promise job does: broken when nothing is left paid', async () => {
    const d = await fx.addDebtor();
    const p = await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 200_000,
      dueAt: '2026-12-02T15:59:59Z',
    });
    const r0 = await pay(d.caseId, 200_000);
    fx.clock.set('2026-12-03T02:00:00Z');
    try {
      const r = await reverse(r0.paymentId);
      expect(r.promises).toEqual([{ id: p.promiseId, status: 'broken', paidFen: 0 }]);
      expect(await promiseRow(p.promiseId)).toEqual({ status: 'broken', paid_fen: 0 });
    } finally {
      fx.clock.set('2026-12-01T02:00:00Z');
    }
  });

  it('refuses a second reversal of the same payment with payment.already_reversed', async () => {
    const d = await fx.addDebtor();
    const r0 = await pay(d.caseId, 100_000);
    await reverse(r0.paymentId);
    const e = await failure(reverse(r0.paymentId, 'admin'));
    expect(e.code).toBe('payment.already_reversed');
    expect(e.messageZh).toContain('已冲正');
    expect((await caseRow(d.caseId)).paid_fen).toBe(0);
  });

  it('refuses recording the reversed payment’s reference again', async () => {
    const d = await fx.addDebtor();
    const r0 = await pay(d.caseId, 100_000, 'REV-AGAIN');
    await reverse(r0.paymentId);
    expect((await failure(pay(d.caseId, 100_000, 'REV-AGAIN'))).code).toBe('payment.reversed');
  });

  it.each(['collector', 'qa'] as const)('refuses a %s', async (who) => {
    const d = await fx.addDebtor();
    const r0 = await pay(d.caseId, 100_000);
    expect((await failure(reverse(r0.paymentId, who))).code).toBe('auth.forbidden');
    expect((await caseRow(d.caseId)).paid_fen).toBe(100_000);
  });

  it('refuses a lead of another team', async () => {
    const d = await fx.addDebtor({ assignTo: 'otherCollector' });
    const r0 = await recordPayment(fx.deps, fx.as('otherCollector'), {
      caseId: d.caseId,
      amountFen: 100_000,
      paidAt: '2026-12-01T01:00:00Z',
      channel: 'bank_transfer',
      reference: `REV-${++ref}`,
    });
    expect((await failure(reverse(r0.paymentId, 'lead'))).code).toBe('auth.forbidden');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', '错'.repeat(501)],
  ])('requires a reason (%s refused)', async (_, reason) => {
    const d = await fx.addDebtor();
    const r0 = await pay(d.caseId, 100_000);
    expect((await failure(reverse(r0.paymentId, 'lead', reason))).code).toBe('input.invalid');
    expect((await caseRow(d.caseId)).paid_fen).toBe(100_000);
  });

  it('answers payment.not_found for an unknown payment', async () => {
    expect((await failure(reverse('pay_nope'))).code).toBe('payment.not_found');
  });
});
