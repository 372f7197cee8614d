import { z } from 'zod';
import { LANGUAGE_RULES } from '../domain/ids';
import {
  factsSchema,
  intentIdSchema,
  personaIdSchema,
  reasonIdSchema,
  speakerSchema,
  strategyIdSchema,
} from './contract';

/** The labelled corpus format: see docs/labelling-guide.md. */

const iso = z.iso.datetime({ offset: true });

export const corpusPromiseSchema = z
  .object({
    amount: z.number().nonnegative().nullable(),
    amount_max: z.number().nonnegative().nullable(),
    due: iso.nullable(),
    due_from: iso.nullable(),
    kind: z.enum(['amount', 'minimum', 'full']),
    vague: z.boolean(),
  })
  .strict();
export type CorpusPromise = z.infer<typeof corpusPromiseSchema>;

const ruleIdSchema = z.enum(LANGUAGE_RULES);

export const labelledTurnSchema = z
  .object({
    speaker: speakerSchema,
    text: z.string().min(1),
    strategies: z.array(strategyIdSchema),
    reasons: z.array(reasonIdSchema),
    intents: z.array(intentIdSchema),
    violations: z.array(ruleIdSchema),
    promise: corpusPromiseSchema.nullable(),
    audience: z.enum(['debtor', 'third_party']).optional(),
    near_miss: ruleIdSchema.optional(),
    comment: z.string().optional(),
  })
  .strict();
export type LabelledTurn = z.infer<typeof labelledTurnSchema>;

export const utteranceSchema = labelledTurnSchema
  .extend({
    id: z.string().min(1),
    at: iso.optional(),
    facts: factsSchema.optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.promise && !u.at) ctx.addIssue({ code: 'custom', path: ['at'], message: 'a promise needs `at`' });
    checkSpeakerLabels(u, ctx, []);
  });
export type Utterance = z.infer<typeof utteranceSchema>;

export const SITUATIONS = [
  'first_call',
  'follow_up',
  'broken_promise',
  'third_party',
  'angry',
  'dispute',
] as const;

export const dialogueSchema = z
  .object({
    id: z.string().min(1),
    at: iso,
    persona: personaIdSchema,
    situation: z.enum(SITUATIONS),
    facts: factsSchema.optional(),
    turns: z.array(labelledTurnSchema).min(2),
    next_strategies: z.array(strategyIdSchema).max(3).optional(),
    comment: z.string().optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    d.turns.forEach((t, i) => {
      checkSpeakerLabels(t, ctx, ['turns', i]);
    });
  });
export type Dialogue = z.infer<typeof dialogueSchema>;

function checkSpeakerLabels(t: LabelledTurn, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (t.speaker !== 'agent' && (t.strategies.length > 0 || t.violations.length > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'strategies'],
      message: 'only agent turns carry strategies or violations',
    });
  }
  if (t.speaker !== 'debtor' && (t.reasons.length > 0 || t.intents.length > 0 || t.promise)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'reasons'],
      message: 'only debtor turns carry reasons, intents or promises',
    });
  }
}

export interface CorpusIssue {
  file: string;
  line: number;
  message: string;
}

/** Parses one JSONL file's text; returns records and issues naming file, line and field path. */
export function parseCorpusFile<T>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
): { records: T[]; issues: CorpusIssue[] } {
  const records: T[] = [];
  const issues: CorpusIssue[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      issues.push({ file, line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    const r = schema.safeParse(json);
    if (r.success) records.push(r.data);
    else
      for (const issue of r.error.issues)
        issues.push({ file, line: i + 1, message: `${issue.path.join('.') || '(line)'}: ${issue.message}` });
  });
  return { records, issues };
}
