import type { PromiseRecord, PromiseRepo } from '../cases/ports';
import type { Sql } from './db';
import { dateOrNull, toDate } from './rows';

interface PromiseRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  amount_fen: number;
  amount_max_fen: number | null;
  due_at: Date;
  status: PromiseRecord['status'];
  paid_fen: number;
  source: PromiseRecord['source'];
  call_id: string | null;
  created_by: string | null;
  created_at: Date;
  settled_at: Date | null;
}

const COLUMNS = `id, agency_id, client_id, case_id, amount_fen, amount_max_fen, due_at, status, paid_fen, source, call_id,
  created_by, created_at, settled_at`;

function fromRow(p: PromiseRow): PromiseRecord {
  return {
    id: p.id,
    agencyId: p.agency_id,
    clientId: p.client_id,
    caseId: p.case_id,
    amountFen: p.amount_fen,
    amountMaxFen: p.amount_max_fen,
    dueAt: toDate(p.due_at),
    status: p.status,
    paidFen: p.paid_fen,
    source: p.source,
    callId: p.call_id,
    createdBy: p.created_by,
    createdAt: toDate(p.created_at),
    settledAt: dateOrNull(p.settled_at),
  };
}

export function promiseRepository(sql: Sql): PromiseRepo {
  return {
    async insert(p) {
      await sql.query(
        `insert into promises (id, agency_id, client_id, case_id, amount_fen, amount_max_fen, due_at, status, paid_fen,
           source, call_id, created_by, created_at, settled_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          p.id,
          p.agencyId,
          p.clientId,
          p.caseId,
          p.amountFen,
          p.amountMaxFen,
          p.dueAt,
          p.status,
          p.paidFen,
          p.source,
          p.callId,
          p.createdBy,
          p.createdAt,
          p.settledAt,
        ],
      );
    },
    async get(agencyId, id) {
      const r = await sql.query<PromiseRow>(
        `select ${COLUMNS} from promises where agency_id = $1 and id = $2`,
        [agencyId, id],
      );
      return r.rows[0] ? fromRow(r.rows[0]) : null;
    },
    async open(agencyId, caseId) {
      const r = await sql.query<PromiseRow>(
        `select ${COLUMNS} from promises where agency_id = $1 and case_id = $2 and status = 'pending'
          order by due_at, created_at, id`,
        [agencyId, caseId],
      );
      return r.rows.map(fromRow);
    },
    async settle(agencyId, id, s) {
      await sql.query(
        'update promises set paid_fen = $3, status = $4, settled_at = $5 where agency_id = $1 and id = $2',
        [agencyId, id, s.paidFen, s.status, s.settledAt],
      );
    },
    async pastDue(agencyId, at, limit) {
      const r = await sql.query<PromiseRow>(
        `select ${COLUMNS} from promises where agency_id = $1 and status = 'pending' and due_at < $2
            -- contact suspended (the person's open blocking holds, any agency's): judged after the hold
            and not exists (select 1 from cases hc where hc.id = promises.case_id and hc.contact_hold)
          order by due_at, id limit $3`,
        [agencyId, at, limit],
      );
      return r.rows.map(fromRow);
    },
  };
}
