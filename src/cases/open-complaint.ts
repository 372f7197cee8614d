import { z } from 'zod';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireUser, roleAtLeast } from './access';
import { notFound, parseInput } from './errors';
import { assertNotBeforePlacement, assertNotInFuture } from './event-time';
import { lockPersonAndCase, openHold } from './hold-changes';
import type { Actor, Deps } from './ports';
import { holdOutput } from './stop-collection';

export const openComplaintInput = z.object({
  caseId: z.string().min(1),
  channel: z.enum(['call', 'bank', 'regulator', 'hotline_12378', 'letter', 'online', 'other']),
  summary: z.string().trim().min(1).max(2000),
  /** when the complaint was received; default now. The answer is due from then. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Logs a complaint. It must be answered within the playbook's complaints.answer_days (15 days,
 * 银行业保险业消费投诉处理管理办法), and under the default policy contact stops until then.
 */
export async function openComplaint(
  deps: Deps<'org' | 'cases' | 'debtors' | 'holds' | 'audit'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof openComplaintInput>,
): Promise<z.infer<typeof holdOutput>> {
  const i = parseInput(openComplaintInput, input);
  const policy = deps.playbook.policies.complaints;
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await lockPersonAndCase(tx, actor.agencyId, i.caseId);
    // QA logs complaints on any case they review.
    if (me.role !== 'qa' && !roleAtLeast(me.role, 'manager')) assertCaseAccess(me, c);
    const now = deps.clock.now();
    const received = i.receivedAt ? new Date(i.receivedAt) : now;
    // The 15-day answer deadline runs from a receipt that really happened, on this placement.
    const complaint = { code: 'complaint', en: 'A complaint', zh: '投诉' };
    assertNotInFuture(complaint, received, now);
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    await assertNotBeforePlacement(tx.org, complaint, c, received, debtor.timeZone);
    const answerDueAt = new Date(received.getTime() + policy.answer_days * 86_400_000);
    const h = await openHold(tx, deps.ids, actor, now, c, {
      kind: 'complaint',
      reason: i.summary,
      detail: { channel: i.channel, receivedAt: received.toISOString() },
      blocksContact: policy.hold_contact_until_answered,
      reviewAt: null,
      answerDueAt,
    });
    return holdOutput.parse({
      holdId: h.id,
      kind: 'complaint',
      blocksContact: h.blocksContact,
      reviewAt: null,
      answerDueAt: answerDueAt.toISOString(),
    });
  });
}
