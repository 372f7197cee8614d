import { describe, expect, it } from 'vitest';
import { readCorpusSplit } from '../src/io/corpus-files';

describe('the labelled corpus', () => {
  const train = readCorpusSplit('corpus/train');
  const dev = readCorpusSplit('corpus/dev');
  // the blind test split: written by writers who read neither train nor dev, never fitted or tuned to
  const test = readCorpusSplit('corpus/test');
  const splits = { dev, test };

  it('parses with no schema issues', () => {
    expect([...train.issues, ...dev.issues, ...test.issues]).toEqual([]);
  });

  it('has all three splits', () => {
    for (const s of [train, dev, test]) expect(s.utterances.length).toBeGreaterThan(0);
  });

  it('uses every id only once across splits', () => {
    const ids = [train, dev, test].flatMap((s) => [...s.utterances, ...s.dialogues].map((r) => r.id));
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dup).toEqual([]);
  });

  const norm = (s: string) => s.replace(/[\s，。！？、,.!?…~～]/g, '');
  const textsOf = (s: typeof train) =>
    new Set([
      ...s.utterances.map((u) => norm(u.text)),
      ...s.dialogues.flatMap((d) => d.turns.map((t) => norm(t.text))),
    ]);
  const trainTexts = textsOf(train);

  it.each(Object.keys(splits) as (keyof typeof splits)[])('keeps no %s text in train', (name) => {
    const leaked = splits[name].utterances.filter(
      (u) => norm(u.text).length > 8 && trainTexts.has(norm(u.text)),
    );
    expect(leaked.map((u) => u.id)).toEqual([]);
  });
});
