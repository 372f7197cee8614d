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

  it.each(
    floorRows(report, {
      strategies: f.strategies_macro_f1,
      reasons: f.reasons_macro_f1,
      intents: f.intents_macro_f1,
      recall: f.violation_recall,
      promises: f.promise_exact,
      persona: f.persona_top1,
    }),
  )('%s is at or above its floor', (_, value, floor) => {
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

/** Floors of the fresh-calls probe: under its figures after the changes it led to (its README). */
const FRESH_CALLS: SetFloors = {
  strategies: 0.79,
  reasons: 0.82,
  intents: 0.8,
  recall: 0.87,
  promises: 0.92,
  persona: 0.95,
};

/** Floors of the fresh-lines probe: under its blind figures (its README). */
const FRESH_LINES: SetFloors = {
  strategies: 0.9,
  reasons: 0.94,
  intents: 0.9,
  recall: 0.9,
  promises: 0.97,
};

/** Every line and turn of every corpus split: a held-out fixture must share none of them. */
function corpusTexts(): Set<string> {
  const texts = new Set<string>();
  for (const dir of ['corpus/train', 'corpus/dev', 'corpus/test']) {
    const s = readCorpusSplit(dir);
    for (const u of s.utterances) texts.add(u.text);
    for (const d of s.dialogues) for (const t of d.turns) texts.add(t.text);
  }
  return texts;
}

/** The floors a held-out set is held to. */
interface SetFloors {
  strategies: number;
  reasons: number;
  intents: number;
  recall: number;
  promises: number;
  /** absent for a set of utterances only (no whole call, so no persona) */
  persona?: number;
}

/** A set's figures beside its floors, as `it.each` rows: the figure's name, its value, its floor. */
function floorRows(r: ReturnType<typeof evaluate>, f: SetFloors): [string, number, number][] {
  return [
    ['strategies macro-F1', r.strategies.macroF1, f.strategies],
    ['reasons macro-F1', r.reasons.macroF1, f.reasons],
    ['intents macro-F1', r.intents.macroF1, f.intents],
    ['violation recall', r.violations.recall, f.recall],
    ['promise amount+due exact', r.promises.exactRate, f.promises],
    ...(f.persona === undefined
      ? []
      : [['persona top-1', r.persona.top1, f.persona] as [string, number, number]]),
  ];
}

/** The (id, text) lines longer than a backchannel that a corpus split has too, punctuation and pauses aside. */
function sharedWithCorpus(lines: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const norm = (s: string) => s.replace(/[\s，。！？、,.!?…~～]/g, '');
  const texts = new Set([...corpusTexts()].map(norm));
  return lines.filter(([, t]) => norm(t).length > 8 && texts.has(norm(t)));
}

describe('short collector turns', () => {
  // Acknowledgements and line checks are a large share of a real call's collector turns; a model that
  // reads near-empty input as an insult floods QA with false findings. The list is held out of training.
  const phrases = readFileSync('test/fixtures/backchannels/collector.txt', 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const analyzer = createAnalyzer();

  it('are not in any corpus split, so the check below is held out', () => {
    const texts = corpusTexts();
    expect(phrases.length).toBeGreaterThanOrEqual(80);
    expect(phrases.filter((p) => texts.has(p))).toEqual([]);
  });

  it('raise no violation, after a lawful opening', () => {
    const flagged: string[] = [];
    for (const p of phrases) {
      const call = analyzer.analyze(
        [
          {
            speaker: 'agent',
            text: '您好，我是恒信资产的催收员，工号3021，受招商银行委托联系您，请问是李先生吗',
          },
          { speaker: 'debtor', text: '是我 什么事' },
          { speaker: 'agent', text: p },
        ],
        { at: new Date('2026-12-01T10:00:00+08:00') },
      );
      const v = call.turns[2]?.violations ?? [];
      if (v.length) flagged.push(`${p} → ${v.map((x) => x.rule).join(',')}`);
    }
    expect(flagged).toEqual([]);
  });
});

describe('long collector turns with several violations (test/fixtures/long-turns)', () => {
  // In a rant, each violation is a sentence among many: scored with the whole turn its words are a small
  // share, and one violation can hide another. The probe is held out of training and of the corpus.
  const probe = readFileSync('test/fixtures/long-turns/probe.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string; violations: string[] });
  const analyzer = createAnalyzer();

  it('are not in any corpus split', () => {
    const texts = corpusTexts();
    expect(probe.length).toBe(100);
    expect(probe.filter((p) => texts.has(p.text)).map((p) => p.id)).toEqual([]);
  });

  it('find most of every line’s violations and flag no lawful line', () => {
    let found = 0;
    let total = 0;
    const flagged: string[] = [];
    for (const p of probe) {
      const call = analyzer.analyze(
        [
          {
            speaker: 'agent',
            text: '您好，我是恒信资产的小王，工号1024，受招商银行委托联系您，本次通话有录音',
          },
          { speaker: 'debtor', text: '嗯 你说' },
          { speaker: 'agent', text: p.text },
        ],
        { at: new Date('2026-12-02T10:00:00+08:00') },
      );
      const rules = new Set((call.turns[2]?.violations ?? []).map((v) => v.rule));
      if (!p.violations.length && rules.size) flagged.push(`${p.id} → ${[...rules].join(',')}`);
      total += p.violations.length;
      found += p.violations.filter((v) => rules.has(v)).length;
    }
    expect(flagged).toEqual([]);
    // 138 of 152 with the long-turns training lines (117 before them, 89 without the sentence reading):
    // README.md beside the probe
    expect(found).toBeGreaterThanOrEqual(138);
    expect(total).toBe(152);
  });
});

describe('a held-out probe by writers who read only the guide (test/fixtures/fresh-writers)', () => {
  // 839 utterances and 18 whole calls by five writers who read docs/labelling-guide.md and no split, no
  // cue and no model output, written after the shipped model was trained: what a team's own calls would
  // be. README.md beside the probe has the figures measured when it was written; these floors sit under
  // them, so a model that generalises worse to new writers fails here even when dev holds.
  const probe = readCorpusSplit('test/fixtures/fresh-writers');

  it('parses, and shares no line longer than a backchannel with any corpus split', () => {
    expect(probe.issues).toEqual([]);
    expect(probe.utterances.length).toBe(839);
    expect(probe.dialogues.length).toBe(18);
    const shared = sharedWithCorpus([
      ...probe.utterances.map((u) => [u.id, u.text] as const),
      ...probe.dialogues.flatMap((d) => d.turns.map((t, i) => [`${d.id}#${i}`, t.text] as const)),
    ]);
    expect(shared).toEqual([]);
  });

  const report = evaluate(createAnalyzer(), probe.utterances, probe.dialogues);
  it.each(
    floorRows(report, {
      strategies: 0.9,
      reasons: 0.93,
      intents: 0.9,
      recall: 0.97,
      promises: 0.94,
      persona: 0.94,
    }),
  )('%s is at or above its floor', (_, value, floor) => {
    expect(value).toBeGreaterThanOrEqual(floor);
  });

  it('raises few false alarms on its lawful near misses', () => {
    expect(report.violations.nearMisses).toBe(168);
    expect(report.violations.nearMissFalseAlarmRate).toBeLessThanOrEqual(0.04);
  });
});

describe('a held-out probe of whole calls in three writers’ styles (test/fixtures/fresh-calls)', () => {
  // 24 calls by three writers who read only the guide: northern ASR speech, long southern turns in dialect, a
  // bank's in-house calls to young debtors. README.md beside the probe has the figures before and after the
  // changes it led to; these floors sit under the latest, so that a model or a rule change that does worse on
  // these styles fails here even when dev holds.
  const probe = readCorpusSplit('test/fixtures/fresh-calls');

  it('parses, and shares no line longer than a backchannel with any corpus split', () => {
    expect(probe.issues).toEqual([]);
    expect(probe.dialogues.length).toBe(24);
    const shared = sharedWithCorpus(
      probe.dialogues.flatMap((d) => d.turns.map((t, i) => [`${d.id}#${i}`, t.text] as const)),
    );
    expect(shared).toEqual([]);
  });

  const report = evaluate(createAnalyzer(), probe.utterances, probe.dialogues);
  it.each(floorRows(report, FRESH_CALLS))('%s is at or above its floor', (_, value, floor) => {
    expect(value).toBeGreaterThanOrEqual(floor);
  });

  it('raises few false alarms on its lawful near misses', () => {
    expect(report.violations.nearMisses).toBe(50);
    expect(report.violations.nearMissFalseAlarmRate).toBeLessThanOrEqual(0.04);
  });
});

describe('a blind probe of single lines by two more writers (test/fixtures/fresh-lines)', () => {
  // 400 utterances by two writers who read only the guide and the briefs — no corpus split, fixture, code or
  // model output — in two regional styles, measured once before any change (README.md beside the probe).
  // Utterances only: the opening rule (disclosure.identity) is judged on whole calls, so its four lines here
  // count as misses in every run.
  const probe = readCorpusSplit('test/fixtures/fresh-lines');

  it('parses, and shares no line longer than a backchannel with any corpus split', () => {
    expect(probe.issues).toEqual([]);
    expect(probe.utterances.length).toBe(397);
    expect(sharedWithCorpus(probe.utterances.map((u) => [u.id, u.text] as const))).toEqual([]);
  });

  const report = evaluate(createAnalyzer(), probe.utterances, probe.dialogues);
  it.each(floorRows(report, FRESH_LINES))('%s is at or above its floor', (_, value, floor) => {
    expect(value).toBeGreaterThanOrEqual(floor);
  });

  it('raises few false alarms on its lawful near misses', () => {
    expect(report.violations.nearMisses).toBe(47);
    expect(report.violations.nearMissFalseAlarmRate).toBeLessThanOrEqual(0.05);
  });
});

describe('a promise in a debtor turn, read past what surrounds it', () => {
  const analyzer = createAnalyzer();
  const at = new Date('2026-12-03T10:00:00+08:00');
  const debtorTurn = (text: string) =>
    analyzer.analyze(
      [
        { speaker: 'agent', text: '您好，我是华信资产的催收专员，工号2087，受招商银行委托联系您' },
        { speaker: 'debtor', text },
      ],
      { at },
    ).turns[1]!;

  it('is found when anger around it outweighs it in the whole turn', () => {
    const t = debtorTurn(
      '你们再打我电话我就投诉你们！我跟你说，三万二我下个月十号一次性打到卡里，别再烦我了！',
    );
    expect(t.intents).toEqual(expect.arrayContaining(['complaint_threat', 'promise_to_pay']));
    expect(t.promise).toMatchObject({ amount: 32000, due: '2027-01-10T23:59:59+08:00', vague: false });
    // the evidence is the promise, not the anger: the clause when the clause reading found it, or the words
    // of it the model weighed most when the whole turn was heard as a promise
    const label = t.labels.find((l) => l.id === 'promise_to_pay');
    expect(label?.evidence?.text.length).toBeGreaterThan(4);
    expect('三万二我下个月十号一次性打到卡里').toContain(label?.evidence?.text);
  });

  it('is not heard in times named only to be turned down, nor in the collector’s figure declined', () => {
    for (const text of [
      '后天？后天我哪有钱 大后天也没有',
      '月底肯定不行 下个月也悬',
      '下周一不行 下周三也够呛',
      '你们要我下周一还八千 这不可能 我上哪弄去',
    ]) {
      const t = debtorTurn(text);
      expect(t.intents, text).not.toContain('promise_to_pay');
      expect(t.promise, text).toBeNull();
    }
  });

  it('is not read into a refusal, a complaint or a payment made', () => {
    for (const text of [
      '你说我月底还你两万？做梦吧！我一分都不会还的！',
      '你们这是违法催收！我明天就打给12378投诉，再打给招行客服，你们等着吧！',
      '上个月我已经还了三千，你们查一下，我那天下午两点在网点还的，别再打了',
    ])
      expect(debtorTurn(text).promise, text).toBeNull();
  });
});
