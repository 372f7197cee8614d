import { z } from 'zod';
import { localDateKey } from '../domain/calendar';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireUser } from './access';
import { invalidState, notFound, parseInput } from './errors';
import { lockPersonAndCase, openHold } from './hold-changes';
import type { Actor, Deps } from './ports';

export const stopCollectionInput = z.object({
  caseId: z.string().min(1),
  reason: z.string().trim().min(1).max(500),
  /** when a lead reviews the stop; default: the playbook's stop_collection.review_days from now */
  reviewAt: z.iso.datetime({ offset: true }).optional(),
});
export const holdOutput = z.object({
  holdId: z.string(),
  kind: z.enum(['stop', 'complaint', 'dispute', 'cease']),
  blocksContact: z.boolean(),
  reviewAt: z.string().nullable(),
  answerDueAt: z.string().nullable(),
});

/** 停催: a lead stops all collection contact with the debtor until it is resumed. */
export async function stopCollection(
  deps: Deps<'org' | 'cases' | 'debtors' | 'holds' | 'audit'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof stopCollectionInput>,
): Promise<z.infer<typeof holdOutput>> {
  const i = parseInput(stopCollectionInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor, 'lead');
    const c = await lockPersonAndCase(tx, actor.agencyId, i.caseId);
    assertCaseAccess(me, c);
    const now = deps.clock.now();
    const reviewAt = i.reviewAt
      ? new Date(i.reviewAt)
      : new Date(now.getTime() + deps.playbook.policies.stop_collection.review_days * 86_400_000);
    // A review date is a day in the debtor's zone: today is the earliest.
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    const reviewDay = localDateKey(reviewAt, debtor.timeZone);
    const today = localDateKey(now, debtor.timeZone);
    if (reviewDay < today)
      throw invalidState(
        'hold.review_in_past',
        {
          en: `The review date ${reviewDay} has passed: a stop is reviewed today (${today}) or later`,
          zh: `复核日期 ${reviewDay} 已过：停催复核日期不能早于今天（${today}）`,
        },
        { reviewAt: reviewAt.toISOString(), today },
      );
    const h = await openHold(tx, deps.ids, actor, now, c, {
      kind: 'stop',
      reason: i.reason,
      detail: {},
      blocksContact: true,
      reviewAt,
      answerDueAt: null,
    });
    return holdOutput.parse({
      holdId: h.id,
      kind: h.kind,
      blocksContact: true,
      reviewAt: reviewAt.toISOString(),
      answerDueAt: null,
    });
  });
}
