import { z } from 'zod';
import { formatYuan } from '../domain/money';
import { assertCaseAccess, caseNotOpen, requireCase, requireUser } from './access';
import { allocatePayment, type OpenItem } from './allocate-payment';
import { auditEntry } from './audit-entry';
import { invalidState, notFound, parseInput } from './errors';
import { assertNotBeforePlacement, assertNotInFuture } from './event-time';
import { cancelLivePlan } from './plan-end';
import { type Actor, type AllocationRecord, type CaseTx, type Deps, PAYMENT_CHANNELS } from './ports';
import { markPastDaysStale } from './stale-days';

const PAYMENT = { code: 'payment', en: 'A payment', zh: '还款' };

export const recordPaymentInput = z.object({
  caseId: z.string().min(1),
  amountFen: z.int().positive(),
  paidAt: z.iso.datetime({ offset: true }),
  channel: z.enum(PAYMENT_CHANNELS),
  /** the bank's or channel's reference, unique per client: recording it again is the same payment */
  reference: z.string().trim().min(1).max(100),
});

export const recordPaymentOutput = z.object({
  paymentId: z.string(),
  /** true when this reference was already recorded: nothing changed */
  duplicate: z.boolean(),
  allocations: z.array(
    z.object({
      promiseId: z.string().nullable(),
      instalmentId: z.string().nullable(),
      amountFen: z.int(),
    }),
  ),
  kept: z.array(z.string()),
  instalmentsPaid: z.array(z.string()),
  planCompleted: z.string().nullable(),
  balanceFen: z.int(),
  caseStatus: z.string(),
});

/**
 * Records a payment and allocates it to the oldest open promises and instalments (kept when paid in
 * full; a shortfall at the due time is settled by the broken-promise job as partially kept).
 * Idempotent on the client's payment reference. Refused: a payment dated in the future
 * (`payment.in_future`) or before the case's placement (`payment.before_placement`), one above what
 * is owed — while a plan is active, above what it still needs — (`payment.exceeds_balance`) and a new
 * one on a case no longer open (`case.not_open`, 409). The case row is locked first, so two collectors
 * recording payments against one promise at the same moment apply them one after the other.
 */
export async function recordPayment(
  deps: Deps<'org' | 'cases' | 'debtors' | 'promises' | 'plans' | 'payments' | 'audit' | 'stats'>,
  actor: Actor,
  input: z.input<typeof recordPaymentInput>,
): Promise<z.infer<typeof recordPaymentOutput>> {
  const i = parseInput(recordPaymentInput, input);
  const paidAt = new Date(i.paidAt);
  // Recorded once made: a little clock skew is fine, a payment dated ahead is not (payment.in_future).
  assertNotInFuture(PAYMENT, paidAt, deps.clock.now());
  return deps.store.transaction(async (tx) => {
    // A bank repayment feed runs as the system (no user); people are checked against the case.
    const me = actor.userId === null ? null : await requireUser(tx.org, actor);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { forUpdate: true });
    if (me) assertCaseAccess(me, c);
    const paymentId = deps.ids.next('pay');
    const claimed = await tx.payments.insert({
      id: paymentId,
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      amountFen: i.amountFen,
      paidAt,
      channel: i.channel,
      reference: i.reference,
      recordedBy: actor.userId,
    });
    // The same reference again is the same payment, whatever the case has become since (a retry).
    if (!claimed) return duplicateOf(tx, actor, c.clientId, c.id, i);
    // A new payment: refusing it below rolls the claim of its reference back with the transaction.
    if (c.status !== 'open')
      throw caseNotOpen(c, { en: 'no payment can be recorded on it', zh: '不能再登记还款' });
    // Nor dated before the case was placed with the agency (payment.before_placement), as contacts.
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    await assertNotBeforePlacement(tx.org, PAYMENT, c, paidAt, debtor.timeZone);

    const promises = await tx.promises.open(actor.agencyId, c.id);
    const instalments = await tx.plans.openInstalments(actor.agencyId, c.id);
    // The active plan, if any (it has open instalments): while it runs, what the case needs is what the
    // plan still needs to complete — the balance, plus the bank's instalment fee booked at completion,
    // less the waiver granted then; its open instalments, unless a payment outside the plan (before it
    // started, or to a promise) already covered part of them. More would be kept silently (or, once the
    // waiver was granted, take the balance below 0).
    const plan = instalments.length ? await tx.plans.live(actor.agencyId, c.id) : null;
    const activePlan = plan?.state === 'active' ? plan : null;
    const planNeedsFen = activePlan
      ? Math.max(
          0,
          Math.min(
            instalments.reduce((s, x) => s + x.amountFen - x.paidFen, 0),
            c.balanceFen +
              activePlan.instalmentFeeFen -
              activePlan.interestWaiverFen -
              activePlan.feeWaiverFen,
          ),
        )
      : null;
    const owedFen = planNeedsFen ?? c.balanceFen;
    if (i.amountFen > owedFen)
      throw invalidState(
        'payment.exceeds_balance',
        planNeedsFen === null
          ? {
              en: `The payment (${formatYuan(i.amountFen)}) exceeds the balance owed (${formatYuan(owedFen)})`,
              zh: `还款金额（${formatYuan(i.amountFen)}）超过欠款余额（${formatYuan(owedFen)}）`,
            }
          : {
              en: `The payment (${formatYuan(i.amountFen)}) exceeds what the repayment plan still needs (${formatYuan(owedFen)})`,
              zh: `还款金额（${formatYuan(i.amountFen)}）超过还款方案尚需还款金额（${formatYuan(owedFen)}）`,
            },
        { amountFen: i.amountFen, balanceFen: owedFen },
      );
    const items: OpenItem[] = [
      ...promises.map((p) => ({
        kind: 'promise' as const,
        id: p.id,
        dueAt: p.dueAt,
        amountFen: p.amountFen,
        paidFen: p.paidFen,
      })),
      ...instalments.map((x) => ({
        kind: 'instalment' as const,
        id: x.id,
        dueAt: x.dueAt,
        amountFen: x.amountFen,
        paidFen: x.paidFen,
      })),
    ];
    const alloc = allocatePayment(i.amountFen, items);
    const allocations: AllocationRecord[] = alloc.updates.map((u) => ({
      id: deps.ids.next('alc'),
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      paymentId,
      promiseId: u.kind === 'promise' ? u.id : null,
      instalmentId: u.kind === 'instalment' ? u.id : null,
      amountFen: u.allocatedFen,
    }));
    if (alloc.unallocatedFen > 0)
      allocations.push({
        id: deps.ids.next('alc'),
        agencyId: actor.agencyId,
        clientId: c.clientId,
        caseId: c.id,
        paymentId,
        promiseId: null,
        instalmentId: null,
        amountFen: alloc.unallocatedFen,
      });
    await tx.payments.insertAllocations(allocations);
    const kept: string[] = [];
    const paid: string[] = [];
    for (const u of alloc.updates) {
      if (u.kind === 'promise') {
        await tx.promises.settle(actor.agencyId, u.id, {
          paidFen: u.paidFen,
          status: u.complete ? 'kept' : 'pending',
          settledAt: u.complete ? paidAt : null,
        });
        if (u.complete) kept.push(u.id);
      } else {
        await tx.plans.settleInstalment(actor.agencyId, u.id, {
          paidFen: u.paidFen,
          status: u.complete ? 'paid' : 'pending',
          settledAt: u.complete ? paidAt : null,
        });
        if (u.complete) paid.push(u.id);
      }
    }

    let totalDueFen = c.totalDueFen;
    let waivedFen = c.waivedFen;
    let planCompleted: string | null = null;
    const paidFen = c.paidFen + i.amountFen;
    if (
      activePlan &&
      // its last instalment paid, or what it still needed paid (a payment outside it covered the rest)
      (i.amountFen === planNeedsFen ||
        (paid.length > 0 &&
          (await tx.plans.instalments(actor.agencyId, activePlan.id)).every((x) => x.status === 'paid')))
    ) {
      await tx.plans.update(actor.agencyId, activePlan.id, { state: 'completed', endedAt: paidAt });
      // The bank's instalment fee is booked when the plan is completed, as a fee added to what the case
      // owes (total due): the instalments, which include it, are then exactly what was owed less the
      // waiver, and the case ends at 0. Until then payments count against the balance in full (a plan
      // that defaults charges no fee: what was paid reduces the debt). reversePayment undoes both.
      totalDueFen += activePlan.instalmentFeeFen;
      // The waiver was conditional on the plan: it is granted when the plan is completed, never beyond
      // what is left owed (the cap above already ensures that): never below 0.
      waivedFen += planWaiverGranted(activePlan, totalDueFen - paidFen - waivedFen);
      planCompleted = activePlan.id;
    }
    const balanceFen = totalDueFen - paidFen - waivedFen;
    // a plan still running is not settled before it ends (the fee it books then is owed)
    const settled = c.status === 'open' && balanceFen <= 0 && (!activePlan || planCompleted !== null);
    if (settled)
      // Nothing is owed any more: promises still open have nothing left to promise.
      for (const p of promises)
        if (!kept.includes(p.id))
          await tx.promises.settle(actor.agencyId, p.id, {
            paidFen: alloc.updates.find((u) => u.id === p.id)?.paidFen ?? p.paidFen,
            status: 'cancelled',
            settledAt: paidAt,
          });
    await tx.cases.update(actor.agencyId, c.id, {
      totalDueFen,
      paidFen,
      waivedFen,
      ...(settled ? { status: 'settled' } : {}),
      nextDueAt: settled ? null : await tx.cases.nextDueAt(actor.agencyId, c.id),
    });
    const now = deps.clock.now();
    await tx.audit.append(
      auditEntry(actor, now, c.clientId, 'payment.recorded', 'case', c.id, {
        paymentId,
        amountFen: i.amountFen,
        reference: i.reference,
        channel: i.channel,
        allocations: allocations.map((a) => ({
          promiseId: a.promiseId,
          instalmentId: a.instalmentId,
          amountFen: a.amountFen,
        })),
      }),
    );
    if (planCompleted)
      await tx.audit.append(
        auditEntry(actor, now, c.clientId, 'plan.completed', 'case', c.id, { planId: planCompleted }),
      );
    if (settled) {
      await tx.audit.append(auditEntry(actor, now, c.clientId, 'case.settled', 'case', c.id, { paidFen }));
      // paid in full outside a plan: one waiting for approval (or approved, not started) has nothing left to do
      await cancelLivePlan(tx, actor, now, c, 'case_settled');
    }
    // a payment dated on a day whose team figures are already stored (the promises it keeps settle then too)
    await markPastDaysStale(tx.stats, actor.agencyId, [paidAt], now);
    return recordPaymentOutput.parse({
      paymentId,
      duplicate: false,
      allocations: allocations.map((a) => ({
        promiseId: a.promiseId,
        instalmentId: a.instalmentId,
        amountFen: a.amountFen,
      })),
      kept,
      instalmentsPaid: paid,
      planCompleted,
      balanceFen,
      caseStatus: settled ? 'settled' : c.status,
    });
  });
}

/**
 * The waiver a completed plan grants: its interest and fee waivers, at most what is left owed before
 * them (so the balance never goes below 0).
 */
export function planWaiverGranted(
  plan: { interestWaiverFen: number; feeWaiverFen: number },
  owedBeforeWaiverFen: number,
): number {
  return Math.min(plan.interestWaiverFen + plan.feeWaiverFen, Math.max(0, owedBeforeWaiverFen));
}

async function duplicateOf(
  tx: Pick<CaseTx, 'cases' | 'payments'>,
  actor: Actor,
  clientId: string,
  caseId: string,
  i: z.infer<typeof recordPaymentInput>,
): Promise<z.infer<typeof recordPaymentOutput>> {
  const existing = await tx.payments.byReference(clientId, i.reference);
  // A reversed payment keeps its reference: a retry of it must not bring it back unnoticed.
  if (existing?.reversedAt)
    throw invalidState(
      'payment.reversed',
      {
        en: `Reference ${i.reference} belongs to payment ${existing.id}, which was reversed: record the correct payment under its own reference`,
        zh: `流水号 ${i.reference} 对应的还款 ${existing.id} 已冲正：请用正确的流水号登记`,
      },
      { reference: i.reference, paymentId: existing.id },
    );
  if (!existing || existing.caseId !== caseId || existing.amountFen !== i.amountFen)
    throw invalidState(
      'payment.reference_conflict',
      {
        en: `Reference ${i.reference} is already recorded for another payment of this client`,
        zh: `该委托方已有使用流水号 ${i.reference} 的另一笔还款`,
      },
      { reference: i.reference },
    );
  const c = await tx.cases.get(actor.agencyId, caseId);
  const allocations = await tx.payments.allocations(actor.agencyId, existing.id);
  return recordPaymentOutput.parse({
    paymentId: existing.id,
    duplicate: true,
    allocations: allocations.map((a) => ({
      promiseId: a.promiseId,
      instalmentId: a.instalmentId,
      amountFen: a.amountFen,
    })),
    kept: [],
    instalmentsPaid: [],
    planCompleted: null,
    balanceFen: c?.balanceFen ?? 0,
    caseStatus: c?.status ?? 'open',
  });
}
