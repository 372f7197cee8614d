import { INTENTS, PERSONA_NAMES_ZH, PERSONAS, type PersonaId, REASONS } from '../domain/ids';
import type { CueHit } from './cues';
import type { PersonaModel, PersonaModelJson } from './model';

/**
 * The debtor's psychological type, from behaviour over the whole call: persona cues heard in
 * the debtor's turns and the reasons and intents the turn models found. A small softmax model
 * (one weight per persona × feature) keeps it explainable: evidence = the turns that moved it.
 */

export interface PersonaTurnInput {
  index: number;
  speaker: 'agent' | 'debtor' | 'third_party';
  text: string;
  cues: readonly CueHit[];
  /** label → probability, for debtor turns */
  probs: ReadonlyMap<string, number>;
}

export const PERSONA_FEATURES: readonly string[] = [
  ...PERSONAS.map((p) => `cue:${p}`),
  ...REASONS.map((r) => `reason:${r}`),
  ...INTENTS.map((i) => `intent:${i}`),
  'third_party_answered',
  'debtor_turns',
];

const FEATURE_AT: ReadonlyMap<string, number> = new Map(PERSONA_FEATURES.map((k, i) => [k, i]));

/** feature name → column in a persona model's weights, worked out once per model */
const MODEL_INDEX = new WeakMap<PersonaModel, ReadonlyMap<string, number>>();
function indexOf(model: PersonaModel): ReadonlyMap<string, number> {
  let index = MODEL_INDEX.get(model);
  if (!index) {
    index = new Map(model.features.map((k, i) => [k, i]));
    MODEL_INDEX.set(model, index);
  }
  return index;
}

export function personaFeatures(turns: readonly PersonaTurnInput[]): Float64Array {
  const f = new Float64Array(PERSONA_FEATURES.length);
  const at = FEATURE_AT;
  let debtorTurns = 0;
  let thirdParty = false;
  for (const t of turns) {
    if (t.speaker === 'third_party') thirdParty = true;
    if (t.speaker !== 'debtor') continue;
    debtorTurns++;
    const personas = new Set<string>();
    for (const h of t.cues) if (h.label.startsWith('persona:')) personas.add(h.label.slice(8));
    for (const p of personas) f[at.get(`cue:${p}`)!]! += 1;
    for (const [label, p] of t.probs) {
      const i = at.get(label);
      if (i !== undefined) f[i]! += p;
    }
  }
  for (let i = 0; i < f.length; i++) f[i] = Math.log1p(f[i]!);
  f[at.get('third_party_answered')!] = thirdParty ? 1 : 0;
  f[at.get('debtor_turns')!] = Math.log1p(debtorTurns) / 3;
  return f;
}

export function personaScores(model: PersonaModel, f: Float64Array): Record<PersonaId, number> {
  const index = indexOf(model);
  const z = PERSONAS.map((_, p) => {
    let s = model.bias[p] ?? 0;
    PERSONA_FEATURES.forEach((k, i) => {
      const j = index.get(k);
      if (j !== undefined) s += (model.weights[p]?.[j] ?? 0) * f[i]!;
    });
    return s;
  });
  const probs = softmax(z);
  const r = (i: number) => Math.round(probs[i]! * 1000) / 1000;
  return { guilty: r(0), lucky: r(1), vain: r(2), dominant: r(3), timid: r(4), jaded: r(5) };
}

/** Human-readable evidence for a persona: the debtor turns whose cues and labels pushed it up. */
export function personaEvidence(
  model: PersonaModel,
  persona: PersonaId,
  turns: readonly PersonaTurnInput[],
): string[] {
  const p = PERSONAS.indexOf(persona);
  const index = indexOf(model);
  const weight = (k: string) => model.weights[p]?.[index.get(k) ?? -1] ?? 0;
  const scored: { score: number; line: string }[] = [];
  for (const t of turns) {
    if (t.speaker !== 'debtor') continue;
    let score = 0;
    const why: string[] = [];
    for (const h of t.cues) {
      if (h.label !== `persona:${persona}`) continue;
      score += weight(`cue:${persona}`);
      why.push(`"${t.text.slice(h.start, h.end)}"`);
      break;
    }
    for (const [label, pr] of t.probs) {
      const w = weight(label);
      if (w > 0.2 && pr >= 0.5) {
        score += w * pr;
        why.push(label.replace(':', '='));
      }
    }
    if (score > 0 && why.length)
      scored.push({ score, line: `第${t.index + 1}句 ${why.join('，')}：${clip(t.text, 40)}` });
  }
  scored.sort((a, b) => b.score - a.score);
  const lines = scored.slice(0, 4).map((s) => s.line);
  return lines.length ? lines : [`未听到明显的${PERSONA_NAMES_ZH[persona]}信号，结论把握不大`];
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Multinomial logistic regression, full-batch gradient descent with L2 (small data: dozens of calls). */
export function trainPersona(
  examples: readonly { features: Float64Array; persona: PersonaId; weight?: number }[],
  opts = { epochs: 600, learningRate: 0.5, l2: 0.01 },
): PersonaModelJson {
  const P = PERSONAS.length;
  const F = PERSONA_FEATURES.length;
  const W = Array.from({ length: P }, () => new Float64Array(F));
  const b = new Float64Array(P);
  const total = examples.reduce((s, e) => s + (e.weight ?? 1), 0);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const gW = Array.from({ length: P }, () => new Float64Array(F));
    const gb = new Float64Array(P);
    for (const ex of examples) {
      const z = W.map((w, p) => b[p]! + w.reduce((s, wi, i) => s + wi * ex.features[i]!, 0));
      const pr = softmax(z);
      const y = PERSONAS.indexOf(ex.persona);
      const ew = (ex.weight ?? 1) / total;
      for (let p = 0; p < P; p++) {
        const g = (pr[p]! - (p === y ? 1 : 0)) * ew;
        gb[p]! += g;
        for (let i = 0; i < F; i++) gW[p]![i]! += g * ex.features[i]!;
      }
    }
    for (let p = 0; p < P; p++) {
      b[p]! -= opts.learningRate * gb[p]!;
      for (let i = 0; i < F; i++) W[p]![i]! -= opts.learningRate * (gW[p]![i]! + opts.l2 * W[p]![i]!);
    }
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    features: [...PERSONA_FEATURES],
    weights: W.map((w) => Array.from(w, r)),
    bias: Array.from(b, r),
  };
}
