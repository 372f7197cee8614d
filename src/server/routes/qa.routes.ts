import type { z } from 'zod';
import { analysisSchema } from '../../analysis/contract';
import { auditEntry } from '../../cases/audit-entry';
import { forbidden, invalidState, notFound } from '../../cases/errors';
import { auditRepository } from '../../store/audit.repository';
import { caseInScope, caseScopeSql, type Principal, seesDebtorName } from '../access';
import {
  callDetailBody,
  callIdParam,
  findingParam,
  findingResponseBody,
  findingResponseResponse,
  qaCallsBody,
  qaCallsQuery,
  reviewBody,
  reviewResponse,
} from '../api-schemas';
import { autoScore, maskDeep } from '../read/qa';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf } from './context';

/**
 * QA: calls with their findings (the analyser's violations), an automatic score, the reviewer's score
 * and note, and the collector's answer to each finding (acknowledged or disputed). QA reads every
 * call of the agency with personal data masked; a collector reads their own calls; a lead their team's.
 */

const list = defineRoute('qaReaders', {
  method: 'get',
  path: '/api/qa/calls',
  tags: ['qa'],
  summary: 'Calls with their findings and scores (QA: the agency; leads: their team; collectors: their own)',
  request: { query: qaCallsQuery },
  responses: { 200: jsonContent(qaCallsBody, 'A page of calls, newest first') },
});

const detail = defineRoute('qaReaders', {
  method: 'get',
  path: '/api/calls/{callId}',
  tags: ['qa'],
  summary:
    'One call: transcript with labels and evidence, findings with the collector’s answers, scores (masked for QA)',
  request: { params: callIdParam },
  responses: { 200: jsonContent(callDetailBody, 'The call'), ...errors(404) },
});

const review = defineRoute('qaReviewers', {
  method: 'post',
  path: '/api/qa/calls/{callId}/review',
  tags: ['qa'],
  summary: 'Score a call and note why (a later review replaces it; the audit log keeps both)',
  request: { params: callIdParam, body: jsonBody(reviewBody) },
  responses: { 200: jsonContent(reviewResponse, 'Reviewed'), ...errors(404) },
});

const respond = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/calls/{callId}/findings/{finding}/response',
  tags: ['qa'],
  summary: 'The collector who made the call acknowledges or disputes one finding',
  request: { params: findingParam, body: jsonBody(findingResponseBody) },
  responses: { 200: jsonContent(findingResponseResponse, 'Answered'), ...errors(403, 404, 409) },
});

interface CallRow {
  id: string;
  case_id: string;
  client_id: string;
  agency_id: string;
  at: Date;
  collector_id: string | null;
  collector_name: string | null;
  analysis: unknown;
  assignee_id: string | null;
  team_id: string | null;
  debtor_id: string;
}

/** A call the principal may read, or call.not_found. */
async function scopedCall(services: Services, p: Principal, callId: string): Promise<CallRow> {
  const r = await services.db.query<CallRow>(
    `select k.id, k.case_id, k.client_id, k.agency_id, k.at, k.collector_id, u.name as collector_name, k.analysis,
            c.assignee_id, c.team_id, c.debtor_id
       from calls k join cases c on c.id = k.case_id left join users u on u.id = k.collector_id
      where k.agency_id = $1 and k.id = $2`,
    [p.agencyId, callId],
  );
  const row = r.rows[0];
  const visible =
    row &&
    (row.collector_id === p.userId ||
      (p.role !== 'collector' &&
        caseInScope(p, {
          id: row.case_id,
          agencyId: row.agency_id,
          clientId: row.client_id,
          assigneeId: row.assignee_id,
          teamId: row.team_id,
          debtorId: row.debtor_id,
        })));
  if (!row || !visible) throw notFound('call', callId);
  return row;
}

export function registerQaRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  app.openapi(list, async (c) => {
    const p = principal(c);
    const q = c.req.valid('query');
    const params: unknown[] = [];
    const where: string[] = [];
    if (p.role === 'collector') {
      params.push(p.agencyId, p.userId);
      where.push('k.agency_id = $1 and k.collector_id = $2');
    } else where.push(caseScopeSql(p, 'c', params));
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replaceAll('?', `$${params.length}`));
    };
    if (q.from) add('k.at >= ?', new Date(q.from));
    if (q.to) add('k.at < ?', new Date(q.to));
    if (q.collectorId) add('k.collector_id = ?', q.collectorId);
    if (q.withFindings === true) where.push("jsonb_array_length(k.analysis->'violations') > 0");
    if (q.withFindings === false) where.push("jsonb_array_length(k.analysis->'violations') = 0");
    if (q.reviewed === true) where.push('r.call_id is not null');
    if (q.reviewed === false) where.push('r.call_id is null');
    params.push(q.pageSize, (q.page - 1) * q.pageSize);
    const rows = await db.query<{
      id: string;
      case_id: string;
      client_id: string;
      at: Date;
      collector_id: string | null;
      collector_name: string | null;
      persona: string | null;
      severities: unknown;
      review_score: number | null;
      disputed: number;
      acknowledged: number;
      total: number;
    }>(
      `select k.id, k.case_id, k.client_id, k.at, k.collector_id, u.name as collector_name,
              k.analysis->'persona'->>'id' as persona,
              (select coalesce(jsonb_agg(v->>'severity'), '[]') from jsonb_array_elements(k.analysis->'violations') v)
                as severities,
              r.score as review_score,
              (select count(*)::int from finding_responses f where f.call_id = k.id and f.response = 'disputed')
                as disputed,
              (select count(*)::int from finding_responses f where f.call_id = k.id and f.response = 'acknowledged')
                as acknowledged,
              count(*) over ()::int as total
         from calls k join cases c on c.id = k.case_id left join users u on u.id = k.collector_id
         left join call_reviews r on r.call_id = k.id
        where ${where.join(' and ')}
        order by k.at desc, k.id desc limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    const ORDER = ['low', 'medium', 'high', 'critical'] as const;
    const body: z.infer<typeof qaCallsBody> = {
      total: rows.rows[0]?.total ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      items: rows.rows.map((x) => {
        const raw = typeof x.severities === 'string' ? JSON.parse(x.severities) : x.severities;
        const sev: string[] = Array.isArray(raw) ? raw.map(String) : [];
        const worst = ORDER.filter((s) => sev.includes(s)).at(-1) ?? null;
        return {
          callId: x.id,
          caseId: x.case_id,
          clientId: x.client_id,
          at: new Date(x.at).toISOString(),
          collectorId: x.collector_id,
          collectorName: x.collector_name,
          persona: x.persona,
          findings: sev.length,
          worstSeverity: worst,
          autoScore: autoScore(sev.map((severity) => ({ severity }))),
          reviewScore: x.review_score,
          disputed: x.disputed,
          acknowledged: x.acknowledged,
        };
      }),
    };
    return c.json(body, 200);
  });

  app.openapi(detail, async (c) => {
    const p = principal(c);
    const row = await scopedCall(services, p, c.req.valid('param').callId);
    // Numbers said on the call (ID, phones) are masked for everyone — only the audited reveal shows
    // them; names too for those who do not talk to the debtor (QA, admins).
    const masked = !(seesDebtorName(p) || row.collector_id === p.userId);
    const secrets = await db.query<{
      name: string;
      id_number: string;
      phones: string[] | null;
      names: string[] | null;
    }>(
      `select d.name, d.id_number, array_agg(k.phone) as phones, array_agg(k.name) filter (where k.name is not null) as names
         from debtors d left join contacts k on k.debtor_id = d.id where d.id = $1 group by d.id`,
      [row.debtor_id],
    );
    const s = secrets.rows[0];
    const numbers = s ? [s.id_number, ...(s.phones ?? [])] : [];
    const names = s && masked ? [s.name, [...s.name].slice(1).join(''), ...(s.names ?? [])] : [];
    const raw = maskDeep(typeof row.analysis === 'string' ? JSON.parse(row.analysis) : row.analysis, [
      ...numbers,
      ...names,
    ]);
    const analysis = analysisSchema.parse(raw);
    const responses = await db.query<{
      finding: number;
      response: 'acknowledged' | 'disputed';
      comment: string | null;
      user_id: string;
      at: Date;
    }>('select finding, response, comment, user_id, at from finding_responses where call_id = $1', [row.id]);
    const rev = await db.query<{
      score: number;
      note: string | null;
      reviewer_id: string;
      reviewed_at: Date;
    }>('select score, note, reviewer_id, reviewed_at from call_reviews where call_id = $1', [row.id]);
    const r0 = rev.rows[0];
    const body: z.infer<typeof callDetailBody> = {
      callId: row.id,
      caseId: row.case_id,
      clientId: row.client_id,
      at: new Date(row.at).toISOString(),
      collectorId: row.collector_id,
      collectorName: row.collector_name,
      masked,
      analysis,
      findings: analysis.violations.map((v, index) => {
        const resp = responses.rows.find((x) => x.finding === index);
        return {
          index,
          rule: v.rule,
          severity: v.severity,
          turn: v.turn,
          evidence: v.evidence,
          reason: v.reason,
          force: v.force,
          source: v.source,
          response: resp
            ? {
                response: resp.response,
                comment: resp.comment,
                userId: resp.user_id,
                at: new Date(resp.at).toISOString(),
              }
            : null,
        };
      }),
      autoScore: autoScore(analysis.violations),
      review: r0
        ? {
            score: r0.score,
            note: r0.note,
            reviewerId: r0.reviewer_id,
            reviewedAt: new Date(r0.reviewed_at).toISOString(),
          }
        : null,
    };
    return c.json(body, 200);
  });

  app.openapi(review, async (c) => {
    const p = principal(c);
    const { callId } = c.req.valid('param');
    const b = c.req.valid('json');
    const row = await scopedCall(services, p, callId);
    const now = services.clock.now();
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into call_reviews (call_id, agency_id, client_id, reviewer_id, score, note, reviewed_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (call_id) do update set reviewer_id = excluded.reviewer_id, score = excluded.score,
           note = excluded.note, reviewed_at = excluded.reviewed_at`,
        [row.id, p.agencyId, row.client_id, p.userId, b.score, b.note ?? null, now],
      );
      await auditRepository(tx).append(
        auditEntry(actorOf(p), now, row.client_id, 'qa.call_reviewed', 'case', row.case_id, {
          callId: row.id,
          score: b.score,
        }),
      );
    });
    return c.json({ callId: row.id, score: b.score, reviewedAt: now.toISOString() }, 200);
  });

  app.openapi(respond, async (c) => {
    const p = principal(c);
    const { callId, finding } = c.req.valid('param');
    const b = c.req.valid('json');
    const row = await scopedCall(services, p, callId);
    // Only the collector who made the call answers for it. The call is in the user's scope (they can
    // read it), so saying why is no disclosure: 403, not "not found".
    if (row.collector_id !== p.userId)
      throw forbidden('answer this finding', {
        en: 'only the collector who made the call answers its findings',
        zh: '只有拨打该通话的催收员本人可以答复其质检问题',
      });
    const raw = typeof row.analysis === 'string' ? JSON.parse(row.analysis) : row.analysis;
    const violation = analysisSchema.parse(raw).violations[finding];
    if (!violation) throw notFound('finding', `${callId}#${finding}`);
    const now = services.clock.now();
    await db.transaction(async (tx) => {
      const done = await tx.query('select 1 from finding_responses where call_id = $1 and finding = $2', [
        row.id,
        finding,
      ]);
      if (done.rows.length)
        throw invalidState('finding.answered', {
          zh: '该问题已答复过',
          en: 'This finding has already been answered',
        });
      await tx.query(
        `insert into finding_responses (id, agency_id, client_id, call_id, finding, rule, response, comment, user_id, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          services.ids.next('frs'),
          p.agencyId,
          row.client_id,
          row.id,
          finding,
          violation.rule,
          b.response,
          b.comment ?? null,
          p.userId,
          now,
        ],
      );
      await auditRepository(tx).append(
        auditEntry(actorOf(p), now, row.client_id, `qa.finding_${b.response}`, 'case', row.case_id, {
          callId: row.id,
          finding,
          rule: violation.rule,
        }),
      );
    });
    return c.json({ callId: row.id, finding, response: b.response }, 200);
  });
}
