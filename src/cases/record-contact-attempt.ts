import { z } from 'zod';
import { localDateKey } from '../domain/calendar';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import {
  clientPolicies,
  contactBlocked,
  decide,
  guardContextOf,
  guardInput,
  primaryNumber,
  storeDecision,
  targetKindOf,
} from './contact-decision';
import { invalidState, notFound, parseInput } from './errors';
import { assertNotBeforePlacement } from './event-time';
import { openHold } from './hold-changes';
import { disputeVerifyBy } from './open-dispute';
import type { Actor, Deps } from './ports';
import { markPastDaysStale } from './stale-days';

/** What came of an attempt (催记 outcome). Add, never rename: reports group by these. */
export const OUTCOME_CODES = [
  'talked',
  'promise_to_pay',
  'refused',
  'callback_requested',
  'dispute_raised',
  'complaint_raised',
  'claims_paid',
  'third_party_relay',
  'wrong_person',
  'no_answer',
  'busy',
  'powered_off',
  'rejected_call',
  'invalid_number',
  'message_left',
  'sms_sent',
  'visit_met',
  'visit_not_home',
] as const;

export const recordContactAttemptInput = z
  .object({
    caseId: z.string().min(1),
    channel: z.enum(['call', 'sms', 'visit']),
    /** the contact reached or tried; default: the debtor's own first valid number */
    contactId: z.string().min(1).optional(),
    at: z.iso.datetime({ offset: true }),
    connected: z.boolean(),
    answeredBy: z.enum(['debtor', 'third_party']).nullable().default(null),
    outcomeCode: z.enum(OUTCOME_CODES),
    note: z.string().max(2000).nullable().default(null),
    staff: z.int().min(0).max(20).optional(),
    /** dispute_raised: what is disputed (default other) */
    disputeKind: z.enum(['amount', 'identity', 'already_paid', 'fraud', 'other']).optional(),
  })
  .refine((a) => a.connected || a.answeredBy === null, {
    error: 'an attempt that did not connect was answered by no one / 未接通的联系不应填写接听人',
    path: ['answeredBy'],
  })
  .refine((a) => !a.connected || a.answeredBy !== null, {
    error: 'say who answered a connected attempt / 已接通的联系须填写接听人（answeredBy）',
    path: ['answeredBy'],
  })
  .refine((a) => !HOLD_OUTCOMES.has(a.outcomeCode) || (a.note ?? '').trim() !== '', {
    error:
      'a dispute or complaint raised in a contact is logged with what it is about: write it in the note / 对方提出异议或投诉时，请在备注中写明内容（将据此登记并暂停催收）',
    path: ['note'],
  })
  .refine((a) => a.disputeKind === undefined || a.outcomeCode === 'dispute_raised', {
    error: 'disputeKind goes with the outcome dispute_raised / 仅“提出异议”需填写异议类型',
    path: ['disputeKind'],
  });

/** Outcomes that open a hold in the same transaction: a complaint or a dispute stops collection. */
const HOLD_OUTCOMES: ReadonlySet<string> = new Set(['dispute_raised', 'complaint_raised']);

export const recordContactAttemptOutput = z.object({
  attemptId: z.string(),
  /** the complaint or dispute hold the outcome opened (dispute_raised, complaint_raised) */
  hold: z
    .object({
      holdId: z.string(),
      kind: z.enum(['complaint', 'dispute']),
      blocksContact: z.boolean(),
      answerDueAt: z.string().nullable(),
    })
    .nullable(),
  /** the guard's checks that allowed it (stored with the attempt) */
  checks: z.array(
    z.object({ rule: z.string(), pack: z.string(), reason: z.object({ zh: z.string(), en: z.string() }) }),
  ),
});

const CONTACT = { code: 'contact', en: 'A contact', zh: '联系' };

/** Attempts are recorded as they happen: a little clock skew is fine, a future attempt is not. */
const MAX_SKEW_MS = 5 * 60_000;

/**
 * Records a call, SMS or visit. The contact guard decides FIRST, from the person's history across
 * the whole client: a denied attempt is a hard block — a `contact.blocked` error carrying every
 * blocking rule's reason and the next allowed time — and is not recorded as made.
 *
 * `opts.allowedAtStart`: the attempt is the dial of a live call, logged when the call ends (with what
 * came of it); the guard allowed that dial when the call was started. The guard's decision as of the
 * dial is stored with it but not enforced again (a dispute opened during the call does not undo the
 * call), the case need not still be open, and a debtor without a valid number is logged without one.
 *
 * A complaint or a dispute raised in the contact (outcome complaint_raised / dispute_raised) is
 * logged as one, in the same transaction, from the note: a complaint hold answered within the
 * playbook's complaints.answer_days from the attempt (contact held as the policy says), a dispute
 * hold that stops contact until it is verified (due disputes.verify_days from the attempt) — as openComplaint and openDispute do.
 */
export async function recordContactAttempt(
  deps: Deps<'org' | 'cases' | 'debtors' | 'contacts' | 'attempts' | 'audit' | 'stats' | 'holds'> & {
    playbook: Playbook;
  },
  actor: Actor,
  input: z.input<typeof recordContactAttemptInput>,
  opts: { allowedAtStart?: boolean } = {},
): Promise<z.infer<typeof recordContactAttemptOutput>> {
  const i = parseInput(recordContactAttemptInput, input);
  const made = opts.allowedAtStart === true;
  const at = new Date(i.at);
  const now = deps.clock.now();
  if (at.getTime() > now.getTime() + MAX_SKEW_MS)
    throw invalidState('contact.in_future', {
      en: 'A contact attempt cannot be recorded before it happens',
      zh: '联系尚未发生，不能提前登记',
    });
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const found = await requireCase(tx.cases, actor.agencyId, i.caseId);
    const debtor = await tx.debtors.get(actor.agencyId, found.debtorId);
    if (!debtor) throw notFound('debtor', found.debtorId);
    const person = { clientId: debtor.clientId, idNumber: debtor.idNumber };
    // Concurrent attempts on one person (even from another agency) wait here, so the 3rd-conversation
    // limit is counted on committed history. The person first, then the case: one lock order for all.
    await tx.debtors.lockPerson(person);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { forUpdate: true, open: !made });
    assertCaseAccess(me, c);
    await assertNotBeforePlacement(tx.org, CONTACT, c, at, debtor.timeZone);
    const client = await tx.org.getClient(c.clientId);
    if (!client) throw notFound('client', c.clientId);
    const context = await guardContextOf(tx.attempts, actor.agencyId, debtor.id, at);
    let contact = null;
    if (i.contactId) {
      contact = context.contacts.find((x) => x.id === i.contactId) ?? null;
      if (!contact) throw notFound('contact', i.contactId);
    } else if (i.channel !== 'visit') {
      contact = primaryNumber(context.contacts);
      if (!contact && !made)
        throw invalidState('contact.no_number', {
          en: 'The debtor has no valid number: choose a contact',
          zh: '债务人没有有效号码：请选择联系人',
        });
    }
    const decision = decide(
      guardInput({ channel: i.channel, at, debtor, context, contact, staff: i.staff }),
      clientPolicies(deps.playbook, client),
    );
    if (!decision.allowed && !made) throw contactBlocked(decision, debtor.timeZone);

    const attemptId = deps.ids.next('att');
    await tx.attempts.insert({
      id: attemptId,
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      debtorId: debtor.id,
      contactId: contact?.id ?? null,
      collectorId: me.id,
      channel: i.channel,
      number: i.channel === 'visit' ? null : (contact?.phone ?? null),
      targetKind: contact ? targetKindOf(contact.relation) : 'debtor',
      at,
      connected: i.connected,
      answeredBy: i.answeredBy,
      outcomeCode: i.outcomeCode,
      note: i.note,
      guard: storeDecision(decision),
    });
    const talked = i.connected && i.answeredBy === 'debtor' && i.channel !== 'sms';
    if (talked) await tx.debtors.countTalk(person, localDateKey(at, debtor.timeZone));
    await tx.cases.update(actor.agencyId, c.id, {
      lastContactAt: c.lastContactAt && c.lastContactAt > at ? c.lastContactAt : at,
      // A conversation is the follow-up a broken promise asked for.
      ...(talked ? { followUpBroken: false } : {}),
    });
    if (contact && i.outcomeCode === 'invalid_number')
      await tx.contacts.markInvalid(actor.agencyId, contact.id, at);
    if (contact && contact.relation !== 'self' && i.outcomeCode === 'refused')
      await tx.contacts.markRefused(actor.agencyId, contact.id, at);
    await tx.audit.append(
      auditEntry(actor, now, c.clientId, 'contact.recorded', 'case', c.id, {
        attemptId,
        channel: i.channel,
        contactId: contact?.id ?? null,
        outcome: i.outcomeCode,
        connected: i.connected,
      }),
    );
    let hold: z.infer<typeof recordContactAttemptOutput>['hold'] = null;
    const raised = (i.note ?? '').trim();
    if (i.outcomeCode === 'complaint_raised') {
      const policy = deps.playbook.policies.complaints;
      const answerDueAt = new Date(at.getTime() + policy.answer_days * 86_400_000);
      const h = await openHold(tx, deps.ids, actor, now, c, {
        kind: 'complaint',
        reason: raised,
        detail: { channel: i.channel === 'call' ? 'call' : 'other', receivedAt: at.toISOString(), attemptId },
        blocksContact: policy.hold_contact_until_answered,
        reviewAt: null,
        answerDueAt,
      });
      hold = {
        holdId: h.id,
        kind: 'complaint',
        blocksContact: h.blocksContact,
        answerDueAt: answerDueAt.toISOString(),
      };
    } else if (i.outcomeCode === 'dispute_raised') {
      const answerDueAt = disputeVerifyBy(deps.playbook, at);
      const h = await openHold(tx, deps.ids, actor, now, c, {
        kind: 'dispute',
        reason: raised,
        detail: { disputeKind: i.disputeKind ?? 'other', attemptId },
        blocksContact: true,
        reviewAt: null,
        answerDueAt,
      });
      hold = { holdId: h.id, kind: 'dispute', blocksContact: true, answerDueAt: answerDueAt.toISOString() };
    }
    await markPastDaysStale(tx.stats, actor.agencyId, [at], now);
    return recordContactAttemptOutput.parse({
      attemptId,
      hold,
      checks: decision.checks.map((x) => ({ rule: x.rule, pack: x.pack, reason: x.reason })),
    });
  });
}
