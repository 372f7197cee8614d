import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { proposePlan } from './propose-plan';
import { recordPayment } from './record-payment';
import { recordPromise } from './record-promise';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

const promise = (caseId: string, amountFen: number, dueAt: string) =>
  recordPromise(fx.deps, fx.as('collector'), { caseId, amountFen, dueAt });

let ref = 0;
const pay = (
  caseId: string,
  amountFen: number,
  over: Partial<Parameters<typeof recordPayment>[2]> = {},
  who: 'collector' | 'lead' = 'collector',
) =>
  recordPayment(fx.deps, fx.as(who), {
    caseId,
    amountFen,
    paidAt: '2026-12-01T01:00:00Z', // an hour before the fixture's clock
    channel: 'bank_transfer',
    reference: `REF-${++ref}`,
    ...over,
  });

async function promiseRow(id: string) {
  const r = await fx.db.query<{ status: string; paid_fen: number }>(
    'select status, paid_fen from promises where id = $1',
    [id],
  );
  return r.rows[0];
}
async function caseRow(id: string) {
  const r = await fx.db.query<{
    paid_fen: number;
    balance_fen: number;
    status: string;
    next_due_at: Date | null;
  }>('select paid_fen, balance_fen, status, next_due_at from cases where id = $1', [id]);
  return r.rows[0]!;
}

describe('recordPromise', () => {
  it('records a pending promise and makes it the case’s next due item', async () => {
    const d = await fx.addDebtor();
    const p = await promise(d.caseId, 500_000, '2026-12-05T15:59:59Z');
    expect(p.status).toBe('pending');
    expect((await caseRow(d.caseId)).next_due_at?.toISOString()).toBe('2026-12-05T15:59:59.000Z');
  });

  it.each([
    [1_250_001, '2026-12-05T15:59:59Z', 'promise.exceeds_balance'],
    [100_000, '2026-11-30T15:59:59Z', 'promise.due_in_past'],
    [0, '2026-12-05T15:59:59Z', 'input.invalid'],
  ])('refuses %i fen due %s with %s', async (amount, due, code) => {
    const d = await fx.addDebtor();
    expect((await failure(promise(d.caseId, amount, due))).code).toBe(code);
  });

  it('refuses a range whose upper end exceeds the balance, naming the balance in yuan', async () => {
    const d = await fx.addDebtor();
    const e = await failure(
      recordPromise(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        amountFen: 1_000,
        amountMaxFen: 999_999_999,
        dueAt: '2026-12-05T15:59:59Z',
      }),
    );
    expect(e.code).toBe('promise.exceeds_balance');
    expect(e.messageZh).toContain('（¥12,500）');
    await expect(
      recordPromise(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        amountFen: 1_000,
        amountMaxFen: 1_250_000,
        dueAt: '2026-12-05T15:59:59Z',
      }),
    ).resolves.toMatchObject({ amountMaxFen: 1_250_000 });
  });

  it('refuses a due time more than 366 days ahead', async () => {
    const d = await fx.addDebtor();
    for (const due of ['2999-12-31T15:59:59Z', '2027-12-02T02:00:01Z'])
      expect((await failure(promise(d.caseId, 100_000, due))).code).toBe('promise.due_too_far');
    // the clock is 2026-12-01T02:00Z: 366 days later is the last instant allowed
    await expect(promise(d.caseId, 100_000, '2027-12-02T02:00:00Z')).resolves.toMatchObject({
      status: 'pending',
    });
  });
});

describe('recordPayment', () => {
  it('allocates to the oldest open promise first: kept, then partly paid', async () => {
    const d = await fx.addDebtor();
    const later = await promise(d.caseId, 500_000, '2026-12-10T15:59:59Z');
    const first = await promise(d.caseId, 500_000, '2026-12-03T15:59:59Z');
    const r = await pay(d.caseId, 700_000);
    expect(r.allocations).toEqual([
      { promiseId: first.promiseId, instalmentId: null, amountFen: 500_000 },
      { promiseId: later.promiseId, instalmentId: null, amountFen: 200_000 },
    ]);
    expect(r.kept).toEqual([first.promiseId]);
    expect(await promiseRow(first.promiseId)).toEqual({ status: 'kept', paid_fen: 500_000 });
    expect(await promiseRow(later.promiseId)).toEqual({ status: 'pending', paid_fen: 200_000 });
    const c = await caseRow(d.caseId);
    expect(c).toMatchObject({ paid_fen: 700_000, balance_fen: 550_000, status: 'open' });
    expect(c.next_due_at?.toISOString()).toBe('2026-12-10T15:59:59.000Z');
  });

  it('records a payment without promises as an unallocated reduction of the balance', async () => {
    const d = await fx.addDebtor();
    const r = await pay(d.caseId, 100_000);
    expect(r.allocations).toEqual([{ promiseId: null, instalmentId: null, amountFen: 100_000 }]);
    expect(r.balanceFen).toBe(1_150_000);
  });

  it('is idempotent on the payment reference', async () => {
    const d = await fx.addDebtor();
    const p = await promise(d.caseId, 300_000, '2026-12-04T15:59:59Z');
    const a = await pay(d.caseId, 200_000, { reference: 'BANK-777' });
    const b = await pay(d.caseId, 200_000, { reference: 'BANK-777' });
    expect(b).toMatchObject({ paymentId: a.paymentId, duplicate: true });
    expect(b.allocations).toEqual(a.allocations);
    expect(await promiseRow(p.promiseId)).toEqual({ status: 'pending', paid_fen: 200_000 });
    expect((await caseRow(d.caseId)).paid_fen).toBe(200_000);
  });

  it('refuses a reference reused for a different payment', async () => {
    const d = await fx.addDebtor();
    const other = await fx.addDebtor();
    await pay(d.caseId, 200_000, { reference: 'BANK-888' });
    expect((await failure(pay(d.caseId, 300_000, { reference: 'BANK-888' }))).code).toBe(
      'payment.reference_conflict',
    );
    expect((await failure(pay(other.caseId, 200_000, { reference: 'BANK-888' }))).code).toBe(
      'payment.reference_conflict',
    );
    expect((await caseRow(other.caseId)).paid_fen).toBe(0);
  });

  it('settles the case when the balance is paid and cancels what is left to promise', async () => {
    const d = await fx.addDebtor();
    const p = await promise(d.caseId, 200_000, '2026-12-20T15:59:59Z');
    const r = await pay(d.caseId, 1_250_000);
    expect(r).toMatchObject({ caseStatus: 'settled', balanceFen: 0, kept: [p.promiseId] });
    const q = await fx.addDebtor();
    const p1 = await promise(q.caseId, 200_000, '2026-12-20T15:59:59Z');
    const p2 = await promise(q.caseId, 200_000, '2026-12-25T15:59:59Z');
    await pay(q.caseId, 1_250_000 - 1);
    await pay(q.caseId, 1);
    expect((await promiseRow(p1.promiseId))?.status).toBe('kept');
    expect((await promiseRow(p2.promiseId))?.status).toBe('kept');
    const actions = (
      await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', q.caseId))
    ).map((a) => a.action);
    expect(actions.filter((a) => a === 'payment.recorded')).toHaveLength(2);
    expect(actions).toContain('case.settled');
  });

  it('cancels a plan still waiting for approval when a payment outside it settles the case', async () => {
    const d = await fx.addDebtor();
    const plan = await proposePlan(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      instalmentCount: 6,
      firstDueDate: '2026-12-20',
    });
    expect(await pay(d.caseId, 1_250_000)).toMatchObject({ caseStatus: 'settled', balanceFen: 0 });
    const p = await fx.db.query<{ state: string }>('select state from repayment_plans where id = $1', [
      plan.planId,
    ]);
    expect(p.rows[0]!.state).toBe('cancelled');
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    expect(audit.find((a) => a.action === 'plan.cancelled')?.detail).toEqual({
      planId: plan.planId,
      from: 'proposed',
      reason: 'case_settled',
    });
  });

  it('refuses a payment dated in the future, beyond a few minutes of clock skew', async () => {
    const d = await fx.addDebtor();
    // the fixture's clock stands at 2026-12-01T02:00:00Z
    const e = await failure(pay(d.caseId, 100, { paidAt: '2027-12-03T20:00:00+08:00' }));
    expect(e.code).toBe('payment.in_future');
    expect(e.messageZh).toContain('不能提前登记');
    await expect(pay(d.caseId, 100, { paidAt: '2026-12-01T02:04:00Z' })).resolves.toMatchObject({
      duplicate: false,
    });
    expect((await caseRow(d.caseId)).paid_fen).toBe(100);
  });

  it('refuses a payment dated before the case was placed (the placement’s first local day)', async () => {
    const d = await fx.addDebtor();
    for (const paidAt of ['1900-01-01T00:00:00Z', '2026-10-31T15:59:59Z']) {
      const e = await failure(pay(d.caseId, 100_000, { paidAt, reference: 'EARLY' }));
      expect(e.code).toBe('payment.before_placement');
      expect(e.details).toMatchObject({ placedOn: '2026-11-01' });
    }
    expect((await caseRow(d.caseId)).paid_fen).toBe(0);
    // midnight of 1 November in Shanghai is the first instant allowed; the reference was not used up
    await expect(
      pay(d.caseId, 100_000, { paidAt: '2026-10-31T16:00:00Z', reference: 'EARLY' }),
    ).resolves.toMatchObject({ duplicate: false, balanceFen: 1_150_000 });
  });

  it('refuses an amount above the balance, naming the balance in yuan', async () => {
    const d = await fx.addDebtor();
    await pay(d.caseId, 600_540);
    const e = await failure(pay(d.caseId, 999_999_999, { reference: 'TOO-MUCH' }));
    expect(e.code).toBe('payment.exceeds_balance');
    expect(e.messageZh).toContain('¥6,494.60');
    expect(e.messageZh).not.toContain('649460');
    expect(e.details).toMatchObject({ balanceFen: 649_460 });
    expect(await caseRow(d.caseId)).toMatchObject({
      paid_fen: 600_540,
      balance_fen: 649_460,
      status: 'open',
    });
    // refused, so the reference was not used up
    await expect(pay(d.caseId, 649_460, { reference: 'TOO-MUCH' })).resolves.toMatchObject({
      caseStatus: 'settled',
      balanceFen: 0,
    });
  });

  it('refuses a new payment on a settled case with case.not_open; the settling payment again is a duplicate', async () => {
    const d = await fx.addDebtor();
    const settling = await pay(d.caseId, 1_250_000, { reference: 'SETTLE-1' });
    expect(settling.caseStatus).toBe('settled');
    const e = await failure(pay(d.caseId, 100));
    expect(e.code).toBe('case.not_open');
    expect(e.messageZh).toContain('已结清');
    expect(e.messageZh).not.toContain('settled');
    await expect(pay(d.caseId, 1_250_000, { reference: 'SETTLE-1' })).resolves.toMatchObject({
      paymentId: settling.paymentId,
      duplicate: true,
      caseStatus: 'settled',
    });
    expect(await caseRow(d.caseId)).toMatchObject({ paid_fen: 1_250_000, balance_fen: 0 });
    await fx.db.query(`update cases set status = 'closed' where id = $1`, [d.caseId]);
    expect((await failure(pay(d.caseId, 100))).messageZh).toContain('已关闭');
  });

  it('accepts a payment from the bank’s feed (the system, no user)', async () => {
    const d = await fx.addDebtor();
    const r = await recordPayment(
      fx.deps,
      { agencyId: fx.agencyId, userId: null },
      {
        caseId: d.caseId,
        amountFen: 50_000,
        paidAt: '2026-12-01T01:00:00Z',
        channel: 'counter',
        reference: 'FEED-1',
      },
    );
    expect(r.duplicate).toBe(false);
  });

  it('two collectors recording payments against one promise at the same moment leave a consistent state', async () => {
    const d = await fx.addDebtor();
    const p = await promise(d.caseId, 500_000, '2026-12-06T15:59:59Z');
    const results = await Promise.all([
      pay(d.caseId, 300_000, { reference: 'RACE-A' }, 'collector'),
      pay(d.caseId, 300_000, { reference: 'RACE-B' }, 'lead'),
      pay(d.caseId, 300_000, { reference: 'RACE-A' }, 'lead'),
    ]);
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    expect(await promiseRow(p.promiseId)).toEqual({ status: 'kept', paid_fen: 500_000 });
    const alloc = await fx.db.query<{ promise_id: string | null; total: number }>(
      `select promise_id, sum(amount_fen)::bigint as total from payment_allocations where case_id = $1
        group by promise_id order by promise_id nulls last`,
      [d.caseId],
    );
    expect(alloc.rows).toEqual([
      { promise_id: p.promiseId, total: 500_000 },
      { promise_id: null, total: 100_000 },
    ]);
    expect(await caseRow(d.caseId)).toMatchObject({ paid_fen: 600_000, balance_fen: 650_000 });
  });
});
