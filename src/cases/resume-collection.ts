import { z } from 'zod';
import { requireUser } from './access';
import { parseInput } from './errors';
import { closeHold, requireOpenHold } from './hold-changes';
import type { Actor, Deps } from './ports';

export const resumeCollectionInput = z.object({
  holdId: z.string().min(1),
  note: z.string().trim().min(1).max(500),
});
export const holdClosedOutput = z.object({
  holdId: z.string(),
  /** another hold (a complaint, a dispute, another agency's stop) may still block contact */
  stillOnHold: z.boolean(),
});

/** Lifts a 停催 after the lead's review. */
export async function resumeCollection(
  deps: Deps<'org' | 'cases' | 'debtors' | 'holds' | 'audit'>,
  actor: Actor,
  input: z.input<typeof resumeCollectionInput>,
): Promise<z.infer<typeof holdClosedOutput>> {
  const i = parseInput(resumeCollectionInput, input);
  return deps.store.transaction(async (tx) => {
    await requireUser(tx.org, actor, 'lead');
    const hold = await requireOpenHold(tx, actor.agencyId, i.holdId, 'stop');
    const r = await closeHold(tx, actor, deps.clock.now(), hold, i.note);
    return holdClosedOutput.parse({ holdId: hold.id, stillOnHold: r.stillOnHold });
  });
}
