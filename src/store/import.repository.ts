import type {
  AgencyRecord,
  IdGenerator,
  ImportCounts,
  ImportDebtorRow,
  ImportRepo,
  PlacementRecord,
} from '../cases/ports';
import { DomainError } from '../domain/errors';
import { csvBool, csvBoolArray, csvNumber, csvText, csvTextArray } from './copy-csv';
import type { Sql } from './db';
import {
  clientFromRow,
  PLACEMENT_COLUMNS,
  type PlacementRow,
  placementFromRow,
  placementParams,
} from './org.repository';

/**
 * The import write path as a bulk load, in the caller's transaction:
 *  1. every row is streamed with COPY into a TEMP staging table (ON COMMIT DROP: a rollback, a
 *     crash or a killed process leaves nothing behind);
 *  2. one row per person is looked up by natural key: the debtor (agency, client, ID number) and
 *     this placement's case, if they exist;
 *  3. set-based INSERT … SELECT writes what is missing, with ids made in SQL: new debtors and cases;
 *     the accounts of new cases and the contacts of new debtors (deduplicated in the SELECT); and,
 *     only when the file names known debtors or cases, their accounts and contacts with
 *     ON CONFLICT (natural key) DO NOTHING.
 * Existing rows are never changed (only the case total when a file adds accounts to a case), so
 * importing the same file twice changes nothing.
 *
 * Rows are written in the order of the ID number and ids are numbered in that order, so each
 * B-tree (primary keys, natural keys, debtor and case references) is filled from left to right
 * rather than at random: the indexes of a million-row load stay cheap once they outgrow memory.
 */

const STAGE_COLUMNS = [
  'seq',
  'id_number',
  'name',
  'time_zone',
  'quiet_hours_consent',
  'account_ref',
  'product',
  'card_tail',
  'principal_fen',
  'interest_fen',
  'fees_fen',
  'days_overdue',
  'overdue_as_of',
  'bucket',
  'billing_day',
  'lawsuit_filed',
  'judgment',
  'enforcement_listed',
  'credit_reported',
  'guarantor',
  'effective_collections',
  'contact_names',
  'contact_relations',
  'contact_phones',
  'contact_consented',
] as const;

// One row per account; the debtor's fields repeat, its contacts travel with its first account.
const CREATE_STAGE = `create temp table import_rows (
  seq integer not null,
  id_number text not null,
  name text not null,
  time_zone text not null,
  quiet_hours_consent boolean not null,
  account_ref text not null,
  product text not null,
  card_tail text,
  principal_fen bigint not null,
  interest_fen bigint not null,
  fees_fen bigint not null,
  days_overdue integer not null,
  overdue_as_of date not null,
  bucket text not null,
  billing_day smallint,
  lawsuit_filed boolean not null,
  judgment boolean not null,
  enforcement_listed boolean not null,
  credit_reported boolean not null,
  guarantor boolean not null,
  effective_collections timestamptz[] not null,
  contact_names text[] not null,
  contact_relations text[] not null,
  contact_phones text[] not null,
  contact_consented boolean[] not null
) on commit drop`;

// One row per person (ID number), numbered in ID-number order, with the debtor and the case of this
// placement when they exist already. `due` is the sum over the person's rows in the file: the
// total of a new case, corrected afterwards only if some of those rows were not inserted.
const CREATE_PEOPLE = `create temp table import_people (
  n bigint not null,
  id_number text not null,
  name text not null,
  time_zone text not null,
  quiet_hours_consent boolean not null,
  due bigint not null,
  debtor_id text not null,
  debtor_new boolean not null,
  case_id text not null,
  case_new boolean not null
) on commit drop`;

const FILL_PEOPLE = `insert into import_people
select f.n, f.id_number, f.name, f.time_zone, f.quiet_hours_consent, f.due,
       coalesce(d.id, 'dbt_' || $4 || lpad(f.n::text, 10, '0')), d.id is null,
       coalesce(c.id, 'cas_' || $4 || lpad(f.n::text, 10, '0')), c.id is null
  from (select distinct on (id_number) id_number, name, time_zone, quiet_hours_consent,
               sum(principal_fen + interest_fen + fees_fen) over (partition by id_number) as due,
               dense_rank() over (order by id_number) as n
          from import_rows
         order by id_number, seq) f
  left join debtors d on d.agency_id = $1 and d.client_id = $2 and d.id_number = f.id_number
  left join cases c on c.placement_id = $3 and c.debtor_id = d.id`;

// Debtors and cases the lookup above did not find are new: under the import's lock nothing else
// creates them, so a plain INSERT does (ON CONFLICT's speculative insertion costs a fifth more).
const INSERT_DEBTORS = `insert into debtors (id, agency_id, client_id, name, id_number, time_zone, quiet_hours_consent,
                     quiet_hours_consent_at)
select debtor_id, $1, $2, name, id_number, time_zone, quiet_hours_consent,
       case when quiet_hours_consent then now() end
  from import_people where debtor_new order by n`;

const INSERT_CASES = `insert into cases (id, agency_id, client_id, placement_id, debtor_id, total_due_fen)
select case_id, $1, $2, $3, debtor_id, due from import_people where case_new order by n`;

const ACCOUNT_COLUMNS = `id, agency_id, client_id, placement_id, case_id, debtor_id, account_ref, product, card_tail,
  principal_fen, interest_fen, fees_fen, days_overdue, overdue_as_of, bucket, billing_day, lawsuit_filed, judgment,
  enforcement_listed, credit_reported, guarantor, effective_collections`;

const ACCOUNT_VALUES = `'acc_' || $4 || lpad((row_number() over (order by p.n, r.product, r.account_ref, r.seq))::text, 10, '0'),
       $1, $2, $3, p.case_id, p.debtor_id, r.account_ref, r.product, r.card_tail, r.principal_fen, r.interest_fen,
       r.fees_fen, r.days_overdue, r.overdue_as_of, r.bucket, r.billing_day, r.lawsuit_filed, r.judgment,
       r.enforcement_listed, r.credit_reported, r.guarantor, r.effective_collections
  from import_rows r join import_people p on p.id_number = r.id_number`;

// A new case has no accounts yet: each account of the file once (its first row), plainly inserted.
const INSERT_NEW_ACCOUNTS = `insert into accounts (${ACCOUNT_COLUMNS})
select distinct on (p.n, r.product, r.account_ref) ${ACCOUNT_VALUES}
 where p.case_new
 order by p.n, r.product, r.account_ref, r.seq`;

// An existing case keeps the accounts it has; the file adds the others.
const INSERT_KNOWN_ACCOUNTS = `insert into accounts (${ACCOUNT_COLUMNS})
select ${ACCOUNT_VALUES}
 where not p.case_new
 order by p.n, r.product, r.account_ref, r.seq
on conflict (placement_id, debtor_id, product, account_ref) do nothing`;

// A person's contacts across their rows: a phone mentioned twice is one contact, its first mention.
const CONTACT_ROWS = `select 'con_' || $3 || lpad((row_number() over (order by p.n, k.phone, r.seq, k.ord))::text, 10, '0'),
       $1, $2, p.debtor_id, k.name, k.relation, k.phone, k.consented
  from import_rows r
  join import_people p on p.id_number = r.id_number
 cross join lateral unnest(r.contact_names, r.contact_relations, r.contact_phones, r.contact_consented)
       with ordinality as k(name, relation, phone, consented, ord)`;

const INSERT_NEW_CONTACTS = `insert into contacts (id, agency_id, client_id, debtor_id, name, relation, phone, consented)
select distinct on (p.n, k.phone) ${CONTACT_ROWS.slice('select '.length)}
 where p.debtor_new
 order by p.n, k.phone, r.seq, k.ord`;

// ON CONFLICT keeps the first mention too: the rows go in ordered by person, phone and mention.
const INSERT_KNOWN_CONTACTS = `insert into contacts (id, agency_id, client_id, debtor_id, name, relation, phone, consented)
${CONTACT_ROWS}
 where not p.debtor_new
 order by p.n, k.phone, r.seq, k.ord
on conflict (debtor_id, phone) do nothing`;

// Contacts the file names that are there already: only a debtor known before can have any.
const COUNT_KNOWN_CONTACTS = `select count(*)::bigint as n
  from (select distinct p.debtor_id, k.phone
          from import_rows r
          join import_people p on p.id_number = r.id_number and not p.debtor_new
         cross join lateral unnest(r.contact_phones) as k(phone)) m
  join contacts c on c.debtor_id = m.debtor_id and c.phone = m.phone`;

// Case totals follow their accounts, plus the instalment fees of the plans completed on them (booked
// as owed when the plan completed: recordPayment). Only cases that may differ are looked at: those
// that existed before this import, or all of its cases when some of its account rows were not inserted.
const FIX_TOTALS = `update cases c set total_due_fen = s.total + coalesce(f.fee, 0), updated_at = now()
  from (select a.case_id, sum(a.principal_fen + a.interest_fen + a.fees_fen)::bigint as total
          from accounts a join import_people p on p.case_id = a.case_id
         where $1 or not p.case_new
         group by a.case_id) s
  left join (select case_id, sum(instalment_fee_fen)::bigint as fee from repayment_plans
              where state = 'completed' group by case_id) f on f.case_id = s.case_id
 where c.id = s.case_id and c.total_due_fen <> s.total + coalesce(f.fee, 0)`;

/**
 * Accounts in one import. Ids end in a 10-digit number per statement, which also leaves room for
 * the contacts of a billion rows (fewer than ten a row); the staging `seq` is an integer.
 */
const MAX_ROWS = 1_000_000_000;

/** CSV lines for the staging table: one per account of each debtor. */
function stageLines(d: ImportDebtorRow, seq: () => number): string {
  let out = '';
  const head = `${csvText(d.idNumber)},${csvText(d.name)},${csvText(d.timeZone)},${csvBool(d.quietHoursConsent)}`;
  d.accounts.forEach((a, i) => {
    const contacts = i === 0 ? d.contacts : [];
    out += `${seq()},${head},${csvText(a.accountRef)},${csvText(a.product)},${csvText(a.cardTail)},${csvNumber(a.principalFen)},${csvNumber(a.interestFen)},${csvNumber(a.feesFen)},${csvNumber(a.daysOverdue)},${a.overdueAsOf},${csvText(a.bucket)},${csvNumber(a.billingDay)},${csvBool(a.lawsuitFiled)},${csvBool(a.judgment)},${csvBool(a.enforcementListed)},${csvBool(a.creditReported)},${csvBool(a.guarantor)},${csvTextArray(a.effectiveCollections.map((t) => t.toISOString()))},${csvTextArray(contacts.map((c) => c.name))},${csvTextArray(contacts.map((c) => c.relation))},${csvTextArray(contacts.map((c) => c.phone))},${csvBoolArray(contacts.map((c) => c.consented))}\n`;
  });
  return out;
}

/**
 * The common part of this import's ids: the generator's time-ordered prefix and a little of its
 * randomness, so ids of a later import sort after this one's and two imports never share ids.
 */
function idStem(ids: IdGenerator): string {
  const id = ids.next('x');
  return id.slice(id.indexOf('_') + 1, id.indexOf('_') + 17);
}

export function importRepository(sql: Sql): ImportRepo {
  return {
    async agencies() {
      const r = await sql.query<AgencyRecord>('select id, name from agencies order by created_at, id');
      return r.rows;
    },

    async firstAdmin(agencyId) {
      const r = await sql.query<{ id: string }>(
        `select id from users where agency_id = $1 and active and role = 'admin' order by created_at, id limit 1`,
        [agencyId],
      );
      return r.rows[0]?.id ?? null;
    },

    async clientByName(name) {
      const r = await sql.query<{ id: string; name: string; rule_packs: string[]; strict_hours: boolean }>(
        'select id, name, rule_packs, strict_hours from clients where name = $1',
        [name],
      );
      return r.rows[0] ? clientFromRow(r.rows[0]) : null;
    },

    async upsertPlacement(p) {
      const inserted = await sql.query(
        `insert into placements (${PLACEMENT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (agency_id, client_id, batch_no) do nothing`,
        placementParams(p),
      );
      const r = await sql.query<PlacementRow>(
        `select ${PLACEMENT_COLUMNS} from placements where agency_id = $1 and client_id = $2 and batch_no = $3`,
        [p.agencyId, p.clientId, p.batchNo],
      );
      const row = r.rows[0];
      if (!row) throw new Error(`placement ${p.batchNo} vanished during import`);
      return { placement: placementFromRow(row), inserted: inserted.rowCount > 0 };
    },

    async writeRows(placement: PlacementRecord, chunks, ids): Promise<ImportCounts> {
      const { agencyId, clientId } = placement;
      // Imports into one client run one at a time: the ids of existing debtors are looked up before
      // the new ones are inserted, and a concurrent import must not slip in between.
      await sql.query(`select pg_advisory_xact_lock(hashtext('huikuan.import:' || $1 || ':' || $2))`, [
        agencyId,
        clientId,
      ]);
      // Sorts and hashes over a million staged rows fit in memory instead of spilling to disk.
      await sql.exec(`set local work_mem = '256MB'`);
      await sql.exec(CREATE_STAGE);
      let seq = 0;
      const next = () => {
        if (++seq > MAX_ROWS)
          throw new DomainError('import.too_large', {
            en: `One import takes at most ${MAX_ROWS} accounts: split the file`,
            zh: `一次导入最多 ${MAX_ROWS} 个账户：请拆分文件`,
          });
        return seq;
      };
      async function* csv(): AsyncGenerator<string> {
        for await (const chunk of chunks) {
          let text = '';
          for (const d of chunk) text += stageLines(d, next);
          if (text) yield text;
        }
      }
      const staged = await sql.copyIn('import_rows', STAGE_COLUMNS, csv());
      const counts: ImportCounts = {
        debtors: { inserted: 0, existing: 0 },
        cases: { inserted: 0, existing: 0 },
        accounts: { inserted: 0, existing: 0 },
        contacts: { inserted: 0, existing: 0 },
      };
      if (staged === 0) return counts;

      const stem = idStem(ids);
      const scope = [agencyId, clientId, placement.id];
      await sql.exec('analyze import_rows');
      await sql.exec(CREATE_PEOPLE);
      const people = (await sql.query(FILL_PEOPLE, [...scope, stem])).rowCount;
      await sql.exec('analyze import_people');
      const existing = (
        await sql.query<{ debtors: number; cases: number }>(
          `select count(*) filter (where not debtor_new)::bigint as debtors,
                  count(*) filter (where not case_new)::bigint as cases
             from import_people`,
        )
      ).rows[0] ?? { debtors: 0, cases: 0 };

      // Rows of known parents get ids of their own stem: the two statements number from 1 each.
      const known = idStem(ids);
      const d = await sql.query(INSERT_DEBTORS, [agencyId, clientId]);
      const c = await sql.query(INSERT_CASES, scope);
      let accounts = (await sql.query(INSERT_NEW_ACCOUNTS, [...scope, stem])).rowCount;
      if (existing.cases > 0)
        accounts += (await sql.query(INSERT_KNOWN_ACCOUNTS, [...scope, known])).rowCount;
      if (accounts > 0 && (existing.cases > 0 || accounts < staged))
        await sql.query(FIX_TOTALS, [accounts < staged]);
      let contacts = (await sql.query(INSERT_NEW_CONTACTS, [agencyId, clientId, stem])).rowCount;
      let knownContacts = 0;
      if (existing.debtors > 0) {
        knownContacts = (await sql.query<{ n: number }>(COUNT_KNOWN_CONTACTS)).rows[0]?.n ?? 0;
        contacts += (await sql.query(INSERT_KNOWN_CONTACTS, [agencyId, clientId, known])).rowCount;
      }

      counts.debtors = { inserted: d.rowCount, existing: people - d.rowCount };
      counts.cases = { inserted: c.rowCount, existing: people - c.rowCount };
      counts.accounts = { inserted: accounts, existing: staged - accounts };
      counts.contacts = { inserted: contacts, existing: knownContacts };
      return counts;
    },
  };
}
