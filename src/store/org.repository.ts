import type {
  AgencyRecord,
  ClientRecord,
  OrgRepo,
  PlacementRecord,
  Role,
  TeamRecord,
  UserRecord,
} from '../cases/ports';
import type { Sql } from './db';

interface UserRow {
  id: string;
  agency_id: string;
  team_id: string | null;
  name: string;
  role: Role;
  active: boolean;
}

interface ClientRow {
  id: string;
  name: string;
  rule_packs: string[];
  strict_hours: boolean;
}

interface PlacementRow {
  id: string;
  agency_id: string;
  client_id: string;
  batch_no: string;
  period_start: string;
  period_end: string;
  instalment_counts: number[];
  max_interest_waiver_bp: number;
  max_fee_waiver_bp: number;
  min_down_payment_bp: number;
  instalment_fee_bp: number;
  approver_role: PlacementRecord['offer']['approverRole'];
  exception_approver_role: PlacementRecord['offer']['approverRole'];
}

export const PLACEMENT_COLUMNS = `id, agency_id, client_id, batch_no, period_start, period_end, instalment_counts,
  max_interest_waiver_bp, max_fee_waiver_bp, min_down_payment_bp, instalment_fee_bp, approver_role, exception_approver_role`;

export function placementFromRow(r: PlacementRow): PlacementRecord {
  return {
    id: r.id,
    agencyId: r.agency_id,
    clientId: r.client_id,
    batchNo: r.batch_no,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    offer: {
      instalmentCounts: r.instalment_counts,
      maxInterestWaiverBp: r.max_interest_waiver_bp,
      maxFeeWaiverBp: r.max_fee_waiver_bp,
      minDownPaymentBp: r.min_down_payment_bp,
      instalmentFeeBp: r.instalment_fee_bp,
      approverRole: r.approver_role,
      exceptionApproverRole: r.exception_approver_role,
    },
  };
}

export function placementParams(p: PlacementRecord): unknown[] {
  return [
    p.id,
    p.agencyId,
    p.clientId,
    p.batchNo,
    p.periodStart,
    p.periodEnd,
    p.offer.instalmentCounts,
    p.offer.maxInterestWaiverBp,
    p.offer.maxFeeWaiverBp,
    p.offer.minDownPaymentBp,
    p.offer.instalmentFeeBp,
    p.offer.approverRole,
    p.offer.exceptionApproverRole,
  ];
}

export function clientFromRow(r: ClientRow): ClientRecord {
  return { id: r.id, name: r.name, rulePacks: r.rule_packs, strictHours: r.strict_hours };
}

export function orgRepository(sql: Sql): OrgRepo {
  return {
    async insertAgency(a: AgencyRecord) {
      await sql.query('insert into agencies (id, name) values ($1, $2)', [a.id, a.name]);
    },
    async getAgency(id) {
      const r = await sql.query<AgencyRecord>('select id, name from agencies where id = $1', [id]);
      return r.rows[0] ?? null;
    },
    async insertClient(c) {
      await sql.query('insert into clients (id, name, rule_packs, strict_hours) values ($1, $2, $3, $4)', [
        c.id,
        c.name,
        c.rulePacks,
        c.strictHours,
      ]);
    },
    async getClient(id) {
      const r = await sql.query<ClientRow>(
        'select id, name, rule_packs, strict_hours from clients where id = $1',
        [id],
      );
      return r.rows[0] ? clientFromRow(r.rows[0]) : null;
    },
    async insertTeam(t: TeamRecord) {
      await sql.query('insert into teams (id, agency_id, name) values ($1, $2, $3)', [
        t.id,
        t.agencyId,
        t.name,
      ]);
    },
    async getTeam(agencyId, id) {
      const r = await sql.query<{ id: string; agency_id: string; name: string }>(
        'select id, agency_id, name from teams where agency_id = $1 and id = $2',
        [agencyId, id],
      );
      const t = r.rows[0];
      return t ? { id: t.id, agencyId: t.agency_id, name: t.name } : null;
    },
    async insertUser(u: UserRecord) {
      await sql.query(
        'insert into users (id, agency_id, team_id, name, role, active) values ($1, $2, $3, $4, $5, $6)',
        [u.id, u.agencyId, u.teamId, u.name, u.role, u.active],
      );
    },
    async getUser(agencyId, id) {
      const r = await sql.query<UserRow>(
        'select id, agency_id, team_id, name, role, active from users where agency_id = $1 and id = $2',
        [agencyId, id],
      );
      const u = r.rows[0];
      return u
        ? { id: u.id, agencyId: u.agency_id, teamId: u.team_id, name: u.name, role: u.role, active: u.active }
        : null;
    },
    async insertPlacement(p) {
      await sql.query(
        `insert into placements (${PLACEMENT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        placementParams(p),
      );
    },
    async getPlacement(agencyId, id) {
      const r = await sql.query<PlacementRow>(
        `select ${PLACEMENT_COLUMNS} from placements where agency_id = $1 and id = $2`,
        [agencyId, id],
      );
      return r.rows[0] ? placementFromRow(r.rows[0]) : null;
    },
  };
}

export type { PlacementRow };
