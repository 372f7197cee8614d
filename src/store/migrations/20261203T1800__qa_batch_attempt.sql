-- A QA batch's uploaded recording may name the contact attempt it was (logged, and so checked by the
-- contact guard, before the call). Without one the call is judged by the guard as of its time and each
-- rule it broke becomes a finding, as for a call recorded on a case without its attempt.
alter table qa_batch_items add column attempt_id text;
