import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { fromNotAfterTo } from '../server/api-schemas';
import type { ApiApp } from '../server/route-kit';
import { defineRoute, errors, jsonBody, jsonContent, principal } from '../server/route-kit';
import type { Services } from '../server/services';
import type { JobQueue } from './job-queue';
import { qaBatchInput, submitQaBatch } from './qa-batch.job';

/**
 * The HTTP side of the background jobs (registered through the app's route seam): upload
 * transcripts for batch QA and follow the batch, the notices the jobs raise for leads (停催 reviews,
 * complaint deadlines), and the nightly team figures.
 */

const id = z.string().min(1).max(100);
const iso = z.iso.datetime({ offset: true });

export const qaBatchSubmitted = z
  .object({ batchId: id, total: z.int().min(0) })
  .meta({ id: 'QaBatchSubmitted' });

export const qaBatchBody = z
  .object({
    batchId: id,
    name: z.string(),
    status: z.enum(['pending', 'done']),
    total: z.int(),
    done: z.int(),
    failed: z.int(),
    submittedAt: iso,
    finishedAt: iso.nullable(),
    failures: z.array(z.object({ seq: z.int(), caseId: id, error: z.string() })),
    /** the calls stored, with how many findings (violations) each has */
    calls: z.array(z.object({ seq: z.int(), callId: id, caseId: id, findings: z.int() })),
  })
  .meta({ id: 'QaBatch' });

export const leadNoticesBody = z
  .object({
    notices: z.array(
      z.object({
        noticeId: id,
        kind: z.enum(['stop_review', 'complaint_due', 'complaint_overdue', 'dispute_due', 'dispute_overdue']),
        caseId: id,
        teamId: id.nullable(),
        holdId: id,
        dueAt: iso,
        createdAt: iso,
      }),
    ),
  })
  .meta({ id: 'LeadNotices' });

export const teamStatsBody = z
  .object({
    days: z.array(
      z.object({
        day: z.string(),
        teamId: id.nullable(),
        attempts: z.int(),
        conversations: z.int(),
        calls: z.int(),
        violations: z.int(),
        promisesMade: z.int(),
        promisedFen: z.int(),
        promisesKept: z.int(),
        promisesBroken: z.int(),
        payments: z.int(),
        paidFen: z.int(),
        complaints: z.int(),
      }),
    ),
  })
  .meta({ id: 'TeamStats' });

const submit = defineRoute('auditReaders', {
  method: 'post',
  path: '/api/qa-batches',
  tags: ['qa'],
  summary: 'Upload transcripts for batch QA: every call is analysed and stored with its findings',
  request: { body: jsonBody(qaBatchInput) },
  responses: { 202: jsonContent(qaBatchSubmitted, 'Accepted: the analysis runs in the background') },
});

const getBatch = defineRoute('auditReaders', {
  method: 'get',
  path: '/api/qa-batches/{batchId}',
  tags: ['qa'],
  summary: 'A QA batch: progress, failures and the calls stored',
  request: { params: z.object({ batchId: id }) },
  responses: { 200: jsonContent(qaBatchBody, 'The batch'), ...errors(404) },
});

const notices = defineRoute('leads', {
  method: 'get',
  path: '/api/lead-notices',
  tags: ['jobs'],
  summary: "Open notices for the lead: 停催 due for review, complaints due or overdue (a lead's own team)",
  responses: { 200: jsonContent(leadNoticesBody, 'Open notices, oldest first') },
});

const seen = defineRoute('leads', {
  method: 'post',
  path: '/api/lead-notices/{noticeId}/seen',
  tags: ['jobs'],
  summary: 'Mark a notice as seen',
  request: { params: z.object({ noticeId: id }) },
  responses: { 200: jsonContent(z.object({ ok: z.literal(true) }), 'Marked'), ...errors(404) },
});

const stats = defineRoute('dashboard', {
  method: 'get',
  path: '/api/team-stats',
  tags: ['jobs'],
  summary: "Nightly team figures per day (a lead's own team)",
  request: {
    query: z
      .object({
        from: z.iso.date(),
        to: z.iso.date(),
      })
      .refine(fromNotAfterTo, {
        path: ['to'],
        message: 'must not be before from / 结束日期不能早于开始日期',
      }),
  },
  responses: { 200: jsonContent(teamStatsBody, 'Figures, by day and team') },
});

const NAMES_ZH: Record<string, string> = { qa_batch: '质检批次', notice: '提醒' };

function notFound(what: 'qa_batch' | 'notice', idValue: string): DomainError {
  return new DomainError(
    `${what}.not_found`,
    {
      en: `No ${what.replace('_', ' ')} ${idValue} within your scope`,
      zh: `您的范围内没有编号为 ${idValue} 的${NAMES_ZH[what]}`,
    },
    { id: idValue },
  );
}

export function jobRoutes(queue: Pick<JobQueue, 'enqueue'>) {
  return (app: ApiApp, services: Services): void => {
    const db = services.db;

    app.openapi(submit, async (c) => {
      const p = principal(c);
      const r = await submitQaBatch(
        { db, queue, ids: services.ids, clock: services.clock },
        { agencyId: p.agencyId, userId: p.userId },
        c.req.valid('json'),
      );
      return c.json(r, 202);
    });

    app.openapi(getBatch, async (c) => {
      const p = principal(c);
      const { batchId } = c.req.valid('param');
      const b = await db.query<{
        name: string;
        status: 'pending' | 'done';
        total: number;
        done: number;
        failed: number;
        submitted_by: string;
        submitted_at: Date | string;
        finished_at: Date | string | null;
      }>(
        'select name, status, total, done, failed, submitted_by, submitted_at, finished_at from qa_batches where id = $1 and agency_id = $2',
        [batchId, p.agencyId],
      );
      const batch = b.rows[0];
      // A lead sees the batches they uploaded; QA, managers and admins the agency's.
      if (!batch || (p.role === 'lead' && batch.submitted_by !== p.userId))
        throw notFound('qa_batch', batchId);
      const items = await db.query<{
        seq: number;
        case_id: string;
        status: string;
        error: string | null;
        call_id: string | null;
        findings: number | null;
      }>(
        `select i.seq, i.case_id, i.status, i.error, i.call_id, jsonb_array_length(k.analysis -> 'violations') as findings
           from qa_batch_items i left join calls k on k.id = i.call_id
          where i.batch_id = $1 and i.status <> 'pending' order by i.seq`,
        [batchId],
      );
      return c.json(
        {
          batchId,
          name: batch.name,
          status: batch.status,
          total: batch.total,
          done: batch.done,
          failed: batch.failed,
          submittedAt: new Date(batch.submitted_at).toISOString(),
          finishedAt: batch.finished_at ? new Date(batch.finished_at).toISOString() : null,
          failures: items.rows
            .filter((i) => i.status === 'failed')
            .map((i) => ({ seq: i.seq, caseId: i.case_id, error: i.error ?? '' })),
          calls: items.rows.flatMap((i) =>
            i.call_id
              ? [{ seq: i.seq, callId: i.call_id, caseId: i.case_id, findings: i.findings ?? 0 }]
              : [],
          ),
        },
        200,
      );
    });

    app.openapi(notices, async (c) => {
      const p = principal(c);
      const params: unknown[] = [p.agencyId];
      let scope = '';
      if (p.role === 'lead') {
        params.push(p.teamId);
        scope = `and team_id = $${params.length}`;
      }
      const r = await db.query<{
        id: string;
        kind: 'stop_review' | 'complaint_due' | 'complaint_overdue' | 'dispute_due' | 'dispute_overdue';
        case_id: string;
        team_id: string | null;
        ref_id: string;
        due_at: Date | string;
        created_at: Date | string;
      }>(
        // A notice about a hold closed since (a complaint answered, a stop resumed) is moot: not listed.
        `select n.id, n.kind, n.case_id, n.team_id, n.ref_id, n.due_at, n.created_at from lead_notices n
          where n.agency_id = $1 and n.seen_at is null ${scope}
            and not exists (select 1 from holds h where h.id = n.ref_id and h.closed_at is not null)
          order by n.created_at limit 500`,
        params,
      );
      return c.json(
        {
          notices: r.rows.map((n) => ({
            noticeId: n.id,
            kind: n.kind,
            caseId: n.case_id,
            teamId: n.team_id,
            holdId: n.ref_id,
            dueAt: new Date(n.due_at).toISOString(),
            createdAt: new Date(n.created_at).toISOString(),
          })),
        },
        200,
      );
    });

    app.openapi(seen, async (c) => {
      const p = principal(c);
      const { noticeId } = c.req.valid('param');
      const params: unknown[] = [noticeId, p.agencyId, p.userId, services.clock.now()];
      if (p.role === 'lead') params.push(p.teamId);
      const r = await db.query(
        `update lead_notices set seen_by = $3, seen_at = $4
          where id = $1 and agency_id = $2 ${p.role === 'lead' ? 'and team_id = $5' : ''}`,
        params,
      );
      if (r.rowCount !== 1) throw notFound('notice', noticeId);
      return c.json({ ok: true as const }, 200);
    });

    app.openapi(stats, async (c) => {
      const p = principal(c);
      const q = c.req.valid('query');
      const params: unknown[] = [p.agencyId, q.from, q.to];
      let scope = '';
      if (p.role === 'lead') {
        params.push(p.teamId);
        scope = `and team_id = $${params.length}`;
      }
      const r = await db.query<{
        day: string;
        team_id: string | null;
        attempts: number;
        conversations: number;
        calls: number;
        violations: number;
        promises_made: number;
        promised_fen: number;
        promises_kept: number;
        promises_broken: number;
        payments: number;
        paid_fen: number;
        complaints: number;
      }>(
        `select day::text as day, team_id, attempts, conversations, calls, violations, promises_made, promised_fen,
                promises_kept, promises_broken, payments, paid_fen, complaints
           from team_daily_stats where agency_id = $1 and day between $2::date and $3::date ${scope}
          order by day, team_id nulls last`,
        params,
      );
      return c.json(
        {
          days: r.rows.map((x) => ({
            day: x.day,
            teamId: x.team_id,
            attempts: x.attempts,
            conversations: x.conversations,
            calls: x.calls,
            violations: x.violations,
            promisesMade: x.promises_made,
            promisedFen: x.promised_fen,
            promisesKept: x.promises_kept,
            promisesBroken: x.promises_broken,
            payments: x.payments,
            paidFen: x.paid_fen,
            complaints: x.complaints,
          })),
        },
        200,
      );
    });
  };
}
