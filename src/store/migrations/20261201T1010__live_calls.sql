-- Live call assist: a call in progress and its turns as the dialer or ASR sent them. The turns are
-- kept so that a socket that reconnects to another API process resumes the call there (the turns are
-- replayed into a new analysis session); when the call ends it is recorded as a call.
create table live_calls (
  id text primary key,
  agency_id text not null references agencies (id),
  client_id text not null references clients (id),
  case_id text not null references cases (id),
  collector_id text not null references users (id),
  attempt_id text references contact_attempts (id),
  started_at timestamptz not null,
  -- sha-256 of the per-call token a dialer or ASR integration connects with (the token is shown once)
  token_hash text not null unique,
  token_expires_at timestamptz not null,
  status text not null default 'active' check (status in ('active', 'ending', 'ended')),
  ended_at timestamptz,
  call_id text references calls (id)
);
create index live_calls_case_idx on live_calls (case_id, started_at);

create table live_call_turns (
  live_call_id text not null references live_calls (id),
  seq integer not null check (seq >= 0),
  speaker text not null check (speaker in ('agent', 'debtor', 'third_party')),
  text text not null,
  at timestamptz,
  received_at timestamptz not null,
  primary key (live_call_id, seq)
);
