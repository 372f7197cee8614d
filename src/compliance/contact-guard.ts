import { addDays, fromLocal, type LocalDateTime, localDateKey, toLocal } from '../domain/calendar';
import { type CnRuleParams, minutesOfDay, type UsRuleParams } from '../playbook';

/**
 * The contact guard: before any call, SMS or visit, every SCHED rule of every pack that applies
 * is checked; the strictest wins. The answer is allow/deny with each rule's reason and the next
 * time the contact would be allowed. Sources: compliance.md (GB/T 45251—2025, CBA 2026 guideline,
 * Regulation F 12 CFR 1006.6 and 1006.14, 940 CMR 7.04).
 */

export type Channel = 'call' | 'sms' | 'visit';
export type TargetKind = 'debtor' | 'guarantor' | 'third_party';

export interface ContactAttempt {
  at: Date;
  channel: Channel;
  /** the number dialled or texted; null for visits */
  number: string | null;
  targetKind: TargetKind;
  connected: boolean;
  /** who spoke, when connected */
  answeredBy: 'debtor' | 'third_party' | null;
}

export interface Hold {
  kind: 'stop' | 'complaint' | 'dispute' | 'cease';
  since: Date;
  /** 停催 review date: shown to the user; the hold lasts until lifted */
  reviewAt?: Date | null;
}

export interface GuardTarget {
  kind: TargetKind;
  number: string | null;
  /** the person asked not to be called again (never call again on this matter) */
  refused: boolean;
}

export interface GuardInput {
  channel: Channel;
  at: Date;
  target: GuardTarget;
  debtor: {
    /** IANA zone of the debtor's location; US rules check every known location */
    timeZones: readonly string[];
    /** recorded consent to be contacted during quiet hours (China rule exception) */
    quietHoursConsent: boolean;
    /** every debtor number has been found invalid (empty number, 空号, 停机) */
    allNumbersInvalid: boolean;
    holds: readonly Hold[];
    /** US: times the consumer said are inconvenient, local "HH:MM" ranges */
    inconvenient: readonly { from: string; to: string }[];
  };
  /** every attempt on this debtor's matter across the client and all its agencies */
  history: readonly ContactAttempt[];
  visit?: { staff: number } | undefined;
}

export type PackPolicy =
  | { pack: string; jurisdiction: 'cn'; params: CnRuleParams; strictHours?: boolean }
  | { pack: string; jurisdiction: 'us'; params: UsRuleParams };

export interface Message {
  zh: string;
  en: string;
}

export interface RuleCheck {
  rule: string;
  pack: string;
  allowed: boolean;
  reason: Message;
  /** when this rule would next allow the contact; null = not by waiting (a hold, a refusal) */
  nextAllowedAt: Date | null;
}

export interface GuardDecision {
  allowed: boolean;
  checks: RuleCheck[];
  /** denied rules only */
  blocking: RuleCheck[];
  /** earliest time every rule allows it, if waiting can help */
  nextAllowedAt: Date | null;
}

const DAY = 86_400_000;

/** Decides one contact at one time. Pure: the caller supplies the history and the clock. */
export function checkContact(input: GuardInput, policies: readonly PackPolicy[]): GuardDecision {
  const first = evaluate(input, policies);
  if (first.allowed) return first;
  // The earliest time all rules allow: a rule's "next" can land in another rule's block
  // (the 4th call resets at midnight, but midnight is quiet hours), so walk forward.
  let next = latest(first.blocking);
  for (let i = 0; next && i < 8; i++) {
    const later = evaluate({ ...input, at: next }, policies);
    if (later.allowed) break;
    const n = latest(later.blocking);
    next = n && n > next ? n : null;
  }
  return { ...first, nextAllowedAt: next };
}

function latest(checks: readonly RuleCheck[]): Date | null {
  let out: Date | null = null;
  for (const c of checks) {
    if (!c.nextAllowedAt) return null;
    if (!out || c.nextAllowedAt > out) out = c.nextAllowedAt;
  }
  return out;
}

function evaluate(input: GuardInput, policies: readonly PackPolicy[]): GuardDecision {
  const checks: RuleCheck[] = [];
  for (const p of policies)
    checks.push(...(p.jurisdiction === 'cn' ? cnChecks(input, p) : usChecks(input, p)));
  const blocking = checks.filter((c) => !c.allowed);
  return {
    allowed: blocking.length === 0,
    checks,
    blocking,
    nextAllowedAt: blocking.length ? null : input.at,
  };
}

// ---- China pack -------------------------------------------------------------------------------

function cnChecks(input: GuardInput, p: Extract<PackPolicy, { jurisdiction: 'cn' }>): RuleCheck[] {
  const out: RuleCheck[] = [];
  const pack = p.pack;
  const tz = input.debtor.timeZones[0] ?? 'Asia/Shanghai';
  out.push(stopList(input, pack));

  if (input.channel === 'visit') {
    out.push(visitRules(input, p));
  } else {
    const hours = p.params['contact.hours'];
    const start = p.strictHours ? hours.strict_profile_quiet_start : hours.quiet_start;
    const consent = input.debtor.quietHoursConsent && input.target.kind !== 'third_party';
    const q = quiet(input.at, tz, start, hours.quiet_end);
    out.push(
      q.inQuiet && !consent
        ? deny('contact.hours', pack, q.next, {
            zh: `债务人当地时间 ${q.local}，处于 ${start}–${hours.quiet_end} 禁止催收时段`,
            en: `${q.local} at the debtor's location is inside the ${start}–${hours.quiet_end} quiet hours`,
          })
        : allow('contact.hours', pack, {
            zh:
              consent && q.inQuiet
                ? `当地时间 ${q.local}：债务人已同意该时段联系（已记录）`
                : `当地时间 ${q.local}，不在禁止时段`,
            en:
              consent && q.inQuiet
                ? `${q.local} local: the debtor consented to contact at this hour (recorded)`
                : `${q.local} local is outside quiet hours`,
          }),
    );
  }

  const freq = p.params['contact.frequency'];
  const today0 = dayStart(input.at, tz);
  const tomorrow0 = dayStart(new Date(today0.getTime() + DAY + 3_600_000), tz);
  if (input.channel !== 'sms') {
    const talks = input.history.filter(
      (a) =>
        a.connected && a.answeredBy === 'debtor' && a.at >= today0 && a.at < tomorrow0 && a.at <= input.at,
    ).length;
    const max = freq.max_connected_per_debtor_per_day;
    out.push(
      talks >= max
        ? deny('contact.frequency', pack, tomorrow0, {
            zh: `今天已与债务人有效通话 ${talks} 次，达到每日 ${max} 次上限（含委托方所有机构）`,
            en: `${talks} connected conversations with the debtor today: the daily limit is ${max} across the client`,
          })
        : allow('contact.frequency', pack, {
            zh: `今天已有效通话 ${talks} 次（上限 ${max}）`,
            en: `${talks} of ${max} connected conversations today`,
          }),
    );
  }
  if (input.channel === 'call' && input.target.number) {
    const number = input.target.number;
    const unanswered = input.history.filter(
      (a) =>
        a.channel === 'call' &&
        a.number === number &&
        !a.connected &&
        a.at >= today0 &&
        a.at < tomorrow0 &&
        a.at <= input.at,
    ).length;
    const max = freq.max_unanswered_per_number_per_day;
    out.push(
      unanswered >= max
        ? deny('contact.frequency', pack, tomorrow0, {
            zh: `该号码今天已未接通 ${unanswered} 次，达到每日 ${max} 次上限`,
            en: `${unanswered} unanswered dials to this number today: the daily limit is ${max}`,
          })
        : allow('contact.frequency', pack, {
            zh: `该号码今天未接通 ${unanswered} 次（上限 ${max}）`,
            en: `${unanswered} of ${max} unanswered dials to this number today`,
          }),
    );
  }

  if (input.target.kind === 'third_party') {
    out.push(
      input.target.refused
        ? deny('contact.third_party_refused', pack, null, {
            zh: '该联系人已拒绝或要求不再来电：本案不得再联系',
            en: 'this contact refused or asked not to be called: never call again on this matter',
          })
        : allow('contact.third_party_refused', pack, {
            zh: '联系人未拒绝联系',
            en: 'the contact has not refused',
          }),
    );
    out.push(thirdPartyReachability(input, p, tz));
  } else if (input.target.refused) {
    // A debtor's refusal is not a stop order in China; it is recorded for the 停催 review.
    out.push(
      allow('contact.third_party_refused', pack, {
        zh: '（本人拒绝沟通已记录，供停催评估）',
        en: '(the debtor refusing is recorded for a stop review)',
      }),
    );
  }
  return out;
}

function thirdPartyReachability(
  input: GuardInput,
  p: Extract<PackPolicy, { jurisdiction: 'cn' }>,
  tz: string,
): RuleCheck {
  const rule = p.params['contact.third_party'];
  if (input.debtor.allNumbersInvalid)
    return allow('contact.third_party', p.pack, {
      zh: '债务人号码均无效，可联系第三方，但只能请其转告回电或提供联系方式，不得透露欠款',
      en: "the debtor's numbers are all invalid: a contact person may be asked only for a call-back or contact details",
    });
  const debtorAttempts = input.history.filter((a) => a.targetKind !== 'third_party' && a.at <= input.at);
  const lastTalk = debtorAttempts
    .filter((a) => a.connected && a.answeredBy === 'debtor')
    .sort((a, b) => +b.at - +a.at)[0];
  const since = lastTalk?.at ?? new Date(0);
  const failed = debtorAttempts.filter((a) => !a.connected && a.at > since && a.channel === 'call');
  const firstFail = failed.sort((a, b) => +a.at - +b.at)[0];
  const days = firstFail
    ? Math.floor((dayStart(input.at, tz).getTime() - dayStart(firstFail.at, tz).getTime()) / DAY)
    : 0;
  if (failed.length >= rule.min_failed_dials && days >= rule.min_unreachable_days)
    return allow('contact.third_party', p.pack, {
      zh: `债务人已 ${days} 天联系不上（未接通 ${failed.length} 次），可联系第三方，但只能请其转告回电或提供联系方式`,
      en: `the debtor has been unreachable for ${days} days (${failed.length} failed dials): a contact person may be asked only for a call-back`,
    });
  return deny('contact.third_party', p.pack, null, {
    zh: `债务人尚可联系（自上次通话后未接通 ${failed.length} 次、${days} 天；需至少 ${rule.min_failed_dials} 次且 ${rule.min_unreachable_days} 天）：不得联系第三方`,
    en: `the debtor is still reachable (${failed.length} failed dials over ${days} days since the last conversation; needs ${rule.min_failed_dials} and ${rule.min_unreachable_days} days): do not contact third parties`,
  });
}

function visitRules(input: GuardInput, p: Extract<PackPolicy, { jurisdiction: 'cn' }>): RuleCheck {
  const v = p.params['visit.rules'];
  const tz = input.debtor.timeZones[0] ?? 'Asia/Shanghai';
  const q = quiet(input.at, tz, v.end, v.start);
  const staff = input.visit?.staff ?? 0;
  if (q.inQuiet)
    return deny('visit.rules', p.pack, q.next, {
      zh: `外访只能在当地 ${v.start}–${v.end} 进行，现在是 ${q.local}`,
      en: `visits only between ${v.start} and ${v.end} local time; it is ${q.local}`,
    });
  if (staff < v.min_staff)
    return deny('visit.rules', p.pack, null, {
      zh: `外访须至少 ${v.min_staff} 人同行（本次 ${staff} 人）`,
      en: `a visit needs at least ${v.min_staff} staff (${staff} planned)`,
    });
  return allow('visit.rules', p.pack, {
    zh: `外访 ${staff} 人，时间合规；须出示工作证和委托书，经同意方可入户，全程录音录像`,
    en: `${staff} staff at a lawful hour; show ID and mandate, enter only with consent, record audio and video`,
  });
}

function stopList(input: GuardInput, pack: string): RuleCheck {
  const active = input.debtor.holds.filter((h) => h.since <= input.at);
  if (!active.length)
    return allow('contact.stop_list', pack, {
      zh: '无停催、投诉或争议挂起',
      en: 'no stop, complaint or dispute hold',
    });
  const names = { stop: '停催', complaint: '投诉处理中', dispute: '争议核实中', cease: '书面要求停止联系' };
  const namesEn = {
    stop: 'stop-collection',
    complaint: 'complaint',
    dispute: 'dispute',
    cease: 'written cease',
  };
  const reviewAt = active.find((h) => h.reviewAt)?.reviewAt;
  // the review day in the debtor's zone (a review at 00:00 Shanghai is not the day before)
  const review = reviewAt ? localDateKey(reviewAt, input.debtor.timeZones[0] ?? 'Asia/Shanghai') : null;
  return deny('contact.stop_list', pack, null, {
    zh: `${active.map((h) => names[h.kind]).join('、')}：暂停一切联系${review ? `（复核日期 ${review}）` : ''}`,
    en: `${active.map((h) => namesEn[h.kind]).join(', ')} hold: no contact${review ? ` (review on ${review})` : ''}`,
  });
}

// ---- United States pack (Regulation F) --------------------------------------------------------

function usChecks(input: GuardInput, p: Extract<PackPolicy, { jurisdiction: 'us' }>): RuleCheck[] {
  const out: RuleCheck[] = [];
  const pack = p.pack;
  const zones = input.debtor.timeZones.length ? input.debtor.timeZones : ['America/New_York'];
  const ceased = input.debtor.holds.some((h) => h.kind === 'cease' && h.since <= input.at);
  out.push(
    ceased
      ? deny('contact.cease', pack, null, {
          zh: '消费者已书面要求停止联系：除法定通知外不得联系',
          en: 'the consumer asked in writing to cease: only the permitted notices may be sent',
        })
      : allow('contact.cease', pack, { zh: '无书面停止联系要求', en: 'no written cease request' }),
  );
  const h = p.params['contact.hours'];
  // With several known locations, the time must be convenient in all of them (12 CFR 1006.6(b)(1)(i)).
  let worst: { next: Date; local: string } | null = null;
  for (const z of zones) {
    const q = quiet(input.at, z, h.end, h.start);
    if (q.inQuiet && (!worst || q.next > worst.next)) worst = { next: q.next, local: `${q.local} (${z})` };
  }
  out.push(
    worst
      ? deny('contact.hours', pack, worst.next, {
          zh: `消费者所在地时间 ${worst.local} 不在 ${h.start}–${h.end} 之间`,
          en: `${worst.local} is outside ${h.start}–${h.end} at the consumer's location`,
        })
      : allow('contact.hours', pack, {
          zh: `各所在地均在 ${h.start}–${h.end} 之间`,
          en: `within ${h.start}–${h.end} at every known location`,
        }),
  );
  const tz = zones[0]!;
  for (const r of input.debtor.inconvenient) {
    const l = toLocal(input.at, tz);
    const m = l.hour * 60 + l.minute;
    const a = minutesOfDay(r.from);
    const b = minutesOfDay(r.to);
    const inside = a <= b ? m >= a && m < b : m >= a || m < b;
    if (inside)
      out.push(
        deny('contact.inconvenient', pack, atLocalClock(input.at, tz, r.to), {
          zh: `消费者说明 ${r.from}–${r.to} 不方便联系`,
          en: `the consumer said ${r.from}–${r.to} is inconvenient`,
        }),
      );
  }
  if (input.channel !== 'visit' && input.target.kind !== 'third_party') {
    const f = p.params['contact.frequency'];
    const today0 = dayStart(input.at, tz);
    // The 7-day period includes today: days today-6 … today (12 CFR 1006.14(b)(2)).
    const windowStart = dayStart(new Date(today0.getTime() - 6 * DAY + 3_600_000), tz);
    const prior = input.history.filter(
      (a) => a.targetKind !== 'third_party' && a.at >= windowStart && a.at <= input.at,
    );
    if (input.channel === 'call') {
      const calls = prior.filter((a) => a.channel === 'call').sort((a, b) => +a.at - +b.at);
      if (calls.length >= f.max_calls_per_7_days) {
        const oldest = calls[calls.length - f.max_calls_per_7_days]!;
        out.push(
          deny(
            'contact.frequency',
            pack,
            dayStart(new Date(dayStart(oldest.at, tz).getTime() + 7 * DAY + 3_600_000), tz),
            {
              zh: `7 天内已拨打 ${calls.length} 次，达到 ${f.max_calls_per_7_days} 次上限`,
              en: `${calls.length} calls in 7 days: more would be presumed harassment (limit ${f.max_calls_per_7_days})`,
            },
          ),
        );
      } else
        out.push(
          allow('contact.frequency', pack, {
            zh: `7 天内已拨打 ${calls.length} 次（上限 ${f.max_calls_per_7_days}）`,
            en: `${calls.length} of ${f.max_calls_per_7_days} calls in 7 days`,
          }),
        );
      const talk = prior
        .filter((a) => a.connected && a.answeredBy === 'debtor' && a.channel === 'call')
        .sort((a, b) => +b.at - +a.at)[0];
      if (talk) {
        const reopen = dayStart(
          new Date(dayStart(talk.at, tz).getTime() + f.quiet_days_after_conversation * DAY + 3_600_000),
          tz,
        );
        if (input.at < reopen)
          out.push(
            deny('contact.frequency', pack, reopen, {
              zh: `${talk.at.toISOString().slice(0, 10)} 已与消费者通话：${f.quiet_days_after_conversation} 天内不得再致电`,
              en: `a conversation took place on ${talk.at.toISOString().slice(0, 10)}: no calls for ${f.quiet_days_after_conversation} days after it`,
            }),
          );
      }
    }
    if (f.max_initiated_per_7_days !== undefined) {
      const initiated = prior
        .filter((a) => a.channel === 'call' || a.channel === 'sms')
        .sort((a, b) => +a.at - +b.at);
      if (initiated.length >= f.max_initiated_per_7_days) {
        const oldest = initiated[initiated.length - f.max_initiated_per_7_days]!;
        out.push(
          deny(
            'contact.frequency',
            pack,
            dayStart(new Date(dayStart(oldest.at, tz).getTime() + 7 * DAY + 3_600_000), tz),
            {
              zh: `州规定 7 天内最多主动联系 ${f.max_initiated_per_7_days} 次（已 ${initiated.length} 次）`,
              en: `state overlay: at most ${f.max_initiated_per_7_days} initiated calls or texts in 7 days (${initiated.length} so far)`,
            },
          ),
        );
      }
    }
  }
  return out;
}

// ---- helpers ------------------------------------------------------------------------------------

function allow(rule: string, pack: string, reason: Message): RuleCheck {
  return { rule, pack, allowed: true, reason, nextAllowedAt: null };
}

function deny(rule: string, pack: string, next: Date | null, reason: Message): RuleCheck {
  return { rule, pack, allowed: false, reason, nextAllowedAt: next };
}

function dayStart(at: Date, tz: string): Date {
  const l = toLocal(at, tz);
  return fromLocal({ year: l.year, month: l.month, day: l.day, hour: 0, minute: 0, second: 0 }, tz);
}

/** The next instant the zone's clock shows `hhmm` (today or tomorrow). */
function atLocalClock(at: Date, tz: string, hhmm: string): Date {
  const l = toLocal(at, tz);
  const m = minutesOfDay(hhmm);
  const mk = (d: { year: number; month: number; day: number }): LocalDateTime => ({
    ...d,
    hour: Math.floor(m / 60),
    minute: m % 60,
    second: 0,
  });
  const today = fromLocal(mk(l), tz);
  return today > at ? today : fromLocal(mk(addDays(l, 1)), tz);
}

/** Whether `at` is inside the window [start, end) that wraps midnight, e.g. 22:00–08:00. */
function quiet(
  at: Date,
  tz: string,
  start: string,
  end: string,
): { inQuiet: boolean; next: Date; local: string } {
  const l = toLocal(at, tz);
  const m = l.hour * 60 + l.minute;
  const a = minutesOfDay(start);
  const b = minutesOfDay(end);
  const inQuiet = a > b ? m >= a || m < b : m >= a && m < b;
  const local = `${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
  return { inQuiet, next: atLocalClock(at, tz, end), local };
}
