-- Days whose stored team figures (team_daily_stats) a later change has made wrong: a payment reversed
-- (冲正) after its day was computed, a promise it had kept no longer kept. The team-stats job recomputes
-- every marked day on its next run, whatever its age, and removes the mark in the same transaction;
-- a day marked again while it is being computed keeps its new mark for the run after.
create table team_stats_stale (
  agency_id text not null references agencies (id),
  day date not null,
  marked_at timestamptz not null,
  primary key (agency_id, day)
);
