import { describe, expect, it } from 'vitest';
import { readCorpusSplit } from '../src/io/corpus-files';

describe('the labelled corpus', () => {
  const train = readCorpusSplit('corpus/train');
  const dev = readCorpusSplit('corpus/dev');

  it('parses with no schema issues', () => {
    expect([...train.issues, ...dev.issues]).toEqual([]);
  });

  it('uses every id only once across splits', () => {
    const ids = [...train.utterances, ...dev.utterances, ...train.dialogues, ...dev.dialogues].map(
      (r) => r.id,
    );
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dup).toEqual([]);
  });

  it('keeps no dev text in train', () => {
    const norm = (s: string) => s.replace(/[\s，。！？、,.!?…~～]/g, '');
    const trainTexts = new Set([
      ...train.utterances.map((u) => norm(u.text)),
      ...train.dialogues.flatMap((d) => d.turns.map((t) => norm(t.text))),
    ]);
    const leaked = dev.utterances.filter((u) => norm(u.text).length > 8 && trainTexts.has(norm(u.text)));
    expect(leaked.map((u) => u.id)).toEqual([]);
  });
});
