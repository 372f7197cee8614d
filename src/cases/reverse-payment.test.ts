import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { activatePlan } from './activate-plan';
import { approvePlan } from './approve-plan';
import { detectBrokenPromises } from './detect-broken-promises';
import { openDispute } from './open-dispute';
import { proposePlan } from './propose-plan';
import { recordPayment } from './record-payment';
import { recordPromise } from './record-promise';
import { resolveDispute } from './resolve-dispute';
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

async function caseState(id: string) {
  const r = await fx.db.query<{
    broken_count: number;
    priority: number;
    strategy: string | null;
    follow_up_broken: boolean;
    open_escalations: number;
  }>(
    `select broken_count, priority, strategy, follow_up_broken,
            (select count(*)::int from escalations e where e.case_id = c.id and e.status = 'open') as open_escalations
       from cases c where id = $1`,
    [id],
  );
  return r.rows[0]!;
}
async function staleDays(): Promise<string[]> {
  const r = await fx.db.query<{ day: string }>(
    'select day::text as day from team_stats_stale where agency_id = $1 order by day',
    [fx.agencyId],
  );
  return r.rows.map((x) => x.day);
}
const payOn = (caseId: string, amountFen: number, paidAt: string) =>
  recordPayment(fx.deps, fx.as('collector'), {
    caseId,
    amountFen,
    paidAt,
    channel: 'bank_transfer',
    reference: `REV-${++ref}`,
  });

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

  it('gives a promise it leaves broken the broken-promise job’s response, once', async () => {
    const d = await fx.addDebtor();
    const p = await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 200_000,
      dueAt: '2026-12-02T15:59:59Z',
    });
    const r0 = await pay(d.caseId, 200_000);
    const before = await caseState(d.caseId);
    expect(before).toMatchObject({ broken_count: 0, follow_up_broken: false });
    const policy = fx.playbook.policies.broken_promise;
    fx.clock.set('2026-12-03T02:00:00Z');
    try {
      await reverse(r0.paymentId);
      expect(await promiseRow(p.promiseId)).toEqual({ status: 'broken', paid_fen: 0 });
      // as detectBrokenPromises does for a promise it finds broken
      expect(await caseState(d.caseId)).toEqual({
        broken_count: 1,
        priority: before.priority + policy.priority_raise,
        strategy: policy.switch_strategies[0],
        follow_up_broken: policy.requeue,
        open_escalations: 0,
      });
      const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
      const response = audit.find((a) => a.action === 'case.broken_promise_response');
      expect(response?.detail).toMatchObject({
        promiseId: p.promiseId,
        paymentId: r0.paymentId,
        brokenCount: 1,
      });
      expect(response?.actorId).toBe(fx.users.lead);
      // the job sees a broken promise, not a pending one: it does not respond again
      await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId });
      expect((await caseState(d.caseId)).broken_count).toBe(1);
    } finally {
      fx.clock.set('2026-12-01T02:00:00Z');
    }
  });

  it('while a dispute suspends contact, leaves the promise pending for the job to judge once the hold closes', async () => {
    const d = await fx.addDebtor();
    const p = await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 200_000,
      dueAt: '2026-12-02T15:59:59Z',
    });
    const r0 = await pay(d.caseId, 200_000);
    const before = await caseState(d.caseId);
    const hold = await openDispute(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      kind: 'already_paid',
      detail: '称已还清，流水在银行核对中',
    });
    fx.clock.set('2026-12-03T02:00:00Z');
    try {
      const r = await reverse(r0.paymentId);
      expect(r.promises).toEqual([{ id: p.promiseId, status: 'pending', paidFen: 0 }]);
      expect(await promiseRow(p.promiseId)).toEqual({ status: 'pending', paid_fen: 0 });
      expect(await caseState(d.caseId)).toEqual(before);
      // nor does the job while the dispute is open …
      await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId });
      expect(await promiseRow(p.promiseId)).toEqual({ status: 'pending', paid_fen: 0 });
      // … but on its first run after the dispute is closed: broken, with the job's response
      await resolveDispute(fx.deps, fx.as('lead'), {
        holdId: hold.holdId,
        outcome: 'confirmed',
        note: '银行未收到该笔还款',
      });
      await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId });
      expect(await promiseRow(p.promiseId)).toEqual({ status: 'broken', paid_fen: 0 });
      expect((await caseState(d.caseId)).broken_count).toBe(before.broken_count + 1);
    } finally {
      fx.clock.set('2026-12-01T02:00:00Z');
    }
  });

  it('escalates when the promise it leaves broken is the case’s second, as the job does', async () => {
    const d = await fx.addDebtor();
    await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 100_000,
      dueAt: '2026-12-01T15:59:59Z',
    });
    try {
      fx.clock.set('2026-12-02T02:00:00Z');
      await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId });
      expect(await caseState(d.caseId)).toMatchObject({ broken_count: 1, open_escalations: 0 });
      const p = await recordPromise(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        amountFen: 200_000,
        dueAt: '2026-12-03T15:59:59Z',
      });
      const r0 = await payOn(d.caseId, 200_000, '2026-12-02T01:00:00Z');
      expect(await promiseRow(p.promiseId)).toMatchObject({ status: 'kept' });
      fx.clock.set('2026-12-04T02:00:00Z');
      await reverse(r0.paymentId);
      expect(await caseState(d.caseId)).toMatchObject({ broken_count: 2, open_escalations: 1 });
      const actions = (
        await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId))
      ).map((a) => a.action);
      expect(actions.slice(actions.indexOf('payment.reversed'))).toEqual([
        'payment.reversed',
        'promise.broken',
        'case.broken_promise_response',
        'case.escalated',
      ]);
    } finally {
      fx.clock.set('2026-12-01T02:00:00Z');
    }
  });

  it('marks the earlier days whose team figures counted the payment or the promise it kept', async () => {
    await fx.db.query('delete from team_stats_stale where agency_id = $1', [fx.agencyId]);
    const d = await fx.addDebtor();
    // a payment of today: today's figures are not computed yet, nothing to mark
    await reverse((await pay(d.caseId, 10_000)).paymentId);
    expect(await staleDays()).toEqual([]);
    const p = await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 300_000,
      dueAt: '2026-12-05T15:59:59Z',
    });
    try {
      const first = await pay(d.caseId, 100_000); // 1 December
      fx.clock.set('2026-12-02T02:00:00Z');
      await payOn(d.caseId, 200_000, '2026-12-02T01:00:00Z'); // keeps the promise on 2 December
      expect(await promiseRow(p.promiseId)).toMatchObject({ status: 'kept' });
      fx.clock.set('2026-12-03T02:00:00Z');
      await reverse(first.paymentId);
      expect(await promiseRow(p.promiseId)).toEqual({ status: 'pending', paid_fen: 200_000 });
      // 1 December counted the payment, 2 December the kept promise
      expect(await staleDays()).toEqual(['2026-12-01', '2026-12-02']);
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
    expect((await failure(reverse(r0.paymentId, 'lead'))).code).toBe('case.not_found');
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
