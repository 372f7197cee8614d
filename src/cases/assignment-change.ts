import { caseNotOpen, roleAtLeast } from './access';
import { auditEntry } from './audit-entry';
import { forbidden, invalidState, notFound } from './errors';
import type { Actor, CaseRecord, CaseTx, IdGenerator, UserRecord } from './ports';

/** Shared by assign, reassign and recall: checks, the case update, history and audit for each case. */

export interface AssignmentChange {
  action: 'assign' | 'reassign' | 'recall';
  caseIds: readonly string[];
  collectorId: string | null;
  reason: string | null;
}

export async function changeAssignment(
  tx: Pick<CaseTx, 'org' | 'cases' | 'audit'>,
  ids: IdGenerator,
  actor: Actor,
  me: UserRecord,
  at: Date,
  change: AssignmentChange,
): Promise<{ caseIds: string[] }> {
  let collector: UserRecord | null = null;
  if (change.collectorId) {
    collector = await tx.org.getUser(actor.agencyId, change.collectorId);
    if (!collector?.active) throw notFound('user', change.collectorId);
    if (collector.role !== 'collector' && collector.role !== 'lead')
      throw invalidState(
        'assignment.not_a_collector',
        {
          en: `User ${collector.id} is a ${collector.role}, not a collector`,
          zh: `用户 ${collector.id} 不是催收员`,
        },
        { userId: collector.id },
      );
    if (!roleAtLeast(me.role, 'manager') && collector.teamId !== me.teamId)
      throw forbidden('assign', {
        en: 'a team lead assigns only to collectors of their own team',
        zh: '主管只能分配给本组催收员',
      });
  }
  const unique = [...new Set(change.caseIds)];
  const cases = await tx.cases.getMany(actor.agencyId, unique, { forUpdate: true });
  const found = new Set(cases.map((c) => c.id));
  const missing = unique.find((id) => !found.has(id));
  if (missing) throw notFound('case', missing);
  for (const c of cases) checkCase(me, c, change);
  for (const c of cases) {
    const teamId = collector ? collector.teamId : c.teamId;
    await tx.cases.update(actor.agencyId, c.id, {
      assigneeId: collector?.id ?? null,
      teamId,
      assignedAt: collector ? at : null,
    });
    await tx.cases.insertAssignment({
      id: ids.next('asg'),
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      action: change.action,
      collectorId: collector?.id ?? null,
      teamId,
      previousCollectorId: c.assigneeId,
      reason: change.reason,
      byUser: me.id,
      at,
    });
    await tx.audit.append(
      auditEntry(
        actor,
        at,
        c.clientId,
        `case.${change.action === 'assign' ? 'assigned' : change.action === 'reassign' ? 'reassigned' : 'recalled'}`,
        'case',
        c.id,
        {
          from: c.assigneeId,
          to: collector?.id ?? null,
          reason: change.reason,
        },
      ),
    );
  }
  return { caseIds: cases.map((c) => c.id) };
}

function checkCase(me: UserRecord, c: CaseRecord, change: AssignmentChange): void {
  // another team's case is not found, as an id that does not exist (assertCaseAccess), whatever its state
  if (!roleAtLeast(me.role, 'manager') && c.teamId !== null && c.teamId !== me.teamId)
    throw notFound('case', c.id);
  if (c.status !== 'open') throw caseNotOpen(c);
  if (change.action === 'assign' && c.assigneeId !== null)
    throw invalidState(
      'assignment.already_assigned',
      {
        en: `Case ${c.id} is already assigned: reassign it instead`,
        zh: `案件 ${c.id} 已分配：请使用“重新分配”`,
      },
      { caseId: c.id },
    );
  if (change.action !== 'assign' && c.assigneeId === null)
    throw invalidState(
      'assignment.not_assigned',
      { en: `Case ${c.id} is not assigned to anyone`, zh: `案件 ${c.id} 尚未分配` },
      { caseId: c.id },
    );
  if (change.action === 'reassign' && c.assigneeId === change.collectorId)
    throw invalidState(
      'assignment.same_collector',
      { en: `Case ${c.id} is already with that collector`, zh: `案件 ${c.id} 已在该催收员名下` },
      { caseId: c.id },
    );
}
