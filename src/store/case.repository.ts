import type {
  AccountRecord,
  AssignmentRecord,
  Bucket,
  CasePatch,
  CaseRecord,
  CaseRepo,
  CaseStatus,
  Product,
} from '../cases/ports';
import type { Sql } from './db';
import { dateOrNull, setClause, toDate } from './rows';

export interface CaseRow {
  id: string;
  agency_id: string;
  client_id: string;
  placement_id: string;
  debtor_id: string;
  status: CaseStatus;
  assignee_id: string | null;
  team_id: string | null;
  priority: number;
  strategy: string | null;
  total_due_fen: number;
  paid_fen: number;
  waived_fen: number;
  balance_fen: number;
  broken_count: number;
  follow_up_broken: boolean;
  next_due_at: Date | string | null;
  last_contact_at: Date | string | null;
  ability: number | null;
  willingness: number | null;
  persona: string | null;
}

export const CASE_COLUMNS = `id, agency_id, client_id, placement_id, debtor_id, status, assignee_id, team_id, priority, strategy,
  total_due_fen, paid_fen, waived_fen, balance_fen, broken_count, follow_up_broken, next_due_at, last_contact_at,
  ability, willingness, persona`;

export function caseFromRow(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    agencyId: r.agency_id,
    clientId: r.client_id,
    placementId: r.placement_id,
    debtorId: r.debtor_id,
    status: r.status,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    priority: r.priority,
    strategy: r.strategy,
    totalDueFen: r.total_due_fen,
    paidFen: r.paid_fen,
    waivedFen: r.waived_fen,
    balanceFen: r.balance_fen,
    brokenCount: r.broken_count,
    followUpBroken: r.follow_up_broken,
    nextDueAt: dateOrNull(r.next_due_at),
    lastContactAt: dateOrNull(r.last_contact_at),
    ability: r.ability,
    willingness: r.willingness,
    persona: r.persona,
  };
}

const PATCH_COLUMNS = {
  status: 'status',
  assigneeId: 'assignee_id',
  teamId: 'team_id',
  assignedAt: 'assigned_at',
  priority: 'priority',
  strategy: 'strategy',
  totalDueFen: 'total_due_fen',
  paidFen: 'paid_fen',
  waivedFen: 'waived_fen',
  brokenCount: 'broken_count',
  followUpBroken: 'follow_up_broken',
  nextDueAt: 'next_due_at',
  lastContactAt: 'last_contact_at',
  ability: 'ability',
  willingness: 'willingness',
  persona: 'persona',
};

export interface AccountRow {
  id: string;
  case_id: string;
  account_ref: string;
  product: Product;
  card_tail: string | null;
  principal_fen: number;
  interest_fen: number;
  fees_fen: number;
  days_overdue: number;
  overdue_as_of: string;
  bucket: Bucket;
  lawsuit_filed: boolean;
  judgment: boolean;
  enforcement_listed: boolean;
  credit_reported: boolean;
  guarantor: boolean;
  effective_collections: (Date | string)[];
}

export interface AssignmentRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  action: AssignmentRecord['action'];
  collector_id: string | null;
  team_id: string | null;
  previous_collector_id: string | null;
  reason: string | null;
  by_user: string | null;
  at: Date | string;
}

export function accountFromRow(a: AccountRow): AccountRecord {
  return {
    id: a.id,
    caseId: a.case_id,
    accountRef: a.account_ref,
    product: a.product,
    cardTail: a.card_tail,
    principalFen: a.principal_fen,
    interestFen: a.interest_fen,
    feesFen: a.fees_fen,
    daysOverdue: a.days_overdue,
    overdueAsOf: a.overdue_as_of,
    bucket: a.bucket,
    lawsuitFiled: a.lawsuit_filed,
    judgment: a.judgment,
    enforcementListed: a.enforcement_listed,
    creditReported: a.credit_reported,
    guarantor: a.guarantor,
    effectiveCollections: a.effective_collections.map(toDate),
  };
}

export function assignmentFromRow(a: AssignmentRow): AssignmentRecord {
  return {
    id: a.id,
    agencyId: a.agency_id,
    clientId: a.client_id,
    caseId: a.case_id,
    action: a.action,
    collectorId: a.collector_id,
    teamId: a.team_id,
    previousCollectorId: a.previous_collector_id,
    reason: a.reason,
    byUser: a.by_user,
    at: toDate(a.at),
  };
}

export function caseRepository(sql: Sql): CaseRepo {
  return {
    async get(agencyId, id, opts) {
      const r = await sql.query<CaseRow>(
        `select ${CASE_COLUMNS} from cases where agency_id = $1 and id = $2${opts?.forUpdate ? ' for update' : ''}`,
        [agencyId, id],
      );
      return r.rows[0] ? caseFromRow(r.rows[0]) : null;
    },
    async getMany(agencyId, ids, opts) {
      const r = await sql.query<CaseRow>(
        `select ${CASE_COLUMNS} from cases where agency_id = $1 and id = any($2::text[])
          order by id${opts?.forUpdate ? ' for update' : ''}`,
        [agencyId, [...ids]],
      );
      return r.rows.map(caseFromRow);
    },
    async update(agencyId, id, patch: CasePatch) {
      const set = setClause(patch, PATCH_COLUMNS, 3);
      if (!set.params.length) return;
      await sql.query(`update cases set ${set.sql}, updated_at = now() where agency_id = $1 and id = $2`, [
        agencyId,
        id,
        ...set.params,
      ]);
    },
    async accounts(agencyId, caseId) {
      const r = await sql.query<AccountRow>(
        `select id, case_id, account_ref, product, card_tail, principal_fen, interest_fen, fees_fen, days_overdue,
                overdue_as_of, bucket, lawsuit_filed, judgment, enforcement_listed, credit_reported, guarantor,
                effective_collections
           from accounts where agency_id = $1 and case_id = $2 order by id`,
        [agencyId, caseId],
      );
      return r.rows.map(accountFromRow);
    },
    async insertAssignment(a) {
      await sql.query(
        `insert into assignments (id, agency_id, client_id, case_id, action, collector_id, team_id,
           previous_collector_id, reason, by_user, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          a.id,
          a.agencyId,
          a.clientId,
          a.caseId,
          a.action,
          a.collectorId,
          a.teamId,
          a.previousCollectorId,
          a.reason,
          a.byUser,
          a.at,
        ],
      );
    },
    async assignments(agencyId, caseId) {
      const r = await sql.query<AssignmentRow>(
        `select id, agency_id, client_id, case_id, action, collector_id, team_id, previous_collector_id, reason, by_user, at
           from assignments where agency_id = $1 and case_id = $2 order by at, id`,
        [agencyId, caseId],
      );
      return r.rows.map(assignmentFromRow);
    },
    async nextDueAt(agencyId, caseId) {
      const r = await sql.query<{ d: Date | null }>(
        `select least(
           (select min(due_at) from promises where agency_id = $1 and case_id = $2 and status = 'pending'),
           (select min(i.due_at) from plan_instalments i join repayment_plans p on p.id = i.plan_id
             where i.agency_id = $1 and i.case_id = $2 and i.status = 'pending' and p.state = 'active')
         ) as d`,
        [agencyId, caseId],
      );
      return dateOrNull(r.rows[0]?.d);
    },
  };
}
