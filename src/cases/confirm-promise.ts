import { z } from 'zod';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { addPromise } from './add-promise';
import { invalidState, notFound, parseInput, proposalDecided } from './errors';
import type { Actor, Deps } from './ports';
import { promiseOutput } from './record-promise';

export const confirmPromiseInput = z
  .object({
    proposalId: z.string().min(1),
    /** corrections when the analyser heard the amount or date loosely */
    amountFen: z.int().positive().optional(),
    /** a range's upper end: only with amountFen (a range needs both ends); null makes it a single amount */
    amountMaxFen: z.int().positive().nullable().optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((i) => i.amountMaxFen == null || i.amountFen !== undefined, {
    path: ['amountMaxFen'],
    message: 'a range needs both ends: give amountFen with amountMaxFen',
  });

/** Turns a promise the analyser heard into a promise, once the collector confirms it (with corrections). */
export async function confirmPromise(
  deps: Deps<'org' | 'cases' | 'promises' | 'calls' | 'audit'>,
  actor: Actor,
  input: z.input<typeof confirmPromiseInput>,
): Promise<z.infer<typeof promiseOutput>> {
  const i = parseInput(confirmPromiseInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const proposal = await tx.calls.getProposal(actor.agencyId, i.proposalId, { forUpdate: true });
    if (!proposal) throw notFound('proposal', i.proposalId);
    const c = await requireCase(tx.cases, actor.agencyId, proposal.caseId, { forUpdate: true, open: true });
    assertCaseAccess(me, c);
    if (proposal.status !== 'proposed') throw proposalDecided(proposal.id, proposal.status);
    const amountFen = i.amountFen ?? proposal.amountFen;
    const dueAt = i.dueAt ? new Date(i.dueAt) : proposal.dueAt;
    if (!amountFen || !dueAt)
      throw invalidState('promise.incomplete', {
        en: 'The promise has no definite amount or due time: give them when confirming',
        zh: '承诺缺少明确金额或时间：确认时请补充',
      });
    // A range only when heard as one and confirmed as heard, or when the caller gives both ends: a
    // corrected amount alone is a single amount (the heard upper end belonged to the heard amount).
    const amountMaxFen =
      i.amountMaxFen !== undefined
        ? i.amountMaxFen
        : i.amountFen === undefined && proposal.amountMaxFen !== null && proposal.amountMaxFen > amountFen
          ? proposal.amountMaxFen
          : null;
    const now = deps.clock.now();
    const p = await addPromise(tx, deps.ids, actor, now, c, {
      amountFen,
      amountMaxFen,
      dueAt,
      source: 'call',
      callId: proposal.callId,
    });
    await tx.calls.decideProposal(actor.agencyId, proposal.id, {
      status: 'confirmed',
      promiseId: p.id,
      by: me.id,
      at: now,
    });
    return promiseOutput.parse({
      promiseId: p.id,
      caseId: c.id,
      amountFen: p.amountFen,
      amountMaxFen: p.amountMaxFen,
      dueAt: p.dueAt.toISOString(),
      status: 'pending',
    });
  });
}
