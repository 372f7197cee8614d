import { z } from 'zod';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { settlePastDue } from './allocate-payment';
import { auditEntry } from './audit-entry';
import { contactSuspended, respondToBrokenPromise } from './detect-broken-promises';
import { invalidState, notFound, parseInput } from './errors';
import type { Actor, Deps, PromiseStatus } from './ports';
import { markPastDaysStale } from './stale-days';

export const REVERSAL_REASON_MAX = 500;

export const reversePaymentInput = z.object({
  paymentId: z.string().min(1),
  /** why the payment is reversed (冲正原因): kept on the payment and in the audit log */
  reason: z.string().trim().min(1).max(REVERSAL_REASON_MAX),
});

export const reversePaymentOutput = z.object({
  paymentId: z.string(),
  caseId: z.string(),
  amountFen: z.int(),
  reversedAt: z.string(),
  /** promises the payment had paid into, with the status each has now */
  promises: z.array(z.object({ id: z.string(), status: z.string(), paidFen: z.int() })),
  /** instalments the payment had paid into, with the status each has now */
  instalments: z.array(z.object({ id: z.string(), status: z.string(), paidFen: z.int() })),
  /** the plan the payment had completed, active again */
  planReactivated: z.string().nullable(),
  balanceFen: z.int(),
  caseStatus: z.string(),
  /** the payment had settled the case: it is open again */
  caseReopened: z.boolean(),
});

/**
 * 冲正: reverses a wrongly recorded payment. Team leads (their team's cases), managers and admins
 * only; a reason is required. The payment row stays, marked reversed (its reference stays claimed);
 * its amount comes off the case's paid total, each allocation is undone — a promise it kept is
 * pending again, or broken / partially kept when its due time has passed (as the broken-promise job
 * decides); an instalment it paid is pending again (the job marks it missed if it is past due); a plan
 * it completed is active again, its conditional waiver withdrawn and its instalment fee taken off the
 * total due; a case it settled is open again.
 * A promise left newly broken gets the broken-promise job's own response (the same function: broken
 * count, requeue, priority, strategy, escalation, audited), since the job only looks at pending ones.
 * The earlier days whose stored team figures counted the payment (its day) or the promises it had
 * kept (their settled day) are marked stale, for the team-stats job to recompute.
 * The case row is locked first, as when recording a payment. Reversing twice: `payment.already_reversed` (409).
 */
export async function reversePayment(
  deps: Deps<
    'org' | 'cases' | 'promises' | 'plans' | 'payments' | 'escalations' | 'audit' | 'stats' | 'holds'
  > & {
    playbook: Playbook;
  },
  actor: Actor,
  input: z.input<typeof reversePaymentInput>,
): Promise<z.infer<typeof reversePaymentOutput>> {
  const i = parseInput(reversePaymentInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor, 'lead');
    const found = await tx.payments.get(actor.agencyId, i.paymentId);
    if (!found) throw notFound('payment', i.paymentId);
    const c = await requireCase(tx.cases, actor.agencyId, found.caseId, { forUpdate: true });
    assertCaseAccess(me, c);
    // Read again under the case's lock: a reversal committed meanwhile is seen.
    const payment = (await tx.payments.get(actor.agencyId, i.paymentId)) ?? found;
    if (payment.reversedAt) throw alreadyReversed(payment.id, payment.reversedAt);
    const now = deps.clock.now();
    if (!(await tx.payments.reverse(actor.agencyId, payment.id, { at: now, by: me.id, reason: i.reason })))
      throw alreadyReversed(payment.id, now);

    const allocations = await tx.payments.allocations(actor.agencyId, payment.id);
    const promises: { id: string; status: PromiseStatus; paidFen: number }[] = [];
    const instalments: { id: string; status: string; paidFen: number }[] = [];
    const plans = new Set<string>();
    const followUps: { action: string; detail: Record<string, unknown>; brokenPromiseId?: string }[] = [];
    // Team figures are per local day: the payment's day, and the day each promise it had kept was settled.
    const staleTimes: Date[] = [payment.paidAt];
    // While contact is suspended (a dispute, a complaint, 停催) the broken-promise job judges nothing on
    // the case; a promise the reversal leaves unpaid past its due time waits, pending, for the first run
    // after the hold closes — as it would had the payment never been recorded.
    const suspended = await contactSuspended(tx, actor.agencyId, c.id);
    for (const a of allocations) {
      if (a.promiseId) {
        const p = await tx.promises.get(actor.agencyId, a.promiseId);
        if (!p) continue;
        const paidFen = Math.max(0, p.paidFen - a.amountFen);
        let status: PromiseStatus = p.status;
        let settledAt = p.settledAt;
        // A cancelled promise stays cancelled; the others are judged again on what is now paid.
        if (p.status !== 'cancelled') {
          if (p.dueAt > now || suspended) {
            status = 'pending';
            settledAt = null;
          } else {
            status = settlePastDue({ amountFen: p.amountFen, paidFen });
            if (status !== p.status) settledAt = now;
          }
        }
        await tx.promises.settle(actor.agencyId, p.id, { paidFen, status, settledAt });
        promises.push({ id: p.id, status, paidFen });
        if (status !== p.status && p.settledAt) staleTimes.push(p.settledAt);
        if (status !== p.status && status !== 'pending')
          followUps.push({
            action: `promise.${status}`,
            detail: {
              promiseId: p.id,
              amountFen: p.amountFen,
              paidFen,
              dueAt: p.dueAt.toISOString(),
              paymentId: payment.id,
            },
            // newly broken (it was kept, or partially kept): the job's response to a broken promise
            ...(status === 'broken' ? { brokenPromiseId: p.id } : {}),
          });
      } else if (a.instalmentId) {
        const x = await tx.plans.instalment(actor.agencyId, a.instalmentId);
        if (!x) continue;
        const paidFen = Math.max(0, x.paidFen - a.amountFen);
        // Paid in full no longer: pending again (past due, the broken-promise job marks it missed).
        const status = x.status === 'paid' ? 'pending' : x.status;
        await tx.plans.settleInstalment(actor.agencyId, x.id, {
          paidFen,
          status,
          settledAt: status === 'pending' ? null : x.settledAt,
        });
        instalments.push({ id: x.id, status, paidFen });
        plans.add(x.planId);
      }
    }

    let totalDueFen = c.totalDueFen;
    let waivedFen = c.waivedFen;
    let planReactivated: string | null = null;
    for (const planId of plans) {
      const plan = await tx.plans.get(actor.agencyId, planId, { forUpdate: true });
      if (plan?.state !== 'completed') continue;
      // The waiver was granted, and the instalment fee booked as owed, when the last instalment was
      // paid (recordPayment): both are withdrawn with the payment. The waiver granted is the plan's (what
      // a plan may be paid is capped so that it fits); never more than the case has waived.
      await tx.plans.update(actor.agencyId, plan.id, { state: 'active', endedAt: null });
      totalDueFen -= plan.instalmentFeeFen;
      waivedFen -= Math.min(plan.interestWaiverFen + plan.feeWaiverFen, waivedFen);
      planReactivated = plan.id;
    }

    const paidFen = c.paidFen - payment.amountFen;
    const balanceFen = totalDueFen - paidFen - waivedFen;
    const caseReopened = c.status === 'settled' && balanceFen > 0;
    const caseStatus = caseReopened ? 'open' : c.status;
    await tx.cases.update(actor.agencyId, c.id, {
      totalDueFen,
      paidFen,
      waivedFen,
      ...(caseReopened ? { status: 'open' as const } : {}),
      nextDueAt: caseStatus === 'open' ? await tx.cases.nextDueAt(actor.agencyId, c.id) : c.nextDueAt,
    });

    await tx.audit.append(
      auditEntry(actor, now, c.clientId, 'payment.reversed', 'case', c.id, {
        paymentId: payment.id,
        amountFen: payment.amountFen,
        reference: payment.reference,
        paidAt: payment.paidAt.toISOString(),
        reason: i.reason,
        allocations: allocations.map((a) => ({
          promiseId: a.promiseId,
          instalmentId: a.instalmentId,
          amountFen: a.amountFen,
        })),
      }),
    );
    for (const f of followUps) {
      await tx.audit.append(auditEntry(actor, now, c.clientId, f.action, 'case', c.id, f.detail));
      if (!f.brokenPromiseId) continue;
      // The case as it stands now (updated above, and by a response before this one).
      const current = await tx.cases.get(actor.agencyId, c.id);
      if (current)
        await respondToBrokenPromise(tx, deps.ids, deps.playbook, actor, now, current, {
          promiseId: f.brokenPromiseId,
          paymentId: payment.id,
        });
    }
    if (planReactivated)
      await tx.audit.append(
        auditEntry(actor, now, c.clientId, 'plan.reactivated', 'case', c.id, {
          planId: planReactivated,
          paymentId: payment.id,
        }),
      );
    if (caseReopened)
      await tx.audit.append(
        auditEntry(actor, now, c.clientId, 'case.reopened', 'case', c.id, {
          paymentId: payment.id,
          balanceFen,
        }),
      );
    await markPastDaysStale(tx.stats, actor.agencyId, staleTimes, now);
    return reversePaymentOutput.parse({
      paymentId: payment.id,
      caseId: c.id,
      amountFen: payment.amountFen,
      reversedAt: now.toISOString(),
      promises,
      instalments,
      planReactivated,
      balanceFen,
      caseStatus,
      caseReopened,
    });
  });
}

function alreadyReversed(paymentId: string, at: Date) {
  return invalidState(
    'payment.already_reversed',
    {
      en: `Payment ${paymentId} was already reversed`,
      zh: `还款 ${paymentId} 已冲正，不能重复冲正`,
    },
    { paymentId, reversedAt: at.toISOString() },
  );
}
