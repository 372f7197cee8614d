import { z } from 'zod';
import { inputTurnSchema } from '../analysis/contract';
import { requireUser } from '../cases/access';
import { auditEntry } from '../cases/audit-entry';
import { caseFacts } from '../cases/case-facts';
import { unloggedCallFindings } from '../cases/contact-decision';
import { parseInput } from '../cases/errors';
import { assertNotBeforePlacement, assertNotInFuture, type EventKind } from '../cases/event-time';
import type { Actor, Clock, IdGenerator } from '../cases/ports';
import { markPastDaysStale } from '../cases/stale-days';
import { isDomainError } from '../domain/errors';
import { repositories } from '../store/case-store';
import type { Db } from '../store/db';
import type { JobContext } from './job-context';
import type { JobQueue } from './job-queue';

/**
 * Batch QA of uploaded transcripts: every call of the upload is analysed (not a sample) and stored
 * as a call with its analysis — its violations are the findings QA reviews, as for any call. The
 * case itself is not changed (no persona update, no promise proposals): this is review after the
 * fact. A recording uploaded without the contact attempt it was is judged by the contact guard as of
 * its time, and each rule it broke (stop list, quiet hours, frequency…) is one of its findings. Each transcript is one transaction that marks its item done, so a rerun skips it.
 *
 * A recording's time is judged as recordCall judges a call's: not in the future beyond the clock skew
 * (`call.in_future`, against the job's clock when the item is analysed) and not before its case was
 * placed (`call.before_placement`, on the debtor's local day). Like the other per-item checks (the
 * case, the collector, the attempt), a refused time fails that item alone, its error being the code
 * and message recordCall gives (`call.in_future: A call cannot be recorded…`); the rest go on.
 */

export const QA_BATCH = 'qa-batch';
export const qaBatchData = z.object({ agencyId: z.string().min(1), batchId: z.string().min(1) }).strict();

export const qaBatchInput = z.object({
  name: z.string().trim().min(1).max(200),
  items: z
    .array(
      z.object({
        caseId: z.string().min(1),
        at: z.iso.datetime({ offset: true }),
        collectorId: z.string().min(1).nullable().default(null),
        /** the logged contact attempt this recording was; without one the contact rules judge the call */
        attemptId: z.string().min(1).nullable().default(null),
        turns: z.array(inputTurnSchema).min(1).max(2000),
      }),
    )
    .min(1)
    .max(20_000),
});

/** Transcripts per job run; the job enqueues its own continuation for the rest. */
const CHUNK = 100;

/** What recordCall calls a call in its refusals (`call.in_future`, `call.before_placement`). */
const CALL: EventKind = { code: 'call', en: 'A call', zh: '通话' };

/** Runs one of recordCall's checks on an item: its coded refusal is the item's error, `code: message`. */
async function refusal(check: () => void | Promise<void>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (e) {
    if (isDomainError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
}

/** Stores an upload and enqueues its analysis. Leads, QA, managers and admins may submit. */
export async function submitQaBatch(
  deps: { db: Db; queue: Pick<JobQueue, 'enqueue'>; ids: IdGenerator; clock: Clock },
  actor: Actor,
  input: z.input<typeof qaBatchInput>,
): Promise<{ batchId: string; total: number }> {
  const i = parseInput(qaBatchInput, input);
  const batchId = deps.ids.next('qab');
  const now = deps.clock.now();
  await deps.db.transaction(async (sql) => {
    const tx = repositories(sql);
    const me = await requireUser(tx.org, actor, 'qa');
    await sql.query(
      `insert into qa_batches (id, agency_id, submitted_by, submitted_at, name, total) values ($1, $2, $3, $4, $5, $6)`,
      [batchId, actor.agencyId, me.id, now, i.name, i.items.length],
    );
    // One statement per thousand items keeps a 20,000-call upload to a few round trips.
    for (let from = 0; from < i.items.length; from += 1000) {
      const rows = i.items.slice(from, from + 1000).map((it, k) => ({
        seq: from + k,
        case_id: it.caseId,
        collector_id: it.collectorId,
        attempt_id: it.attemptId,
        at: it.at,
        transcript: it.turns,
      }));
      await sql.query(
        `insert into qa_batch_items (batch_id, seq, case_id, collector_id, attempt_id, at, transcript)
         select $1, r.seq, r.case_id, r.collector_id, r.attempt_id, r.at, r.transcript
           from jsonb_to_recordset($2::jsonb)
             as r(seq int, case_id text, collector_id text, attempt_id text, at timestamptz, transcript jsonb)`,
        [batchId, JSON.stringify(rows)],
      );
    }
    await tx.audit.append(
      auditEntry(actor, now, null, 'qa_batch.submitted', 'qa_batch', batchId, { total: i.items.length }),
    );
  });
  await deps.queue.enqueue(QA_BATCH, { agencyId: actor.agencyId, batchId }, { key: `${batchId}:start` });
  return { batchId, total: i.items.length };
}

interface ItemRow {
  seq: number;
  case_id: string;
  collector_id: string | null;
  attempt_id: string | null;
  at: Date | string;
  transcript: unknown;
  status: string;
}

type ItemResult =
  | { status: 'done'; callId: string; violations: number }
  | { status: 'failed'; error: string };

/** Analyses the next chunk of pending transcripts of a batch. */
export async function runQaBatch(ctx: JobContext, input: unknown) {
  const d = qaBatchData.parse(input);
  const batch = await ctx.db.query<{ submitted_by: string; status: string }>(
    'select submitted_by, status from qa_batches where id = $1 and agency_id = $2',
    [d.batchId, d.agencyId],
  );
  const b = batch.rows[0];
  if (!b) throw new Error(`QA batch ${d.batchId} not found in agency ${d.agencyId}`);
  if (b.status === 'done') return { analysed: 0, failed: 0, more: false };
  const pending = await ctx.db.query<{ seq: number }>(
    `select seq from qa_batch_items where batch_id = $1 and status = 'pending' order by seq limit $2`,
    [d.batchId, CHUNK + 1],
  );
  let analysed = 0;
  let failed = 0;
  for (const { seq } of pending.rows.slice(0, CHUNK)) {
    const r = await analyseItem(ctx, d, b.submitted_by, seq);
    if (r?.status === 'done') analysed++;
    else if (r?.status === 'failed') failed++;
  }
  const more = pending.rows.length > CHUNK;
  const last = pending.rows[Math.min(CHUNK, pending.rows.length) - 1]?.seq ?? -1;
  if (more) await ctx.queue.enqueue(QA_BATCH, d, { key: `${d.batchId}:after:${last}` });
  else
    await ctx.db.query(
      `update qa_batches set status = 'done', finished_at = $2
        where id = $1 and status = 'pending'
          and not exists (select 1 from qa_batch_items where batch_id = $1 and status = 'pending')`,
      [d.batchId, ctx.clock.now()],
    );
  ctx.log.info('qa_batch.chunk', { batchId: d.batchId, analysed, failed, more });
  return { analysed, failed, more };
}

async function analyseItem(
  ctx: JobContext,
  d: z.infer<typeof qaBatchData>,
  submittedBy: string,
  seq: number,
): Promise<ItemResult | null> {
  return ctx.db.transaction(async (sql) => {
    const tx = repositories(sql);
    const found = await sql.query<ItemRow>(
      `select seq, case_id, collector_id, attempt_id, at, transcript, status from qa_batch_items
        where batch_id = $1 and seq = $2 for update`,
      [d.batchId, seq],
    );
    const item = found.rows[0];
    if (item?.status !== 'pending') return null;
    const fail = async (error: string): Promise<ItemResult> => {
      await sql.query(
        `update qa_batch_items set status = 'failed', error = $3 where batch_id = $1 and seq = $2`,
        [d.batchId, seq, error],
      );
      await sql.query('update qa_batches set failed = failed + 1 where id = $1', [d.batchId]);
      return { status: 'failed', error };
    };
    const turns = z.array(inputTurnSchema).safeParse(item.transcript);
    if (!turns.success) return fail('transcript: not a list of turns');
    const at = new Date(item.at);
    // A recording is of a call already made: a little clock skew is fine, a future time is not.
    const future = await refusal(() => assertNotInFuture(CALL, at, ctx.clock.now()));
    if (future) return fail(future);
    const submitter = await tx.org.getUser(d.agencyId, submittedBy);
    const c = await tx.cases.get(d.agencyId, item.case_id);
    // A lead reviews their own team's calls; QA, managers and admins any of the agency's. Another
    // team's case reads as one that does not exist: the failure must not confirm it is there.
    if (!c || (submitter?.role === 'lead' && c.teamId !== submitter.teamId))
      return fail(`case ${item.case_id} not found in this agency`);
    const collector = item.collector_id ? await tx.org.getUser(d.agencyId, item.collector_id) : null;
    if (item.collector_id && !collector)
      return fail(`collector ${item.collector_id} not found in this agency`);
    const debtor = await tx.debtors.get(d.agencyId, c.debtorId);
    const client = await tx.org.getClient(c.clientId);
    if (!debtor || !client) return fail(`case ${c.id} lacks its debtor or client`);
    const early = await refusal(() => assertNotBeforePlacement(tx.org, CALL, c, at, debtor.timeZone));
    if (early) return fail(early);
    if (item.attempt_id) {
      if (!(await tx.attempts.belongsTo(d.agencyId, item.attempt_id, c.id)))
        return fail(`case ${c.id} has no contact attempt ${item.attempt_id}`);
      // an attempt is one call: its recording already stored (by hand, live, or earlier in a batch)
      const recorded = await tx.calls.forAttempt(d.agencyId, item.attempt_id);
      if (recorded) return fail(`contact attempt ${item.attempt_id} already has its call ${recorded}`);
    }
    const holds = await tx.holds.forCase(d.agencyId, c.id);
    const facts = caseFacts({
      client,
      debtor,
      c,
      accounts: await tx.cases.accounts(d.agencyId, c.id),
      conversations: await tx.attempts.conversations(d.agencyId, c.id),
      holds,
    });
    let analysis = ctx.analyzer.analyze(turns.data, { at, facts, timeZone: debtor.timeZone });
    // A recording without its logged attempt never passed the contact guard: judge it as of its time.
    if (!item.attempt_id) {
      const findings = await unloggedCallFindings(tx.attempts, ctx.playbook, {
        agencyId: d.agencyId,
        at,
        client,
        debtor,
        caseHolds: holds,
      });
      if (findings.length) analysis = { ...analysis, violations: [...analysis.violations, ...findings] };
    }
    const callId = ctx.ids.next('cal');
    await tx.calls.insert({
      id: callId,
      agencyId: d.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      attemptId: item.attempt_id,
      collectorId: collector?.id ?? null,
      at,
      transcript: turns.data,
      analysis,
    });
    await sql.query(
      `update qa_batch_items set status = 'done', call_id = $3 where batch_id = $1 and seq = $2`,
      [d.batchId, seq, callId],
    );
    await sql.query('update qa_batches set done = done + 1 where id = $1', [d.batchId]);
    await tx.audit.append(
      auditEntry(
        { agencyId: d.agencyId, userId: submittedBy },
        ctx.clock.now(),
        c.clientId,
        'call.recorded',
        'case',
        c.id,
        {
          callId,
          source: 'qa_batch',
          batchId: d.batchId,
          violations: analysis.violations.map((v) => v.rule),
        },
      ),
    );
    await markPastDaysStale(tx.stats, d.agencyId, [at], ctx.clock.now());
    return { status: 'done', callId, violations: analysis.violations.length };
  });
}
