import { describe, expect, it } from 'vitest';
import { PERSONAS } from '../domain/ids';
import { Analyzer } from './analyze';
import type { Facts } from './contract';
import { loadAnalysisModel } from './model';

const AT = new Date('2026-11-30T10:00:00+08:00');
const logit = (p: number) => Math.log(p / (1 - p));

/** A model with no features: each label scores its fixed probability on every turn of its group. */
function standIn(agent: Record<string, number>, debtor: Record<string, number>) {
  const group = (probs: Record<string, number>) => ({
    labels: Object.keys(probs),
    bias: Object.values(probs).map(logit),
    thresholds: Object.keys(probs).map(() => 0.5),
    weights: {},
  });
  return loadAnalysisModel({
    format: 'huikuan-analysis-model',
    version: 1,
    trained_at: '2026-01-01T00:00:00Z',
    corpus: { utterances: 0, dialogues: 0, digest: 'test' },
    agent: group(agent),
    debtor: group(debtor),
    persona: { features: [], weights: PERSONAS.map(() => []), bias: PERSONAS.map(() => 0) },
  });
}

/**
 * Every debtor turn gets the same intent probabilities, so a test sees only what the figures
 * (promise-figures.ts) and the session do with them.
 */
function analyzer(promise: number, claimsPaid = 0.01): Analyzer {
  const model = standIn(
    { 'strategy:foot_in_door': 0.01 },
    { 'intent:promise_to_pay': promise, 'intent:claims_paid': claimsPaid },
  );
  return new Analyzer({ model, rules: new Map() });
}

function debtorTurn(a: Analyzer, text: string, facts?: Facts) {
  return a.analyze([{ speaker: 'debtor', text }], { at: AT, ...(facts ? { facts } : {}) }).turns[0]!;
}

describe('a payment already made is not a promise', () => {
  it.each([
    '我上礼拜三还了两千',
    '前天转的 一千二 你们查一下',
    '还过了 八百 是上个月五号',
    '大前天就往里存了五千',
  ])('drops a weakly tagged promise in %s', (text) => {
    const t = debtorTurn(analyzer(0.7), text);
    expect(t.intents).not.toContain('promise_to_pay');
    expect(t.promise).toBeNull();
  });

  it('drops even a sure promise_to_pay when the date of paying is past', () => {
    const t = debtorTurn(analyzer(0.97), '大前天我就往卡里存了三千');
    expect(t.intents).not.toContain('promise_to_pay');
  });

  it('drops a sure promise_to_pay the model also hears as claims_paid', () => {
    const t = debtorTurn(analyzer(0.97, 0.9), '八号那天我就转了 一千六');
    expect(t.intents).toEqual(['claims_paid']);
    expect(t.promise).toBeNull();
  });

  it('keeps the new promise beside a payment made', () => {
    const t = debtorTurn(analyzer(0.7), '上个月转过两千 下周一再转一千五');
    expect(t.intents).toContain('promise_to_pay');
    expect(t.promise).toMatchObject({ amount: 1500, due: '2026-12-07T23:59:59+08:00' });
  });

  it('keeps a payment to be completed (把…还了) as a promise', () => {
    const t = debtorTurn(analyzer(0.7), '周四我把最低的还了', { minimum_payment: 900 });
    expect(t.promise).toMatchObject({ kind: 'minimum', amount: 900, due: '2026-12-03T23:59:59+08:00' });
  });
});

describe('figures turned down are no promise', () => {
  it.each(['后天？后天我哪有钱 大后天也没有', '六千？我六百都拿不出来'])(
    'drops a sure promise_to_pay and hears the refusal in %s',
    (text) => {
      const t = debtorTurn(analyzer(0.99), text);
      expect(t.promise).toBeNull();
      expect(t.intents).toEqual(['refuse']);
      expect(t.labels).toEqual([expect.objectContaining({ id: 'refuse', source: 'cue' })]);
    },
  );

  it('hears no refusal in a promise denied or made on a condition: neither declines to pay', () => {
    for (const text of ['我可没答应过月底还五千', '要是能借到钱 下周先还一千']) {
      const t = debtorTurn(analyzer(0.99), text);
      expect(t.promise, text).toBeNull();
      expect(t.intents, text).toEqual([]);
    }
  });
});

function call(a: Analyzer, turns: [string, string][], facts?: Facts) {
  return a.analyze(
    turns.map(([speaker, text]) => ({ speaker: speaker === 'A' ? 'agent' : 'debtor', text }) as const),
    { at: AT, ...(facts ? { facts } : {}) },
  ).turns;
}

describe("a debtor agreeing to the collector's proposal", () => {
  const facts: Facts = { minimum_payment: 500, balance: 9600 };

  it('takes kind and amount from the proposal and the due from the debtor', () => {
    const turns = call(
      analyzer(0.8),
      [
        ['A', '那您今天先把最低的五百还上，好吧'],
        ['D', '行行 晚上下班就弄'],
      ],
      facts,
    );
    expect(turns[1]!.promise).toMatchObject({
      kind: 'minimum',
      amount: 500,
      due: '2026-11-30T23:59:59+08:00',
    });
  });

  it('takes a figure the collector ties to paying, not one quoted from before', () => {
    const turns = call(analyzer(0.8), [
      ['A', '您上次说的八百没到账 先把八百补上吧'],
      ['D', '好 后天补'],
    ]);
    expect(turns[1]!.promise).toMatchObject({
      kind: 'amount',
      amount: 800,
      due: '2026-12-02T23:59:59+08:00',
      vague: false,
    });
  });

  it('takes the remainder the collector asks about', () => {
    const turns = call(analyzer(0.8), [
      ['A', '好，一千月底。那剩下那两千呢'],
      ['D', '下周三之前吧'],
    ]);
    expect(turns[1]!.promise).toMatchObject({ amount: 2000, due: '2026-12-09T23:59:59+08:00' });
  });

  it('takes the due from the proposal when the debtor repeats its figure', () => {
    const turns = call(analyzer(0.8), [
      ['A', '这周五之前能不能先还九百'],
      ['D', '九百没问题'],
    ]);
    expect(turns[1]!.promise).toMatchObject({ amount: 900, due: '2026-12-04T23:59:59+08:00', vague: false });
  });

  it('looks past a collector turn that proposes nothing', () => {
    const turns = call(
      analyzer(0.8),
      [
        ['A', '先把最低的五百还了，别让它再往下走'],
        ['A', '您看哪天方便'],
        ['D', '那就周五吧'],
      ],
      facts,
    );
    expect(turns[2]!.promise).toMatchObject({
      kind: 'minimum',
      amount: 500,
      due: '2026-12-04T23:59:59+08:00',
    });
  });

  it.each([
    ['您一共欠一万二 最低是六百', '行 我月底还', '2026-11-30T23:59:59+08:00'],
    ['三千九 最低三百九 你这个月能还多少', '能还 能还 一定还', null],
    ['上礼拜你说这礼拜把最低五百还上 今天都周一了', '过两天 过两天肯定还', '2026-12-02T23:59:59+08:00'],
  ])('takes no figure from a balance read back, a question or a quote: %s', (agent, debtor, due) => {
    const turns = call(analyzer(0.8), [
      ['A', agent],
      ['D', debtor],
    ]);
    expect(turns[1]!.promise).toMatchObject({ amount: null, due, vague: true });
  });

  it('keeps the figure the debtor names', () => {
    const turns = call(analyzer(0.8), [
      ['A', '明天先还一千三'],
      ['D', '一千三太多了 明天还五百'],
    ]);
    expect(turns[1]!.promise).toMatchObject({ amount: 500, due: '2026-12-01T23:59:59+08:00' });
  });

  it('takes the figure of the plan the debtor accepts', () => {
    const turns = call(analyzer(0.8), [['D', '你们那个3600的方案我同意 下周一之前到账']]);
    expect(turns[0]!.promise).toMatchObject({ amount: 3600, due: '2026-12-07T23:59:59+08:00' });
  });
});

describe('a risk to the debtor’s life', () => {
  it('opens the draft note with it, quoting the words', () => {
    const a = analyzer(0.01).analyze(
      [
        { speaker: 'agent', text: '您好 这边是恒信资产 关于您招商银行信用卡的事' },
        { speaker: 'debtor', text: '我现在什么都没了 真不如死了算了' },
      ],
      { at: AT },
    );
    expect(a.note).toContain('【风险】客户说到“死了算了”');
    expect(a.note).toContain('报告主管');
  });

  it('leaves it out when the debtor rules it out, or no debtor speaks', () => {
    const said = (speaker: 'debtor' | 'third_party', text: string) =>
      analyzer(0.01).analyze([{ speaker, text }], { at: AT }).note;
    expect(said('debtor', '你放心 我不会想不开的 就是手头紧')).not.toContain('【风险】');
    expect(said('third_party', '他天天说不想活了')).not.toContain('【风险】');
  });
});

describe('a debtor who only says yes to the collector’s proposal', () => {
  // the stand-in hears no promise in any debtor turn: what follows is the session's reading of the call
  const call = (agent: string, debtor: string) =>
    analyzer(0.01).analyze(
      [
        { speaker: 'agent', text: agent },
        { speaker: 'debtor', text: debtor },
      ],
      { at: AT },
    ).turns[1]!;
  const proposal = '今天下午四点前先还个500，表个态，行不行';

  it.each(['行吧', '好的 没问题', '嗯 那就这样', '好啦咁就咁啦', 'OK'])(
    'promises the proposal by %s',
    (yes) => {
      const t = call(proposal, yes);
      expect(t.intents).toEqual(['promise_to_pay']);
      expect(t.labels[0]).toMatchObject({ id: 'promise_to_pay', source: 'cue', evidence: { text: yes } });
      expect(t.promise).toMatchObject({ amount: 500, due: '2026-11-30T16:00:00+08:00', kind: 'amount' });
    },
  );

  it.each(['不行', '行吗', '行吧 我尽量', '嗯', '好 我考虑一下'])('promises nothing by %s', (reply) => {
    expect(call(proposal, reply).promise).toBeNull();
  });

  it('promises nothing by a yes to a balance read back', () => {
    expect(call('您这张卡一共欠一万二', '好的').promise).toBeNull();
  });

  it('does not make the read-back of a promise a second one', () => {
    // 0.3: below the label's threshold, so the first turn is a promise by its figures (concretePromise)
    const a = analyzer(0.3).analyze(
      [
        { speaker: 'debtor', text: '我明天还两千' },
        { speaker: 'agent', text: '好的 那就明天还两千 可以吧' },
        { speaker: 'debtor', text: '好' },
      ],
      { at: AT },
    );
    expect(a.promises).toHaveLength(1);
  });
});

describe('the promises in the draft note', () => {
  const note = (...lines: string[]) =>
    analyzer(0.99).analyze(
      lines.map((text) => ({ speaker: 'debtor' as const, text })),
      { at: AT },
    ).note;

  it('keeps a promise said once as it was', () => {
    expect(note('我12月5号还两千')).toContain('承诺：2026-12-05 23:59 前还 2000 元，待坐席确认。');
  });

  it('records a change of mind as the promise that stands, naming the one before', () => {
    const n = note('我12月5号还两千', '算了5号不行 12月10号还两千');
    expect(n).toContain('承诺：2026-12-10 23:59 前还 2000 元（通话中先说过：2026-12-05 23:59 前还 2000 元）');
    expect(n).not.toContain('分 2 笔');
  });

  it('keeps both parts of a plan when the later one is a further payment due after the first', () => {
    const n = note('我12月5号先还两千', '剩下的三千12月31号再还');
    expect(n).toContain(
      '承诺分 2 笔：2026-12-05 23:59 前还 2000 元；2026-12-31 23:59 前还 3000 元，待坐席确认。',
    );
  });

  it('says a promise repeated in the same words once', () => {
    const n = note('我12月5号还两千', '对 12月5号还两千 放心');
    expect(n).toContain('承诺：2026-12-05 23:59 前还 2000 元，待坐席确认。');
    expect(n).not.toContain('先说过');
  });
});

describe('findings in words a reviewer reads', () => {
  // a stand-in whose collector turns all score high for insult: the rule with no fact to weigh
  const model = standIn({ 'violation:language.insult': 0.99 }, { 'intent:refuse': 0.01 });
  const meta = { severity: 'high' as const, force: '规章', source: '某办法', title_zh: '侮辱谩骂' };

  it('gives a rule with no fact to weigh its title as the reason, and names it so in the note', () => {
    const a = new Analyzer({ model, rules: new Map([['language.insult', meta]]) }).analyze(
      [{ speaker: 'agent', text: '随便说一句' }],
      { at: AT },
    );
    // (the opening names nobody, so disclosure.identity is found too)
    expect(
      a.violations.filter((v) => v.rule !== 'disclosure.identity').map((v) => [v.rule, v.reason]),
    ).toEqual([['language.insult', '侮辱谩骂']]);
    expect(a.note).toMatch(/（[^）]*侮辱谩骂/);
    expect(a.note).not.toContain('language.insult');
  });

  it('falls back to the rule id where the rule pack has no such rule', () => {
    const a = new Analyzer({ model, rules: new Map() }).analyze([{ speaker: 'agent', text: '随便说一句' }], {
      at: AT,
    });
    expect(a.note).toMatch(/（[^）]*language\.insult/);
  });
});

describe('a promised day said back by the collector', () => {
  // every collector turn scores high for false_deadline, every debtor turn for a promise
  const model = standIn(
    { 'violation:language.false_deadline': 0.99, 'violation:language.false_legal_claim': 0.01 },
    { 'intent:promise_to_pay': 0.99 },
  );
  const deadlines = (...turns: [string, string][]) =>
    new Analyzer({ model, rules: new Map() })
      .analyze(
        turns.map(([who, text]) => ({ speaker: who === 'A' ? 'agent' : 'debtor', text })),
        { at: AT },
      )
      .violations.filter((v) => v.rule === 'language.false_deadline')
      .map((v) => v.turn);

  it('is no invented deadline', () => {
    expect(
      deadlines(
        ['D', '明天下午三点前还两千'],
        ['A', '好 明天下午三点前两千 我两点半给您打个电话提醒 分期材料我今天就开始准备'],
      ),
    ).toEqual([]);
  });

  it('is one when the day is not the one promised, when no promise was made, or when a last chance or a consequence goes with it', () => {
    expect(deadlines(['D', '明天下午三点前还两千'], ['A', '后天下午三点前两千'])).toEqual([1]);
    expect(deadlines(['D', '嗯'], ['A', '明天下午三点前两千'])).toEqual([1]);
    expect(deadlines(['D', '明天下午三点前还两千'], ['A', '明天下午三点前两千 这是最后的机会'])).toEqual([1]);
    expect(deadlines(['D', '明天下午三点前还两千'], ['A', '明天下午三点前两千 不然等着收传票'])).toEqual([1]);
  });
});

describe('the persona’s confidence', () => {
  // a persona model that names guilty whatever is said, at a softmax of about 0.97
  const model = loadAnalysisModel({
    format: 'huikuan-analysis-model',
    version: 1,
    trained_at: '2026-01-01T00:00:00Z',
    corpus: { utterances: 0, dialogues: 0, digest: 'test' },
    agent: { labels: ['strategy:empathy'], bias: [logit(0.01)], thresholds: [0.5], weights: {} },
    debtor: { labels: ['intent:refuse'], bias: [logit(0.01)], thresholds: [0.5], weights: {} },
    persona: {
      features: [],
      weights: PERSONAS.map(() => []),
      bias: PERSONAS.map((p) => (p === 'guilty' ? 5 : 0)),
    },
  });
  const sure = new Analyzer({ model, rules: new Map() });
  const call = (debtorTurns: number) =>
    sure.analyze(
      Array.from({ length: debtorTurns }, () => [
        { speaker: 'agent' as const, text: '您好 请问是本人吗' },
        { speaker: 'debtor' as const, text: '是我 你说' },
      ]).flat(),
      { at: AT },
    ).persona;

  it.each([
    [1, 0.69],
    [2, 0.85],
    [3, 0.92],
    [4, 0.93],
    [9, 0.93],
  ])('claims no more after %i debtor turn(s) than was right that often on held-out calls', (turns, most) => {
    const p = call(turns);
    expect(p.id).toBe('guilty');
    expect(p.scores.guilty).toBeGreaterThan(0.95);
    expect(p.confidence).toBe(most);
  });
});

describe('a sum and a day the model is only moderately sure of', () => {
  it.each([
    ['那就礼拜六 礼拜六两百 要得要得', 200],
    ['周五我转你八百', 800],
  ])('make a promise when paid or settled on: %s', (text, amount) => {
    const t = debtorTurn(analyzer(0.3), text);
    expect(t.intents).toContain('promise_to_pay');
    expect(t.promise).toMatchObject({ amount, vague: false });
  });

  it.each(['礼拜六 两百块的那个账单', '明天 三千 我哪有'])('make none when neither: %s', (text) => {
    expect(debtorTurn(analyzer(0.3), text).promise).toBeNull();
  });
});
