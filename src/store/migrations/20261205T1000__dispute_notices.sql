-- A dispute is verified within the playbook's disputes.verify_days: its lead is told when the
-- deadline nears (dispute_due) and when it has passed (dispute_overdue), as for complaints.
alter table lead_notices drop constraint lead_notices_kind_check;
alter table lead_notices add constraint lead_notices_kind_check
  check (kind in ('stop_review', 'complaint_due', 'complaint_overdue', 'dispute_due', 'dispute_overdue'));
