import { z } from 'zod';
import { type Analysis, factsSchema } from '../analysis/contract';
import { INTENTS, PERSONAS, type PersonaId, REASONS, SPEAKERS, STRATEGIES } from '../domain/ids';
import { STAGES } from '../playbook';

/**
 * What the advisor is told: the call so far (as labelled turns), the persona estimate, the case's
 * history, account facts, the client bank's offer policy and the collector's own details for
 * filling scripts. Zod at the boundary; the analyser's output converts with `heardFromAnalysis`.
 */

export const stageSchema = z.enum(STAGES);
const personaIdSchema = z.enum(PERSONAS);
const strategyIdSchema = z.enum(STRATEGIES);
const isoDateTime = z.iso.datetime({ offset: true });

/** A promise as the advisor needs it: what, by when, and whether it was loose. */
export const heardPromiseSchema = z.object({
  amount: z.number().nonnegative().nullable(),
  due: isoDateTime.nullable(),
  vague: z.boolean(),
});
export type HeardPromise = z.infer<typeof heardPromiseSchema>;

/** One turn of the call with its labels (from the analyser or from a labelled transcript). */
export const heardTurnSchema = z.object({
  speaker: z.enum(SPEAKERS),
  text: z.string(),
  /** Who could hear an agent turn; the advisor also derives it from who spoke last. */
  audience: z.enum(['debtor', 'third_party', 'unknown']).optional(),
  strategies: z.array(strategyIdSchema).default([]),
  reasons: z.array(z.enum(REASONS)).default([]),
  intents: z.array(z.enum(INTENTS)).default([]),
  /** Rule ids of violations found in this (agent) turn. */
  violations: z.array(z.string()).default([]),
  promise: heardPromiseSchema.nullable().default(null),
  /** `kind:id` → the words that triggered the label, to quote back in explanations. */
  evidence: z.record(z.string(), z.string()).optional(),
});
export type HeardTurn = z.infer<typeof heardTurnSchema>;

export const personaViewSchema = z.object({
  /** A distribution over personas; missing personas count as 0. */
  scores: z.partialRecord(personaIdSchema, z.number().min(0)),
  id: personaIdSchema.nullable().default(null),
  confidence: z.number().min(0).max(1).default(0),
  evidence: z.array(z.string()).default([]),
});
export type PersonaView = z.infer<typeof personaViewSchema>;

/** What followed a contact or a strategy: the events the learning loop counts. */
export const outcomeEventsSchema = z.object({
  promise_made: z.boolean().default(false),
  /** null while the promise is still open (or none was made). */
  promise_kept: z.boolean().nullable().default(null),
  paid: z.boolean().default(false),
  complaint: z.boolean().default(false),
});
export type OutcomeEvents = z.infer<typeof outcomeEventsSchema>;

export const collectorRoleSchema = z.enum(['friendly', 'firm', 'lead']);
export type CollectorRole = z.infer<typeof collectorRoleSchema>;

/** An earlier contact on the case. */
export const pastContactSchema = z.object({
  at: isoDateTime,
  connected: z.boolean().default(true),
  stage: stageSchema.optional(),
  persona: personaIdSchema.optional(),
  role: collectorRoleSchema.optional(),
  strategies: z.array(strategyIdSchema).default([]),
  outcome: outcomeEventsSchema.default({
    promise_made: false,
    promise_kept: null,
    paid: false,
    complaint: false,
  }),
  promise: heardPromiseSchema.optional(),
});
export type PastContact = z.infer<typeof pastContactSchema>;

/**
 * What the client bank allows beyond the documented offer in `facts.offer`. It never becomes
 * script text by itself: a concrete plan is only quoted from `facts.offer`; the policy tells the
 * advisor whether a plan request can be carried to the bank at all.
 */
export const offerPolicySchema = z
  .object({
    instalments_max: z.int().positive().max(60).optional(),
    waiver: z.boolean().default(false),
    interest_stop: z.boolean().default(false),
    approval_required: z.boolean().default(true),
    note_zh: z.string().max(300).optional(),
  })
  .strict();
export type OfferPolicy = z.infer<typeof offerPolicySchema>;

/** The collector's and agency's details that scripts slot in (`{坐席姓名}`, `{公司}` …). */
export const scriptContextSchema = z
  .object({
    salutation: z.string().min(1).max(30).optional(),
    agent_name: z.string().min(1).max(30).optional(),
    staff_id: z.string().min(1).max(20).optional(),
    company: z.string().min(1).max(60).optional(),
    callback_phone: z.string().min(3).max(30).optional(),
    complaint_channel: z.string().min(1).max(100).optional(),
    service_phone: z.string().min(3).max(30).optional(),
    payment_channel: z.string().min(1).max(100).optional(),
  })
  .strict();
export type ScriptContext = z.infer<typeof scriptContextSchema>;

export const adviceInputSchema = z.object({
  turns: z.array(heardTurnSchema),
  persona: personaViewSchema,
  /** The call situation when the caller knows it; otherwise inferred from the call and history. */
  stage: stageSchema.optional(),
  history: z.array(pastContactSchema).default([]),
  facts: factsSchema.optional(),
  policy: offerPolicySchema.optional(),
  context: scriptContextSchema.default({}),
  at: isoDateTime,
});
export type AdviceInput = z.infer<typeof adviceInputSchema>;

/** The analyser's output as advisor turns, with label evidence kept for quoting. */
export function heardFromAnalysis(a: Pick<Analysis, 'turns'>): HeardTurn[] {
  return a.turns.map((t) => {
    const evidence: Record<string, string> = {};
    for (const l of t.labels) evidence[`${l.kind}:${l.id}`] ??= l.evidence.text;
    return {
      speaker: t.speaker,
      text: t.text,
      audience: t.audience,
      strategies: [...t.strategies],
      reasons: [...t.reasons],
      intents: [...t.intents],
      violations: t.violations.map((v) => v.rule),
      promise: t.promise ? { amount: t.promise.amount, due: t.promise.due, vague: t.promise.vague } : null,
      evidence,
    };
  });
}

/** The analyser's persona block as the advisor's persona view. */
export function personaFromAnalysis(a: Pick<Analysis, 'persona'>): PersonaView {
  return {
    scores: { ...a.persona.scores },
    id: a.persona.id,
    confidence: a.persona.confidence,
    evidence: [...a.persona.evidence],
  };
}

/** A persona known for certain (a lead recorded it): all weight on one type. */
export function certainPersona(id: PersonaId): PersonaView {
  return { scores: { [id]: 1 }, id, confidence: 1, evidence: [] };
}
