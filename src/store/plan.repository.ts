import type { InstalmentRecord, PlanRecord, PlanRepo, PolicyBreach } from '../cases/ports';
import type { Sql } from './db';
import { dateOrNull, json, setClause, toDate } from './rows';

interface PlanRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  state: PlanRecord['state'];
  balance_fen: number;
  interest_waiver_fen: number;
  fee_waiver_fen: number;
  settlement_fen: number;
  down_payment_fen: number;
  instalment_count: number;
  instalment_fee_fen: number;
  total_cost_fen: number;
  within_policy: boolean;
  policy_breaches: PolicyBreach[];
  required_role: PlanRecord['requiredRole'];
  proposed_by: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  proposal_note: string | null;
  decision_note: string | null;
  activated_at: Date | null;
  ended_at: Date | null;
}

const PLAN_COLUMNS = `id, agency_id, client_id, case_id, state, balance_fen, interest_waiver_fen, fee_waiver_fen,
  settlement_fen, down_payment_fen, instalment_count, instalment_fee_fen, total_cost_fen, within_policy, policy_breaches,
  required_role, proposed_by, proposed_at, proposal_note, decided_by, decided_at, decision_note, activated_at, ended_at`;

function planFromRow(p: PlanRow): PlanRecord {
  return {
    id: p.id,
    agencyId: p.agency_id,
    clientId: p.client_id,
    caseId: p.case_id,
    state: p.state,
    balanceFen: p.balance_fen,
    interestWaiverFen: p.interest_waiver_fen,
    feeWaiverFen: p.fee_waiver_fen,
    settlementFen: p.settlement_fen,
    downPaymentFen: p.down_payment_fen,
    instalmentCount: p.instalment_count,
    instalmentFeeFen: p.instalment_fee_fen,
    totalCostFen: p.total_cost_fen,
    withinPolicy: p.within_policy,
    policyBreaches: p.policy_breaches,
    requiredRole: p.required_role,
    proposedBy: p.proposed_by,
    proposedAt: toDate(p.proposed_at),
    proposalNote: p.proposal_note,
    decidedBy: p.decided_by,
    decidedAt: dateOrNull(p.decided_at),
    decisionNote: p.decision_note,
    activatedAt: dateOrNull(p.activated_at),
    endedAt: dateOrNull(p.ended_at),
  };
}

interface InstalmentRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  plan_id: string;
  seq: number;
  due_at: Date;
  amount_fen: number;
  paid_fen: number;
  status: InstalmentRecord['status'];
  settled_at: Date | null;
}

const INSTALMENT_COLUMNS =
  'i.id, i.agency_id, i.client_id, i.case_id, i.plan_id, i.seq, i.due_at, i.amount_fen, i.paid_fen, i.status, i.settled_at';

function instalmentFromRow(i: InstalmentRow): InstalmentRecord {
  return {
    id: i.id,
    agencyId: i.agency_id,
    clientId: i.client_id,
    caseId: i.case_id,
    planId: i.plan_id,
    seq: i.seq,
    dueAt: toDate(i.due_at),
    amountFen: i.amount_fen,
    paidFen: i.paid_fen,
    status: i.status,
    settledAt: dateOrNull(i.settled_at),
  };
}

const PATCH = {
  state: 'state',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  decisionNote: 'decision_note',
  activatedAt: 'activated_at',
  endedAt: 'ended_at',
};

export function planRepository(sql: Sql): PlanRepo {
  return {
    async insert(p, instalments) {
      await sql.query(
        `insert into repayment_plans (${PLAN_COLUMNS})
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
        [
          p.id,
          p.agencyId,
          p.clientId,
          p.caseId,
          p.state,
          p.balanceFen,
          p.interestWaiverFen,
          p.feeWaiverFen,
          p.settlementFen,
          p.downPaymentFen,
          p.instalmentCount,
          p.instalmentFeeFen,
          p.totalCostFen,
          p.withinPolicy,
          json(p.policyBreaches),
          p.requiredRole,
          p.proposedBy,
          p.proposedAt,
          p.proposalNote,
          p.decidedBy,
          p.decidedAt,
          p.decisionNote,
          p.activatedAt,
          p.endedAt,
        ],
      );
      if (!instalments.length) return;
      await sql.query(
        `insert into plan_instalments (id, agency_id, client_id, case_id, plan_id, seq, due_at, amount_fen)
         select id, agency_id, client_id, case_id, plan_id, seq, due_at, amount_fen
           from jsonb_to_recordset($1::jsonb) as r(id text, agency_id text, client_id text, case_id text, plan_id text,
             seq integer, due_at timestamptz, amount_fen bigint)`,
        [
          json(
            instalments.map((i) => ({
              id: i.id,
              agency_id: i.agencyId,
              client_id: i.clientId,
              case_id: i.caseId,
              plan_id: i.planId,
              seq: i.seq,
              due_at: i.dueAt.toISOString(),
              amount_fen: i.amountFen,
            })),
          ),
        ],
      );
    },
    async get(agencyId, id, opts) {
      const r = await sql.query<PlanRow>(
        `select ${PLAN_COLUMNS} from repayment_plans where agency_id = $1 and id = $2${opts?.forUpdate ? ' for update' : ''}`,
        [agencyId, id],
      );
      return r.rows[0] ? planFromRow(r.rows[0]) : null;
    },
    async live(agencyId, caseId) {
      const r = await sql.query<PlanRow>(
        `select ${PLAN_COLUMNS} from repayment_plans
          where agency_id = $1 and case_id = $2 and state in ('proposed', 'approved', 'active')`,
        [agencyId, caseId],
      );
      return r.rows[0] ? planFromRow(r.rows[0]) : null;
    },
    async update(agencyId, id, patch) {
      const set = setClause(patch, PATCH, 3);
      if (!set.params.length) return;
      await sql.query(`update repayment_plans set ${set.sql} where agency_id = $1 and id = $2`, [
        agencyId,
        id,
        ...set.params,
      ]);
    },
    async instalments(agencyId, planId) {
      const r = await sql.query<InstalmentRow>(
        `select ${INSTALMENT_COLUMNS} from plan_instalments i where i.agency_id = $1 and i.plan_id = $2 order by i.seq`,
        [agencyId, planId],
      );
      return r.rows.map(instalmentFromRow);
    },
    async openInstalments(agencyId, caseId) {
      const r = await sql.query<InstalmentRow>(
        `select ${INSTALMENT_COLUMNS} from plan_instalments i join repayment_plans p on p.id = i.plan_id
          where i.agency_id = $1 and i.case_id = $2 and i.status = 'pending' and p.state = 'active'
          order by i.due_at, i.seq`,
        [agencyId, caseId],
      );
      return r.rows.map(instalmentFromRow);
    },
    async instalment(agencyId, id) {
      const r = await sql.query<InstalmentRow>(
        `select ${INSTALMENT_COLUMNS} from plan_instalments i where i.agency_id = $1 and i.id = $2`,
        [agencyId, id],
      );
      return r.rows[0] ? instalmentFromRow(r.rows[0]) : null;
    },
    async settleInstalment(agencyId, id, s) {
      await sql.query(
        'update plan_instalments set paid_fen = $3, status = $4, settled_at = $5 where agency_id = $1 and id = $2',
        [agencyId, id, s.paidFen, s.status, s.settledAt],
      );
    },
    async pastDueInstalments(agencyId, at, limit) {
      const r = await sql.query<InstalmentRow>(
        `select ${INSTALMENT_COLUMNS} from plan_instalments i join repayment_plans p on p.id = i.plan_id
          where i.agency_id = $1 and i.status = 'pending' and i.due_at < $2 and p.state = 'active'
            -- contact suspended (the person's open blocking holds, any agency's): judged after the hold
            and not exists (select 1 from cases hc where hc.id = p.case_id and hc.contact_hold)
          order by i.due_at, i.id limit $3`,
        [agencyId, at, limit],
      );
      return r.rows.map(instalmentFromRow);
    },
  };
}
