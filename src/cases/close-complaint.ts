import { z } from 'zod';
import { requireUser, roleAtLeast } from './access';
import { forbidden, parseInput } from './errors';
import { closeHold, requireOpenHold } from './hold-changes';
import type { Actor, Deps } from './ports';
import { holdClosedOutput } from './resume-collection';

export const closeComplaintInput = z.object({
  holdId: z.string().min(1),
  answer: z.string().trim().min(1).max(4000),
});

/** Records the answer to a complaint and lifts its hold; a late answer is flagged in the audit log. */
export async function closeComplaint(
  deps: Deps<'org' | 'cases' | 'debtors' | 'holds' | 'audit'>,
  actor: Actor,
  input: z.input<typeof closeComplaintInput>,
): Promise<z.infer<typeof holdClosedOutput> & { late: boolean }> {
  const i = parseInput(closeComplaintInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    if (me.role !== 'qa' && !roleAtLeast(me.role, 'lead'))
      throw forbidden('answer a complaint', {
        en: 'a lead or QA answers complaints',
        zh: '投诉须由主管或质检答复',
      });
    const hold = await requireOpenHold(tx, actor.agencyId, i.holdId, 'complaint');
    const now = deps.clock.now();
    const late = hold.answerDueAt !== null && now > hold.answerDueAt;
    const r = await closeHold(tx, actor, now, hold, i.answer, { late });
    return { ...holdClosedOutput.parse({ holdId: hold.id, stillOnHold: r.stillOnHold }), late };
  });
}
