import type { Facts } from '../analysis/contract';
import { SHANGHAI, toLocal } from '../domain/calendar';
import type { PersonaId } from '../domain/ids';
import {
  fillScript,
  type RequirableFact,
  type Script,
  type SlotValues,
  type Stage,
  type Strategy,
} from '../playbook';
import type { HeardPromise, PastContact, ScriptContext } from './input';
import { type HeardSoFar, TOPIC_NAMES_ZH, unsupportedQuotes } from './presupposition';

/**
 * Lawful scripts filled with this case's facts. A script is offered only when every fact it
 * `requires` is known and every slot fills: the advisor never invents a deadline, an offer or an
 * amount (language.false_deadline, CBA 2026 "no fraud"), and a half-filled text never leaves here.
 */

export interface FilledScript {
  id: string;
  text: string;
  stage?: Stage;
  persona?: PersonaId;
}

export interface WithheldScript {
  id: string;
  /** Why the script cannot be said on this case, in Chinese. */
  why_zh: string;
}

/** Which requirable facts this case supports, and why the others are missing. */
export interface CaseFacts {
  values: SlotValues;
  available: ReadonlySet<RequirableFact>;
  missing: ReadonlyMap<RequirableFact, string>;
  offerExpired: boolean;
}

/** A bare figure for amount slots ("21340", "1850.5"): the script writes the unit. */
export function formatAmount(yuan: number): string {
  return Number.isInteger(yuan) ? String(yuan) : yuan.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

/** "12月15日", with the year when it differs from the reference year. */
export function formatDateZh(iso: string, at: Date, timeZone = SHANGHAI): string {
  const d = toLocal(new Date(iso), timeZone);
  const now = toLocal(at, timeZone);
  return `${d.year !== now.year ? `${d.year}年` : ''}${d.month}月${d.day}日`;
}

/**
 * Slot values and fact availability for one case at one moment. An offer whose expiry has passed
 * is no offer: quoting it would present a deal that no longer exists.
 */
export function caseFacts(
  facts: Facts | undefined,
  context: ScriptContext,
  promise: HeardPromise | null,
  at: Date,
  history: readonly PastContact[] = [],
): CaseFacts {
  const available = new Set<RequirableFact>();
  const missing = new Map<RequirableFact, string>();
  const values: Record<string, string | undefined> = {
    salutation: context.salutation ?? facts?.debtor_name,
    agent_name: context.agent_name,
    staff_id: context.staff_id,
    company: context.company,
    callback_phone: context.callback_phone,
    complaint_channel: context.complaint_channel,
    client: facts?.client,
    service_phone: context.service_phone,
    payment_channel: context.payment_channel,
  };
  const have = (fact: RequirableFact, value: string | undefined, why: string) => {
    if (value === undefined) missing.set(fact, why);
    else available.add(fact);
  };
  have(
    'balance',
    facts?.balance === undefined ? undefined : formatAmount(facts.balance),
    '账户事实中没有欠款金额',
  );
  values.balance = facts?.balance === undefined ? undefined : formatAmount(facts.balance);
  have('card_tail', facts?.card_tail, '账户事实中没有卡尾号');
  values.card_tail = facts?.card_tail;
  values.days_overdue = facts?.days_overdue === undefined ? undefined : String(facts.days_overdue);
  have('days_overdue', values.days_overdue, '账户事实中没有逾期天数');
  values.minimum_payment =
    facts?.minimum_payment === undefined ? undefined : formatAmount(facts.minimum_payment);
  have('minimum_payment', values.minimum_payment, '账户事实中没有最低还款额');

  const offer = facts?.offer;
  const offerExpired =
    offer?.expires_at !== undefined && new Date(offer.expires_at).getTime() <= at.getTime();
  const noOffer = offer === undefined ? '委托方没有书面批准的方案' : offerExpired ? '方案已过有效期' : null;
  const offerField = (fact: RequirableFact, key: string, value: string | undefined, why: string) => {
    const v = noOffer ? undefined : value;
    values[key] = v;
    have(fact, v, noOffer ?? why);
  };
  offerField('offer', 'offer', offer?.description, '');
  offerField(
    'offer_expiry',
    'offer_expiry',
    offer?.expires_at ? formatDateZh(offer.expires_at, at) : undefined,
    '方案没有写明有效期，不能自拟截止日',
  );
  offerField(
    'offer_settlement',
    'offer_settlement',
    offer?.settlement_amount === undefined ? undefined : formatAmount(offer.settlement_amount),
    '方案中没有结清金额',
  );
  offerField(
    'offer_waiver',
    'offer_waiver',
    offer?.waiver_amount === undefined ? undefined : formatAmount(offer.waiver_amount),
    '方案中没有减免金额',
  );
  offerField(
    'offer_instalments',
    'offer_instalments',
    offer?.instalments === undefined ? undefined : String(offer.instalments),
    '方案中没有分期期数',
  );

  const firm = promise && promise.amount !== null && promise.due !== null;
  values.promise_amount = firm ? formatAmount(promise.amount ?? 0) : undefined;
  values.promise_due = firm && promise.due ? formatDateZh(promise.due, at) : undefined;
  have('promise', firm ? 'yes' : undefined, '客户还没有给出带金额和日期的承诺');
  // "上次说好的那笔已经到账了" may be said only when the record shows it: the latest contact with a
  // promise has that promise kept.
  const lastPromise = [...history]
    .filter((h) => h.outcome.promise_made)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .at(-1);
  have(
    'promise_kept',
    lastPromise?.outcome.promise_kept === true ? 'yes' : undefined,
    '没有记录显示上一次约定的还款已经到账',
  );

  return { values, available, missing, offerExpired };
}

export interface ScriptChoice {
  stage: Stage;
  /** Who hears the next agent turn. */
  audience: 'debtor' | 'third_party';
  personaWeights: Readonly<Record<PersonaId, number>>;
  topPersona: PersonaId | null;
  /** There was a connected contact before this call (follow-up scripts speak of it). */
  previousContact: boolean;
  /** A promise on the case came due unpaid (broken-promise scripts speak of it). */
  brokenPromise: boolean;
  disputed: boolean;
  /** What the debtor said so far: scripts that quote the debtor need it. */
  heard: HeardSoFar;
  max: number;
}

/** Why a script's stage makes it untrue or unsuitable here, or null when it may be said. */
function stageBlock(script: Script, c: ScriptChoice): string | null {
  if (c.audience === 'third_party')
    return script.stage === 'third_party' ? null : '第三方在听：只能用请其转告回电的话术';
  switch (script.stage) {
    case undefined:
    case 'first_call':
    case 'angry':
      return null;
    case 'third_party':
      return '这条话术是对第三方说的';
    case 'follow_up':
      return c.previousContact ? null : '话术提到之前的通话，但此前没有接通记录';
    case 'broken_promise':
      return c.brokenPromise ? null : '话术提到跳票，但案件没有未兑现的承诺';
    case 'dispute':
      return c.disputed ? null : '话术针对有异议的账户，客户并未提出异议';
  }
}

function personaBlock(script: Script, c: ScriptChoice): boolean {
  if (!script.persona) return false;
  return !(script.persona === c.topPersona || (c.personaWeights[script.persona] ?? 0) >= 0.3);
}

/** Picks up to `max` scripts of a strategy for this case, best-suited first. */
export function chooseScripts(
  strategy: Strategy,
  facts: CaseFacts,
  c: ScriptChoice,
): { offered: FilledScript[]; withheld: WithheldScript[] } {
  const ranked: { script: FilledScript; rank: number; order: number }[] = [];
  const withheld: WithheldScript[] = [];
  strategy.scripts.forEach((s, order) => {
    if (stageBlock(s, c) !== null || personaBlock(s, c)) return;
    const lacking = (s.requires ?? []).filter((f) => !facts.available.has(f));
    if (lacking.length) {
      withheld.push({
        id: s.id,
        why_zh: [...new Set(lacking.map((f) => facts.missing.get(f) ?? f))].join('；'),
      });
      return;
    }
    const unsupported = unsupportedQuotes(s.text, c.heard);
    if (unsupported.length) {
      withheld.push({
        id: s.id,
        why_zh: `话术引用了客户说过的话（${unsupported.map((t) => TOPIC_NAMES_ZH[t] ?? t).join('、')}），本次通话没有听到`,
      });
      return;
    }
    const filled = fillScript(s.text, facts.values);
    if (!filled.ok) {
      withheld.push({ id: s.id, why_zh: `缺少：${filled.missing.map((m) => `{${m}}`).join('、')}` });
      return;
    }
    const rank =
      (s.stage === c.stage ? 2 : s.stage === undefined ? 0.5 : 0) +
      (s.persona && s.persona === c.topPersona ? 1.5 : s.persona ? 0.5 : 0) +
      // A script that uses the case's real offer or figures is the most useful one to read.
      ((s.requires?.length ?? 0) > 0 ? 0.75 : 0);
    ranked.push({
      script: {
        id: s.id,
        text: filled.text,
        ...(s.stage ? { stage: s.stage } : {}),
        ...(s.persona ? { persona: s.persona } : {}),
      },
      rank,
      order,
    });
  });
  ranked.sort((a, b) => b.rank - a.rank || a.order - b.order);
  return { offered: ranked.slice(0, c.max).map((r) => r.script), withheld };
}
