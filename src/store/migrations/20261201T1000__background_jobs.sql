-- Background jobs: the embedded job queue, and what the jobs write (reminders sent, notices for
-- leads, nightly team figures, batch QA of uploaded transcripts). A QA batch stores each transcript
-- as a call with its analysis, so its findings are the analysis' violations like any other call's.

-- The in-process job queue used with PGlite. On a PostgreSQL server pg-boss keeps its own schema and
-- this table stays empty. A job is claimed by moving it to 'active' with a lease (locked_until); a
-- lease that runs out (the process died) makes the job claimable again.
create table job_queue (
  id text primary key,
  name text not null,
  data jsonb not null default '{}',
  state text not null default 'created' check (state in ('created', 'active', 'completed', 'failed')),
  run_at timestamptz not null,
  -- at most one job per (name, key): a repeated enqueue with the same key is a no-op
  singleton_key text,
  attempts integer not null default 0,
  max_attempts integer not null check (max_attempts >= 1),
  locked_until timestamptz,
  last_error text,
  output jsonb,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create unique index job_queue_singleton_idx on job_queue (name, singleton_key) where singleton_key is not null;
create index job_queue_ready_idx on job_queue (name, run_at) where state in ('created', 'active');

-- One row per promise and reminder lead time: the reminder job claims its row in the same
-- transaction as it sends, so a rerun job never texts the debtor twice.
create table promise_reminders (
  promise_id text not null references promises (id),
  lead_hours double precision not null,
  agency_id text not null references agencies (id),
  case_id text not null references cases (id),
  status text not null check (status in ('sent', 'skipped')),
  -- skipped: why (settled, blocked by a hold, superseded by a later reminder, template incomplete …)
  reason text,
  channel text,
  text text,
  attempt_id text references contact_attempts (id),
  at timestamptz not null,
  primary key (promise_id, lead_hours)
);

-- What a lead must look at: a 停催 due for review, a complaint whose answer is due or overdue.
-- Unique per (kind, what, due time), so a job that runs twice raises each notice once.
create table lead_notices (
  id text primary key,
  agency_id text not null references agencies (id),
  client_id text not null references clients (id),
  team_id text references teams (id),
  case_id text not null references cases (id),
  kind text not null check (kind in ('stop_review', 'complaint_due', 'complaint_overdue')),
  ref_id text not null,
  due_at timestamptz not null,
  detail jsonb not null default '{}',
  created_at timestamptz not null,
  seen_by text references users (id),
  seen_at timestamptz,
  unique (kind, ref_id, due_at)
);
create index lead_notices_open_idx on lead_notices (agency_id, team_id, created_at) where seen_at is null;

-- Nightly figures per team and local day (team_id null: cases with no team). Recomputed, not
-- accumulated, so a rerun for the same day writes the same row.
create table team_daily_stats (
  agency_id text not null references agencies (id),
  team_id text references teams (id),
  day date not null,
  attempts integer not null,
  conversations integer not null,
  calls integer not null,
  violations integer not null,
  promises_made integer not null,
  promised_fen bigint not null,
  promises_kept integer not null,
  promises_broken integer not null,
  payments integer not null,
  paid_fen bigint not null,
  complaints integer not null,
  computed_at timestamptz not null
);
create unique index team_daily_stats_key_idx on team_daily_stats (agency_id, day, coalesce(team_id, ''));

-- Batch QA: uploaded transcripts, every one analysed (not a sample).
create table qa_batches (
  id text primary key,
  agency_id text not null references agencies (id),
  submitted_by text not null references users (id),
  submitted_at timestamptz not null,
  name text not null,
  total integer not null check (total >= 0),
  done integer not null default 0,
  failed integer not null default 0,
  status text not null default 'pending' check (status in ('pending', 'done')),
  finished_at timestamptz
);

create table qa_batch_items (
  batch_id text not null references qa_batches (id),
  seq integer not null,
  case_id text not null,
  collector_id text,
  at timestamptz not null,
  transcript jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
  call_id text references calls (id),
  error text,
  primary key (batch_id, seq)
);
create index qa_batch_items_pending_idx on qa_batch_items (batch_id, seq) where status = 'pending';
