import type { EscalationRecord, EscalationRepo, FieldVisitRepo, HoldRecord, HoldRepo } from '../cases/ports';
import type { Sql } from './db';
import { dateOrNull, json, objectOf, toDate } from './rows';

export interface HoldRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  debtor_id: string;
  kind: HoldRecord['kind'];
  reason: string;
  detail: unknown;
  blocks_contact: boolean;
  opened_by: string | null;
  opened_at: Date | string;
  review_at: Date | string | null;
  answer_due_at: Date | string | null;
  closed_by: string | null;
  closed_at: Date | string | null;
  resolution: string | null;
}

export const HOLD_COLUMNS = `h.id, h.agency_id, h.client_id, h.case_id, h.debtor_id, h.kind, h.reason, h.detail, h.blocks_contact,
  h.opened_by, h.opened_at, h.review_at, h.answer_due_at, h.closed_by, h.closed_at, h.resolution`;

export function holdFromRow(h: HoldRow): HoldRecord {
  return {
    id: h.id,
    agencyId: h.agency_id,
    clientId: h.client_id,
    caseId: h.case_id,
    debtorId: h.debtor_id,
    kind: h.kind,
    reason: h.reason,
    detail: objectOf(h.detail),
    blocksContact: h.blocks_contact,
    openedBy: h.opened_by,
    openedAt: toDate(h.opened_at),
    reviewAt: dateOrNull(h.review_at),
    answerDueAt: dateOrNull(h.answer_due_at),
    closedBy: h.closed_by,
    closedAt: dateOrNull(h.closed_at),
    resolution: h.resolution,
  };
}

export function holdRepository(sql: Sql): HoldRepo {
  return {
    async insert(h) {
      await sql.query(
        `insert into holds (id, agency_id, client_id, case_id, debtor_id, kind, reason, detail, blocks_contact, opened_by,
           opened_at, review_at, answer_due_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13)`,
        [
          h.id,
          h.agencyId,
          h.clientId,
          h.caseId,
          h.debtorId,
          h.kind,
          h.reason,
          json(h.detail),
          h.blocksContact,
          h.openedBy,
          h.openedAt,
          h.reviewAt,
          h.answerDueAt,
        ],
      );
    },
    async get(agencyId, id, opts) {
      const r = await sql.query<HoldRow>(
        `select ${HOLD_COLUMNS} from holds h where h.agency_id = $1 and h.id = $2${opts?.forUpdate ? ' for update' : ''}`,
        [agencyId, id],
      );
      return r.rows[0] ? holdFromRow(r.rows[0]) : null;
    },
    async close(agencyId, id, c) {
      await sql.query(
        'update holds set closed_by = $3, closed_at = $4, resolution = $5 where agency_id = $1 and id = $2 and closed_at is null',
        [agencyId, id, c.by, c.at, c.resolution],
      );
    },
    async activeForPerson(person) {
      const r = await sql.query<HoldRow>(
        `select ${HOLD_COLUMNS} from debtors d join holds h on h.debtor_id = d.id
          where d.client_id = $1 and d.id_number = $2 and h.closed_at is null order by h.opened_at, h.id`,
        [person.clientId, person.idNumber],
      );
      return r.rows.map(holdFromRow);
    },
    async forCase(agencyId, caseId) {
      const r = await sql.query<HoldRow>(
        `select ${HOLD_COLUMNS} from holds h where h.agency_id = $1 and h.case_id = $2 order by h.opened_at, h.id`,
        [agencyId, caseId],
      );
      return r.rows.map(holdFromRow);
    },
    async suspendsContact(agencyId, caseId) {
      // the person's flag, kept by refreshHold from their open blocking holds across the client
      const r = await sql.query<{ contact_hold: boolean }>(
        'select contact_hold from cases where agency_id = $1 and id = $2',
        [agencyId, caseId],
      );
      return r.rows[0]?.contact_hold === true;
    },
  };
}

export interface EscalationRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  reason: string;
  detail: unknown;
  raised_by: string | null;
  status: 'open' | 'closed';
  created_at: Date | string;
}

export function escalationFromRow(e: EscalationRow): EscalationRecord {
  return {
    id: e.id,
    agencyId: e.agency_id,
    clientId: e.client_id,
    caseId: e.case_id,
    reason: e.reason,
    detail: objectOf(e.detail),
    raisedBy: e.raised_by,
    status: e.status,
    createdAt: toDate(e.created_at),
  };
}

export function escalationRepository(sql: Sql): EscalationRepo {
  return {
    async open(agencyId, caseId) {
      const r = await sql.query<EscalationRow>(
        `select id, agency_id, client_id, case_id, reason, detail, raised_by, status, created_at
           from escalations where agency_id = $1 and case_id = $2 and status = 'open'`,
        [agencyId, caseId],
      );
      const e = r.rows[0];
      return e ? escalationFromRow(e) : null;
    },
    async insert(e) {
      await sql.query(
        `insert into escalations (id, agency_id, client_id, case_id, reason, detail, raised_by, status, created_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
        [e.id, e.agencyId, e.clientId, e.caseId, e.reason, json(e.detail), e.raisedBy, e.status, e.createdAt],
      );
    },
  };
}

export function fieldVisitRepository(sql: Sql): FieldVisitRepo {
  return {
    async insert(v) {
      await sql.query(
        `insert into field_visits (id, agency_id, client_id, case_id, requested_by, planned_at, staff, address, purpose,
           status, guard)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
        [
          v.id,
          v.agencyId,
          v.clientId,
          v.caseId,
          v.requestedBy,
          v.plannedAt,
          v.staff,
          v.address,
          v.purpose,
          v.status,
          json(v.guard),
        ],
      );
    },
  };
}
