import { z } from 'zod';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireUser } from './access';
import { parseInput } from './errors';
import { lockPersonAndCase, openHold } from './hold-changes';
import type { Actor, Deps } from './ports';
import { holdOutput } from './stop-collection';

export const openDisputeInput = z.object({
  caseId: z.string().min(1),
  kind: z.enum(['amount', 'identity', 'already_paid', 'fraud', 'other']),
  detail: z.string().trim().min(1).max(2000),
});

/**
 * Logs a dispute of the debt or of the debtor's identity. Contact stops while it is verified
 * (信用卡业务监督管理办法 art. 69: disputes are verified, not brushed off), within the playbook's
 * disputes.verify_days: the hold's answer deadline.
 */
export async function openDispute(
  deps: Deps<'org' | 'cases' | 'debtors' | 'holds' | 'audit'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof openDisputeInput>,
): Promise<z.infer<typeof holdOutput>> {
  const i = parseInput(openDisputeInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await lockPersonAndCase(tx, actor.agencyId, i.caseId);
    assertCaseAccess(me, c);
    const now = deps.clock.now();
    const answerDueAt = disputeVerifyBy(deps.playbook, now);
    const h = await openHold(tx, deps.ids, actor, now, c, {
      kind: 'dispute',
      reason: i.detail,
      detail: { disputeKind: i.kind },
      blocksContact: true,
      reviewAt: null,
      answerDueAt,
    });
    return holdOutput.parse({
      holdId: h.id,
      kind: 'dispute',
      blocksContact: true,
      reviewAt: null,
      answerDueAt: answerDueAt.toISOString(),
    });
  });
}

/** When a dispute logged at `at` must be verified by: the playbook's disputes.verify_days later. */
export function disputeVerifyBy(playbook: Playbook, at: Date): Date {
  return new Date(at.getTime() + playbook.policies.disputes.verify_days * 86_400_000);
}
