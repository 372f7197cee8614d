import { INTENTS, LANGUAGE_RULES, PERSONAS, REASONS, STRATEGIES } from '../domain/ids';
import { judgeFact } from './analyze';
import type { Facts } from './contract';
import type { Dialogue, LabelledTurn, Utterance } from './corpus';
import { DEFAULT_CRIMINAL, lawfulFrame } from './facts-rules';
import { compact } from './features';
import { featurize } from './featurize';
import { interleavedFolds } from './folds';
import {
  DEBTOR_TRAIN,
  DEFAULT_TRAIN,
  type Example,
  type GroupModel,
  groupToJson,
  type TrainOptions,
  trainGroup,
} from './linear-model';
import { DEFAULT_MLP, groupProbs, type MlpOptions, mlpToJson, trainMlp } from './mlp';
import type { AnalysisModelJson, PersonaModelJson } from './model';
import { normalize } from './normalize';
import {
  type PersonaExample,
  type PersonaTurnInput,
  personaFeatures,
  trainPersona,
  turnGrams,
} from './persona';

/** Fits the shipped model from the labelled corpus (`huikuan train`). Pure and deterministic. */

/** Rules judged per turn by the model; disclosure.identity is a call-level check. */
export const TURN_RULES = LANGUAGE_RULES.filter((r) => r !== 'disclosure.identity');
export const AGENT_LABELS = [
  ...STRATEGIES.map((s) => `strategy:${s}`),
  ...TURN_RULES.map((r) => `violation:${r}`),
];
export const DEBTOR_LABELS = [...REASONS.map((r) => `reason:${r}`), ...INTENTS.map((i) => `intent:${i}`)];

export interface TurnSample {
  id: string;
  turn: LabelledTurn;
  audience: 'debtor' | 'third_party' | 'unknown';
  facts: Facts | undefined;
  at: Date;
}

const DEFAULT_AT = new Date('2026-11-30T10:00:00+08:00');

/** Every labelled turn of the corpus with the context the analyser would see. */
export function turnSamples(utterances: readonly Utterance[], dialogues: readonly Dialogue[]): TurnSample[] {
  const out: TurnSample[] = utterances.map((u) => ({
    id: u.id,
    turn: u,
    audience: u.speaker === 'agent' ? (u.audience ?? 'debtor') : 'debtor',
    facts: u.facts,
    at: u.at ? new Date(u.at) : DEFAULT_AT,
  }));
  for (const d of dialogues) {
    let last: 'debtor' | 'third_party' | null = null;
    d.turns.forEach((t, i) => {
      const audience = t.speaker === 'agent' ? (t.audience ?? last ?? 'unknown') : 'debtor';
      if (t.speaker !== 'agent') last = t.speaker;
      out.push({ id: `${d.id}#${i}`, turn: t, audience, facts: d.facts, at: new Date(d.at) });
    });
  }
  return out;
}

function goldLabels(t: LabelledTurn): Set<string> {
  return new Set([
    ...t.strategies.map((s) => `strategy:${s}`),
    ...t.violations.filter((v) => v !== 'disclosure.identity').map((v) => `violation:${v}`),
    ...t.reasons.map((r) => `reason:${r}`),
    ...t.intents.map((i) => `intent:${i}`),
  ]);
}

/**
 * Labels not to learn from on a sample: a lawful line whose charged claim the facts establish
 * (the FACT gate, not the model, makes it lawful), and third-party rules when no third party hears.
 */
function ignoredLabels(s: TurnSample, labels: readonly string[], norm: string): Set<number> {
  const ignore = new Set<number>();
  labels.forEach((label, i) => {
    if (!label.startsWith('violation:')) return;
    const rule = label.slice('violation:'.length);
    if (s.turn.violations.some((v) => v === rule)) return;
    if (rule.startsWith('third_party.') && s.audience !== 'third_party') ignore.add(i);
    else if (
      (rule === 'language.false_legal_claim' || rule === 'language.criminal_claim') &&
      s.facts &&
      !judgeFact(rule, norm, s.audience, { at: s.at, facts: s.facts }, DEFAULT_CRIMINAL).violation
    )
      ignore.add(i);
  });
  return ignore;
}

/**
 * A lawful collector line that states a documented offer's real expiry (the facts clear
 * language.false_deadline) is learnt as a positive of that label: said without the offer in the facts,
 * the same words are an invented deadline, so the model is to hear the deadline and the FACT gate
 * (judgeFact) decides whether it is the offer's own. Learnt as negatives, such lines taught the model
 * that a calm deadline is no violation whatever the facts; ignored, they taught it nothing.
 */
function statedRealDeadline(s: TurnSample, index: ReadonlyMap<string, number>, norm: string): number | null {
  const i = index.get('violation:language.false_deadline');
  if (i === undefined || s.turn.speaker !== 'agent' || !s.facts?.offer?.expires_at) return null;
  if (s.turn.violations.includes('language.false_deadline')) return null;
  const j = judgeFact(
    'language.false_deadline',
    norm,
    s.audience,
    { at: s.at, facts: s.facts },
    DEFAULT_CRIMINAL,
  );
  return j.violation ? null : i;
}

function lawfulFrameLabels(labels: readonly string[], norm: string): Set<number> | undefined {
  let out: Set<number> | undefined;
  labels.forEach((label, i) => {
    if (!label.startsWith('violation:') || !lawfulFrame(label.slice('violation:'.length), norm)) return;
    out ??= new Set();
    out.add(i);
  });
  return out;
}

export function examplesFor(samples: readonly TurnSample[], speaker: 'agent' | 'debtor'): Example[] {
  const labels = speaker === 'agent' ? AGENT_LABELS : DEBTOR_LABELS;
  const index = new Map(labels.map((l, i) => [l, i]));
  return samples
    .filter((s) => s.turn.speaker === speaker)
    .map((s) => {
      const f = featurize(s.turn.text, { speaker, audience: s.audience });
      const positive = new Set<number>();
      for (const l of goldLabels(s.turn)) {
        const i = index.get(l);
        if (i !== undefined) positive.add(i);
      }
      const deadline = statedRealDeadline(s, index, f.norm);
      if (deadline !== null) positive.add(deadline);
      return {
        keys: f.keys,
        values: f.values,
        positive,
        ignore: ignoredLabels(s, labels, f.norm),
        // a lawful near miss is the hard negative the violation labels must learn from: it counts twice
        ...(s.turn.near_miss !== undefined && s.turn.violations.length === 0 && deadline === null
          ? { weight: NEAR_MISS_WEIGHT }
          : {}),
      };
    });
}

/** How much a lawful near miss counts in training, against 1 for any other line. */
export const NEAR_MISS_WEIGHT = 2;

/**
 * Per-label thresholds from k-fold out-of-fold scores: F1 for labels, F2 for violations
 * (missing a violation costs more than a false alarm a reviewer dismisses).
 */
export function tuneThresholds(
  labels: readonly string[],
  examples: readonly Example[],
  foldOf: Int32Array = interleavedFolds(examples.length, 5),
  opts: TrainOptions = DEFAULT_TRAIN,
  /** per example, the labels a gate after the model rules out whatever the score (lawful frames) */
  gated?: readonly (ReadonlySet<number> | undefined)[],
  mlp: MlpOptions | null = null,
): Float64Array {
  const oof: Float64Array[] = examples.map(() => new Float64Array(labels.length));
  const folds = foldOf.reduce((m, f) => Math.max(m, f + 1), 0);
  for (let k = 0; k < folds; k++) {
    const train = examples.filter((_, i) => foldOf[i] !== k);
    const m = fitGroup(labels, train, opts, mlp);
    examples.forEach((ex, i) => {
      if (foldOf[i] === k) oof[i] = groupProbs(m, ex.keys, ex.values);
    });
  }
  const th = new Float64Array(labels.length);
  labels.forEach((label, l) => {
    th[l] = bestThreshold(label.startsWith('violation:') ? 2 : 1, (t) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      examples.forEach((ex, i) => {
        if (ex.ignore?.has(l)) return;
        const pred = oof[i]![l]! >= t && !gated?.[i]?.has(l);
        const gold = ex.positive.has(l);
        // each line counts as much as it did in training: a lawful near miss flagged is two false alarms
        const w = ex.weight ?? 1;
        if (pred && gold) tp += w;
        else if (pred) fp += w;
        else if (gold) fn += w;
      });
      return { tp, fp, fn };
    });
  });
  return th;
}

/** The threshold grid the search walks: 0.15 to 0.85 in steps of 0.025. */
const GRID = Array.from({ length: 29 }, (_, i) => 0.15 + i * 0.025);

/**
 * The threshold with the best F-beta on the grid. Where neighbouring thresholds tie for best, the
 * counts are the same on the whole run, so the middle of the run is taken: the largest margin from
 * the scores on either side, rather than the run's lowest edge.
 */
export function bestThreshold(
  beta: number,
  counts: (t: number) => { tp: number; fp: number; fn: number },
): number {
  const b2 = beta * beta;
  let bestScore = -1;
  let runStart = 0.5;
  let runEnd = 0.5;
  let inRun = false;
  for (const t of GRID) {
    const { tp, fp, fn } = counts(t);
    const score = tp === 0 ? 0 : ((1 + b2) * tp) / ((1 + b2) * tp + b2 * fn + fp);
    if (score > bestScore + 1e-9) {
      bestScore = score;
      runStart = t;
      runEnd = t;
      inRun = true;
    } else if (inRun && Math.abs(score - bestScore) <= 1e-9) runEnd = t;
    else inRun = false;
  }
  return (runStart + runEnd) / 2;
}

/** A speaker group's linear model, and its neural layer unless `mlp` is null. */
export function fitGroup(
  labels: readonly string[],
  examples: readonly Example[],
  opts: TrainOptions,
  mlp: MlpOptions | null,
): GroupModel {
  const m = trainGroup([...labels], examples, opts);
  if (mlp) m.mlp = trainMlp(labels.length, examples, mlp);
  return m;
}

function groupJson(m: GroupModel) {
  return { ...groupToJson(m), ...(m.mlp ? { mlp: mlpToJson(m.mlp) } : {}) };
}

export interface TrainReport {
  model: AnalysisModelJson;
  counts: { agentExamples: number; debtorExamples: number; dialogues: number };
}

export function trainAnalysisModel(
  utterances: readonly Utterance[],
  dialogues: readonly Dialogue[],
  opts: {
    now: Date;
    digest: string;
    folds?: number;
    train?: Partial<TrainOptions>;
    /** the neural layer's options; null: linear models only */
    mlp?: Partial<MlpOptions> | null;
  },
): TrainReport {
  const t: TrainOptions = { ...DEFAULT_TRAIN, ...opts.train };
  const mlp: MlpOptions | null = opts.mlp === null ? null : { ...DEFAULT_MLP, ...opts.mlp };
  const samples = turnSamples(utterances, dialogues);
  const agentEx = examplesFor(samples, 'agent');
  const debtorEx = examplesFor(samples, 'debtor');
  const agent = fitGroup(AGENT_LABELS, agentEx, t, mlp);
  // Thresholds for the scores as the analyser uses them: a turn in a lawful frame is never flagged
  // for that rule, so its score should not hold a threshold up.
  const gated = samples
    .filter((s) => s.turn.speaker === 'agent')
    .map((s) => lawfulFrameLabels(AGENT_LABELS, normalize(s.turn.text)));
  // Threshold folds interleave the lines, so each holds some of every writer. Folds of whole writers
  // were tried (docs/analysis.md): cross-validation by writer did not move.
  const k = opts.folds ?? 5;
  agent.thresholds = tuneThresholds(
    AGENT_LABELS,
    agentEx,
    interleavedFolds(agentEx.length, k),
    t,
    gated,
    mlp,
  );
  const td: TrainOptions = { ...DEFAULT_TRAIN, ...DEBTOR_TRAIN, ...opts.train };
  const debtor = fitGroup(DEBTOR_LABELS, debtorEx, td, mlp);
  debtor.thresholds = tuneThresholds(
    DEBTOR_LABELS,
    debtorEx,
    interleavedFolds(debtorEx.length, k),
    td,
    undefined,
    mlp,
  );
  const persona = trainPersonaModel(dialogues, agent, debtor);
  return {
    model: {
      format: 'huikuan-analysis-model',
      version: 1,
      trained_at: opts.now.toISOString(),
      corpus: { utterances: utterances.length, dialogues: dialogues.length, digest: opts.digest },
      agent: groupJson(agent),
      debtor: groupJson(debtor),
      persona,
    },
    counts: { agentExamples: agentEx.length, debtorExamples: debtorEx.length, dialogues: dialogues.length },
  };
}

/** Persona features come from the turn models' own outputs, as at analysis time. */
export function dialoguePersonaInputs(
  d: Dialogue,
  debtor: GroupModel,
  upTo = d.turns.length,
): PersonaTurnInput[] {
  return d.turns.slice(0, upTo).map((t, index) => {
    const f = featurize(t.text, { speaker: t.speaker, audience: 'debtor' });
    const probs = new Map<string, number>();
    if (t.speaker === 'debtor') {
      const p = groupProbs(debtor, f.keys, f.values);
      debtor.labels.forEach((l, i) => {
        probs.set(l, p[i]!);
      });
    }
    return { index, speaker: t.speaker, text: t.text, cues: f.cues, probs };
  });
}

function trainPersonaModel(
  dialogues: readonly Dialogue[],
  _agent: GroupModel,
  debtor: GroupModel,
): PersonaModelJson {
  const examples: PersonaExample[] = [];
  for (const d of dialogues) {
    const inputs = dialoguePersonaInputs(d, debtor);
    const grams = d.turns.map((t) =>
      t.speaker === 'debtor' ? turnGrams(compact(normalize(t.text))) : new Set<string>(),
    );
    // whole calls, plus their first half and three quarters: live assist sees calls in progress
    for (const [share, weight] of [
      [1, 1],
      [0.75, 0.5],
      [0.5, 0.35],
    ] as const) {
      const n = Math.max(2, Math.ceil(d.turns.length * share));
      const heard = new Map<string, number>();
      for (const g of grams.slice(0, n)) for (const k of g) heard.set(k, (heard.get(k) ?? 0) + 1);
      examples.push({
        features: personaFeatures(inputs.slice(0, n)),
        grams: heard,
        persona: d.persona,
        weight,
        whole: share === 1,
      });
    }
  }
  if (examples.length === 0 || !PERSONAS.every((p) => examples.some((e) => e.persona === p)))
    throw new Error('persona training needs dialogues for every persona');
  return trainPersona(examples);
}
