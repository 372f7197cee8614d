import { z } from 'zod';
import { auditEntry } from '../cases/audit-entry';
import {
  clientPolicies,
  decide,
  guardInput,
  historySince,
  primaryNumber,
  storeDecision,
} from '../cases/contact-decision';
import type { Actor, CaseTx } from '../cases/ports';
import { toLocal } from '../domain/calendar';
import { parseIdNumber } from '../domain/id-number';
import { fillScript } from '../playbook';
import { repositories } from '../store/case-store';
import type { Sql } from '../store/db';
import { agencyIds, type JobContext } from './job-context';

/**
 * Promise reminders (还款提醒): before a promise falls due the debtor gets the playbook's lawful
 * reminder text, once per lead time in `policies.promise_reminders.lead_hours` (24 h and 2 h). A scan
 * every few minutes enqueues one send job per promise and lead time, to run at its moment; the send
 * job asks the contact guard first — a text in quiet hours or over a limit waits for the next
 * allowed time, a hold stops it — and records the text with the reminder, the contact attempt and
 * an audit entry in the transaction that sends it, so a rerun never texts twice.
 */

export const REMIND_SCAN = 'promise-reminders-scan';
export const REMIND_SEND = 'promise-reminder';

export const remindScanData = z.object({}).strict();
export const remindSendData = z.object({
  agencyId: z.string().min(1),
  promiseId: z.string().min(1),
  leadHours: z.number().positive(),
});
export type RemindSendData = z.infer<typeof remindSendData>;

const warnedIncomplete = new Set<string>();

/** The scan looks this far beyond the longest lead, so a reminder is enqueued before its moment. */
const SCAN_AHEAD_MS = 3600_000;

export function remindKey(d: RemindSendData, at?: Date): string {
  return `${d.agencyId}:${d.promiseId}:${d.leadHours}${at ? `:${at.toISOString()}` : ''}`;
}

/** Enqueues the send jobs for promises falling due soon: idempotent (one job per key). */
export async function scanPromiseReminders(ctx: JobContext): Promise<{ enqueued: number; promises: number }> {
  const now = ctx.clock.now();
  const leads = ctx.playbook.policies.promise_reminders.lead_hours;
  const horizon = new Date(now.getTime() + Math.max(...leads) * 3600_000 + SCAN_AHEAD_MS);
  let enqueued = 0;
  let promises = 0;
  for (const agencyId of await agencyIds(ctx.db)) {
    const due = await ctx.db.query<{ id: string; due_at: Date | string; created_at: Date | string }>(
      `select id, due_at, created_at from promises
        where agency_id = $1 and status = 'pending' and due_at > $2 and due_at <= $3
        order by due_at`,
      [agencyId, now, horizon],
    );
    for (const p of due.rows) {
      promises++;
      const dueAt = new Date(p.due_at);
      const createdAt = new Date(p.created_at);
      for (const leadHours of leads) {
        const at = new Date(dueAt.getTime() - leadHours * 3600_000);
        // A promise made after this reminder's moment needs no reminder of it yet: the debtor just agreed.
        if (at < createdAt) continue;
        const data = { agencyId, promiseId: p.id, leadHours };
        const id = await ctx.queue.enqueue(REMIND_SEND, data, {
          key: remindKey(data),
          ...(at > now ? { startAfter: at } : {}),
        });
        if (id) enqueued++;
      }
    }
  }
  return { enqueued, promises };
}

export type ReminderOutcome =
  | { outcome: 'sent'; attemptId: string }
  | { outcome: 'rescheduled'; at: string }
  | { outcome: 'skipped'; reason: SkipReason }
  | { outcome: 'duplicate' };

export type SkipReason =
  | 'settled'
  | 'case_closed'
  | 'too_late'
  | 'superseded'
  | 'no_number'
  | 'blocked'
  | 'template_missing'
  | 'template_incomplete';

/** Sends one reminder (or decides not to), exactly once per promise and lead time. */
export async function sendPromiseReminder(ctx: JobContext, input: unknown): Promise<ReminderOutcome> {
  const d = remindSendData.parse(input);
  const result = await ctx.db.transaction((sql) => remind(ctx, sql, repositories(sql), d));
  if (result.outcome === 'rescheduled') {
    const at = new Date(result.at);
    await ctx.queue.enqueue(REMIND_SEND, d, { key: remindKey(d, at), startAfter: at });
  }
  ctx.log.info('reminder.done', { ...d, ...result });
  return result;
}

async function remind(ctx: JobContext, sql: Sql, tx: CaseTx, d: RemindSendData): Promise<ReminderOutcome> {
  const now = ctx.clock.now();
  const actor: Actor = { agencyId: d.agencyId, userId: null };
  const already = await sql.query(
    'select 1 from promise_reminders where promise_id = $1 and lead_hours = $2',
    [d.promiseId, d.leadHours],
  );
  if (already.rows.length) return { outcome: 'duplicate' };
  const p = await tx.promises.get(d.agencyId, d.promiseId);
  if (!p) throw new Error(`promise ${d.promiseId} not found in agency ${d.agencyId}`);
  const skip = async (reason: SkipReason): Promise<ReminderOutcome> => {
    await claim(sql, d, p.caseId, { status: 'skipped', reason, at: now });
    return { outcome: 'skipped', reason };
  };
  if (p.status !== 'pending') return skip('settled');
  if (now >= p.dueAt) return skip('too_late');
  // After a pause (a worker down for a day), only the latest reminder whose moment has passed goes out.
  const later = ctx.playbook.policies.promise_reminders.lead_hours.filter(
    (l) => l < d.leadHours && p.dueAt.getTime() - l * 3600_000 <= now.getTime(),
  );
  if (later.length) return skip('superseded');

  const c = await tx.cases.get(d.agencyId, p.caseId);
  if (c?.status !== 'open') return skip('case_closed');
  const debtor = await tx.debtors.get(d.agencyId, c.debtorId);
  const client = await tx.org.getClient(c.clientId);
  const agency = await tx.org.getAgency(d.agencyId);
  if (!debtor || !client || !agency) throw new Error(`case ${c.id} lacks its debtor, client or agency`);
  // Serialise with collectors' contact attempts on this person, so the guard counts committed history.
  await tx.debtors.lockPerson({ clientId: debtor.clientId, idNumber: debtor.idNumber });
  const context = (await tx.attempts.guardContext(d.agencyId, [debtor.id], historySince(now))).get(
    debtor.id,
  ) ?? { contacts: [], holds: [], history: [] };
  const contact = primaryNumber(context.contacts);
  if (!contact) return skip('no_number');
  const decision = decide(
    guardInput({ channel: 'sms', at: now, debtor, context, contact }),
    clientPolicies(ctx.playbook, client),
  );
  if (!decision.allowed) {
    const next = decision.nextAllowedAt;
    // Quiet hours or a frequency limit: try again when allowed, if that is still before the due time.
    if (next && next < p.dueAt) return { outcome: 'rescheduled', at: next.toISOString() };
    await claim(sql, d, p.caseId, {
      status: 'skipped',
      reason: `blocked: ${decision.blocking.map((b) => `${b.pack}/${b.rule}`).join(', ')}`,
      at: now,
    });
    return { outcome: 'skipped', reason: 'blocked' };
  }

  const templateId = ctx.playbook.policies.promise_reminders.template;
  const template = ctx.playbook.templates.find((t) => t.id === templateId);
  if (!template) return skip('template_missing');
  const due = toLocal(p.dueAt, debtor.timeZone);
  const id = parseIdNumber(debtor.idNumber);
  const filled = fillScript(template.text, {
    公司: agency.name,
    称呼: id.ok ? `${debtor.name}${id.info.sex === 'male' ? '先生' : '女士'}` : debtor.name,
    承诺日期: `${due.month}月${due.day}日`,
    承诺金额: yuanText(p.amountFen),
    还款渠道: ctx.sender.paymentChannel ?? `${client.name}官方App或官方还款账户`,
    回电号码: ctx.sender.callbackPhone,
  });
  if (!filled.ok) {
    // Said once per process: a missing setting would otherwise warn for every promise.
    if (!warnedIncomplete.has(templateId)) {
      warnedIncomplete.add(templateId);
      ctx.log.warn('reminder.template_incomplete', { template: templateId, missing: filled.missing });
    }
    return skip('template_incomplete');
  }

  const attemptId = ctx.ids.next('att');
  // Recorded as a contact so the guard's frequency limits count it. The case's last contact is not
  // moved: the queue's "days since last contact" is about collectors talking to the debtor.
  await tx.attempts.insert({
    id: attemptId,
    agencyId: d.agencyId,
    clientId: c.clientId,
    caseId: c.id,
    debtorId: debtor.id,
    contactId: contact.id,
    collectorId: null,
    channel: 'sms',
    number: contact.phone,
    targetKind: 'debtor',
    at: now,
    connected: false,
    answeredBy: null,
    outcomeCode: 'sms_sent',
    note: `promise_reminder ${d.promiseId} ${d.leadHours}h`,
    guard: storeDecision(decision),
  });
  // The claim: a concurrent run of the same job waits on this key and then fails, rolling back its
  // attempt before it could send.
  await claim(sql, d, p.caseId, {
    status: 'sent',
    reason: null,
    at: now,
    channel: ctx.channel.name,
    text: filled.text,
    attemptId,
  });
  await tx.audit.append(
    auditEntry(actor, now, c.clientId, 'reminder.sent', 'case', c.id, {
      promiseId: p.id,
      leadHours: d.leadHours,
      attemptId,
      template: templateId,
      channel: ctx.channel.name,
    }),
  );
  await ctx.channel.send({
    agencyId: d.agencyId,
    caseId: c.id,
    purpose: 'promise_reminder',
    to: contact.phone,
    text: filled.text,
    ref: remindKey(d),
  });
  return { outcome: 'sent', attemptId };
}

async function claim(
  sql: Sql,
  d: RemindSendData,
  caseId: string,
  r: {
    status: 'sent' | 'skipped';
    reason: string | null;
    at: Date;
    channel?: string;
    text?: string;
    attemptId?: string;
  },
): Promise<void> {
  await sql.query(
    `insert into promise_reminders (promise_id, lead_hours, agency_id, case_id, status, reason, channel, text, attempt_id, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      d.promiseId,
      d.leadHours,
      d.agencyId,
      caseId,
      r.status,
      r.reason,
      r.channel ?? null,
      r.text ?? null,
      r.attemptId ?? null,
      r.at,
    ],
  );
}

/** 2000 → "2000", 1500.5 → "1500.50": the figure before "元" in the template. */
export function yuanText(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}
