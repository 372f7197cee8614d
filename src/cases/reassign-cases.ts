import { z } from 'zod';
import { requireUser } from './access';
import { assignmentOutput } from './assign-cases';
import { changeAssignment } from './assignment-change';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const reassignCasesInput = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(1000),
  collectorId: z.string().min(1),
  reason: z.string().trim().min(1).max(500),
});

/** Moves assigned cases to another collector, keeping the history of who had them. */
export async function reassignCases(
  deps: Deps<'org' | 'cases' | 'audit'>,
  actor: Actor,
  input: z.input<typeof reassignCasesInput>,
): Promise<z.infer<typeof assignmentOutput>> {
  const i = parseInput(reassignCasesInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor, 'lead');
    const out = await changeAssignment(tx, deps.ids, actor, me, deps.clock.now(), {
      action: 'reassign',
      caseIds: i.caseIds,
      collectorId: i.collectorId,
      reason: i.reason,
    });
    return assignmentOutput.parse(out);
  });
}
