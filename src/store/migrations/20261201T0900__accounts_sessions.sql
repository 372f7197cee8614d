-- The server: sign-in on users (a login and an argon2id hash), the client-bank viewer role,
-- server-side sessions, a login throttle kept in the database so it holds across processes, and the
-- server's own records: practice sessions, QA reviews and the collectors' answers to findings, and
-- each agency's playbook edits.

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('collector', 'lead', 'manager', 'qa', 'trainer', 'admin', 'client_viewer'));

alter table users
  add column login text,
  add column password_hash text,
  add column password_changed_at timestamptz,
  -- 工号: the staff number collectors state when they introduce themselves
  add column staff_no text,
  -- a client-bank viewer sees this client's placements with the agency, and nothing else
  add column client_id text references clients (id),
  add constraint users_viewer_client_check check ((role = 'client_viewer') = (client_id is not null));
-- one login names one user across the installation, whatever its case
create unique index users_login_idx on users (lower(login)) where login is not null;

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of this table signs no one in.
create table sessions (
  id text primary key,
  user_id text not null references users (id),
  agency_id text not null references agencies (id),
  -- sent back in the X-CSRF-Token header on every state-changing request
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id) where revoked_at is null;

-- Failed sign-ins per login ('login:<name>') and per client address ('ip:<keyed hash>').
create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  window_start timestamptz not null,
  locked_until timestamptz,
  updated_at timestamptz not null
);

-- A practice call is replayed from its seed and the trainee's lines (the simulator is deterministic),
-- so any server process can continue it.
create table practice_sessions (
  id text primary key,
  agency_id text not null references agencies (id),
  user_id text not null references users (id),
  persona text not null,
  situation text not null,
  seed text not null,
  lines jsonb not null default '[]',
  started_at timestamptz not null,
  finished_at timestamptz,
  total integer check (total between 0 and 100),
  score jsonb
);
create index practice_sessions_user_idx on practice_sessions (agency_id, user_id, started_at);

-- QA's score and note on a call; the findings themselves are the analysis' violations.
create table call_reviews (
  call_id text primary key references calls (id),
  agency_id text not null references agencies (id),
  client_id text not null references clients (id),
  reviewer_id text not null references users (id),
  score integer not null check (score between 0 and 100),
  note text,
  reviewed_at timestamptz not null
);

-- The collector's answer to one finding (the index into the call's analysis.violations).
create table finding_responses (
  id text primary key,
  agency_id text not null references agencies (id),
  client_id text not null references clients (id),
  call_id text not null references calls (id),
  finding integer not null check (finding >= 0),
  rule text not null,
  response text not null check (response in ('acknowledged', 'disputed')),
  comment text,
  user_id text not null references users (id),
  at timestamptz not null,
  unique (call_id, finding)
);

-- Each agency's edits over the shipped playbook, newest last; text null = back to the shipped file.
-- The highest id is the agency's playbook revision, which every process compares to its cache.
create table playbook_edits (
  id bigint generated always as identity primary key,
  agency_id text not null references agencies (id),
  path text not null,
  text text,
  edited_by text references users (id),
  edited_at timestamptz not null
);
create index playbook_edits_agency_idx on playbook_edits (agency_id, path, id);

-- Lists and dashboards read by agency and time.
create index calls_agency_at_idx on calls (agency_id, at);
create index payments_agency_paid_idx on payments (agency_id, paid_at);
create index promises_agency_due_idx on promises (agency_id, due_at);
create index contact_attempts_agency_at_idx on contact_attempts (agency_id, at);
create index holds_agency_opened_idx on holds (agency_id, opened_at);
create index audit_log_agency_at_idx on audit_log (agency_id, at);
