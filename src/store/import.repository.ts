import type { ImportCounts, ImportRepo, PlacementRecord } from '../cases/ports';
import type { Sql } from './db';
import { PLACEMENT_COLUMNS, type PlacementRow, placementFromRow, placementParams } from './org.repository';
import { json } from './rows';

/**
 * The import write path: set-based upserts keyed by natural keys, one statement per table and chunk
 * (jsonb_to_recordset), so a chunk of thousands of rows costs a handful of round trips. Existing
 * rows are never changed: importing the same file twice changes nothing.
 */
export function importRepository(sql: Sql): ImportRepo {
  return {
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

    async writeChunk(placement: PlacementRecord, rows, ids): Promise<ImportCounts> {
      const { agencyId, clientId } = placement;
      const byIdNumber = new Map(rows.map((r) => [r.idNumber, r]));
      const debtors = [...byIdNumber.values()].map((d) => ({
        id: ids.next('dbt'),
        name: d.name,
        id_number: d.idNumber,
        time_zone: d.timeZone,
        quiet_hours_consent: d.quietHoursConsent,
      }));
      const d1 = await sql.query(
        `insert into debtors (id, agency_id, client_id, name, id_number, time_zone, quiet_hours_consent, quiet_hours_consent_at)
         select r.id, $2, $3, r.name, r.id_number, r.time_zone, r.quiet_hours_consent,
                case when r.quiet_hours_consent then now() end
           from jsonb_to_recordset($1::jsonb) as r(id text, name text, id_number text, time_zone text, quiet_hours_consent boolean)
         on conflict (agency_id, client_id, id_number) do nothing`,
        [json(debtors), agencyId, clientId],
      );
      const idNumbers = debtors.map((d) => d.id_number);
      const debtorIds = new Map(
        (
          await sql.query<{ id: string; id_number: string }>(
            'select id, id_number from debtors where agency_id = $1 and client_id = $2 and id_number = any($3::text[])',
            [agencyId, clientId, idNumbers],
          )
        ).rows.map((r) => [r.id_number, r.id]),
      );

      const caseRows = [...debtorIds.values()].map((debtorId) => ({
        id: ids.next('cas'),
        debtor_id: debtorId,
      }));
      const c1 = await sql.query(
        `insert into cases (id, agency_id, client_id, placement_id, debtor_id)
         select r.id, $2, $3, $4, r.debtor_id from jsonb_to_recordset($1::jsonb) as r(id text, debtor_id text)
         on conflict (placement_id, debtor_id) do nothing`,
        [json(caseRows), agencyId, clientId, placement.id],
      );
      const caseIds = new Map(
        (
          await sql.query<{ id: string; debtor_id: string }>(
            'select id, debtor_id from cases where placement_id = $1 and debtor_id = any($2::text[])',
            [placement.id, [...debtorIds.values()]],
          )
        ).rows.map((r) => [r.debtor_id, r.id]),
      );

      const accounts: Record<string, unknown>[] = [];
      const contacts: Record<string, unknown>[] = [];
      for (const d of byIdNumber.values()) {
        const debtorId = debtorIds.get(d.idNumber);
        const caseId = debtorId ? caseIds.get(debtorId) : undefined;
        if (!debtorId || !caseId) throw new Error(`debtor ${d.idNumber} was not written`);
        for (const a of d.accounts)
          accounts.push({
            id: ids.next('acc'),
            case_id: caseId,
            debtor_id: debtorId,
            account_ref: a.accountRef,
            product: a.product,
            card_tail: a.cardTail,
            principal_fen: a.principalFen,
            interest_fen: a.interestFen,
            fees_fen: a.feesFen,
            days_overdue: a.daysOverdue,
            overdue_as_of: a.overdueAsOf,
            bucket: a.bucket,
            billing_day: a.billingDay,
            lawsuit_filed: a.lawsuitFiled,
            judgment: a.judgment,
            enforcement_listed: a.enforcementListed,
            credit_reported: a.creditReported,
            guarantor: a.guarantor,
            effective_collections: a.effectiveCollections.map((t) => t.toISOString()),
          });
        for (const c of d.contacts)
          contacts.push({
            id: ids.next('con'),
            debtor_id: debtorId,
            name: c.name,
            relation: c.relation,
            phone: c.phone,
            consented: c.consented,
          });
      }
      const a1 = accounts.length
        ? await sql.query(
            `insert into accounts (id, agency_id, client_id, placement_id, case_id, debtor_id, account_ref, product,
               card_tail, principal_fen, interest_fen, fees_fen, days_overdue, overdue_as_of, bucket, billing_day,
               lawsuit_filed, judgment, enforcement_listed, credit_reported, guarantor, effective_collections)
             select r.id, $2, $3, $4, r.case_id, r.debtor_id, r.account_ref, r.product, r.card_tail, r.principal_fen,
                    r.interest_fen, r.fees_fen, r.days_overdue, r.overdue_as_of, r.bucket, r.billing_day,
                    r.lawsuit_filed, r.judgment, r.enforcement_listed, r.credit_reported, r.guarantor,
                    array(select jsonb_array_elements_text(r.effective_collections)::timestamptz)
               from jsonb_to_recordset($1::jsonb) as r(id text, case_id text, debtor_id text, account_ref text,
                 product text, card_tail text, principal_fen bigint, interest_fen bigint, fees_fen bigint,
                 days_overdue integer, overdue_as_of date, bucket text, billing_day smallint, lawsuit_filed boolean,
                 judgment boolean, enforcement_listed boolean, credit_reported boolean, guarantor boolean,
                 effective_collections jsonb)
             on conflict (placement_id, debtor_id, product, account_ref) do nothing`,
            [json(accounts), agencyId, clientId, placement.id],
          )
        : { rowCount: 0 };
      if (a1.rowCount > 0)
        await sql.query(
          `update cases c set total_due_fen = s.total, updated_at = now()
             from (select case_id, sum(principal_fen + interest_fen + fees_fen)::bigint as total
                     from accounts where case_id = any($1::text[]) group by case_id) s
            where c.id = s.case_id and c.total_due_fen <> s.total`,
          [[...caseIds.values()]],
        );
      const k1 = contacts.length
        ? await sql.query(
            `insert into contacts (id, agency_id, client_id, debtor_id, name, relation, phone, consented)
             select r.id, $2, $3, r.debtor_id, r.name, r.relation, r.phone, r.consented
               from jsonb_to_recordset($1::jsonb) as r(id text, debtor_id text, name text, relation text, phone text,
                 consented boolean)
             on conflict (debtor_id, phone) do nothing`,
            [json(contacts), agencyId, clientId],
          )
        : { rowCount: 0 };
      return {
        debtors: { inserted: d1.rowCount, existing: debtors.length - d1.rowCount },
        cases: { inserted: c1.rowCount, existing: caseRows.length - c1.rowCount },
        accounts: { inserted: a1.rowCount, existing: accounts.length - a1.rowCount },
        contacts: { inserted: k1.rowCount, existing: contacts.length - k1.rowCount },
      };
    },
  };
}
