import { z } from 'zod';

/**
 * Typed parameters of the numeric rules, per jurisdiction. The names are read by the contact guard:
 * add, never rename. Every bound below is the legal or standard limit from the rule's source, so a
 * team lead can tighten a value but never configure a laxer, unlawful one.
 */

export const JURISDICTIONS = ['cn', 'us'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

const clock = z.string().regex(HHMM, { error: '时间须写成 "HH:MM"（24 小时制，加引号），如 "22:00"' });

/** A clock time that must not be earlier than `min` (the opening of the lawful window). */
function notBefore(min: string, why: string) {
  return clock.refine((t) => minutesOfDay(t) >= minutesOfDay(min), { error: `不得早于 ${min}：${why}` });
}

/** A clock time that must not be later than `max` (the close of the lawful window). */
function notAfter(max: string, why: string) {
  return clock.refine((t) => minutesOfDay(t) <= minutesOfDay(max), { error: `不得晚于 ${max}：${why}` });
}

const count = z.int({ error: '须为整数' });

const CN_QUIET = 'GB/T 45251—2025 规定 22:00 至次日 08:00 不得催收';

export const cnParamSchemas = {
  'contact.hours': z
    .object({
      // Evening start of the quiet window; must lie between noon and 22:00 so the window covers 22:00–08:00.
      quiet_start: notAfter('22:00', CN_QUIET).refine((t) => minutesOfDay(t) >= 12 * 60, {
        error: '静默开始时间应在中午 12:00 之后（它是晚间时刻）',
      }),
      quiet_end: notBefore('08:00', CN_QUIET).refine((t) => minutesOfDay(t) <= 12 * 60, {
        error: '静默结束时间应在中午 12:00 之前（它是早间时刻）',
      }),
      strict_profile_quiet_start: notAfter('22:00', CN_QUIET),
    })
    .strict(),
  'contact.frequency': z
    .object({
      max_connected_per_debtor_per_day: count
        .min(1)
        .max(3, { error: '不得超过 3：GB/T 45251 规定同一债务人每日有效通话不超过 3 次' }),
      max_unanswered_per_number_per_day: count
        .min(1)
        .max(6, { error: '不得超过 6：GB/T 45251 规定同一号码每日未接通拨打不超过 6 次' }),
    })
    .strict(),
  'contact.third_party': z
    .object({
      min_failed_dials: count.min(1),
      min_unreachable_days: count.min(0),
    })
    .strict(),
  'visit.rules': z
    .object({
      start: notBefore('08:00', '外访时间为 08:00–22:00'),
      end: notAfter('22:00', '外访时间为 08:00–22:00'),
      min_staff: count.min(2, { error: '不得少于 2：外访须至少两人同行' }),
    })
    .strict(),
  'language.criminal_claim': z
    .object({
      min_principal: z.number().min(50000, { error: '不得低于 50000：恶意透支的入罪门槛为本金 5 万元' }),
      min_effective_collections: count.min(2, { error: '不得低于 2：须经两次以上有效催收' }),
      min_days_between: count.min(30, { error: '不得低于 30：两次有效催收须间隔 30 日以上' }),
      min_months_unpaid_after: count.min(3, { error: '不得低于 3：催收后须超过 3 个月仍不归还' }),
    })
    .strict(),
  'language.complaint_obstruction': z
    .object({
      answer_days: count.min(1).max(15, { error: '不得超过 15：投诉应在 15 日内答复' }),
      max_answer_days: count.min(1).max(60, { error: '不得超过 60：复杂投诉最长 60 日内答复' }),
    })
    .strict()
    .refine((p) => p.answer_days <= p.max_answer_days, {
      error: 'answer_days 不得大于 max_answer_days',
      path: ['answer_days'],
    }),
  'records.retention': z
    .object({
      min_years: z.number().min(2, { error: '不得低于 2：信用卡催收录音至少保存 2 年' }),
      recommended_years: z.number().min(2),
    })
    .strict()
    .refine((p) => p.recommended_years >= p.min_years, {
      error: 'recommended_years 不得小于 min_years',
      path: ['recommended_years'],
    }),
};

const US_HOURS = 'Regulation F 12 CFR 1006.6(b)(1)(i)：只可在当地 08:00–21:00 联系';

export const usParamSchemas = {
  'contact.hours': z
    .object({
      start: notBefore('08:00', US_HOURS),
      end: notAfter('21:00', US_HOURS),
    })
    .strict(),
  'contact.frequency': z
    .object({
      max_calls_per_7_days: count
        .min(1)
        .max(7, { error: '不得超过 7：12 CFR 1006.14(b)(2) 推定 7 日内超过 7 次来电构成骚扰' }),
      quiet_days_after_conversation: count.min(7, {
        error: '不得低于 7：通话后 7 日内再次来电推定构成骚扰（12 CFR 1006.14(b)(2)）',
      }),
      // State overlays (e.g. Massachusetts 940 CMR 7.04(1)(f)) add a stricter cap on initiated contacts.
      max_initiated_per_7_days: count.min(1).max(7).optional(),
    })
    .strict(),
};

export const PARAM_SCHEMAS: Record<Jurisdiction, Record<string, z.ZodType>> = {
  cn: cnParamSchemas,
  us: usParamSchemas,
};

export const cnRuleParamsSchema = z.object(cnParamSchemas);
export type CnRuleParams = z.infer<typeof cnRuleParamsSchema>;

export const usRuleParamsSchema = z.object(usParamSchemas);
export type UsRuleParams = z.infer<typeof usRuleParamsSchema>;

/**
 * Rules every base pack of a jurisdiction must hold, so the analyser and the contact guard always
 * find a severity and a source for the ids they emit.
 */
export const REQUIRED_RULES: Record<Jurisdiction, readonly string[]> = {
  cn: [
    'contact.hours',
    'contact.frequency',
    'contact.third_party',
    'contact.third_party_refused',
    'contact.stop_list',
    'visit.rules',
    'third_party.disclosure',
    'third_party.demand_payment',
    'language.threat',
    'language.insult',
    'language.impersonation',
    'language.false_legal_claim',
    'language.criminal_claim',
    'language.credit_report_claim',
    'language.false_deadline',
    'language.public_shaming',
    'language.improper_payment',
    'language.surveillance',
    'language.complaint_obstruction',
    'language.dispute_dismissal',
    'disclosure.identity',
    'records.retention',
  ],
  us: [
    'contact.hours',
    'contact.frequency',
    'contact.inconvenient',
    'contact.cease',
    'disclosure.debt_collector',
    'third_party.disclosure',
  ],
};
