import type { ClientRecord, QueueCandidate, QueueRepo, QueueRow } from '../cases/ports';
import { QUEUE_POINTS as P } from '../cases/queue-score';
import type { Sql } from './db';
import { clientFromRow } from './org.repository';
import { dateOrNull, json } from './rows';

/** The case columns both the ranked page and the candidate list read. */
interface CaseColumns {
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
}

interface Row extends CaseColumns {
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
 * The collector's queue in one statement, in two steps. `ranked` reads only the covering partial
 * index cases_queue_idx (assignee_id where status = 'open', with every column the score and the
 * filters use), joins the tiny placements table and the per-client windows, filters what the contact
 * guard would block for a call right now (an open hold, quiet hours in the debtor's zone unless they
 * consented, the day's conversations used up), scores, sorts and cuts the page. Only then are the
 * page's rows joined to debtors and the case heap for names and display fields. `local` is
 * materialised so each row's local time is computed once; date_part (double precision) rather than
 * extract (numeric) keeps the arithmetic cheap. The points mirror
 * queue-score.ts term by term; a contract test holds the two together.
 */
const QUEUE_SQL = `
with w as (
  select * from jsonb_to_recordset($3::jsonb)
    as w(client_id text, open_minute integer, close_minute integer, max_talks integer, consent_applies boolean)
), local as materialized (
  select c.id, c.client_id, c.debtor_id, c.time_zone, c.quiet_hours_consent, c.balance_fen, c.next_due_at,
         c.follow_up_broken, c.priority, c.ability, c.willingness, c.last_contact_at, c.talks_day, c.talks_today,
         p.period_end, w.open_minute, w.close_minute, w.max_talks, w.consent_applies,
         ($4::timestamptz at time zone c.time_zone) as local_now
    from cases c
    join w on w.client_id = c.client_id
    join placements p on p.id = c.placement_id
   where c.assignee_id = $2 and c.status = 'open' and c.agency_id = $1 and not c.contact_hold
), open_now as (
  select l.*, l.local_now::date as local_today
    from local l
   where ((consent_applies and quiet_hours_consent)
          or ((date_part('hour', local_now) * 60 + date_part('minute', local_now))::integer >= open_minute
              and (date_part('hour', local_now) * 60 + date_part('minute', local_now))::integer < close_minute))
     and not (talks_day is not null and talks_day = local_now::date and talks_today >= max_talks)
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
                floor(date_part('epoch', $4::timestamptz - last_contact_at) / 86400)::integer)) end as p_since
    from open_now o
), ranked as (
  select s.*, p_promise_due + p_broken + p_priority + p_balance + p_aw + p_placement + p_since as score,
         count(*) over () as total
    from scored s
   order by score desc, id
   limit $5 offset $6
)
select r.id, r.client_id, r.debtor_id, d.name, d.id_number, r.time_zone, r.quiet_hours_consent, d.inconvenient_times,
       r.balance_fen, r.next_due_at, r.follow_up_broken, c.broken_count, r.priority, c.strategy, r.ability,
       r.willingness, c.persona, r.last_contact_at, r.period_end, r.p_promise_due, r.p_broken, r.p_priority,
       r.p_balance, r.p_aw, r.p_placement, r.p_since, r.score, r.total
  from ranked r
  join debtors d on d.id = r.debtor_id
  join cases c on c.id = r.id
 order by r.score desc, r.id`;

interface CandidateRow extends CaseColumns {
  talks_day: string | null;
  talks_today: number;
}

/** The same cases QUEUE_SQL starts from (before the clock's filters), with the page's display fields. */
const CANDIDATES_SQL = `
select c.id, c.client_id, c.debtor_id, d.name, d.id_number, c.time_zone, c.quiet_hours_consent, d.inconvenient_times,
       c.balance_fen, c.next_due_at, c.follow_up_broken, c.broken_count, c.priority, c.strategy, c.ability,
       c.willingness, c.persona, c.last_contact_at, p.period_end, c.talks_day, c.talks_today
  from cases c
  join placements p on p.id = c.placement_id
  join debtors d on d.id = c.debtor_id
 where c.assignee_id = $2 and c.status = 'open' and c.agency_id = $1 and not c.contact_hold`;

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
    async candidates(agencyId, collectorId) {
      const r = await sql.query<CandidateRow>(CANDIDATES_SQL, [agencyId, collectorId], { prepare: true });
      return r.rows.map(
        (x): QueueCandidate => ({
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
          talksDay: x.talks_day,
          talksToday: x.talks_today,
        }),
      );
    },
    async clientsOf(agencyId, collectorId) {
      const r = await sql.query<{ id: string; name: string; rule_packs: string[]; strict_hours: boolean }>(
        `select id, name, rule_packs, strict_hours from clients
          where id in (select client_id from cases where assignee_id = $2 and status = 'open' and agency_id = $1)
          order by id`,
        [agencyId, collectorId],
      );
      return r.rows.map((c): ClientRecord => clientFromRow(c));
    },
  };
}
