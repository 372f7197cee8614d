import { z } from 'zod';
import { requireUser } from './access';
import { changeAssignment } from './assignment-change';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const assignCasesInput = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(1000),
  collectorId: z.string().min(1),
});
export const assignmentOutput = z.object({ caseIds: z.array(z.string()) });

/** Assigns unassigned open cases to a collector (team leads: within their team). */
export async function assignCases(
  deps: Deps<'org' | 'cases' | 'audit'>,
  actor: Actor,
  input: z.input<typeof assignCasesInput>,
): Promise<z.infer<typeof assignmentOutput>> {
  const i = parseInput(assignCasesInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor, 'lead');
    const out = await changeAssignment(tx, deps.ids, actor, me, deps.clock.now(), {
      action: 'assign',
      caseIds: i.caseIds,
      collectorId: i.collectorId,
      reason: null,
    });
    return assignmentOutput.parse(out);
  });
}
