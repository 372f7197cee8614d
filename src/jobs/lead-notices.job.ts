import { z } from 'zod';
import { auditEntry } from '../cases/audit-entry';
import { repositories } from '../store/case-store';
import { agencyIds, type JobContext } from './job-context';

/**
 * Notices for leads: a 停催 (stop) whose review date has come, a complaint whose answer is due
 * soon or overdue (the playbook's complaints.answer_days, 15 days, counted from receipt), and a
 * dispute whose verification is (disputes.verify_days from when it was logged). Each notice
 * is raised once — unique per kind, hold and due time — with an audit entry, in one transaction.
 */

export const STOP_REVIEWS = 'stop-reviews';
export const COMPLAINT_DEADLINES = 'complaint-deadlines';
export const noticeScanData = z.object({}).strict();

/** A complaint is flagged this long before its answer is due. */
export const COMPLAINT_WARN_DAYS = 3;

type NoticeKind = 'stop_review' | 'complaint_due' | 'complaint_overdue' | 'dispute_due' | 'dispute_overdue';

interface DueHold {
  id: string;
  client_id: string;
  case_id: string;
  team_id: string | null;
  due_at: Date | string;
}

async function raise(
  ctx: JobContext,
  agencyId: string,
  kind: NoticeKind,
  h: DueHold,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const now = ctx.clock.now();
  const dueAt = new Date(h.due_at);
  return ctx.db.transaction(async (sql) => {
    const r = await sql.query(
      `insert into lead_notices (id, agency_id, client_id, team_id, case_id, kind, ref_id, due_at, detail, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
       on conflict (kind, ref_id, due_at) do nothing returning id`,
      [
        ctx.ids.next('ntc'),
        agencyId,
        h.client_id,
        h.team_id,
        h.case_id,
        kind,
        h.id,
        dueAt,
        JSON.stringify(detail),
        now,
      ],
    );
    if (!r.rows.length) return false;
    await repositories(sql).audit.append(
      auditEntry({ agencyId, userId: null }, now, h.client_id, `notice.${kind}`, 'case', h.case_id, {
        holdId: h.id,
        dueAt: dueAt.toISOString(),
        teamId: h.team_id,
      }),
    );
    return true;
  });
}

/** 停催 review dates that have come: surfaced to the case's team lead. */
export async function runStopReviews(ctx: JobContext): Promise<{ raised: number }> {
  const now = ctx.clock.now();
  let raised = 0;
  for (const agencyId of await agencyIds(ctx.db)) {
    const due = await ctx.db.query<DueHold>(
      `select h.id, h.client_id, h.case_id, c.team_id, h.review_at as due_at
         from holds h join cases c on c.id = h.case_id
        where h.agency_id = $1 and h.kind = 'stop' and h.closed_at is null and h.review_at <= $2
        order by h.review_at`,
      [agencyId, now],
    );
    for (const h of due.rows) if (await raise(ctx, agencyId, 'stop_review', h, {})) raised++;
  }
  ctx.log.info('stop_reviews.done', { raised });
  return { raised };
}

/** Open complaints whose answer is due within COMPLAINT_WARN_DAYS, or overdue. */
export async function runComplaintDeadlines(ctx: JobContext): Promise<{ due: number; overdue: number }> {
  const now = ctx.clock.now();
  const answerDays = ctx.playbook.policies.complaints.answer_days;
  const warnUntil = new Date(now.getTime() + COMPLAINT_WARN_DAYS * 86_400_000);
  let due = 0;
  let overdue = 0;
  for (const agencyId of await agencyIds(ctx.db)) {
    // A complaint logged without a due time (older data) is due answer_days after it was received.
    const rows = await ctx.db.query<DueHold>(
      `select * from (
         select h.id, h.client_id, h.case_id, c.team_id,
                coalesce(h.answer_due_at, h.opened_at + make_interval(days => $2)) as due_at
           from holds h join cases c on c.id = h.case_id
          where h.agency_id = $1 and h.kind = 'complaint' and h.closed_at is null) x
        where due_at <= $3 order by due_at`,
      [agencyId, answerDays, warnUntil],
    );
    for (const h of rows.rows) {
      const late = new Date(h.due_at) <= now;
      const kind = late ? 'complaint_overdue' : 'complaint_due';
      if (await raise(ctx, agencyId, kind, h, { answerDays })) {
        if (late) overdue++;
        else due++;
      }
    }
  }
  ctx.log.info('complaint_deadlines.done', { due, overdue });
  return { due, overdue };
}

/**
 * Open disputes whose verification is due within COMPLAINT_WARN_DAYS, or overdue (run with the
 * complaint deadlines). A dispute logged before it had a deadline has none and raises nothing.
 */
export async function runDisputeDeadlines(ctx: JobContext): Promise<{ due: number; overdue: number }> {
  const now = ctx.clock.now();
  const warnUntil = new Date(now.getTime() + COMPLAINT_WARN_DAYS * 86_400_000);
  let due = 0;
  let overdue = 0;
  for (const agencyId of await agencyIds(ctx.db)) {
    const rows = await ctx.db.query<DueHold>(
      `select h.id, h.client_id, h.case_id, c.team_id, h.answer_due_at as due_at
         from holds h join cases c on c.id = h.case_id
        where h.agency_id = $1 and h.kind = 'dispute' and h.closed_at is null and h.answer_due_at <= $2
        order by h.answer_due_at`,
      [agencyId, warnUntil],
    );
    for (const h of rows.rows) {
      const late = new Date(h.due_at) <= now;
      if (await raise(ctx, agencyId, late ? 'dispute_overdue' : 'dispute_due', h, {})) {
        if (late) overdue++;
        else due++;
      }
    }
  }
  ctx.log.info('dispute_deadlines.done', { due, overdue });
  return { due, overdue };
}
