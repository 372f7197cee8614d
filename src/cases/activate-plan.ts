import { z } from 'zod';
import { assertCaseAccess, PLAN_STATE_ZH, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import { invalidState, notFound, parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const activatePlanInput = z.object({ planId: z.string().min(1) });
export const activatePlanOutput = z.object({
  planId: z.string(),
  state: z.literal('active'),
  nextDueAt: z.string().nullable(),
});

/** Puts an approved plan into effect once the debtor has accepted it: its instalments fall due. */
export async function activatePlan(
  deps: Deps<'org' | 'cases' | 'plans' | 'audit'>,
  actor: Actor,
  input: z.input<typeof activatePlanInput>,
): Promise<z.infer<typeof activatePlanOutput>> {
  const i = parseInput(activatePlanInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const plan = await tx.plans.get(actor.agencyId, i.planId, { forUpdate: true });
    if (!plan) throw notFound('plan', i.planId);
    const c = await requireCase(tx.cases, actor.agencyId, plan.caseId, { forUpdate: true, open: true });
    assertCaseAccess(me, c);
    if (plan.state !== 'approved')
      throw invalidState(
        'plan.not_approved',
        {
          en: `Plan ${plan.id} is ${plan.state}: only an approved plan can start`,
          zh: `方案 ${plan.id} 状态为“${PLAN_STATE_ZH[plan.state]}”：只有已批准的方案才能生效`,
        },
        { state: plan.state },
      );
    const now = deps.clock.now();
    await tx.plans.update(actor.agencyId, plan.id, { state: 'active', activatedAt: now });
    const nextDueAt = await tx.cases.nextDueAt(actor.agencyId, c.id);
    await tx.cases.update(actor.agencyId, c.id, { nextDueAt });
    await tx.audit.append(
      auditEntry(actor, now, c.clientId, 'plan.activated', 'case', c.id, { planId: plan.id }),
    );
    return activatePlanOutput.parse({
      planId: plan.id,
      state: 'active',
      nextDueAt: nextDueAt?.toISOString() ?? null,
    });
  });
}
