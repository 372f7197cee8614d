import {
  INTENT_NAMES_ZH,
  INTENTS,
  type IntentId,
  PERSONA_NAMES_ZH,
  PERSONAS,
  type PersonaId,
  REASON_NAMES_ZH,
  REASONS,
  type ReasonId,
} from '../domain/ids';
import type { CueHit } from './cues';
import { FIGURE_CHARS, UNIT_CHARS } from './evidence';
import type { Compact } from './features';
import type { TurnScan } from './featurize';
import {
  addRow,
  findSpan,
  type GroupModelJson,
  HASH_BASIS,
  hashFinish,
  hashStep,
  rowWeight,
  tableOf,
} from './linear-model';
import type { PersonaModel, PersonaModelJson } from './model';

/**
 * The debtor's psychological type, from behaviour over the whole call: persona cues heard in
 * the debtor's turns, the reasons and intents the turn models found, and the debtor's own words
 * (the character 1–3-grams of every debtor turn, pooled over the call). One softmax model keeps it
 * explainable: evidence = the turns that moved it, with the words that did.
 *
 * The words are counted per call — in how many debtor turns each n-gram of the model's vocabulary
 * was heard — as log(1 + turns), L2-normalised over the call and scaled by the model's `textScale`,
 * so a long call and a short one weigh alike; but the squared norm divided by is at least
 * `textNormFloor`, so a debtor who has said only "嗯嗯好的" moves the persona little (wordScale:
 * training and analysis value the words with the same function). The collector's words and
 * strategies are left out on purpose: the collector adapts to the persona they believe in (and to
 * the advisor's suggestion), so they would echo that belief back instead of adding evidence about
 * the debtor.
 */

export interface PersonaTurnInput {
  index: number;
  speaker: 'agent' | 'debtor' | 'third_party';
  text: string;
  cues: readonly CueHit[];
  /** label → probability, for debtor turns */
  probs: ReadonlyMap<string, number>;
  /**
   * the reasons and intents the turn was given (`reason:…`, `intent:…`), when known: the evidence then
   * says it heard only these, never a label the turn's own line does not show
   */
  given?: ReadonlySet<string>;
  /** debtor turns: the rows of the persona model's words table this turn's n-grams hit (distinct) */
  textRows?: Int32Array;
  /** debtor turns: the compact text the rows were found in (for evidence) */
  compact?: Compact;
}

const NO_ROWS = new Int32Array(0);

/** The rows of the persona model's words table hit by a debtor turn's distinct n-grams (no strings built). */
export function personaTextRows(model: PersonaModel, f: TurnScan): Int32Array {
  if (!model.text) return NO_ROWS;
  const table = tableOf(model.text);
  const g = f.grams;
  if (g.id !== f.gramsId) throw new Error('personaTextRows: the turn scan was reused');
  const s = f.compact.chars;
  if (rowScratch.length < g.count) rowScratch = new Int32Array(2 * g.count);
  let n = 0;
  for (let d = 0; d < g.count; d++) {
    const at = findSpan(table, s, g.from[d]!, g.len[d]!, g.hash[d]!);
    if (at >= 0) rowScratch[n++] = at;
  }
  return rowScratch.slice(0, n);
}

let rowScratch = new Int32Array(256);

/**
 * What log(1 + turns) of each word is multiplied by, given the call's sum of their squares: the
 * L2 normalisation, its floor and the scale — the one definition for training and analysis.
 */
export function wordScale(sumSq: number, textScale: number, floor: number): number {
  return sumSq > 0 ? textScale / Math.sqrt(Math.max(sumSq, floor)) : 0;
}

/** The debtor's words over a call: the scores they add and what evidence needs to explain them. */
export interface PersonaWords {
  /** each persona's score from the words (zeros without a words table) */
  logits: Float64Array;
  /** words-table row → in how many debtor turns it was heard, in first-heard order */
  counts: Map<number, number>;
  /** a row heard in c turns is worth log(1 + c) × scale: L2-normalised over the call, × textScale */
  scale: number;
}

export function personaWords(model: PersonaModel, turns: readonly PersonaTurnInput[]): PersonaWords {
  const logits = new Float64Array(PERSONAS.length);
  const counts = new Map<number, number>();
  if (!model.text) return { logits, counts, scale: 0 };
  for (const t of turns) {
    if (t.speaker !== 'debtor' || !t.textRows) continue;
    for (const at of t.textRows) counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  let sumSq = 0;
  for (const c of counts.values()) sumSq += Math.log1p(c) ** 2;
  const scale = wordScale(sumSq, model.textScale ?? 1, model.textNormFloor ?? 0);
  const table = tableOf(model.text);
  for (const [at, c] of counts) addRow(table, at, Math.log1p(c) * scale, logits);
  return { logits, counts, scale };
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

export function personaScores(
  model: PersonaModel,
  f: Float64Array,
  text: Float64Array = new Float64Array(PERSONAS.length),
): Record<PersonaId, number> {
  const index = indexOf(model);
  const z = PERSONAS.map((_, p) => {
    let s = (model.bias[p] ?? 0) + text[p]!;
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

/**
 * Human-readable evidence for a persona: the debtor turns whose words, cues and labels pushed it up
 * (`heard`: the call's personaWords, when the caller has them already).
 */
export function personaEvidence(
  model: PersonaModel,
  persona: PersonaId,
  turns: readonly PersonaTurnInput[],
  heard: PersonaWords = personaWords(model, turns),
): string[] {
  const p = PERSONAS.indexOf(persona);
  const index = indexOf(model);
  const weight = (k: string) => model.weights[p]?.[index.get(k) ?? -1] ?? 0;
  const table = model.text ? tableOf(model.text) : null;
  const { counts, scale: k } = heard;
  const scored: { score: number; turn: PersonaTurnInput; why: string[]; words: WordPull[] }[] = [];
  for (const t of turns) {
    if (t.speaker !== 'debtor') continue;
    let score = 0;
    const why: string[] = [];
    const words: WordPull[] = [];
    if (table && t.textRows) {
      // the turn's share of each word's pull: a word heard in n turns gives each of them 1/n
      let pull = 0;
      for (const at of t.textRows) {
        const c = counts.get(at) ?? 1;
        const w = (rowWeight(table, at, p) * Math.log1p(c) * k) / c;
        pull += w;
        if (w > 0) words.push({ at, w });
      }
      if (pull > MIN_WORD_PULL) score += pull;
      else words.length = 0;
    }
    for (const h of t.cues) {
      if (h.label !== `persona:${persona}`) continue;
      score += weight(`cue:${persona}`);
      why.push(`"${t.text.slice(h.start, h.end)}"`);
      break;
    }
    for (const [label, pr] of t.probs) {
      const w = weight(label);
      if (w > 0.2 && pr >= 0.5 && (!t.given || t.given.has(label))) {
        score += w * pr;
        why.push(heardAs(label));
      }
    }
    if (score > 0 && (why.length || words.length)) scored.push({ score, turn: t, why, words });
  }
  scored.sort((a, b) => b.score - a.score);
  const lines = scored.slice(0, 4).map(({ turn, why, words }) => {
    const said = table && turn.compact && words.length ? topWords(turn.text, turn.compact, table, words) : [];
    const all = [...(said.length ? [`用语“${said.join('”“')}”`] : []), ...why];
    return `第${turn.index + 1}句${all.length ? ` ${all.join('，')}` : ''}：${clip(turn.text, 40)}`;
  });
  return lines.length ? lines : [`未听到明显的${PERSONA_NAMES_ZH[persona]}信号，结论把握不大`];
}

/** A reason or intent as a reader of the evidence line says it: 听出“收入下降/失业”. */
export function heardAs(label: string): string {
  const [kind, id] = label.split(':') as [string, string];
  const name =
    kind === 'reason'
      ? REASON_NAMES_ZH[id as ReasonId]
      : kind === 'intent'
        ? INTENT_NAMES_ZH[id as IntentId]
        : undefined;
  return name ? `听出“${name}”` : label;
}

/** A figure alone (一千, 3000, 十号) weighs on a persona in the model but tells a reader nothing. */
const FIGURE_ONLY = new RegExp(`^[${FIGURE_CHARS}${UNIT_CHARS},，]+$`);

/** Whether words the debtor said are worth quoting as persona evidence. */
export function quotable(said: string): boolean {
  return !FIGURE_ONLY.test(said);
}

/** A turn's pull toward a persona through a words-table row should be worth showing. */
const MIN_WORD_PULL = 0.15;

interface WordPull {
  at: number;
  w: number;
}

/**
 * The turn's two strongest words toward the persona, as the debtor said them: among its six
 * heaviest rows, the 2–3-character n-grams of the turn (single characters say little to a reader).
 */
function topWords(text: string, c: Compact, table: ReturnType<typeof tableOf>, words: WordPull[]): string[] {
  const heaviest = new Map(
    [...words]
      .sort((a, b) => b.w - a.w)
      .slice(0, 6)
      .map((x) => [x.at, x.w]),
  );
  const hits: { from: number; n: number; w: number }[] = [];
  const s = c.chars;
  for (let i = 0; i + 2 <= s.length; i++) {
    let h = hashStep(hashStep(HASH_BASIS, s.charCodeAt(i)), s.charCodeAt(i + 1));
    for (let n = 2; n <= 3 && i + n <= s.length; n++) {
      if (n === 3) h = hashStep(h, s.charCodeAt(i + 2));
      const at = findSpan(table, s, i, n, hashFinish(h));
      const w = heaviest.get(at);
      if (w === undefined) continue;
      heaviest.delete(at);
      hits.push({ from: i, n, w });
    }
  }
  // longer words first; a shorter word inside a longer one already shown adds nothing
  hits.sort((a, b) => b.n - a.n);
  const found: { text: string; w: number }[] = [];
  for (const x of hits) {
    // quoted as said: the compact text drops punctuation and writes a number as 0, and normalising
    // keeps every position, so the span maps back onto the turn's own text
    const said = text.slice(c.pos[x.from]!, c.endPos[x.from + x.n - 1]!);
    if (quotable(said) && !found.some((f) => f.text.includes(said))) found.push({ text: said, w: x.w });
  }
  found.sort((a, b) => b.w - a.w);
  return found.slice(0, 2).map((f) => f.text);
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

export interface PersonaExample {
  /** personaFeatures of the call (or of its first part) */
  features: Float64Array;
  /** each n-gram of the debtor's words → in how many debtor turns it was heard */
  grams: ReadonlyMap<string, number>;
  persona: PersonaId;
  weight?: number;
  /** a whole call (only whole calls decide the vocabulary); default true */
  whole?: boolean;
}

export interface PersonaTrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 on the per-call features' weights */
  l2: number;
  /** L2 on the words' weights */
  textL2: number;
  /** the words' L2-normalised vector is scaled by this (it sets how far words can outweigh features) */
  textScale: number;
  /** the least squared norm the words' vector is divided by: fewer words than that count for less */
  textNormFloor: number;
  /** an n-gram joins the vocabulary when heard in at least this many whole training calls */
  minCalls: number;
}

/** Chosen by cross-validation on train (docs/analysis.md, "Persona"). */
export const PERSONA_TRAIN: PersonaTrainOptions = {
  epochs: 600,
  learningRate: 0.5,
  l2: 0.01,
  textL2: 0.001,
  textScale: 4,
  textNormFloor: 50,
  minCalls: 3,
};

/** The distinct character 1–3-grams of a compact text: the words a debtor turn adds to a call. */
export function turnGrams(c: Compact): Set<string> {
  const s = c.chars;
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++)
    for (let n = 1; n <= 3 && i + n <= s.length; n++) out.add(s.slice(i, i + n));
  return out;
}

/**
 * Multinomial logistic regression over the per-call features and the words, full-batch gradient
 * descent with L2 (small data: hundreds of calls). The words are a sparse block: each call keeps
 * only its vocabulary n-grams, valued as personaTextLogits values them at analysis time.
 */
export function trainPersona(
  examples: readonly PersonaExample[],
  opts: PersonaTrainOptions = PERSONA_TRAIN,
): PersonaModelJson {
  const P = PERSONAS.length;
  const F = PERSONA_FEATURES.length;
  const calls = new Map<string, number>();
  for (const ex of examples)
    if (ex.whole ?? true) for (const g of ex.grams.keys()) calls.set(g, (calls.get(g) ?? 0) + 1);
  const vocab = [...calls].filter(([, c]) => c >= opts.minCalls).map(([g]) => g);
  vocab.sort();
  const column = new Map(vocab.map((g, i) => [g, i]));
  const V = vocab.length;
  // each example's words as (column, value) pairs, CSR
  const start = new Int32Array(examples.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  examples.forEach((ex, n) => {
    let sumSq = 0;
    const at = cols.length;
    for (const [g, c] of ex.grams) {
      const j = column.get(g);
      if (j === undefined) continue;
      cols.push(j);
      vals.push(Math.log1p(c));
      sumSq += Math.log1p(c) ** 2;
    }
    const k = wordScale(sumSq, opts.textScale, opts.textNormFloor);
    for (let i = at; i < vals.length; i++) vals[i]! *= k;
    start[n + 1] = cols.length;
  });
  const W = Array.from({ length: P }, () => new Float64Array(F));
  const T = Array.from({ length: P }, () => new Float64Array(V));
  const b = new Float64Array(P);
  const total = examples.reduce((s, e) => s + (e.weight ?? 1), 0);
  const z = new Array<number>(P);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const gW = Array.from({ length: P }, () => new Float64Array(F));
    const gT = Array.from({ length: P }, () => new Float64Array(V));
    const gb = new Float64Array(P);
    examples.forEach((ex, n) => {
      const from = start[n]!;
      const to = start[n + 1]!;
      for (let p = 0; p < P; p++) {
        let s = b[p]!;
        const w = W[p]!;
        for (let i = 0; i < F; i++) s += w[i]! * ex.features[i]!;
        const t = T[p]!;
        for (let i = from; i < to; i++) s += t[cols[i]!]! * vals[i]!;
        z[p] = s;
      }
      const pr = softmax(z);
      const y = PERSONAS.indexOf(ex.persona);
      const ew = (ex.weight ?? 1) / total;
      for (let p = 0; p < P; p++) {
        const g = (pr[p]! - (p === y ? 1 : 0)) * ew;
        gb[p]! += g;
        const gw = gW[p]!;
        for (let i = 0; i < F; i++) gw[i]! += g * ex.features[i]!;
        const gt = gT[p]!;
        for (let i = from; i < to; i++) gt[cols[i]!]! += g * vals[i]!;
      }
    });
    for (let p = 0; p < P; p++) {
      b[p]! -= opts.learningRate * gb[p]!;
      for (let i = 0; i < F; i++) W[p]![i]! -= opts.learningRate * (gW[p]![i]! + opts.l2 * W[p]![i]!);
      for (let i = 0; i < V; i++) T[p]![i]! -= opts.learningRate * (gT[p]![i]! + opts.textL2 * T[p]![i]!);
    }
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  // Every vocabulary n-gram keeps its row, even one whose weights all round to 0: the call's
  // normalisation counts it, at analysis time as in training.
  const rows: GroupModelJson['weights'] = {};
  vocab.forEach((g, i) => {
    const flat: number[] = [];
    for (let p = 0; p < P; p++) {
      const w = r(T[p]![i]!);
      if (w !== 0) flat.push(p, w);
    }
    rows[g] = flat;
  });
  return {
    features: [...PERSONA_FEATURES],
    weights: W.map((w) => Array.from(w, r)),
    bias: Array.from(b, r),
    text: {
      labels: PERSONAS.map((p) => `persona:${p}`),
      bias: PERSONAS.map(() => 0),
      thresholds: PERSONAS.map(() => 0),
      weights: rows,
    },
    text_scale: opts.textScale,
    text_norm_floor: opts.textNormFloor,
  };
}
