import type { AllocationRecord, PaymentRecord, PaymentRepo } from '../cases/ports';
import type { Sql } from './db';
import { json, toDate } from './rows';

export interface PaymentRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  amount_fen: number;
  paid_at: Date | string;
  channel: PaymentRecord['channel'];
  reference: string;
  recorded_by: string | null;
  reversed_at?: Date | string | null;
  reversed_by?: string | null;
  reversal_reason?: string | null;
}

const INSERT_COLUMNS =
  'id, agency_id, client_id, case_id, amount_fen, paid_at, channel, reference, recorded_by';
const COLUMNS = `${INSERT_COLUMNS}, reversed_at, reversed_by, reversal_reason`;

export function paymentFromRow(p: PaymentRow): PaymentRecord {
  return {
    id: p.id,
    agencyId: p.agency_id,
    clientId: p.client_id,
    caseId: p.case_id,
    amountFen: p.amount_fen,
    paidAt: toDate(p.paid_at),
    channel: p.channel,
    reference: p.reference,
    recordedBy: p.recorded_by,
    reversedAt: p.reversed_at ? toDate(p.reversed_at) : null,
    reversedBy: p.reversed_by ?? null,
    reversalReason: p.reversal_reason ?? null,
  };
}

interface AllocationRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  payment_id: string;
  promise_id: string | null;
  instalment_id: string | null;
  amount_fen: number;
}

export function paymentRepository(sql: Sql): PaymentRepo {
  return {
    async byReference(clientId, reference) {
      const r = await sql.query<PaymentRow>(
        `select ${COLUMNS} from payments where client_id = $1 and reference = $2`,
        [clientId, reference],
      );
      return r.rows[0] ? paymentFromRow(r.rows[0]) : null;
    },
    async insert(p) {
      const r = await sql.query(
        `insert into payments (${INSERT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (client_id, reference) do nothing`,
        [p.id, p.agencyId, p.clientId, p.caseId, p.amountFen, p.paidAt, p.channel, p.reference, p.recordedBy],
      );
      return r.rowCount > 0;
    },
    async get(agencyId, id) {
      const r = await sql.query<PaymentRow>(
        `select ${COLUMNS} from payments where agency_id = $1 and id = $2`,
        [agencyId, id],
      );
      return r.rows[0] ? paymentFromRow(r.rows[0]) : null;
    },
    async reverse(agencyId, id, x) {
      const r = await sql.query(
        `update payments set reversed_at = $3, reversed_by = $4, reversal_reason = $5
          where agency_id = $1 and id = $2 and reversed_at is null`,
        [agencyId, id, x.at, x.by, x.reason],
      );
      return r.rowCount > 0;
    },
    async insertAllocations(allocations) {
      if (!allocations.length) return;
      await sql.query(
        `insert into payment_allocations (id, agency_id, client_id, case_id, payment_id, promise_id, instalment_id, amount_fen)
         select id, agency_id, client_id, case_id, payment_id, promise_id, instalment_id, amount_fen
           from jsonb_to_recordset($1::jsonb) as r(id text, agency_id text, client_id text, case_id text,
             payment_id text, promise_id text, instalment_id text, amount_fen bigint)`,
        [
          json(
            allocations.map((a) => ({
              id: a.id,
              agency_id: a.agencyId,
              client_id: a.clientId,
              case_id: a.caseId,
              payment_id: a.paymentId,
              promise_id: a.promiseId,
              instalment_id: a.instalmentId,
              amount_fen: a.amountFen,
            })),
          ),
        ],
      );
    },
    async allocations(agencyId, paymentId) {
      const r = await sql.query<AllocationRow>(
        `select id, agency_id, client_id, case_id, payment_id, promise_id, instalment_id, amount_fen
           from payment_allocations where agency_id = $1 and payment_id = $2 order by id`,
        [agencyId, paymentId],
      );
      return r.rows.map(
        (a): AllocationRecord => ({
          id: a.id,
          agencyId: a.agency_id,
          clientId: a.client_id,
          caseId: a.case_id,
          paymentId: a.payment_id,
          promiseId: a.promise_id,
          instalmentId: a.instalment_id,
          amountFen: a.amount_fen,
        }),
      );
    },
    async forCase(agencyId, caseId) {
      const r = await sql.query<PaymentRow>(
        `select ${COLUMNS} from payments where agency_id = $1 and case_id = $2 order by paid_at, id`,
        [agencyId, caseId],
      );
      return r.rows.map(paymentFromRow);
    },
  };
}
