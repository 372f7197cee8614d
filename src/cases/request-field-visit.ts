import { z } from 'zod';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import {
  clientPolicies,
  contactBlocked,
  decide,
  guardInput,
  historySince,
  storeDecision,
} from './contact-decision';
import { notFound, parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const requestFieldVisitInput = z.object({
  caseId: z.string().min(1),
  plannedAt: z.iso.datetime({ offset: true }),
  staff: z.int().min(1).max(20),
  address: z.string().trim().min(1).max(500),
  purpose: z.string().trim().min(1).max(500),
});
export const requestFieldVisitOutput = z.object({ visitId: z.string(), status: z.literal('requested') });

/**
 * Requests a field visit (外访) for a lead to approve. The guard checks the planned time and team
 * first (08:00–22:00 local, at least two staff, no hold): a visit it would refuse is not requested.
 */
export async function requestFieldVisit(
  deps: Deps<'org' | 'cases' | 'debtors' | 'attempts' | 'visits' | 'audit'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof requestFieldVisitInput>,
): Promise<z.infer<typeof requestFieldVisitOutput>> {
  const i = parseInput(requestFieldVisitInput, input);
  const plannedAt = new Date(i.plannedAt);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { open: true });
    assertCaseAccess(me, c);
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    const client = await tx.org.getClient(c.clientId);
    if (!client) throw notFound('client', c.clientId);
    const context = (
      await tx.attempts.guardContext(actor.agencyId, [debtor.id], historySince(plannedAt))
    ).get(debtor.id) ?? { contacts: [], holds: [], history: [] };
    const d = decide(
      guardInput({ channel: 'visit', at: plannedAt, debtor, context, contact: null, staff: i.staff }),
      clientPolicies(deps.playbook, client),
    );
    if (!d.allowed) throw contactBlocked(d, debtor.timeZone);
    const visitId = deps.ids.next('vis');
    await tx.visits.insert({
      id: visitId,
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      requestedBy: me.id,
      plannedAt,
      staff: i.staff,
      address: i.address,
      purpose: i.purpose,
      status: 'requested',
      guard: storeDecision(d),
    });
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), c.clientId, 'visit.requested', 'case', c.id, {
        visitId,
        plannedAt: plannedAt.toISOString(),
        staff: i.staff,
      }),
    );
    return requestFieldVisitOutput.parse({ visitId, status: 'requested' });
  });
}
