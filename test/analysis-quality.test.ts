import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluate } from '../src/analysis/evaluate';
import { createAnalyzer, loadModelFile } from '../src/io/analyzer-files';
import { corpusDigest, readCorpusSplit } from '../src/io/corpus-files';

/**
 * The shipped model holds the held-out dev figures at or above the floors stated in
 * docs/analysis.md (one source of truth: the floors block there).
 */
const floorsSchema = z.object({
  strategies_macro_f1: z.number(),
  reasons_macro_f1: z.number(),
  intents_macro_f1: z.number(),
  violation_recall: z.number(),
  near_miss_false_alarm_rate_max: z.number(),
  promise_exact: z.number(),
  persona_top1: z.number(),
});

function floors() {
  const doc = readFileSync('docs/analysis.md', 'utf8');
  const m = /<!-- floors -->\s*```json\s*([\s\S]*?)```/.exec(doc);
  if (!m?.[1]) throw new Error('docs/analysis.md has no floors block');
  return floorsSchema.parse(JSON.parse(m[1]));
}

describe('analysis quality on the held-out dev split', () => {
  const dev = readCorpusSplit('corpus/dev');
  const report = evaluate(createAnalyzer(), dev.utterances, dev.dialogues);
  const f = floors();

  it.each([
    ['strategies macro-F1', report.strategies.macroF1, f.strategies_macro_f1],
    ['reasons macro-F1', report.reasons.macroF1, f.reasons_macro_f1],
    ['intents macro-F1', report.intents.macroF1, f.intents_macro_f1],
    ['violation recall', report.violations.recall, f.violation_recall],
    ['promise amount+due exact', report.promises.exactRate, f.promise_exact],
    ['persona top-1', report.persona.top1, f.persona_top1],
  ])('%s is at or above its floor', (_, value, floor) => {
    expect(value).toBeGreaterThanOrEqual(floor);
  });

  it('raises false alarms on lawful near misses at most at the stated rate', () => {
    expect(report.violations.nearMissFalseAlarmRate).toBeLessThanOrEqual(f.near_miss_false_alarm_rate_max);
  });

  it('ships a model fitted to the current train corpus (retrain with `huikuan train`)', () => {
    const model = z
      .object({ corpus: z.object({ digest: z.string() }) })
      .parse(JSON.parse(readFileSync('models/analysis-model.json', 'utf8')));
    expect(model.corpus.digest).toBe(corpusDigest('corpus/train'));
    expect(loadModelFile().meta.digest).toBe(model.corpus.digest);
  });
});
