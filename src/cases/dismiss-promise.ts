import { z } from 'zod';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import { notFound, parseInput, proposalDecided } from './errors';
import type { Actor, Deps } from './ports';

export const dismissPromiseInput = z.object({
  proposalId: z.string().min(1),
  reason: z.string().trim().max(500).optional(),
});
export const dismissPromiseOutput = z.object({ proposalId: z.string(), status: z.literal('dismissed') });

/** Dismisses a promise the analyser heard but the debtor did not make (a misheard or hypothetical one). */
export async function dismissPromise(
  deps: Deps<'org' | 'cases' | 'calls' | 'audit'>,
  actor: Actor,
  input: z.input<typeof dismissPromiseInput>,
): Promise<z.infer<typeof dismissPromiseOutput>> {
  const i = parseInput(dismissPromiseInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const proposal = await tx.calls.getProposal(actor.agencyId, i.proposalId, { forUpdate: true });
    if (!proposal) throw notFound('proposal', i.proposalId);
    const c = await requireCase(tx.cases, actor.agencyId, proposal.caseId);
    assertCaseAccess(me, c);
    if (proposal.status !== 'proposed') throw proposalDecided(proposal.id, proposal.status);
    const now = deps.clock.now();
    await tx.calls.decideProposal(actor.agencyId, proposal.id, {
      status: 'dismissed',
      promiseId: null,
      by: me.id,
      at: now,
    });
    await tx.audit.append(
      auditEntry(actor, now, c.clientId, 'promise.proposal_dismissed', 'case', c.id, {
        proposalId: proposal.id,
        reason: i.reason ?? null,
      }),
    );
    return dismissPromiseOutput.parse({ proposalId: proposal.id, status: 'dismissed' });
  });
}
