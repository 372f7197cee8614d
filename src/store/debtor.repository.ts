import type { DebtorRecord, DebtorRepo } from '../cases/ports';
import type { Sql } from './db';

export interface DebtorRow {
  id: string;
  agency_id: string;
  client_id: string;
  name: string;
  id_number: string;
  time_zone: string;
  quiet_hours_consent: boolean;
  inconvenient_times: { from: string; to: string }[];
}

export function debtorFromRow(d: DebtorRow): DebtorRecord {
  return {
    id: d.id,
    agencyId: d.agency_id,
    clientId: d.client_id,
    name: d.name,
    idNumber: d.id_number,
    timeZone: d.time_zone,
    quietHoursConsent: d.quiet_hours_consent,
    inconvenientTimes: d.inconvenient_times,
  };
}

export function debtorRepository(sql: Sql): DebtorRepo {
  return {
    async get(agencyId, id, opts) {
      const r = await sql.query<DebtorRow>(
        `select id, agency_id, client_id, name, id_number, time_zone, quiet_hours_consent, inconvenient_times
           from debtors where agency_id = $1 and id = $2${opts?.forUpdate ? ' for update' : ''}`,
        [agencyId, id],
      );
      const d = r.rows[0];
      return d ? debtorFromRow(d) : null;
    },
    async lockPerson(person) {
      await sql.query(
        'select id from debtors where client_id = $1 and id_number = $2 order by id for update',
        [person.clientId, person.idNumber],
      );
    },
    async countTalk(person, localDay) {
      // A late-recorded conversation from an earlier day leaves today's count alone.
      await sql.query(
        `update cases set
           talks_today = case when talks_day = $3::date then talks_today + 1
                              when talks_day is null or talks_day < $3::date then 1 else talks_today end,
           talks_day = greatest(coalesce(talks_day, $3::date), $3::date)
         where debtor_id in (select id from debtors where client_id = $1 and id_number = $2)`,
        [person.clientId, person.idNumber, localDay],
      );
    },
    async refreshHold(person) {
      const r = await sql.query<{ held: boolean }>(
        `select exists (
           select 1 from holds h join debtors p on p.id = h.debtor_id
            where p.client_id = $1 and p.id_number = $2 and h.closed_at is null and h.blocks_contact) as held`,
        [person.clientId, person.idNumber],
      );
      const held = r.rows[0]?.held ?? false;
      await sql.query(
        `update cases set contact_hold = $3
          where debtor_id in (select id from debtors where client_id = $1 and id_number = $2) and contact_hold <> $3`,
        [person.clientId, person.idNumber, held],
      );
      return held;
    },
  };
}
