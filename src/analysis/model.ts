import { z } from 'zod';
import { PERSONAS } from '../domain/ids';
import {
  type GroupModel,
  type GroupModelJson,
  groupModelSchema,
  loadGroup,
  type PackedGroup,
  packGroup,
  unpackGroup,
} from './linear-model';
import { loadMlp, type Mlp, mlpSchema, packMlp } from './mlp';

/** The shipped, retrainable model: `models/analysis-model.json`, written by `huikuan train`. */

export const personaModelSchema = z.object({
  features: z.array(z.string()),
  /** weights[persona][feature] */
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  /** the debtor's words: n-gram → [personaIndex, weight, …] (src/analysis/persona.ts) */
  text: groupModelSchema.optional(),
  /** the scale of the words' L2-normalised vector */
  text_scale: z.number().positive().optional(),
  /** the least squared norm the words' vector is divided by (a few words say little) */
  text_norm_floor: z.number().nonnegative().optional(),
});
export type PersonaModelJson = z.infer<typeof personaModelSchema>;

/** A speaker group: the linear model and, from the r13 model on, its neural layer (mlp.ts). */
const speakerGroupSchema = groupModelSchema.extend({ mlp: mlpSchema.optional() });
type SpeakerGroupJson = z.infer<typeof speakerGroupSchema>;

export const analysisModelSchema = z.object({
  format: z.literal('huikuan-analysis-model'),
  version: z.literal(1),
  trained_at: z.string(),
  corpus: z.object({ utterances: z.number(), dialogues: z.number(), digest: z.string() }),
  agent: speakerGroupSchema,
  debtor: speakerGroupSchema,
  persona: personaModelSchema,
});
export type AnalysisModelJson = z.infer<typeof analysisModelSchema>;

export interface PersonaModel {
  features: string[];
  weights: number[][];
  bias: number[];
  /** the debtor's words (absent in a model trained before words counted) */
  text?: GroupModel;
  textScale?: number;
  textNormFloor?: number;
}

export interface AnalysisModel {
  agent: GroupModel;
  debtor: GroupModel;
  persona: PersonaModel;
  meta: { trained_at: string; digest: string };
}

/** A group's rows checked by hand (zod over ~110k rows is most of a model's load time). */
const fastGroupSchema = groupModelSchema.extend({
  weights: z.custom<GroupModelJson['weights']>(isWeightRows),
});
const fastSpeakerSchema = fastGroupSchema.extend({ mlp: mlpSchema.optional() });
const fastModelSchema = analysisModelSchema.extend({
  agent: fastSpeakerSchema,
  debtor: fastSpeakerSchema,
  persona: personaModelSchema.extend({ text: fastGroupSchema.optional() }),
});

function loadSpeakerGroup(json: SpeakerGroupJson, what: string): GroupModel {
  const g = loadGroup(json);
  if (json.mlp) g.mlp = loadMlp(json.mlp, json.labels.length, `${what}'s neural layer`);
  return g;
}

function isWeightRows(v: unknown): boolean {
  if (
    typeof v !== 'object' ||
    v === null ||
    Array.isArray(v) ||
    Object.getPrototypeOf(v) !== Object.prototype
  )
    return false;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) return false;
    const row: unknown = (v as Record<string, unknown>)[k];
    if (!Array.isArray(row)) return false;
    for (let i = 0; i < row.length; i++)
      if (typeof row[i] !== 'number' || !Number.isFinite(row[i])) return false;
  }
  return true;
}

/** Every row's label indices within the group's labels (a bad index would be dropped silently). */
function checkLabelIndices(rows: GroupModelJson['weights'], labels: number, what: string): void {
  for (const k in rows) {
    const row = rows[k]!;
    if (row.length % 2 !== 0) throw new Error(`${what}: row "${k}" is not [label, weight, …] pairs`);
    for (let i = 0; i < row.length; i += 2) {
      const l = row[i]!;
      if (!Number.isInteger(l) || l < 0 || l >= labels)
        throw new Error(`${what}: row "${k}" names label ${l}, not one of 0–${labels - 1}`);
    }
  }
}

export function loadAnalysisModel(json: unknown): AnalysisModel {
  // Anything the hand check refuses goes through the full schema, which names the problem.
  const fast = fastModelSchema.safeParse(json);
  const m = fast.success ? fast.data : analysisModelSchema.parse(json);
  if (m.persona.weights.length !== PERSONAS.length)
    throw new Error('persona model: one weight row per persona');
  if (m.persona.text && m.persona.text.labels.length !== PERSONAS.length)
    throw new Error('persona model: the words table needs one label per persona');
  if (m.persona.text) checkLabelIndices(m.persona.text.weights, PERSONAS.length, 'the persona words table');
  const { text, text_scale, text_norm_floor, ...persona } = m.persona;
  return {
    agent: loadSpeakerGroup(m.agent, 'the collector group'),
    debtor: loadSpeakerGroup(m.debtor, 'the debtor group'),
    persona: {
      ...persona,
      ...(text
        ? { text: loadGroup(text), textScale: text_scale ?? 1, textNormFloor: text_norm_floor ?? 0 }
        : {}),
    },
    meta: { trained_at: m.trained_at, digest: m.corpus.digest },
  };
}

/** A loaded model as batch workers receive it: the groups packed on shared memory (see PackedGroup). */
export interface PackedModel {
  agent: PackedGroup & { mlp?: Mlp };
  debtor: PackedGroup & { mlp?: Mlp };
  persona: Omit<PersonaModel, 'text'> & { text?: PackedGroup };
  meta: AnalysisModel['meta'];
}

export function packModel(m: AnalysisModel): PackedModel {
  const { text, ...persona } = m.persona;
  const speaker = (g: GroupModel) => ({ ...packGroup(g), ...(g.mlp ? { mlp: packMlp(g.mlp) } : {}) });
  return {
    agent: speaker(m.agent),
    debtor: speaker(m.debtor),
    persona: { ...persona, ...(text ? { text: packGroup(text) } : {}) },
    meta: m.meta,
  };
}

export function unpackModel(p: PackedModel): AnalysisModel {
  const { text, ...persona } = p.persona;
  const speaker = (g: PackedModel['agent']): GroupModel => {
    const u = unpackGroup(g);
    if (g.mlp) u.mlp = g.mlp;
    return u;
  };
  return {
    agent: speaker(p.agent),
    debtor: speaker(p.debtor),
    persona: { ...persona, ...(text ? { text: unpackGroup(text) } : {}) },
    meta: p.meta,
  };
}
