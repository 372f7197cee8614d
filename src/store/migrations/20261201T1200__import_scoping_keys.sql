-- Bulk import: the rows a placement brings (cases, accounts, contacts) carry copies of their
-- parent's columns (agency_id and client_id for tenant scoping; on accounts also placement_id and
-- debtor_id) so that every query can filter without a join. Each copy had its own foreign key,
-- checked row by row: a million-row import made about twelve million checks of a parent the row's
-- own parent key already implies (a case's placement has the agency and client; an account's case
-- has all four; a contact's debtor has the agency and client). They cost a quarter of a bulk load
-- and never caught what matters: a copy that differs from its parent's value. The parent keys stay
-- (cases → placements and debtors, accounts → cases, contacts → debtors), and so do the columns;
-- the store writes them from the parent row (see docs/data-model.md).

alter table cases
  drop constraint cases_agency_id_fkey,
  drop constraint cases_client_id_fkey;

alter table accounts
  drop constraint accounts_agency_id_fkey,
  drop constraint accounts_client_id_fkey,
  drop constraint accounts_placement_id_fkey,
  drop constraint accounts_debtor_id_fkey;

alter table contacts
  drop constraint contacts_agency_id_fkey,
  drop constraint contacts_client_id_fkey;
