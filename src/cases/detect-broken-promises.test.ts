import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../playbook';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { activatePlan } from './activate-plan';
import { approvePlan } from './approve-plan';
import { closeComplaint } from './close-complaint';
import { createAgency } from './create-agency';
import { detectBrokenPromises } from './detect-broken-promises';
import { openComplaint } from './open-complaint';
import { openDispute } from './open-dispute';
import { proposePlan } from './propose-plan';
import { recordPayment } from './record-payment';
import { recordPromise } from './record-promise';
import { resolveDispute } from './resolve-dispute';
import { resumeCollection } from './resume-collection';
import { stopCollection } from './stop-collection';
import { writePlacement } from './write-placement';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

const DUE = '2026-12-02T15:59:59Z';
const AFTER = '2026-12-03T01:00:00Z';

function withPolicy(over: Partial<Playbook['policies']['broken_promise']>): CaseFixture['deps'] {
  const pb = fx.playbook;
  return {
    ...fx.deps,
    playbook: {
      ...pb,
      policies: { ...pb.policies, broken_promise: { ...pb.policies.broken_promise, ...over } },
    },
  };
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
            (select count(*) from escalations e where e.case_id = c.id and e.status = 'open') as open_escalations
       from cases c where id = $1`,
    [id],
  );
  return r.rows[0]!;
}

async function promiseStatus(id: string): Promise<string> {
  return (await fx.db.query<{ status: string }>('select status from promises where id = $1', [id])).rows[0]!
    .status;
}

/** A case with one promise of ¥5,000 due DUE, `paid` fen paid towards it. */
async function caseWithPromise(paid: number) {
  fx.clock.set('2026-12-01T02:00:00Z');
  const d = await fx.addDebtor();
  const p = await recordPromise(fx.deps, fx.as('collector'), {
    caseId: d.caseId,
    amountFen: 500_000,
    dueAt: DUE,
  });
  if (paid > 0)
    await recordPayment(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: paid,
      paidAt: '2026-12-01T02:00:00Z', // now: a payment is recorded once made
      channel: 'bank_transfer',
      reference: `P-${p.promiseId}`,
    });
  return { ...d, promiseId: p.promiseId };
}

describe('detectBrokenPromises', () => {
  it.each([
    [0, 'broken'],
    [1, 'partially_kept'],
    [499_999, 'partially_kept'],
    [500_000, 'kept'],
  ])('settles a promise with %i of 500000 fen paid at its due time as %s', async (paid, status) => {
    const c = await caseWithPromise(paid);
    await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: AFTER });
    expect(await promiseStatus(c.promiseId)).toBe(status);
    const s = await caseState(c.caseId);
    expect(s.broken_count).toBe(status === 'broken' ? 1 : 0);
    expect(s.follow_up_broken).toBe(status === 'broken');
  });

  it('leaves a promise alone until its due time has passed', async () => {
    const c = await caseWithPromise(0);
    await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: '2026-12-02T15:59:59Z' });
    expect(await promiseStatus(c.promiseId)).toBe('pending');
  });

  type Policy = Playbook['policies']['broken_promise'];
  const table: [string, Partial<Policy>, number, string, boolean, number][] = [
    // policy override → after the 1st broken promise: priority, strategy, requeued, open escalations
    ['the shipped policy', {}, 2, 'confrontation', true, 0],
    ['escalate after 1', { escalate_after: 1 }, 2, 'confrontation', true, 1],
    ['no requeue, no raise', { requeue: false, priority_raise: 0 }, 0, 'confrontation', false, 0],
    ['other strategies', { switch_strategies: ['empathy', 'same_side'] }, 2, 'empathy', true, 0],
  ];
  it.each(table)(
    'applies %s to a first broken promise',
    async (_name, over, priority, strategy, requeued, escalations) => {
      const c = await caseWithPromise(0);
      await detectBrokenPromises(
        withPolicy({ switch_strategies: ['confrontation', 'bear_burden'], ...over }),
        {
          agencyId: fx.agencyId,
          at: AFTER,
        },
      );
      expect(await caseState(c.caseId)).toEqual({
        broken_count: 1,
        priority,
        strategy,
        follow_up_broken: requeued,
        open_escalations: escalations,
      });
    },
  );

  it('escalates to a lead after the configured count, once, and rotates the strategy', async () => {
    const c = await caseWithPromise(0);
    await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: AFTER });
    expect(await caseState(c.caseId)).toMatchObject({
      broken_count: 1,
      strategy: 'confrontation',
      open_escalations: 0,
    });
    for (const [due, at] of [
      ['2026-12-04T15:59:59Z', '2026-12-05T01:00:00Z'],
      ['2026-12-06T15:59:59Z', '2026-12-07T01:00:00Z'],
    ]) {
      fx.clock.set('2026-12-03T02:00:00Z');
      await recordPromise(fx.deps, fx.as('collector'), { caseId: c.caseId, amountFen: 100_000, dueAt: due! });
      await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: at! });
    }
    const s = await caseState(c.caseId);
    expect(s).toMatchObject({ broken_count: 3, priority: 6, open_escalations: 1 });
    expect(s.strategy).toBe(fx.playbook.policies.broken_promise.switch_strategies[2]);
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', c.caseId));
    expect(audit.filter((a) => a.action === 'case.escalated')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'promise.broken')).toHaveLength(3);
  });

  it('changes nothing when run again', async () => {
    const c = await caseWithPromise(0);
    const first = await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: AFTER });
    expect(first.broken).toBeGreaterThanOrEqual(1);
    const before = await caseState(c.caseId);
    const again = await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: AFTER });
    expect(again).toMatchObject({ broken: 0, partiallyKept: 0, kept: 0, missedInstalments: 0 });
    expect(await caseState(c.caseId)).toEqual(before);
  });

  it('defaults an active plan whose instalment is missed and treats it as a broken promise', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const d = await fx.addDebtor();
    const plan = await proposePlan(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      instalmentCount: 3,
      downPaymentFen: 125_000,
      firstDueDate: '2026-12-05',
    });
    await approvePlan(fx.deps, fx.as('lead'), { planId: plan.planId, decision: 'approve' });
    await activatePlan(fx.deps, fx.as('collector'), { planId: plan.planId });
    const r = await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: '2026-12-06T01:00:00Z' });
    expect(r.missedInstalments).toBe(1);
    expect(r.defaultedPlans).toBe(1);
    const state = await fx.db.query<{ state: string }>('select state from repayment_plans where id = $1', [
      plan.planId,
    ]);
    expect(state.rows[0]!.state).toBe('defaulted');
    expect(await caseState(d.caseId)).toMatchObject({ broken_count: 1, follow_up_broken: true });
  });
});

describe('detectBrokenPromises while contact is suspended', () => {
  const planState = async (planId: string) =>
    (await fx.db.query<{ state: string }>('select state from repayment_plans where id = $1', [planId]))
      .rows[0]!.state;
  const instalmentStatus = async (planId: string) =>
    (
      await fx.db.query<{ status: string }>(
        'select status from plan_instalments where plan_id = $1 order by due_at, seq limit 1',
        [planId],
      )
    ).rows[0]!.status;

  it('leaves a promise due during an open dispute pending, and judges it on the first run after', async () => {
    const c = await caseWithPromise(0);
    const untouched = await caseState(c.caseId);
    const dispute = await openDispute(fx.deps, fx.as('collector'), {
      caseId: c.caseId,
      kind: 'amount',
      detail: '债务人称金额有误',
    });
    const during = await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: AFTER });
    expect(await promiseStatus(c.promiseId)).toBe('pending');
    expect(await caseState(c.caseId)).toEqual(untouched);
    expect(during.escalated).toBe(0);
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', c.caseId));
    expect(audit.map((a) => a.action)).not.toContain('promise.broken');

    fx.clock.set('2026-12-04T02:00:00Z');
    await resolveDispute(fx.deps, fx.as('lead'), {
      holdId: dispute.holdId,
      outcome: 'confirmed',
      note: '金额无误',
    });
    await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: '2026-12-04T03:00:00Z' });
    expect(await promiseStatus(c.promiseId)).toBe('broken');
    const due = await fx.db.query<{ due_at: Date }>('select due_at from promises where id = $1', [
      c.promiseId,
    ]);
    expect(new Date(due.rows[0]!.due_at).toISOString()).toBe('2026-12-02T15:59:59.000Z');
    expect(await caseState(c.caseId)).toMatchObject({
      broken_count: 1,
      strategy: 'confrontation',
      follow_up_broken: true,
    });
  });

  it('honours another agency’s 停催 on the same person: the promise waits until it is lifted', async () => {
    const c = await caseWithPromise(0);
    const untouched = await caseState(c.caseId);
    // a second agency holds the same person from the same client, and its lead stops collection
    const other = await createAgency(fx.deps, { name: `第二机构${Date.now()}`, admin: { name: '管理员' } });
    const admin2 = { agencyId: other.agencyId, userId: other.adminUserId };
    const placed = await writePlacement(
      fx.deps,
      admin2,
      { clientId: fx.clientId, batchNo: `X-${c.caseId}`, periodStart: '2026-11-01', periodEnd: '2027-02-01' },
      [
        [
          {
            name: '同一人',
            idNumber: c.idNumber,
            accounts: [
              {
                accountRef: 'LOAN-X',
                product: 'consumer_loan',
                principalFen: 300_000,
                daysOverdue: 40,
                overdueAsOf: '2026-11-30',
              },
            ],
            contacts: [{ relation: 'self', phone: '13700000002' }],
          },
        ],
      ],
    );
    const otherCase = (
      await fx.db.query<{ id: string }>('select id from cases where placement_id = $1', [placed.placementId])
    ).rows[0]!.id;
    const stop = await stopCollection(fx.deps, admin2, {
      caseId: otherCase,
      reason: '债务人住院，家属请求暂停',
    });
    await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: AFTER });
    expect(await promiseStatus(c.promiseId)).toBe('pending');
    expect(await caseState(c.caseId)).toEqual(untouched);

    fx.clock.set('2026-12-04T02:00:00Z');
    await resumeCollection(fx.deps, admin2, { holdId: stop.holdId, note: '已出院' });
    await detectBrokenPromises(fx.deps, { agencyId: fx.agencyId, at: '2026-12-04T03:00:00Z' });
    expect(await promiseStatus(c.promiseId)).toBe('broken');
  });

  it('leaves an instalment due during a regulator complaint pending and its plan active, until it is closed', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const d = await fx.addDebtor();
    const plan = await proposePlan(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      instalmentCount: 3,
      downPaymentFen: 125_000,
      firstDueDate: '2026-12-05',
    });
    await approvePlan(fx.deps, fx.as('lead'), { planId: plan.planId, decision: 'approve' });
    await activatePlan(fx.deps, fx.as('collector'), { planId: plan.planId });
    const untouched = await caseState(d.caseId);
    const complaint = await openComplaint(fx.deps, fx.as('lead'), {
      caseId: d.caseId,
      channel: 'regulator',
      summary: '债务人向监管投诉',
    });
    const during = await detectBrokenPromises(withPolicy({ escalate_after: 1 }), {
      agencyId: fx.agencyId,
      at: '2026-12-06T01:00:00Z',
    });
    expect(await instalmentStatus(plan.planId)).toBe('pending');
    expect(await planState(plan.planId)).toBe('active');
    expect(await caseState(d.caseId)).toEqual(untouched);
    expect(during.escalated).toBe(0);

    fx.clock.set('2026-12-06T02:00:00Z');
    await closeComplaint(fx.deps, fx.as('lead'), { holdId: complaint.holdId, answer: '已答复监管' });
    const after = await detectBrokenPromises(withPolicy({ escalate_after: 1 }), {
      agencyId: fx.agencyId,
      at: '2026-12-06T03:00:00Z',
    });
    expect(after.missedInstalments).toBeGreaterThanOrEqual(1);
    expect(await instalmentStatus(plan.planId)).toBe('missed');
    expect(await planState(plan.planId)).toBe('defaulted');
    expect(await caseState(d.caseId)).toMatchObject({ broken_count: 1, open_escalations: 1 });
  });
});
