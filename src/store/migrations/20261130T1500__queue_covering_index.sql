-- The daily queue ranks a collector's open cases from one covering index, without visiting the
-- heap or the debtors: the person-level facts it filters on are kept on each case. At a million
-- cases a collector's ~1,000 cases sit on ~1,000 different heap pages; the index keeps them on a
-- few dozen (see docs/data-model.md).

alter table cases
  add column time_zone text,
  add column quiet_hours_consent boolean not null default false,
  -- the person has an open hold that blocks contact (any of the client's agencies)
  add column contact_hold boolean not null default false,
  -- connected conversations with the person on their local day talks_day, across the client
  add column talks_day date,
  add column talks_today integer not null default 0;

update cases c
   set time_zone = d.time_zone, quiet_hours_consent = d.quiet_hours_consent, contact_hold = d.on_hold,
       talks_day = d.talks_day, talks_today = d.talks_today
  from debtors d
 where d.id = c.debtor_id;

alter table cases alter column time_zone set not null;
alter table debtors drop column on_hold, drop column talks_day, drop column talks_today;

-- The debtor is the source of the zone and the consent: a case always takes them from its debtor.
create function cases_take_debtor_facts() returns trigger
language plpgsql as $$
begin
  select d.time_zone, d.quiet_hours_consent into new.time_zone, new.quiet_hours_consent
    from debtors d where d.id = new.debtor_id;
  return new;
end
$$;

create trigger cases_debtor_facts before insert or update of debtor_id, time_zone, quiet_hours_consent on cases
  for each row execute function cases_take_debtor_facts();

create function debtors_push_facts_to_cases() returns trigger
language plpgsql as $$
begin
  update cases set time_zone = new.time_zone, quiet_hours_consent = new.quiet_hours_consent
   where debtor_id = new.id;
  return new;
end
$$;

create trigger debtors_facts_to_cases after update of time_zone, quiet_hours_consent on debtors
  for each row execute function debtors_push_facts_to_cases();

drop index cases_queue_idx;
create index cases_queue_idx on cases (assignee_id)
  include (id, agency_id, client_id, placement_id, debtor_id, balance_fen, next_due_at, follow_up_broken, priority,
           ability, willingness, last_contact_at, time_zone, quiet_hours_consent, contact_hold, talks_day, talks_today)
  where status = 'open';
