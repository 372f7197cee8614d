-- API processes keep the sessions they have checked for a few seconds (src/server/auth/session-cache.ts).
-- Whatever ends a session or changes its user tells every process at commit, on the channel
-- huikuan_sessions: 's:<session id>' when a session is revoked or deleted, 'u:<user id>' when a user
-- changes (deactivated, role, team, password, …). Triggers, so no path that writes these tables can
-- forget to.

create function huikuan_session_revoked() returns trigger language plpgsql as $$
begin
  perform pg_notify('huikuan_sessions', 's:' || old.id);
  return null;
end $$;

create trigger sessions_revoked_notify after update of revoked_at on sessions
  for each row when (new.revoked_at is distinct from old.revoked_at)
  execute function huikuan_session_revoked();

create trigger sessions_deleted_notify after delete on sessions
  for each row execute function huikuan_session_revoked();

create function huikuan_user_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('huikuan_sessions', 'u:' || old.id);
  return null;
end $$;

create trigger users_changed_notify after update or delete on users
  for each row execute function huikuan_user_changed();
