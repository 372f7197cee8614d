import { z } from 'zod';
import { requireUser } from './access';
import { assignmentOutput } from './assign-cases';
import { changeAssignment } from './assignment-change';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const recallCasesInput = z.object({
  caseIds: z.array(z.string().min(1)).min(1).max(1000),
  reason: z.string().trim().min(1).max(500),
});

/** Takes cases back from their collector into the team's pool (收回), e.g. on leave or for a lead. */
export async function recallCases(
  deps: Deps<'org' | 'cases' | 'audit'>,
  actor: Actor,
  input: z.input<typeof recallCasesInput>,
): Promise<z.infer<typeof assignmentOutput>> {
  const i = parseInput(recallCasesInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor, 'lead');
    const out = await changeAssignment(tx, deps.ids, actor, me, deps.clock.now(), {
      action: 'recall',
      caseIds: i.caseIds,
      collectorId: null,
      reason: i.reason,
    });
    return assignmentOutput.parse(out);
  });
}
