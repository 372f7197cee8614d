import { z } from 'zod';
import { requireUser } from './access';
import { auditEntry } from './audit-entry';
import { parseInput } from './errors';
import { closeHold, requireOpenHold } from './hold-changes';
import { cancelLivePlan } from './plan-end';
import type { Actor, Deps } from './ports';
import { holdClosedOutput } from './resume-collection';

export const resolveDisputeInput = z.object({
  holdId: z.string().min(1),
  /** confirmed: the debt stands; corrected: the bank corrected it; upheld: not this person's debt */
  outcome: z.enum(['confirmed', 'corrected', 'upheld']),
  note: z.string().trim().min(1).max(2000),
});

/** Closes a dispute after verification; an upheld dispute closes the case too, and cancels its live plan. */
export async function resolveDispute(
  deps: Deps<'org' | 'cases' | 'debtors' | 'holds' | 'plans' | 'audit'>,
  actor: Actor,
  input: z.input<typeof resolveDisputeInput>,
): Promise<z.infer<typeof holdClosedOutput>> {
  const i = parseInput(resolveDisputeInput, input);
  return deps.store.transaction(async (tx) => {
    await requireUser(tx.org, actor, 'lead');
    const hold = await requireOpenHold(tx, actor.agencyId, i.holdId, 'dispute');
    const now = deps.clock.now();
    const r = await closeHold(tx, actor, now, hold, `${i.outcome}: ${i.note}`, { outcome: i.outcome });
    if (i.outcome === 'upheld') {
      await tx.cases.update(actor.agencyId, hold.caseId, { status: 'closed' });
      // not this person's debt: no plan of it goes on, nor waits for approval
      await cancelLivePlan(tx, actor, now, { id: hold.caseId, clientId: hold.clientId }, 'dispute_upheld');
      await tx.audit.append(
        auditEntry(actor, now, hold.clientId, 'case.closed', 'case', hold.caseId, {
          reason: 'dispute_upheld',
        }),
      );
    }
    return holdClosedOutput.parse({ holdId: hold.id, stillOnHold: r.stillOnHold });
  });
}
