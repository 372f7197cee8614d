import { z } from 'zod';
import {
  type AttemptRepo,
  type ContactRecord,
  type ContactRepo,
  type GuardContext,
  HOLD_KINDS,
  type HoldRecord,
  RELATIONS,
  type Relation,
} from '../cases/ports';
import type { ContactAttempt } from '../compliance/contact-guard';
import type { Sql } from './db';
import { holdFromRow } from './hold.repository';
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

// Rows that arrive as JSON (the one-round-trip guard context): parsed, not trusted.
const contactRowSchema = z.object({
  id: z.string(),
  agency_id: z.string(),
  client_id: z.string(),
  debtor_id: z.string(),
  name: z.string().nullable(),
  relation: z.enum(RELATIONS),
  phone: z.string(),
  consented: z.boolean(),
  refused: z.boolean(),
  invalid: z.boolean(),
});
const holdRowSchema = z.object({
  id: z.string(),
  agency_id: z.string(),
  client_id: z.string(),
  case_id: z.string(),
  debtor_id: z.string(),
  kind: z.enum(HOLD_KINDS),
  reason: z.string(),
  detail: z.unknown(),
  blocks_contact: z.boolean(),
  opened_by: z.string().nullable(),
  opened_at: z.string(),
  review_at: z.string().nullable(),
  answer_due_at: z.string().nullable(),
  closed_by: z.string().nullable(),
  closed_at: z.string().nullable(),
  resolution: z.string().nullable(),
});
const historyRowSchema = z.object({
  at: z.string(),
  channel: z.enum(['call', 'sms', 'visit']),
  number: z.string().nullable(),
  target_kind: z.enum(['debtor', 'guarantor', 'third_party']),
  connected: z.boolean(),
  answered_by: z.enum(['debtor', 'third_party']).nullable(),
});

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

/** A contact, a person's open hold and a contact attempt as JSON rows (guard context read in one statement). */
export function contactFromJson(row: unknown): ContactRecord {
  return fromRow(contactRowSchema.parse(row));
}

export function holdFromJson(row: unknown): HoldRecord {
  return holdFromRow(holdRowSchema.parse(row));
}

export function historyFromJson(row: unknown): ContactAttempt {
  const a = historyRowSchema.parse(row);
  return {
    at: new Date(a.at),
    channel: a.channel,
    number: a.number,
    targetKind: a.target_kind,
    connected: a.connected,
    answeredBy: a.answered_by,
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
      // One round trip for the three reads (the queue does this for every page). The person across
      // the client is every debtor row with the same client and ID number.
      const r = await sql.query<{ kind: 'c' | 'h' | 'a'; for_debtor: string; row: Record<string, unknown> }>(
        `with me as (select id, client_id, id_number from debtors where agency_id = $1 and id = any($2::text[])),
              peers as (select me.id as for_debtor, p.id as peer
                          from me join debtors p on p.client_id = me.client_id and p.id_number = me.id_number)
         select 'c' as kind, k.debtor_id as for_debtor,
                jsonb_build_object('id', k.id, 'agency_id', k.agency_id, 'client_id', k.client_id, 'debtor_id', k.debtor_id,
                  'name', k.name, 'relation', k.relation, 'phone', k.phone, 'consented', k.consented,
                  'refused', k.refused, 'invalid', k.invalid) as row, 0 as o1, k.created_at as o2, k.id as o3
           from contacts k where k.agency_id = $1 and k.debtor_id = any($2::text[])
         union all
         select 'h', pe.for_debtor, to_jsonb(h.*), 1, h.opened_at, h.id
           from peers pe join holds h on h.debtor_id = pe.peer where h.closed_at is null
         union all
         select 'a', pe.for_debtor,
                jsonb_build_object('at', a.at, 'channel', a.channel, 'number', a.number, 'target_kind', a.target_kind,
                  'connected', a.connected, 'answered_by', a.answered_by), 2, a.at, a.id
           from peers pe join contact_attempts a on a.debtor_id = pe.peer where a.at >= $3
         order by 1, 4, 5, 6`,
        [agencyId, ids, since],
      );
      for (const x of r.rows) {
        const ctx = out.get(x.for_debtor);
        if (!ctx) continue;
        if (x.kind === 'c') ctx.contacts.push(contactFromJson(x.row));
        else if (x.kind === 'h') ctx.holds.push(holdFromJson(x.row));
        else ctx.history.push(historyFromJson(x.row));
      }
      // Contacts: the debtor's own numbers first, as forDebtor orders them.
      for (const ctx of out.values())
        ctx.contacts.sort((a, b) => Number(a.relation !== 'self') - Number(b.relation !== 'self'));
      return out;
    },
    async belongsTo(agencyId, attemptId, caseId) {
      const r = await sql.query(
        'select 1 from contact_attempts where agency_id = $1 and id = $2 and case_id = $3',
        [agencyId, attemptId, caseId],
      );
      return r.rows.length > 0;
    },
    async get(agencyId, attemptId) {
      const r = await sql.query<HistoryRow & { contact_id: string | null }>(
        `select at, channel, number, target_kind, connected, answered_by, contact_id from contact_attempts
          where agency_id = $1 and id = $2`,
        [agencyId, attemptId],
      );
      const a = r.rows[0];
      return a
        ? {
            at: toDate(a.at),
            channel: a.channel,
            number: a.number,
            targetKind: a.target_kind,
            connected: a.connected,
            answeredBy: a.answered_by,
            contactId: a.contact_id,
          }
        : null;
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
