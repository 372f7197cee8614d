import { z } from 'zod';
import { FORCES, INTENTS, PERSONAS, REASONS, SEVERITIES, STRATEGIES, type StrategyId } from '../domain/ids';
import { JURISDICTIONS } from './rule-params';
import { REQUIRABLE_FACTS } from './slots';

/**
 * The playbook's file formats. Each schema checks one file on its own; what spans files
 * (ids present once, references resolve, slots declared) is checked in validate-playbook.ts.
 */

/** Call situations a script or a strategy's fit refers to (same list as the corpus's `situation`). */
export const STAGES = [
  'first_call',
  'follow_up',
  'broken_promise',
  'third_party',
  'angry',
  'dispute',
] as const;
export type Stage = (typeof STAGES)[number];

export const STRATEGY_GROUPS = ['opening', 'classic', 'going_along', 'manoeuvring', 'closing'] as const;
export type StrategyGroup = (typeof STRATEGY_GROUPS)[number];

export const STRATEGY_GROUP_NAMES_ZH: Record<StrategyGroup, string> = {
  opening: '开场',
  classic: '经典八法',
  going_along: '顺势',
  manoeuvring: '周旋',
  closing: '绝杀',
};

/** The method fixes each strategy's group; the playbook states it so readers see it, and may not move it. */
export const STRATEGY_GROUP_OF: Record<StrategyId, StrategyGroup> = {
  self_intro: 'opening',
  praise: 'classic',
  empathy: 'classic',
  same_side: 'classic',
  reciprocity: 'classic',
  sandwich: 'classic',
  foot_in_door: 'classic',
  confrontation: 'classic',
  reframing: 'classic',
  go_with_flow: 'going_along',
  cool_down: 'going_along',
  draw_out: 'manoeuvring',
  leverage_excuse: 'manoeuvring',
  bear_burden: 'manoeuvring',
  cite_precedent: 'closing',
  press_weakness: 'closing',
  correct_premise: 'closing',
};

export const FORCE_NAMES_ZH: Record<(typeof FORCES)[number], string> = {
  law: '法律',
  regulation: '规章',
  national_standard: '国标',
  self_regulation: '行业自律',
  internal_policy: '内部政策',
};

export const RULE_KINDS = ['SCHED', 'DISC', 'TXT', 'FACT', 'TXT+FACT', 'PROC'] as const;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

/** Workflow steps an intent can call for; the case workflow maps each to an action. */
export const INTENT_ACTIONS = [
  'record_promise',
  'confirm_promise_details',
  'offer_plan',
  'route_plan_to_client',
  'state_identity',
  'give_verification_channel',
  'verify_payment',
  'log_dispute',
  'give_complaint_channel',
  'consider_stop_collection',
  'escalate_to_lead',
  'schedule_callback',
  'slow_down',
] as const;

// Han characters, CJK and full-width punctuation, curly quotes, dashes and ellipses.
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2018-\\u201d\\u2026';
const SPACE_BESIDE_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'gu');

/**
 * Drops whitespace next to Chinese characters. YAML's folded blocks (`>-`) join lines with a space,
 * which in Chinese is a stray gap on screen and in text-to-speech, and could split a word
 * ("欠 款") past the checks that look for it. Spaces between Latin words and numbers stay.
 */
export function tidyChinese(s: string): string {
  return s.trim().replace(SPACE_BESIDE_CJK, '');
}

const text = z.string().trim().min(1, { error: '不能为空' }).transform(tidyChinese);
const textList = z.array(text).min(1, { error: '至少写一条' });
const fit = z.number().min(0, { error: '取值 0 到 1' }).max(1, { error: '取值 0 到 1' });

export const personaIdSchema = z.enum(PERSONAS);
export const strategyIdSchema = z.enum(STRATEGIES);
export const reasonIdSchema = z.enum(REASONS);
export const intentIdSchema = z.enum(INTENTS);
export const stageSchema = z.enum(STAGES);
export const requirableFactSchema = z.enum(REQUIRABLE_FACTS);

export const personaSchema = z
  .object({
    id: personaIdSchema,
    name_zh: text,
    summary: text,
    signals: textList,
    handling: textList,
    avoid: textList,
    preferred_strategies: z.array(strategyIdSchema).min(1),
    discouraged_strategies: z.array(strategyIdSchema),
  })
  .strict();
export type Persona = z.infer<typeof personaSchema>;

export const personasFileSchema = z.object({ personas: z.array(personaSchema) }).strict();

const level = z.enum(['low', 'medium', 'high']);

export const reasonSchema = z
  .object({
    id: reasonIdSchema,
    name_zh: text,
    summary: text,
    signals: textList,
    /** Typical position on the ability × willingness grid, before verification. */
    typical: z.object({ ability: level, willingness: level }).strict(),
    verify_questions: textList,
    suggested_strategies: z.array(strategyIdSchema).min(1),
    notes: z.array(text).optional(),
  })
  .strict();
export type Reason = z.infer<typeof reasonSchema>;

export const reasonsFileSchema = z.object({ reasons: z.array(reasonSchema) }).strict();

export const intentSchema = z
  .object({
    id: intentIdSchema,
    name_zh: text,
    summary: text,
    signals: textList,
    respond: textList,
    avoid: textList,
    suggested_strategies: z.array(strategyIdSchema),
    actions: z.array(z.enum(INTENT_ACTIONS)),
  })
  .strict();
export type Intent = z.infer<typeof intentSchema>;

export const intentsFileSchema = z.object({ intents: z.array(intentSchema) }).strict();

const scriptIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, { error: 'id 只用小写字母、数字、- 和 _，如 empathy-illness-1' });

export const scriptSchema = z
  .object({
    id: scriptIdSchema,
    text,
    stage: stageSchema.optional(),
    persona: personaIdSchema.optional(),
    requires: z.array(requirableFactSchema).optional(),
    note: text.optional(),
  })
  .strict();
export type Script = z.infer<typeof scriptSchema>;

const ruleIdSchema = z
  .string()
  .regex(/^[a-z_]+\.[a-z_]+$/, { error: '规则 id 形如 area.rule，如 language.threat' });

export const unlawfulVariantSchema = z
  .object({
    example: text,
    rule: ruleIdSchema,
    why: text.optional(),
  })
  .strict();

export const strategySchema = z
  .object({
    id: strategyIdSchema,
    name_zh: text,
    group: z.enum(STRATEGY_GROUPS),
    definition: text,
    when_to_use: textList,
    when_not: textList,
    persona_fit: z.record(personaIdSchema, fit),
    stage_fit: z.record(stageSchema, fit),
    risk: z.enum(RISK_LEVELS),
    boundary_zh: text,
    unlawful_variants: z.array(unlawfulVariantSchema).min(1, { error: '至少写一条越界说法，供质检识别' }),
    scripts: z.array(scriptSchema).min(3, { error: '每个策略至少 3 条合规话术' }),
  })
  .strict();
export type Strategy = z.infer<typeof strategySchema>;

export const ruleSchema = z
  .object({
    id: ruleIdSchema,
    kind: z.enum(RULE_KINDS),
    title_zh: text,
    description_zh: text,
    source: text,
    force: z.enum(FORCES),
    severity: z.enum(SEVERITIES),
    params: z.record(z.string(), z.unknown()).optional(),
    note_zh: text.optional(),
  })
  .strict();
export type Rule = z.infer<typeof ruleSchema>;

/** An overlay may restate only what it changes; the merged rule is checked against `ruleSchema`. */
export const overlayRuleSchema = ruleSchema.partial().required({ id: true }).strict();

const packIdSchema = z.string().regex(/^[a-z]+(?:-[a-z]+)*$/, { error: '规则包 id 形如 cn、us、us-ma' });

export const rulePackFileSchema = z
  .object({
    id: packIdSchema,
    name_zh: text,
    description_zh: text.optional(),
    jurisdiction: z.enum(JURISDICTIONS).optional(),
    extends: packIdSchema.optional(),
    rules: z.array(z.record(z.string(), z.unknown())),
  })
  .strict()
  .refine((p) => p.jurisdiction !== undefined || p.extends !== undefined, {
    error: '基础规则包须写 jurisdiction（cn 或 us）；叠加包须写 extends',
    path: ['jurisdiction'],
  });
export type RulePackFile = z.infer<typeof rulePackFileSchema>;

export const policiesSchema = z
  .object({
    broken_promise: z
      .object({
        requeue: z.boolean(),
        priority_raise: z.int().min(0).max(10),
        switch_strategies: z.array(strategyIdSchema).min(1),
        escalate_after: z.int().min(1, { error: '至少为 1' }),
        follow_up_template: text,
      })
      .strict(),
    promise_reminders: z
      .object({
        lead_hours: z.array(z.number().positive()).min(1),
        template: text,
      })
      .strict(),
    stop_collection: z
      .object({
        review_days: z.int().min(1),
        low_frequency_contact_days: z.int().min(1),
      })
      .strict(),
    complaints: z
      .object({
        answer_days: z.int().min(1),
        hold_contact_until_answered: z.boolean(),
      })
      .strict(),
    /** a dispute is verified (信用卡业务监督管理办法 art. 69) within this many days of being logged */
    disputes: z
      .object({
        verify_days: z.int().min(1).max(60),
      })
      .strict(),
  })
  .strict();
export type Policies = z.infer<typeof policiesSchema>;

export const TEMPLATE_CHANNELS = ['sms', 'app_push', 'voice'] as const;
export const TEMPLATE_PURPOSES = [
  'promise_reminder',
  'broken_promise',
  'callback_request',
  'plan_confirmation',
] as const;

export const templateSchema = z
  .object({
    id: scriptIdSchema,
    name_zh: text,
    purpose: z.enum([
      'promise_reminder',
      'broken_promise',
      'callback_request',
      'plan_confirmation',
      'payment_receipt',
    ]),
    channel: z.enum(TEMPLATE_CHANNELS),
    audience: z.enum(['debtor', 'third_party']),
    text,
    requires: z.array(requirableFactSchema).optional(),
  })
  .strict();
export type Template = z.infer<typeof templateSchema>;

export const templatesFileSchema = z.object({ templates: z.array(templateSchema) }).strict();
