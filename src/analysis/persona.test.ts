import { describe, expect, it } from 'vitest';
import { PERSONAS, type PersonaId } from '../domain/ids';
import { Analyzer } from './analyze';
import { compact } from './features';
import { type AnalysisModelJson, loadAnalysisModel, packModel, unpackModel } from './model';
import { normalize } from './normalize';
import {
  heardAs,
  PERSONA_FEATURES,
  type PersonaExample,
  type PersonaTurnInput,
  personaEvidence,
  quotable,
  trainPersona,
  turnGrams,
} from './persona';

const AT = new Date('2026-11-30T10:00:00+08:00');

/** Words that mark each persona in this toy world, and talk that marks none. */
const WORDS: Record<PersonaId, string[]> = {
  guilty: ['真对不住', '是我的错', '过意不去'],
  lucky: ['应该没事吧', '别人也欠', '拖拖再说'],
  vain: ['我有的是钱', '丢不起人', '看不起谁'],
  dominant: ['你算老几', '我要投诉', '少跟我来'],
  timid: ['我好害怕', '会不会坐牢', '求求你了'],
  jaded: ['欠了好几家', '爱咋咋地', '随便你们'],
};
const FILLER = ['喂', '嗯', '这个月', '工资', '信用卡那个', '你说吧', '知道了'];

/** A deterministic pseudo-random pick (the high bits of a linear congruential generator). */
function picker(seed: number) {
  let s = seed;
  return <T>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 16) % xs.length]!;
  };
}

function debtorLines(persona: PersonaId, seed: number, n = 3): string[] {
  const pick = picker(seed);
  return Array.from({ length: n }, () => `${pick(FILLER)}${pick(WORDS[persona])}${pick(FILLER)}`);
}

function example(persona: PersonaId, lines: string[]): PersonaExample {
  const heard = new Map<string, number>();
  for (const line of lines)
    for (const g of turnGrams(compact(normalize(line)))) heard.set(g, (heard.get(g) ?? 0) + 1);
  return { features: new Float64Array(PERSONA_FEATURES.length), grams: heard, persona };
}

/** A model whose turn groups know nothing: the persona can come only from the debtor's words. */
function modelJson(): AnalysisModelJson {
  const examples = PERSONAS.flatMap((p, i) =>
    Array.from({ length: 8 }, (_, k) => example(p, debtorLines(p, 100 * i + k))),
  );
  return {
    format: 'huikuan-analysis-model',
    version: 1,
    trained_at: '2026-01-01T00:00:00Z',
    corpus: { utterances: 0, dialogues: examples.length, digest: 'test' },
    agent: { labels: ['strategy:empathy'], bias: [-5], thresholds: [0.5], weights: {} },
    debtor: { labels: ['intent:stalling'], bias: [-5], thresholds: [0.5], weights: {} },
    persona: trainPersona(examples, {
      epochs: 300,
      learningRate: 0.5,
      l2: 0.01,
      textL2: 0.001,
      textScale: 4,
      textNormFloor: 0,
      minCalls: 3,
    }),
  };
}

const JSON_MODEL = modelJson();

function call(lines: string[]) {
  return lines.flatMap((text) => [
    { speaker: 'agent' as const, text: '您这边怎么安排' },
    { speaker: 'debtor' as const, text },
  ]);
}

function analyzer(json: AnalysisModelJson = JSON_MODEL) {
  return new Analyzer({ model: loadAnalysisModel(json), rules: new Map() });
}

describe('persona from the debtor’s words', () => {
  it.each(PERSONAS)('recognises %s from words in sentences it was not trained on', (p) => {
    const lines = [`哎${WORDS[p][0]}啊`, `那个${WORDS[p][2]}`, '嗯嗯'];
    const a = analyzer().analyze(call(lines), { at: AT });
    expect(a.persona.id).toBe(p);
  });

  it('keeps every vocabulary n-gram in the model, even one whose weights round to 0', () => {
    const rows = JSON_MODEL.persona.text!.weights;
    // filler heard in every call: in the vocabulary whatever its weights
    expect(rows.工资).toBeDefined();
    expect(Object.keys(rows).length).toBeGreaterThan(50);
    expect(JSON_MODEL.persona.text!.labels).toEqual(PERSONAS.map((p) => `persona:${p}`));
  });

  it('weighs a call said twice over as the call said once (counts are normalised)', () => {
    const lines = ['我好害怕啊', '这个月工资不够', '嗯'];
    const once = analyzer().analyze(call(lines), { at: AT }).persona.scores;
    const twice = analyzer().analyze(call([...lines, ...lines]), { at: AT }).persona.scores;
    expect(twice).toEqual(once);
  });

  it('lets a few words move the persona less when the model sets a norm floor', () => {
    const lines = ['我好害怕'];
    const plain = analyzer().analyze(call(lines), { at: AT }).persona;
    const floored = analyzer({
      ...JSON_MODEL,
      persona: { ...JSON_MODEL.persona, text_norm_floor: 50 },
    }).analyze(call(lines), { at: AT }).persona;
    expect(plain.id).toBe('timid');
    expect(floored.id).toBe('timid');
    expect(floored.scores.timid).toBeLessThan(plain.scores.timid - 0.1);
  });

  it('quotes the words that moved the persona as evidence', () => {
    const a = analyzer().analyze(call(['喂是我的错真的', '工资下来就还']), { at: AT });
    expect(a.persona.id).toBe('guilty');
    expect(a.persona.evidence[0]).toMatch(/^第2句 用语“[^”]*(我的错|的错|是我的)[^”]*”/);
  });

  it('quotes the words as the debtor said them, punctuation and figures included', () => {
    const said = '哎真，对不住啊';
    const a = analyzer().analyze(call([said, '工资下来就还']), { at: AT });
    const line = a.persona.evidence.find((e) => e.startsWith('第2句'))!;
    const quoted = [...line.matchAll(/“([^”]+)”/g)].map((m) => m[1]!);
    // a word across the comma is quoted with it
    expect(quoted.some((q) => q.includes('，'))).toBe(true);
    for (const q of quoted) expect(said).toContain(q);
  });

  it('scores the same from a model packed for batch workers', () => {
    const loaded = loadAnalysisModel(JSON_MODEL);
    const unpacked = unpackModel(packModel(loaded));
    const lines = debtorLines('jaded', 7);
    const a = new Analyzer({ model: loaded, rules: new Map() }).analyze(call(lines), { at: AT });
    const b = new Analyzer({ model: unpacked, rules: new Map() }).analyze(call(lines), { at: AT });
    expect(b.persona).toEqual(a.persona);
  });

  it('still loads a model trained before words counted, and goes by its features alone', () => {
    const { text: _text, text_scale: _scale, ...old } = JSON_MODEL.persona;
    const old_ = analyzer({ ...JSON_MODEL, persona: old });
    const timid = old_.analyze(call(['我好害怕啊']), { at: AT }).persona;
    const guilty = old_.analyze(call(['是我的错']), { at: AT }).persona;
    // the toy turn groups hear nothing in either: without the words both calls score alike
    expect(timid.scores).toEqual(guilty.scores);
    expect(analyzer().analyze(call(['我好害怕啊']), { at: AT }).persona.scores).not.toEqual(timid.scores);
  });

  it('refuses a words table whose row names a label it does not have', () => {
    const text = { ...JSON_MODEL.persona.text!, weights: { 害怕: [4, 0.5, 6, 0.2] } };
    expect(() => loadAnalysisModel({ ...JSON_MODEL, persona: { ...JSON_MODEL.persona, text } })).toThrow(
      /row "害怕" names label 6/,
    );
  });

  it('refuses a words table without one label per persona', () => {
    const text = { ...JSON_MODEL.persona.text!, labels: ['persona:guilty'] };
    expect(() => loadAnalysisModel({ ...JSON_MODEL, persona: { ...JSON_MODEL.persona, text } })).toThrow(
      /one label per persona/,
    );
  });
});

describe('persona evidence in words a reader can use', () => {
  it('names a reason or intent in Chinese', () => {
    expect(heardAs('reason:income_loss')).toBe('听出“收入下降/失业”');
    expect(heardAs('intent:stalling')).toMatch(/^听出“.+”$/);
  });

  it('does not quote a figure alone as a word of the debtor’s type', () => {
    for (const figure of ['一千', '3000', '十号', '两千五', '1,500块']) expect(quotable(figure)).toBe(false);
    for (const words of ['我知道', '对不住', '一千块都没有了', '十几家']) expect(quotable(words)).toBe(true);
  });

  it('says it heard a reason or intent only when the turn was given it', () => {
    const json = structuredClone(JSON_MODEL);
    const persona = json.persona;
    const at = persona.features.indexOf('intent:promise_to_pay');
    expect(at).toBeGreaterThanOrEqual(0);
    persona.weights[PERSONAS.indexOf('guilty')]![at] = 2;
    const model = loadAnalysisModel(json).persona;
    const turn = (given: string[]): PersonaTurnInput => ({
      index: 3,
      speaker: 'debtor',
      text: '过两天让人给你转过去',
      cues: [],
      // above the evidence's 0.5, below the label's threshold: the turn's own line shows no label
      probs: new Map([['intent:promise_to_pay', 0.51]]),
      given: new Set(given),
    });
    expect(personaEvidence(model, 'guilty', [turn(['intent:promise_to_pay'])])[0]).toBe(
      '第4句 听出“承诺还款”：过两天让人给你转过去',
    );
    expect(personaEvidence(model, 'guilty', [turn([])]).join()).not.toContain('听出');
  });
});
