import type { Actor, AuditEntry } from './ports';

/** One audit-log entry for a change (or an unmasked view) made by the actor at `at`. */
export function auditEntry(
  actor: Actor,
  at: Date,
  clientId: string | null,
  action: string,
  entity: string,
  entityId: string,
  detail: Record<string, unknown> = {},
): AuditEntry {
  return { at, agencyId: actor.agencyId, clientId, actorId: actor.userId, action, entity, entityId, detail };
}
