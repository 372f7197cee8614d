import { describe, expect, it } from 'vitest';
import { PERSONAS } from '../domain/ids';
import { Analyzer } from './analyze';
import type { Facts } from './contract';
import { loadAnalysisModel } from './model';

const AT = new Date('2026-11-30T10:00:00+08:00');
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * A stand-in model with no features: every debtor turn gets the same intent probabilities, so a
 * test sees only what the figures (promise-figures.ts) and the session do with them.
 */
function analyzer(promise: number, claimsPaid = 0.01): Analyzer {
  const model = loadAnalysisModel({
    format: 'huikuan-analysis-model',
    version: 1,
    trained_at: '2026-01-01T00:00:00Z',
    corpus: { utterances: 0, dialogues: 0, digest: 'test' },
    agent: { labels: ['strategy:foot_in_door'], bias: [logit(0.01)], thresholds: [0.5], weights: {} },
    debtor: {
      labels: ['intent:promise_to_pay', 'intent:claims_paid'],
      bias: [logit(promise), logit(claimsPaid)],
      thresholds: [0.5, 0.5],
      weights: {},
    },
    persona: { features: [], weights: PERSONAS.map(() => []), bias: PERSONAS.map(() => 0) },
  });
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
