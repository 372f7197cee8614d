-- The case page reads every promise, proposed promise, plan and instalment of one case, whatever its
-- status; the existing indexes on case_id are partial (pending, proposed, live), so those reads
-- scanned the whole table — fine on a demo, a scan of millions of rows per page view at scale.
create index promises_case_idx on promises (case_id);
create index proposed_promises_case_all_idx on proposed_promises (case_id);
create index repayment_plans_case_idx on repayment_plans (case_id);
create index plan_instalments_case_idx on plan_instalments (case_id);
