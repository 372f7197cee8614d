import { z } from 'zod';
import { addDays, fromLocal, SHANGHAI, toLocal } from '../domain/calendar';
import type { Sql } from '../store/db';
import { agencyIds, type JobContext } from './job-context';

export const TEAM_STATS = 'team-stats';
export const teamStatsData = z
  .object({
    agencyId: z.string().min(1).optional(),
    /** the local day (Asia/Shanghai) to compute; default yesterday */
    day: z.iso.date().optional(),
  })
  .strict();

/** Days before yesterday that are filled in when missing (a worker was down at night). */
const BACKFILL_DAYS = 7;

/**
 * Nightly team statistics: per team and local day, contact attempts, conversations with the
 * debtor, calls and the violations found in them, promises made (and the sum promised), promises
 * kept and broken, payments, and complaints received. Figures are recomputed from the records and
 * written over the day's row, so a rerun gives the same row. Work is counted for the team the case
 * belongs to when the figures are computed.
 */
export async function runTeamStats(
  ctx: JobContext,
  input: unknown,
): Promise<{ rows: number; days: string[] }> {
  const d = teamStatsData.parse(input);
  const now = ctx.clock.now();
  let rows = 0;
  const done = new Set<string>();
  for (const agencyId of d.agencyId ? [d.agencyId] : await agencyIds(ctx.db)) {
    const days = d.day ? [d.day] : await missingDays(ctx, agencyId, now);
    for (const day of days) {
      rows += await computeDay(ctx, agencyId, day, now);
      done.add(day);
    }
  }
  const days = [...done].sort();
  ctx.log.info('team_stats.done', { rows, days });
  return { rows, days };
}

function dayKey(x: { year: number; month: number; day: number }): string {
  return `${x.year}-${String(x.month).padStart(2, '0')}-${String(x.day).padStart(2, '0')}`;
}

/**
 * Yesterday always (late records change it), plus any of the week before without figures, plus any
 * earlier day marked stale (a record dated on it logged late, a payment reversed: team_stats_stale).
 */
async function missingDays(ctx: JobContext, agencyId: string, now: Date): Promise<string[]> {
  const today = toLocal(now, SHANGHAI);
  const days = Array.from({ length: BACKFILL_DAYS }, (_, i) => dayKey(addDays(today, -1 - i)));
  const have = await ctx.db.query<{ day: string }>(
    `select distinct day from team_daily_stats where agency_id = $1 and day = any($2::date[])`,
    [agencyId, days],
  );
  const present = new Set(have.rows.map((r) => r.day));
  const stale = await ctx.db.query<{ day: string }>(
    `select day::text as day from team_stats_stale where agency_id = $1 and day < $2::date`,
    [agencyId, dayKey(today)],
  );
  const due = new Set(days.filter((day, i) => i === 0 || !present.has(day)));
  for (const r of stale.rows) due.add(r.day);
  return [...due].sort();
}

async function computeDay(ctx: JobContext, agencyId: string, day: string, now: Date): Promise<number> {
  const [y, m, dd] = day.split('-').map(Number);
  const start = fromLocal({ year: y!, month: m!, day: dd!, hour: 0, minute: 0, second: 0 }, SHANGHAI);
  const end = fromLocal(
    { ...addDays({ year: y!, month: m!, day: dd! }, 1), hour: 0, minute: 0, second: 0 },
    SHANGHAI,
  );
  return ctx.db.transaction(async (sql) => {
    // The day's stale mark is removed first, in this transaction: the figures below see every change
    // committed before it was removed; a change not yet committed then keeps (or, waiting for this
    // commit, sets again) its mark, and the day is recomputed on the next run.
    await sql.query('delete from team_stats_stale where agency_id = $1 and day = $2::date', [agencyId, day]);
    return (await upsertDay(sql, agencyId, day, start, end, now)).rowCount;
  });
}

function upsertDay(sql: Sql, agencyId: string, day: string, start: Date, end: Date, now: Date) {
  return sql.query(
    `with teams_of as (
       select id as team_id from teams where agency_id = $1
       union all select null),
     a as (
       select c.team_id, count(*)::int as attempts,
              (count(*) filter (where x.connected and x.answered_by = 'debtor' and x.channel <> 'sms'))::int as conversations
         from contact_attempts x join cases c on c.id = x.case_id
        where x.agency_id = $1 and x.at >= $2 and x.at < $3 group by c.team_id),
     k as (
       select c.team_id, count(*)::int as calls,
              coalesce(sum(jsonb_array_length(k.analysis -> 'violations')), 0)::int as violations
         from calls k join cases c on c.id = k.case_id
        where k.agency_id = $1 and k.at >= $2 and k.at < $3 group by c.team_id),
     pm as (
       select c.team_id, count(*)::int as made, coalesce(sum(p.amount_fen), 0)::bigint as promised
         from promises p join cases c on c.id = p.case_id
        where p.agency_id = $1 and p.created_at >= $2 and p.created_at < $3 group by c.team_id),
     ps as (
       select c.team_id, (count(*) filter (where p.status = 'kept'))::int as kept,
              (count(*) filter (where p.status = 'broken'))::int as broken
         from promises p join cases c on c.id = p.case_id
        where p.agency_id = $1 and p.settled_at >= $2 and p.settled_at < $3 group by c.team_id),
     pay as (
       select c.team_id, count(*)::int as payments, coalesce(sum(y.amount_fen), 0)::bigint as paid
         from payments y join cases c on c.id = y.case_id
        where y.agency_id = $1 and y.reversed_at is null and y.paid_at >= $2 and y.paid_at < $3 group by c.team_id),
     cm as (
       select c.team_id, count(*)::int as complaints
         from holds h join cases c on c.id = h.case_id
        where h.agency_id = $1 and h.kind = 'complaint' and h.opened_at >= $2 and h.opened_at < $3 group by c.team_id)
     insert into team_daily_stats (agency_id, team_id, day, attempts, conversations, calls, violations, promises_made,
       promised_fen, promises_kept, promises_broken, payments, paid_fen, complaints, computed_at)
     select $1, t.team_id, $4::date, coalesce(a.attempts, 0), coalesce(a.conversations, 0), coalesce(k.calls, 0),
            coalesce(k.violations, 0), coalesce(pm.made, 0), coalesce(pm.promised, 0), coalesce(ps.kept, 0),
            coalesce(ps.broken, 0), coalesce(pay.payments, 0), coalesce(pay.paid, 0), coalesce(cm.complaints, 0), $5
       from teams_of t
       left join a on a.team_id is not distinct from t.team_id
       left join k on k.team_id is not distinct from t.team_id
       left join pm on pm.team_id is not distinct from t.team_id
       left join ps on ps.team_id is not distinct from t.team_id
       left join pay on pay.team_id is not distinct from t.team_id
       left join cm on cm.team_id is not distinct from t.team_id
     on conflict (agency_id, day, (coalesce(team_id, ''))) do update set
       attempts = excluded.attempts, conversations = excluded.conversations, calls = excluded.calls,
       violations = excluded.violations, promises_made = excluded.promises_made, promised_fen = excluded.promised_fen,
       promises_kept = excluded.promises_kept, promises_broken = excluded.promises_broken,
       payments = excluded.payments, paid_fen = excluded.paid_fen, complaints = excluded.complaints,
       computed_at = excluded.computed_at`,
    [agencyId, start, end, day, now],
  );
}
