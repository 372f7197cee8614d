import { z } from 'zod';
import { INTENTS, LANGUAGE_RULES, PERSONAS, REASONS, SEVERITIES, SPEAKERS, STRATEGIES } from '../domain/ids';

/**
 * The analysis contract (see docs/analysis.md). Integrators depend on these names:
 * add fields, never rename. Amounts are yuan (numbers); times are ISO-8601 with offset.
 */

export const speakerSchema = z.enum(SPEAKERS);
export const strategyIdSchema = z.enum(STRATEGIES);
export const reasonIdSchema = z.enum(REASONS);
export const intentIdSchema = z.enum(INTENTS);
export const personaIdSchema = z.enum(PERSONAS);
export const languageRuleIdSchema = z.enum(LANGUAGE_RULES);
export const severitySchema = z.enum(SEVERITIES);

const isoDateTime = z.iso.datetime({ offset: true });

/** Account facts the FACT rules and the advisor judge against. All optional: absent = unknown. */
export const factsSchema = z
  .object({
    product: z.enum(['credit_card', 'consumer_loan']).optional(),
    client: z.string().max(100).optional(),
    debtor_name: z.string().max(50).optional(),
    card_tail: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    principal: z.number().nonnegative().optional(),
    interest: z.number().nonnegative().optional(),
    fees: z.number().nonnegative().optional(),
    balance: z.number().nonnegative().optional(),
    minimum_payment: z.number().nonnegative().optional(),
    days_overdue: z.number().int().nonnegative().optional(),
    lawsuit_filed: z.boolean().optional(),
    judgment: z.boolean().optional(),
    enforcement_listed: z.boolean().optional(),
    credit_reported: z.boolean().optional(),
    effective_collections: z.array(isoDateTime).optional(),
    last_payment_at: isoDateTime.optional(),
    guarantor: z.boolean().optional(),
    disputed: z.boolean().optional(),
    offer: z
      .object({
        description: z.string().max(500),
        expires_at: isoDateTime.optional(),
        settlement_amount: z.number().nonnegative().optional(),
        instalments: z.number().int().positive().optional(),
        waiver_amount: z.number().nonnegative().optional(),
      })
      .optional(),
  })
  .strict();
export type Facts = z.infer<typeof factsSchema>;

export const inputTurnSchema = z.object({
  speaker: speakerSchema,
  text: z.string(),
  at: isoDateTime.optional(),
});
export type InputTurn = z.infer<typeof inputTurnSchema>;

/** A span of the turn's text that triggered a label: [start, end) in UTF-16 code units. */
export const evidenceSchema = z.object({
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const labelSchema = z.object({
  kind: z.enum(['strategy', 'reason', 'intent']),
  id: z.string(),
  score: z.number(),
  /** `cue` = an explainable rule fired; `model` = the fitted layer alone. */
  source: z.enum(['cue', 'model', 'cue+model']),
  evidence: evidenceSchema,
});
export type Label = z.infer<typeof labelSchema>;

export const violationSchema = z.object({
  rule: z.string(),
  severity: severitySchema,
  evidence: z.string(),
  turn: z.number().int().nonnegative().nullable(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
  /** Why this is a violation, in Chinese, including which fact made it one. */
  reason: z.string(),
  force: z.string(),
  source: z.string(),
});
export type Violation = z.infer<typeof violationSchema>;

export const promiseSchema = z.object({
  /** Yuan; the lower end of a range; null when no amount was said. */
  amount: z.number().nonnegative().nullable(),
  /** Upper end of a range ("4-5千"); equal to amount when a single figure. */
  amount_max: z.number().nonnegative().nullable(),
  /** The deadline: the latest instant the promise allows. */
  due: isoDateTime.nullable(),
  /** The earliest instant of a date range ("15到20号"); equal to due otherwise. */
  due_from: isoDateTime.nullable(),
  kind: z.enum(['amount', 'minimum', 'full']),
  /** True when amount or date is missing or loose ("有钱就还", "过段时间"). */
  vague: z.boolean(),
  text: z.string(),
  turn: z.number().int().nonnegative(),
});
export type PromiseToPay = z.infer<typeof promiseSchema>;

/** What the call shows of the collector's work on one promise (promise-checks.ts). */
export const promiseCheckSchema = z.object({
  /** the debtor turn of the promise */
  turn: z.number().int().nonnegative(),
  /** the collector said the amount or the day back, or confirmed it in words, before the next promise */
  read_back: z.boolean(),
  read_back_turn: z.number().int().nonnegative().nullable(),
  /** where the money comes from: the collector asked, the debtor told unasked, or neither */
  source: z.enum(['asked', 'told']).nullable(),
  /** the collector said a reminder will come before the due time */
  reminder: z.boolean(),
});
export type PromiseCheck = z.infer<typeof promiseCheckSchema>;

export const outputTurnSchema = z.object({
  index: z.number().int().nonnegative(),
  speaker: speakerSchema,
  text: z.string(),
  at: isoDateTime.optional(),
  /** Who can hear an agent turn: a third party on the line makes any debt detail a disclosure. */
  audience: z.enum(['debtor', 'third_party', 'unknown']),
  strategies: z.array(strategyIdSchema),
  reasons: z.array(reasonIdSchema),
  intents: z.array(intentIdSchema),
  labels: z.array(labelSchema),
  violations: z.array(violationSchema),
  promise: promiseSchema.nullable(),
});
export type OutputTurn = z.infer<typeof outputTurnSchema>;

export const estimateSchema = z.object({
  score: z.number().min(0).max(1),
  level: z.enum(['low', 'medium', 'high', 'unknown']),
  evidence: z.array(z.string()),
});

export const analysisSchema = z.object({
  version: z.literal(1),
  reference_time: isoDateTime,
  turns: z.array(outputTurnSchema),
  persona: z.object({
    id: personaIdSchema.nullable(),
    scores: z.record(personaIdSchema, z.number()),
    evidence: z.array(z.string()),
    confidence: z.number().min(0).max(1),
  }),
  ability: estimateSchema,
  willingness: estimateSchema,
  promises: z.array(promiseSchema),
  /** one per promise, in the same order (absent from analyses stored before it existed) */
  promise_checks: z.array(promiseCheckSchema).default([]),
  violations: z.array(violationSchema),
  disclosure: z.object({
    identity: z.object({
      ok: z.boolean(),
      missing: z.array(z.enum(['company', 'name_or_id', 'client'])),
      evidence: z.string().nullable(),
    }),
  }),
  note: z.string(),
});
export type Analysis = z.infer<typeof analysisSchema>;
