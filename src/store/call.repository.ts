import type { CallRepo, ProposedPromiseRecord } from '../cases/ports';
import type { Sql } from './db';
import { dateOrNull, json } from './rows';

interface ProposalRow {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  call_id: string;
  amount_fen: number | null;
  amount_max_fen: number | null;
  due_at: Date | null;
  due_from: Date | null;
  kind: ProposedPromiseRecord['kind'];
  vague: boolean;
  text: string;
  status: ProposedPromiseRecord['status'];
  promise_id: string | null;
}

export function callRepository(sql: Sql): CallRepo {
  return {
    async insert(c) {
      await sql.query(
        `insert into calls (id, agency_id, client_id, case_id, attempt_id, collector_id, at, transcript, analysis)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
        [
          c.id,
          c.agencyId,
          c.clientId,
          c.caseId,
          c.attemptId,
          c.collectorId,
          c.at,
          json(c.transcript),
          json(c.analysis),
        ],
      );
    },
    async forAttempt(agencyId, attemptId) {
      const r = await sql.query<{ id: string }>(
        'select id from calls where agency_id = $1 and attempt_id = $2 order by at, id limit 1',
        [agencyId, attemptId],
      );
      return r.rows[0]?.id ?? null;
    },
    async insertProposals(list) {
      if (!list.length) return;
      await sql.query(
        `insert into proposed_promises (id, agency_id, client_id, case_id, call_id, amount_fen, amount_max_fen, due_at,
           due_from, kind, vague, text)
         select id, agency_id, client_id, case_id, call_id, amount_fen, amount_max_fen, due_at, due_from, kind, vague, text
           from jsonb_to_recordset($1::jsonb) as r(id text, agency_id text, client_id text, case_id text, call_id text,
             amount_fen bigint, amount_max_fen bigint, due_at timestamptz, due_from timestamptz, kind text,
             vague boolean, text text)`,
        [
          json(
            list.map((p) => ({
              id: p.id,
              agency_id: p.agencyId,
              client_id: p.clientId,
              case_id: p.caseId,
              call_id: p.callId,
              amount_fen: p.amountFen,
              amount_max_fen: p.amountMaxFen,
              due_at: p.dueAt?.toISOString() ?? null,
              due_from: p.dueFrom?.toISOString() ?? null,
              kind: p.kind,
              vague: p.vague,
              text: p.text,
            })),
          ),
        ],
      );
    },
    async getProposal(agencyId, id, opts) {
      const r = await sql.query<ProposalRow>(
        `select id, agency_id, client_id, case_id, call_id, amount_fen, amount_max_fen, due_at, due_from, kind, vague,
                text, status, promise_id
           from proposed_promises where agency_id = $1 and id = $2${opts?.forUpdate ? ' for update' : ''}`,
        [agencyId, id],
      );
      const p = r.rows[0];
      return p
        ? {
            id: p.id,
            agencyId: p.agency_id,
            clientId: p.client_id,
            caseId: p.case_id,
            callId: p.call_id,
            amountFen: p.amount_fen,
            amountMaxFen: p.amount_max_fen,
            dueAt: dateOrNull(p.due_at),
            dueFrom: dateOrNull(p.due_from),
            kind: p.kind,
            vague: p.vague,
            text: p.text,
            status: p.status,
            promiseId: p.promise_id,
          }
        : null;
    },
    async decideProposal(agencyId, id, d) {
      await sql.query(
        `update proposed_promises set status = $3, promise_id = $4, decided_by = $5, decided_at = $6
          where agency_id = $1 and id = $2`,
        [agencyId, id, d.status, d.promiseId, d.by, d.at],
      );
    },
  };
}
