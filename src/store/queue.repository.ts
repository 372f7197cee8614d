import type { ClientRecord, QueueRepo, QueueRow } from '../cases/ports';
import { QUEUE_POINTS as P } from '../cases/queue-score';
import type { Sql } from './db';
import { clientFromRow } from './org.repository';
import { dateOrNull, json } from './rows';

interface Row {
  id: string;
  client_id: string;
  debtor_id: string;
  name: string;
  id_number: string;
  time_zone: string;
  quiet_hours_consent: boolean;
  inconvenient_times: { from: string; to: string }[];
  balance_fen: number;
  next_due_at: Date | null;
  follow_up_broken: boolean;
  broken_count: number;
  priority: number;
  strategy: string | null;
  ability: number | null;
  willingness: number | null;
  persona: string | null;
  last_contact_at: Date | null;
  period_end: string;
  p_promise_due: number;
  p_broken: number;
  p_priority: number;
  p_balance: number;
  p_aw: number;
  p_placement: number;
  p_since: number;
  score: number;
  total: number;
}

/**
 * The collector's queue in one statement. The partial index cases_queue_idx (assignee_id where
 * status = 'open') finds the collector's open cases; debtors and placements join by primary key.
 * The filters mirror what the contact guard would block for a call right now (an active hold,
 * quiet hours in the debtor's zone unless they consented, the day's conversations used up), and
 * the points mirror queue-score.ts term by term — a contract test holds the two together.
 */
const QUEUE_SQL = `
with w as (
  select * from jsonb_to_recordset($3::jsonb)
    as w(client_id text, open_minute integer, close_minute integer, max_talks integer, consent_applies boolean)
), base as (
  select c.id, c.client_id, c.debtor_id, d.name, d.id_number, d.time_zone, d.quiet_hours_consent, d.inconvenient_times,
         c.balance_fen, c.next_due_at, c.follow_up_broken, c.broken_count, c.priority, c.strategy, c.ability,
         c.willingness, c.persona, c.last_contact_at, p.period_end, d.talks_day, d.talks_today,
         w.open_minute, w.close_minute, w.max_talks, w.consent_applies,
         ($4::timestamptz at time zone d.time_zone) as local_now
    from cases c
    join debtors d on d.id = c.debtor_id
    join placements p on p.id = c.placement_id
    join w on w.client_id = c.client_id
   where c.assignee_id = $2 and c.status = 'open' and c.agency_id = $1 and not d.on_hold
), workable as (
  select b.*, b.local_now::date as local_today,
         (extract(hour from b.local_now) * 60 + extract(minute from b.local_now))::integer as local_minute
    from base b
), open_now as (
  select * from workable
   where ((consent_applies and quiet_hours_consent) or (local_minute >= open_minute and local_minute < close_minute))
     and not (talks_day is not null and talks_day = local_today and talks_today >= max_talks)
), scored as (
  select o.*,
    case when next_due_at is null then 0
         when next_due_at <= $4::timestamptz then ${P.promiseOverdue}
         when (next_due_at at time zone time_zone)::date = local_today then ${P.promiseDueToday}
         else 0 end as p_promise_due,
    case when follow_up_broken then ${P.brokenFollowUp} else 0 end as p_broken,
    greatest(0, least(${P.priorityMax}, ${P.priorityStep} * priority)) as p_priority,
    case when balance_fen > 0 then least(${P.balanceMax}, balance_fen / ${P.balanceFenPerPoint}) else 0 end as p_balance,
    floor(${P.estimateMax} * coalesce(ability, 0.5) + 0.5)::integer
      + floor(${P.estimateMax} * coalesce(willingness, 0.5) + 0.5)::integer as p_aw,
    greatest(0, least(${P.placementMax}, (${P.placementWindowDays} - (period_end - local_today)) / 2)) as p_placement,
    case when last_contact_at is null then ${P.sinceContactMax}
         else greatest(0, least(${P.sinceContactMax},
                floor(extract(epoch from ($4::timestamptz - last_contact_at)) / 86400)::integer)) end as p_since
    from open_now o
)
select id, client_id, debtor_id, name, id_number, time_zone, quiet_hours_consent, inconvenient_times, balance_fen,
       next_due_at, follow_up_broken, broken_count, priority, strategy, ability, willingness, persona,
       last_contact_at, period_end, p_promise_due, p_broken, p_priority, p_balance, p_aw, p_placement, p_since,
       p_promise_due + p_broken + p_priority + p_balance + p_aw + p_placement + p_since as score,
       count(*) over () as total
  from scored
 order by score desc, id
 limit $5 offset $6`;

export function queueRepository(sql: Sql): QueueRepo {
  return {
    async page(q) {
      const windows = q.windows.map((w) => ({
        client_id: w.clientId,
        open_minute: w.openMinute,
        close_minute: w.closeMinute,
        max_talks: w.maxTalksPerDay,
        consent_applies: w.consentApplies,
      }));
      const r = await sql.query<Row>(QUEUE_SQL, [
        q.agencyId,
        q.collectorId,
        json(windows),
        q.at,
        q.limit,
        q.offset,
      ]);
      const rows = r.rows.map(
        (x): QueueRow => ({
          caseId: x.id,
          clientId: x.client_id,
          debtorId: x.debtor_id,
          debtorName: x.name,
          idNumber: x.id_number,
          timeZone: x.time_zone,
          quietHoursConsent: x.quiet_hours_consent,
          inconvenientTimes: x.inconvenient_times,
          balanceFen: x.balance_fen,
          nextDueAt: dateOrNull(x.next_due_at),
          followUpBroken: x.follow_up_broken,
          brokenCount: x.broken_count,
          priority: x.priority,
          strategy: x.strategy,
          ability: x.ability,
          willingness: x.willingness,
          persona: x.persona,
          lastContactAt: dateOrNull(x.last_contact_at),
          placementEnd: x.period_end,
          points: {
            promise_due: x.p_promise_due,
            broken_promise: x.p_broken,
            priority: x.p_priority,
            balance: x.p_balance,
            ability_willingness: x.p_aw,
            placement_ending: x.p_placement,
            since_last_contact: x.p_since,
          },
          score: x.score,
        }),
      );
      // A page past the end has no rows to carry the window count: count separately only then.
      let total = r.rows[0]?.total ?? 0;
      if (!rows.length && q.offset > 0) {
        const all = await sql.query<Row>(QUEUE_SQL, [q.agencyId, q.collectorId, json(windows), q.at, 1, 0]);
        total = all.rows[0]?.total ?? 0;
      }
      return { rows, total };
    },
    async clientsOf(agencyId, collectorId) {
      const r = await sql.query<{ id: string; name: string; rule_packs: string[]; strict_hours: boolean }>(
        `select id, name, rule_packs, strict_hours from clients k
          where exists (select 1 from cases c where c.client_id = k.id and c.agency_id = $1 and c.assignee_id = $2
                           and c.status = 'open')
          order by id`,
        [agencyId, collectorId],
      );
      return r.rows.map((c): ClientRecord => clientFromRow(c));
    },
  };
}
