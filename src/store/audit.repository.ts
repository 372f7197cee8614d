import type { AuditEntry, AuditRepo } from '../cases/ports';
import type { Sql } from './db';
import { json, objectOf, toDate } from './rows';

interface AuditRow {
  at: Date;
  agency_id: string;
  client_id: string | null;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  detail: unknown;
}

/** The audit log: insert and read only (the table refuses UPDATE, DELETE and TRUNCATE). */
export function auditRepository(sql: Sql): AuditRepo {
  return {
    async append(e: AuditEntry) {
      await sql.query(
        `insert into audit_log (at, agency_id, client_id, actor_id, action, entity, entity_id, detail)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
        [e.at, e.agencyId, e.clientId, e.actorId, e.action, e.entity, e.entityId, json(e.detail)],
      );
    },
    async forEntity(agencyId, entity, entityId) {
      const r = await sql.query<AuditRow>(
        `select at, agency_id, client_id, actor_id, action, entity, entity_id, detail from audit_log
          where agency_id = $1 and entity = $2 and entity_id = $3 order by id`,
        [agencyId, entity, entityId],
      );
      return r.rows.map((a) => ({
        at: toDate(a.at),
        agencyId: a.agency_id,
        clientId: a.client_id,
        actorId: a.actor_id,
        action: a.action,
        entity: a.entity,
        entityId: a.entity_id,
        detail: objectOf(a.detail),
      }));
    },
  };
}
