import { Analyzer, type RuleMeta } from './analyze';
import type { Dialogue, Utterance } from './corpus';
import { type Collected, collect, type EvalReport, summarize } from './evaluate';
import { groupFolds, writerOf } from './folds';
import type { TrainOptions } from './linear-model';
import type { MlpOptions } from './mlp';
import { loadAnalysisModel } from './model';
import { trainAnalysisModel } from './train';

/**
 * k-fold cross-validation on a training split: for error analysis and feature work without
 * looking at the held-out dev set. Folds are assigned by a hash of the id (stable across runs);
 * a dialogue stays whole in one fold.
 */
export function crossValidate(
  utterances: readonly Utterance[],
  dialogues: readonly Dialogue[],
  opts: {
    k: number;
    rules: ReadonlyMap<string, RuleMeta>;
    now: Date;
    /** `id` (default): folds by a hash of the id; `writer`: each writer's lines and dialogues in one fold */
    by?: 'id' | 'writer';
    train?: Partial<TrainOptions>;
    /** the neural layer's options; null: linear models only */
    mlp?: Partial<MlpOptions> | null;
  },
): EvalReport {
  const fold = foldBy(utterances, dialogues, opts.k, opts.by ?? 'id');
  const all: Collected = { pairs: [], persona: [] };
  for (let f = 0; f < opts.k; f++) {
    const trainU = utterances.filter((u) => fold(u.id) !== f);
    const trainD = dialogues.filter((d) => fold(d.id) !== f);
    const { model } = trainAnalysisModel(trainU, trainD, {
      now: opts.now,
      digest: `cv-${f}`,
      folds: 3,
      train: opts.train,
      ...(opts.mlp !== undefined ? { mlp: opts.mlp } : {}),
    });
    const analyzer = new Analyzer({ model: loadAnalysisModel(model), rules: opts.rules });
    const c = collect(
      analyzer,
      utterances.filter((u) => fold(u.id) === f),
      dialogues.filter((d) => fold(d.id) === f),
    );
    all.pairs.push(...c.pairs);
    all.persona.push(...c.persona);
  }
  return summarize(all);
}

function foldBy(
  utterances: readonly Utterance[],
  dialogues: readonly Dialogue[],
  k: number,
  by: 'id' | 'writer',
): (id: string) => number {
  if (by === 'id') return (id) => hash(id) % k;
  // a dialogue weighs as many lines as it has turns
  const ids = [...utterances.map((u) => u.id), ...dialogues.flatMap((d) => d.turns.map(() => d.id))];
  const folds = groupFolds(ids.map(writerOf), k);
  const fold = new Map(ids.map((id, i) => [id, folds[i]!]));
  return (id) => fold.get(id)!;
}

/** FNV-1a: a stable, well-mixed fold assignment. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
