import { auditEntry } from './audit-entry';
import type { Actor, CaseTx } from './ports';

/** Why a case's live plan was cancelled: the case ended under it. */
export type PlanEnd = 'case_settled' | 'dispute_upheld';

/**
 * Cancels the case's live plan (proposed, approved or active) when the case ends: settled by a payment
 * outside the plan, or closed because a dispute was upheld. A plan waiting for approval would
 * otherwise stay in the lead's approvals with nothing left to approve; an active one would keep
 * instalments the broken-promise job must not chase. Audited as plan.cancelled with the reason.
 */
export async function cancelLivePlan(
  tx: Pick<CaseTx, 'plans' | 'audit'>,
  actor: Actor,
  now: Date,
  c: { id: string; clientId: string },
  reason: PlanEnd,
): Promise<string | null> {
  const plan = await tx.plans.live(actor.agencyId, c.id);
  if (!plan) return null;
  await tx.plans.update(actor.agencyId, plan.id, { state: 'cancelled', endedAt: now });
  await tx.audit.append(
    auditEntry(actor, now, c.clientId, 'plan.cancelled', 'case', c.id, {
      planId: plan.id,
      from: plan.state,
      reason,
    }),
  );
  return plan.id;
}
