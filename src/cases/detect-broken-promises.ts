import { z } from 'zod';
import type { Playbook } from '../playbook';
import { settlePastDue } from './allocate-payment';
import { auditEntry } from './audit-entry';
import { brokenPromiseResponse } from './broken-promise-response';
import { parseInput } from './errors';
import type { Actor, CaseRecord, CaseTx, Deps, IdGenerator } from './ports';

export const detectBrokenPromisesInput = z.object({
  agencyId: z.string().min(1),
  /** the job's clock; default now */
  at: z.iso.datetime({ offset: true }).optional(),
  /** promises (and instalments) handled per run; the job runs again for the rest */
  limit: z.int().min(1).max(10_000).default(1000),
});

export const detectBrokenPromisesOutput = z.object({
  broken: z.int(),
  partiallyKept: z.int(),
  kept: z.int(),
  missedInstalments: z.int(),
  defaultedPlans: z.int(),
  escalated: z.int(),
  /** more were due than the limit allowed */
  more: z.boolean(),
});

type Out = z.infer<typeof detectBrokenPromisesOutput>;
/** What the broken-promise response writes: the case, an escalation, the audit log. */
type ResponseTx = Pick<CaseTx, 'cases' | 'escalations' | 'audit'>;

/**
 * Whether contact with the case's debtor is suspended: an open hold that blocks contact (dispute,
 * complaint, 停催) on the person, this agency's or another's placed by the same client.
 */
export async function contactSuspended(tx: Pick<CaseTx, 'holds'>, agencyId: string, caseId: string) {
  return tx.holds.suspendsContact(agencyId, caseId);
}

/**
 * The broken-promise job (跳票): pending promises past their due time become broken (nothing paid)
 * or partially kept; a missed instalment defaults its plan and counts as a broken promise. Each
 * broken one gets the playbook's response: requeue, raise priority, change strategy, and escalate to
 * a lead once the case has broken `escalate_after` promises. One short transaction per item, with
 * the case locked, so the job never holds up collectors working the queue.
 *
 * While a case has an open hold that blocks contact — a dispute being verified, a complaint being
 * answered, 停催 — its promises and instalments are not judged: the debtor may not be chased, so
 * nothing is marked broken or missed, no plan defaulted, no priority raised or escalation opened. They
 * are left pending, with the due time they have, and judged on the first run after the hold is closed.
 */
export async function detectBrokenPromises(
  deps: Deps<'cases' | 'promises' | 'plans' | 'holds' | 'escalations' | 'audit'> & { playbook: Playbook },
  input: z.input<typeof detectBrokenPromisesInput>,
): Promise<Out> {
  const i = parseInput(detectBrokenPromisesInput, input);
  const at = i.at ? new Date(i.at) : deps.clock.now();
  const actor: Actor = { agencyId: i.agencyId, userId: null };
  const out: Out = {
    broken: 0,
    partiallyKept: 0,
    kept: 0,
    missedInstalments: 0,
    defaultedPlans: 0,
    escalated: 0,
    more: false,
  };
  const [promises, instalments] = await deps.store.transaction(async (tx) =>
    Promise.all([
      tx.promises.pastDue(i.agencyId, at, i.limit + 1),
      tx.plans.pastDueInstalments(i.agencyId, at, i.limit + 1),
    ]),
  );
  out.more = promises.length > i.limit || instalments.length > i.limit;

  // Each transaction returns what it did; counting after commit keeps a retried one from counting twice.
  for (const due of promises.slice(0, i.limit)) {
    const r = await deps.store.transaction(async (tx) => {
      const c = await tx.cases.get(i.agencyId, due.caseId, { forUpdate: true });
      const p = await tx.promises.get(i.agencyId, due.id);
      // A payment may have settled it since the list was read.
      if (!c || p?.status !== 'pending' || p.dueAt >= at) return null;
      // A hold may have been opened since the list was read.
      if (await contactSuspended(tx, i.agencyId, c.id)) return null;
      const status = settlePastDue(p);
      await tx.promises.settle(i.agencyId, p.id, { paidFen: p.paidFen, status, settledAt: at });
      const now = deps.clock.now();
      await tx.audit.append(
        auditEntry(actor, now, c.clientId, `promise.${status}`, 'case', c.id, {
          promiseId: p.id,
          amountFen: p.amountFen,
          paidFen: p.paidFen,
          dueAt: p.dueAt.toISOString(),
        }),
      );
      if (status !== 'broken') {
        await tx.cases.update(i.agencyId, c.id, { nextDueAt: await tx.cases.nextDueAt(i.agencyId, c.id) });
        return { status, escalated: false };
      }
      return {
        status,
        escalated: await respondToBrokenPromise(tx, deps.ids, deps.playbook, actor, now, c, {
          promiseId: p.id,
        }),
      };
    });
    if (!r) continue;
    if (r.status === 'broken') out.broken++;
    else if (r.status === 'kept') out.kept++;
    else out.partiallyKept++;
    if (r.escalated) out.escalated++;
  }

  for (const due of instalments.slice(0, i.limit)) {
    const r = await deps.store.transaction(async (tx) => {
      const c = await tx.cases.get(i.agencyId, due.caseId, { forUpdate: true });
      const plan = await tx.plans.get(i.agencyId, due.planId, { forUpdate: true });
      const inst = (await tx.plans.instalments(i.agencyId, due.planId)).find((x) => x.id === due.id);
      if (!c || plan?.state !== 'active' || inst?.status !== 'pending' || inst.dueAt >= at) return null;
      if (await contactSuspended(tx, i.agencyId, c.id)) return null;
      await tx.plans.settleInstalment(i.agencyId, inst.id, {
        paidFen: inst.paidFen,
        status: 'missed',
        settledAt: at,
      });
      // The plan's waiver depended on keeping to it: a missed instalment ends it (the bank's terms).
      await tx.plans.update(i.agencyId, plan.id, { state: 'defaulted', endedAt: at });
      const now = deps.clock.now();
      await tx.audit.append(
        auditEntry(actor, now, c.clientId, 'plan.defaulted', 'case', c.id, {
          planId: plan.id,
          instalmentId: inst.id,
          seq: inst.seq,
          amountFen: inst.amountFen,
          paidFen: inst.paidFen,
        }),
      );
      return {
        escalated: await respondToBrokenPromise(tx, deps.ids, deps.playbook, actor, now, c, {
          planId: plan.id,
          instalmentId: inst.id,
        }),
      };
    });
    if (!r) continue;
    out.missedInstalments++;
    out.defaultedPlans++;
    if (r.escalated) out.escalated++;
  }
  return detectBrokenPromisesOutput.parse(out);
}

/**
 * Applies the playbook's response to one newly broken promise (or missed instalment) on a case the
 * caller has locked: the case's broken count goes up, it is requeued with a raised priority and a
 * switched strategy, escalated once it has broken enough, and each step is audited. The job calls it
 * for every promise it finds broken; a payment reversal (冲正) that leaves a kept promise broken calls it
 * too. `c` is the case as it stands now; true when the case was escalated.
 */
export async function respondToBrokenPromise(
  tx: ResponseTx,
  ids: IdGenerator,
  playbook: Playbook,
  actor: Actor,
  now: Date,
  c: CaseRecord,
  what: Record<string, string>,
): Promise<boolean> {
  const open = await tx.escalations.open(c.agencyId, c.id);
  const brokenCount = c.brokenCount + 1;
  const r = brokenPromiseResponse(playbook.policies.broken_promise, {
    brokenCount,
    currentStrategy: c.strategy,
    hasOpenEscalation: open !== null,
  });
  await tx.cases.update(c.agencyId, c.id, {
    brokenCount,
    priority: c.priority + r.priorityDelta,
    strategy: r.strategy,
    ...(r.requeue ? { followUpBroken: true } : {}),
    nextDueAt: await tx.cases.nextDueAt(c.agencyId, c.id),
  });
  await tx.audit.append(
    auditEntry(actor, now, c.clientId, 'case.broken_promise_response', 'case', c.id, {
      ...what,
      brokenCount,
      requeue: r.requeue,
      priority: c.priority + r.priorityDelta,
      strategy: r.strategy,
      escalate: r.escalate,
    }),
  );
  if (!r.escalate) return false;
  const escalationId = ids.next('esc');
  await tx.escalations.insert({
    id: escalationId,
    agencyId: c.agencyId,
    clientId: c.clientId,
    caseId: c.id,
    reason: 'broken_promises',
    detail: { brokenCount, ...what },
    raisedBy: null,
    status: 'open',
    createdAt: now,
  });
  await tx.audit.append(
    auditEntry(actor, now, c.clientId, 'case.escalated', 'case', c.id, {
      escalationId,
      reason: 'broken_promises',
      brokenCount,
    }),
  );
  return true;
}
