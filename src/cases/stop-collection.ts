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

const MAX_REVIEW_DAYS = 366;

/**
 * 停催: a lead stops all collection contact with the debtor until it is resumed. A case has at most
 * one open stop (`hold.already_stopped`, 409); its review date is today or later and within a year.
 */
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
    const open = (await tx.holds.forCase(actor.agencyId, c.id)).find((h) => h.kind === 'stop' && !h.closedAt);
    if (open)
      throw invalidState(
        'hold.already_stopped',
        {
          en: `Case ${c.id} is already stopped (${open.id}): change its review date or resume it instead`,
          zh: `案件 ${c.id} 已在停催中（${open.id}）：请调整其复核日期或恢复催收，不要重复停催`,
        },
        { holdId: open.id },
      );
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
    // A stop is reviewed within a year: a review date further out is a typing slip, not a decision.
    if (reviewAt.getTime() > now.getTime() + MAX_REVIEW_DAYS * 86_400_000)
      throw invalidState(
        'hold.review_too_far',
        {
          en: `The review date ${reviewDay} is more than ${MAX_REVIEW_DAYS} days ahead: a stop is reviewed within a year`,
          zh: `复核日期 ${reviewDay} 超过 ${MAX_REVIEW_DAYS} 天：停催须在一年内复核`,
        },
        { reviewAt: reviewAt.toISOString() },
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
