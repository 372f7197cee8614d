import type { StatsRepo } from '../cases/ports';
import type { Sql } from './db';

/** Marks on days whose stored team figures are out of date; the team-stats job clears them. */
export function statsRepository(sql: Sql): StatsRepo {
  return {
    async markStale(agencyId, days, at) {
      if (!days.length) return;
      await sql.query(
        `insert into team_stats_stale (agency_id, day, marked_at)
         select $1, d::date, $3 from unnest($2::text[]) as d
         on conflict (agency_id, day) do nothing`,
        [agencyId, [...new Set(days)], at],
      );
    },
  };
}
