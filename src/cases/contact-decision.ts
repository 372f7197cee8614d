import type { Violation } from '../analysis/contract';
import {
  type Channel,
  checkContact,
  type GuardDecision,
  type GuardInput,
  type PackPolicy,
  type TargetKind,
} from '../compliance/contact-guard';
import { policiesFor } from '../compliance/policies';
import { formatInZone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import type { Playbook } from '../playbook';
import type {
  AttemptRepo,
  ClientRecord,
  ContactRecord,
  DebtorRecord,
  GuardContext,
  HoldRecord,
  Relation,
  StoredDecision,
} from './ports';

/**
 * Glue between the store and the contact guard: who is being contacted, with what history, under
 * which packs — and the coded error that makes a denial a hard block.
 */

/** How far back history is read: covers the US 7-day window and the third-party reachability test. */
export const HISTORY_DAYS = 30;

export function historySince(at: Date): Date {
  return new Date(at.getTime() - HISTORY_DAYS * 86_400_000);
}

/** One debtor's guard context as of `at` (empty when the debtor has no contacts, holds or history). */
export async function guardContextOf(
  attempts: Pick<AttemptRepo, 'guardContext'>,
  agencyId: string,
  debtorId: string,
  at: Date,
): Promise<GuardContext> {
  return (
    (await attempts.guardContext(agencyId, [debtorId], historySince(at))).get(debtorId) ?? {
      contacts: [],
      holds: [],
      history: [],
    }
  );
}

export function targetKindOf(relation: Relation): TargetKind {
  if (relation === 'self') return 'debtor';
  return relation === 'guarantor' ? 'guarantor' : 'third_party';
}

export function clientPolicies(playbook: Playbook, client: ClientRecord): PackPolicy[] {
  try {
    return policiesFor(playbook, client.rulePacks, { strictHours: client.strictHours });
  } catch (e) {
    throw new DomainError(
      'client.rule_pack_unknown',
      {
        en: `Client ${client.id} selects a rule pack the playbook does not have: ${client.rulePacks.join(', ')}`,
        zh: `委托方 ${client.id} 选择的规则包在剧本中不存在：${client.rulePacks.join('、')}`,
      },
      { clientId: client.id, cause: e instanceof Error ? e.message : String(e) },
    );
  }
}

/** The debtor's first own number that is not known to be invalid: the default number to call. */
export function primaryNumber(contacts: readonly ContactRecord[]): ContactRecord | null {
  return contacts.find((c) => c.relation === 'self' && !c.invalid) ?? null;
}

export function guardInput(opts: {
  channel: Channel;
  at: Date;
  debtor: Pick<DebtorRecord, 'timeZone' | 'quietHoursConsent' | 'inconvenientTimes'>;
  context: GuardContext;
  /** null: the debtor in person (a visit, or a call without a known number) */
  contact: ContactRecord | null;
  staff?: number | undefined;
}): GuardInput {
  const { debtor, context, contact } = opts;
  const own = context.contacts.filter((c) => c.relation === 'self');
  return {
    channel: opts.channel,
    at: opts.at,
    target: contact
      ? {
          kind: targetKindOf(contact.relation),
          number: opts.channel === 'visit' ? null : contact.phone,
          refused: contact.refused,
        }
      : { kind: 'debtor', number: null, refused: false },
    debtor: {
      timeZones: [debtor.timeZone],
      quietHoursConsent: debtor.quietHoursConsent,
      allNumbersInvalid: own.length === 0 || own.every((c) => c.invalid),
      holds: context.holds
        .filter((h) => h.blocksContact)
        .map((h) => ({ kind: h.kind, since: h.openedAt, reviewAt: h.reviewAt })),
      inconvenient: debtor.inconvenientTimes,
    },
    history: context.history,
    visit: opts.channel === 'visit' ? { staff: opts.staff ?? 0 } : undefined,
  };
}

export function decide(input: GuardInput, policies: readonly PackPolicy[]): GuardDecision {
  return checkContact(input, policies);
}

export function storeDecision(d: GuardDecision): StoredDecision {
  return {
    allowed: d.allowed,
    nextAllowedAt: d.nextAllowedAt?.toISOString() ?? null,
    checks: d.checks.map((c) => ({
      rule: c.rule,
      pack: c.pack,
      allowed: c.allowed,
      reason: c.reason,
      nextAllowedAt: c.nextAllowedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * The hard block: a denied contact is an error carrying every blocking rule's reason and the next
 * time the contact would be allowed (null when waiting does not help: a hold, a refusal).
 */
export function contactBlocked(d: GuardDecision, timeZone: string): DomainError {
  const next = d.nextAllowedAt;
  const zh = d.blocking.map((b) => `[${b.pack}/${b.rule}] ${b.reason.zh}`).join('；');
  const en = d.blocking.map((b) => `[${b.pack}/${b.rule}] ${b.reason.en}`).join('; ');
  return new DomainError(
    'contact.blocked',
    {
      zh: `合规拦截，不得联系：${zh}。${next ? `最早可联系时间：${formatInZone(next, timeZone)}` : '仅靠等待不能解除（须先消除上述拦截条件，如解除挂起）'}`,
      en: `Blocked by the contact rules: ${en}. ${next ? `Next allowed: ${formatInZone(next, timeZone)}` : 'Waiting alone will not lift it (the blocking condition, e.g. a hold, must change first)'}`,
    },
    {
      // Times in the debtor's zone, as the message and the case page give them (docs/api.md).
      blocking: d.blocking.map((b) => ({
        rule: b.rule,
        pack: b.pack,
        reason: b.reason,
        nextAllowedAt: b.nextAllowedAt ? formatInZone(b.nextAllowedAt, timeZone) : null,
      })),
      nextAllowedAt: next ? formatInZone(next, timeZone) : null,
    },
  );
}

/**
 * A call recorded without a contact attempt (the guard never saw it before it was made), judged as of
 * its time: each rule that would have refused it becomes a compliance finding beside the analyser's,
 * with the rule pack's severity, force and source, and the guard's reason as its text — so QA sees
 * it among the call's findings and it costs the auto score like any other. Empty when allowed.
 */
export function guardFindings(d: GuardDecision, playbook: Playbook, at: Date, timeZone: string): Violation[] {
  if (d.allowed) return [];
  return d.blocking.map((b) => {
    const meta = playbook.rulePacks[b.pack]?.rules.find((r) => r.id === b.rule);
    return {
      rule: b.rule,
      severity: meta?.severity ?? 'high',
      evidence: `通话时间 ${formatInZone(at, timeZone)}（未经联系前合规检查）`,
      turn: null,
      start: null,
      end: null,
      reason: `合规拦截（${b.pack}/${b.rule}）：${b.reason.zh}`,
      force: meta?.force ?? '',
      source: meta?.source ?? '',
    };
  });
}

/**
 * The findings for a call made without a logged contact attempt (recordCall without `attemptId`, a
 * QA batch's uploaded recording): the guard's decision as of the call's time for a call to the
 * debtor's number, with the holds open then — those open now across the client, and the case's own
 * holds closed since (the guard itself ignores holds opened after the call) — and the history up to
 * then. Empty when the call would have been allowed.
 */
export async function unloggedCallFindings(
  attempts: Pick<AttemptRepo, 'guardContext'>,
  playbook: Playbook,
  call: {
    agencyId: string;
    at: Date;
    client: ClientRecord;
    debtor: Pick<DebtorRecord, 'id' | 'timeZone' | 'quietHoursConsent' | 'inconvenientTimes'>;
    caseHolds: readonly HoldRecord[];
  },
): Promise<Violation[]> {
  const { at, debtor } = call;
  const context = await guardContextOf(attempts, call.agencyId, debtor.id, at);
  const open = new Set(context.holds.map((h) => h.id));
  const holds = [
    ...context.holds,
    ...call.caseHolds.filter((h) => !open.has(h.id) && h.closedAt !== null && h.closedAt > at),
  ];
  const decision = decide(
    guardInput({
      channel: 'call',
      at,
      debtor,
      context: { ...context, holds },
      contact: primaryNumber(context.contacts),
    }),
    clientPolicies(playbook, call.client),
  );
  return guardFindings(decision, playbook, at, debtor.timeZone);
}
