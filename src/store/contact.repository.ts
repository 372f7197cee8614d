import type { AttemptRepo, ContactRecord, ContactRepo, GuardContext, Relation } from '../cases/ports';
import type { ContactAttempt } from '../compliance/contact-guard';
import type { Sql } from './db';
import { HOLD_COLUMNS, type HoldRow, holdFromRow } from './hold.repository';
import { json, toDate } from './rows';

interface ContactRow {
  id: string;
  agency_id: string;
  client_id: string;
  debtor_id: string;
  name: string | null;
  relation: Relation;
  phone: string;
  consented: boolean;
  refused: boolean;
  invalid: boolean;
}

const CONTACT_COLUMNS =
  'id, agency_id, client_id, debtor_id, name, relation, phone, consented, refused, invalid';

function fromRow(c: ContactRow): ContactRecord {
  return {
    id: c.id,
    agencyId: c.agency_id,
    clientId: c.client_id,
    debtorId: c.debtor_id,
    name: c.name,
    relation: c.relation,
    phone: c.phone,
    consented: c.consented,
    refused: c.refused,
    invalid: c.invalid,
  };
}

export function contactRepository(sql: Sql): ContactRepo {
  return {
    async get(agencyId, id) {
      const r = await sql.query<ContactRow>(
        `select ${CONTACT_COLUMNS} from contacts where agency_id = $1 and id = $2`,
        [agencyId, id],
      );
      return r.rows[0] ? fromRow(r.rows[0]) : null;
    },
    async forDebtor(agencyId, debtorId) {
      const r = await sql.query<ContactRow>(
        `select ${CONTACT_COLUMNS} from contacts where agency_id = $1 and debtor_id = $2
          order by relation <> 'self', created_at, id`,
        [agencyId, debtorId],
      );
      return r.rows.map(fromRow);
    },
    async markInvalid(agencyId, id, at) {
      await sql.query(
        'update contacts set invalid = true, invalid_at = $3 where agency_id = $1 and id = $2',
        [agencyId, id, at],
      );
    },
    async markRefused(agencyId, id, at) {
      await sql.query(
        'update contacts set refused = true, refused_at = $3 where agency_id = $1 and id = $2',
        [agencyId, id, at],
      );
    },
  };
}

interface HistoryRow {
  at: Date;
  channel: ContactAttempt['channel'];
  number: string | null;
  target_kind: ContactAttempt['targetKind'];
  connected: boolean;
  answered_by: ContactAttempt['answeredBy'];
}

export function attemptRepository(sql: Sql): AttemptRepo {
  return {
    async insert(a) {
      await sql.query(
        `insert into contact_attempts (id, agency_id, client_id, case_id, debtor_id, contact_id, collector_id, channel,
           number, target_kind, at, connected, answered_by, outcome_code, note, guard)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb)`,
        [
          a.id,
          a.agencyId,
          a.clientId,
          a.caseId,
          a.debtorId,
          a.contactId,
          a.collectorId,
          a.channel,
          a.number,
          a.targetKind,
          a.at,
          a.connected,
          a.answeredBy,
          a.outcomeCode,
          a.note,
          json(a.guard),
        ],
      );
    },
    async history(person, since) {
      const r = await sql.query<HistoryRow>(
        `select a.at, a.channel, a.number, a.target_kind, a.connected, a.answered_by
           from debtors d join contact_attempts a on a.debtor_id = d.id
          where d.client_id = $1 and d.id_number = $2 and a.at >= $3
          order by a.at, a.id`,
        [person.clientId, person.idNumber, since],
      );
      return r.rows.map((h) => ({
        at: toDate(h.at),
        channel: h.channel,
        number: h.number,
        targetKind: h.target_kind,
        connected: h.connected,
        answeredBy: h.answered_by,
      }));
    },
    async guardContext(agencyId, debtorIds, since) {
      const out = new Map<string, GuardContext>();
      if (!debtorIds.length) return out;
      const ids = [...new Set(debtorIds)];
      for (const id of ids) out.set(id, { contacts: [], holds: [], history: [] });
      const contacts = await sql.query<ContactRow>(
        `select ${CONTACT_COLUMNS} from contacts where agency_id = $1 and debtor_id = any($2::text[])
          order by debtor_id, relation <> 'self', created_at, id`,
        [agencyId, ids],
      );
      for (const c of contacts.rows) out.get(c.debtor_id)?.contacts.push(fromRow(c));
      // The person across the client: every debtor row with the same client and ID number.
      const peers = `debtors d join debtors p on p.client_id = d.client_id and p.id_number = d.id_number`;
      const holds = await sql.query<HoldRow & { for_debtor: string }>(
        `select d.id as for_debtor, ${HOLD_COLUMNS} from ${peers} join holds h on h.debtor_id = p.id
          where d.agency_id = $1 and d.id = any($2::text[]) and h.closed_at is null order by h.opened_at, h.id`,
        [agencyId, ids],
      );
      for (const h of holds.rows) out.get(h.for_debtor)?.holds.push(holdFromRow(h));
      const history = await sql.query<HistoryRow & { for_debtor: string }>(
        `select d.id as for_debtor, a.at, a.channel, a.number, a.target_kind, a.connected, a.answered_by
           from ${peers} join contact_attempts a on a.debtor_id = p.id
          where d.agency_id = $1 and d.id = any($2::text[]) and a.at >= $3 order by a.at, a.id`,
        [agencyId, ids, since],
      );
      for (const h of history.rows)
        out.get(h.for_debtor)?.history.push({
          at: toDate(h.at),
          channel: h.channel,
          number: h.number,
          targetKind: h.target_kind,
          connected: h.connected,
          answeredBy: h.answered_by,
        });
      return out;
    },
    async belongsTo(agencyId, attemptId, caseId) {
      const r = await sql.query(
        'select 1 from contact_attempts where agency_id = $1 and id = $2 and case_id = $3',
        [agencyId, attemptId, caseId],
      );
      return r.rows.length > 0;
    },
    async conversations(agencyId, caseId) {
      const r = await sql.query<{ at: Date }>(
        `select at from contact_attempts
          where agency_id = $1 and case_id = $2 and connected and answered_by = 'debtor' order by at`,
        [agencyId, caseId],
      );
      return r.rows.map((x) => toDate(x.at));
    },
  };
}
