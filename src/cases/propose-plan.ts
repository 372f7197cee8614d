import { z } from 'zod';
import { localDateKey } from '../domain/calendar';
import { assertCaseAccess, PLAN_STATE_ZH, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import { invalidState, notFound, parseInput } from './errors';
import { calculatePlan } from './plan-calculator';
import type { Actor, Deps, InstalmentRecord, PlanRecord } from './ports';

export const proposePlanInput = z.object({
  caseId: z.string().min(1),
  instalmentCount: z.int().min(1).max(60),
  interestWaiverFen: z.int().min(0).default(0),
  feeWaiverFen: z.int().min(0).default(0),
  downPaymentFen: z.int().min(0).default(0),
  /** the debtor's local date of the first payment */
  firstDueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().max(1000).optional(),
});

export const planOutput = z.object({
  planId: z.string(),
  state: z.string(),
  settlementFen: z.int(),
  waiverFen: z.int(),
  instalmentFeeFen: z.int(),
  totalCostFen: z.int(),
  withinPolicy: z.boolean(),
  breaches: z.array(z.object({ code: z.string(), limit: z.number(), requested: z.number() })),
  requiredRole: z.string(),
  schedule: z.array(z.object({ seq: z.int(), dueDate: z.string(), dueAt: z.string(), amountFen: z.int() })),
});

/**
 * Proposes a repayment plan (分期/减免) computed against the placement's offer policy. A plan outside
 * the policy can still be proposed: it then needs the policy's exception approver.
 */
export async function proposePlan(
  deps: Deps<'org' | 'cases' | 'debtors' | 'plans' | 'audit'>,
  actor: Actor,
  input: z.input<typeof proposePlanInput>,
): Promise<z.infer<typeof planOutput>> {
  const i = parseInput(proposePlanInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { forUpdate: true, open: true });
    assertCaseAccess(me, c);
    const live = await tx.plans.live(actor.agencyId, c.id);
    if (live)
      throw invalidState(
        'plan.already_live',
        {
          en: `Case ${c.id} already has a ${live.state} plan`,
          zh: `案件 ${c.id} 已有进行中的方案（${PLAN_STATE_ZH[live.state]}）`,
        },
        { planId: live.id, state: live.state },
      );
    const placement = await tx.org.getPlacement(actor.agencyId, c.placementId);
    if (!placement) throw notFound('placement', c.placementId);
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    const now = deps.clock.now();
    const accounts = await tx.cases.accounts(actor.agencyId, c.id);
    const calc = calculatePlan(
      {
        principalFen: accounts.reduce((s, a) => s + a.principalFen, 0),
        interestFen: accounts.reduce((s, a) => s + a.interestFen, 0),
        feesFen: accounts.reduce((s, a) => s + a.feesFen, 0),
        settledFen: c.paidFen + c.waivedFen,
      },
      placement.offer,
      { ...i, timeZone: debtor.timeZone, today: localDateKey(now, debtor.timeZone) },
    );
    const planId = deps.ids.next('pln');
    const plan: PlanRecord = {
      id: planId,
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      state: 'proposed',
      balanceFen: calc.outstanding.totalFen,
      interestWaiverFen: calc.interestWaiverFen,
      feeWaiverFen: calc.feeWaiverFen,
      settlementFen: calc.settlementFen,
      downPaymentFen: calc.downPaymentFen,
      instalmentCount: i.instalmentCount,
      instalmentFeeFen: calc.instalmentFeeFen,
      totalCostFen: calc.totalCostFen,
      withinPolicy: calc.withinPolicy,
      policyBreaches: calc.breaches,
      requiredRole: calc.requiredRole,
      proposedBy: me.id,
      proposedAt: now,
      proposalNote: i.note ?? null,
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      activatedAt: null,
      endedAt: null,
    };
    const instalments: InstalmentRecord[] = calc.schedule.map((s) => ({
      id: deps.ids.next('ins'),
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      planId,
      seq: s.seq,
      dueAt: s.dueAt,
      amountFen: s.amountFen,
      paidFen: 0,
      status: 'pending',
      settledAt: null,
    }));
    await tx.plans.insert(plan, instalments);
    await tx.audit.append(
      auditEntry(actor, now, c.clientId, 'plan.proposed', 'case', c.id, {
        planId,
        settlementFen: calc.settlementFen,
        waiverFen: calc.interestWaiverFen + calc.feeWaiverFen,
        instalments: i.instalmentCount,
        withinPolicy: calc.withinPolicy,
        breaches: calc.breaches,
      }),
    );
    return planOutput.parse({
      planId,
      state: 'proposed',
      settlementFen: calc.settlementFen,
      waiverFen: calc.interestWaiverFen + calc.feeWaiverFen,
      instalmentFeeFen: calc.instalmentFeeFen,
      totalCostFen: calc.totalCostFen,
      withinPolicy: calc.withinPolicy,
      breaches: calc.breaches,
      requiredRole: calc.requiredRole,
      schedule: calc.schedule.map((s) => ({ ...s, dueAt: s.dueAt.toISOString() })),
    });
  });
}
