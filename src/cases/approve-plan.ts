import { z } from 'zod';
import { caseNotOpen, PLAN_STATE_ZH, ROLE_ZH, requireUser, roleAtLeast } from './access';
import { auditEntry } from './audit-entry';
import { forbidden, invalidState, notFound, parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const approvePlanInput = z.object({
  planId: z.string().min(1),
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(1000).optional(),
});
export const approvePlanOutput = z.object({ planId: z.string(), state: z.enum(['approved', 'rejected']) });

/**
 * Approves or rejects a proposed plan. The approver needs the role the plan requires (the
 * placement's approver; its exception approver for a plan outside the bank's policy) and cannot
 * approve a plan they proposed themselves (four eyes on every waiver).
 */
export async function approvePlan(
  deps: Deps<'org' | 'cases' | 'plans' | 'audit'>,
  actor: Actor,
  input: z.input<typeof approvePlanInput>,
): Promise<z.infer<typeof approvePlanOutput>> {
  const i = parseInput(approvePlanInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const plan = await tx.plans.get(actor.agencyId, i.planId, { forUpdate: true });
    if (!plan) throw notFound('plan', i.planId);
    if (plan.state !== 'proposed')
      throw invalidState(
        'plan.not_proposed',
        {
          en: `Plan ${plan.id} is ${plan.state}, not awaiting approval`,
          zh: `方案 ${plan.id} 状态为“${PLAN_STATE_ZH[plan.state]}”，不在待审批状态`,
        },
        { state: plan.state },
      );
    // A case no longer open (settled, closed, recalled) has nothing to approve a plan for; rejecting
    // still clears it from the approvals queue.
    if (i.decision === 'approve') {
      const c = await tx.cases.get(actor.agencyId, plan.caseId);
      if (c && c.status !== 'open')
        throw caseNotOpen(c, { en: 'a plan cannot be approved', zh: '不能审批还款方案' });
    }
    if (!roleAtLeast(me.role, plan.requiredRole))
      throw forbidden('approve this plan', {
        en: `it needs a ${plan.requiredRole}${plan.withinPolicy ? '' : ' (outside the bank’s offer policy)'}`,
        zh: `该方案须由${ROLE_ZH[plan.requiredRole]}审批${plan.withinPolicy ? '' : '（超出委托方减免政策）'}`,
      });
    if (plan.proposedBy === me.id)
      throw forbidden('approve this plan', {
        en: 'a plan cannot be approved by the person who proposed it',
        zh: '方案不能由提出人本人审批',
      });
    const now = deps.clock.now();
    const state = i.decision === 'approve' ? 'approved' : 'rejected';
    await tx.plans.update(actor.agencyId, plan.id, {
      state,
      decidedBy: me.id,
      decidedAt: now,
      decisionNote: i.note ?? null,
      ...(state === 'rejected' ? { endedAt: now } : {}),
    });
    await tx.audit.append(
      auditEntry(actor, now, plan.clientId, `plan.${state}`, 'case', plan.caseId, {
        planId: plan.id,
        withinPolicy: plan.withinPolicy,
        requiredRole: plan.requiredRole,
        note: i.note ?? null,
      }),
    );
    return approvePlanOutput.parse({ planId: plan.id, state });
  });
}
