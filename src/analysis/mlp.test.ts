import { describe, expect, it } from 'vitest';
import { featurize, featurizeTurn, scanProbs } from './featurize';
import { type Example, logits, sigmoid, trainGroup } from './linear-model';
import {
  DEFAULT_MLP,
  fromBase64,
  groupProbs,
  loadMlp,
  mlpLogits,
  mlpToJson,
  packMlp,
  toBase64,
  trainMlp,
} from './mlp';

/** a feature set with value 1 each, positive for label 0 when `y` */
const ex = (keys: string[], y: boolean): Example => ({
  keys,
  values: keys.map(() => 1),
  positive: new Set(y ? [0] : []),
});

/**
 * Exclusive or over two cues: each alone marks the label, both together do not — as a charged word
 * is a violation alone and lawful after a condition. No weighting of single features can say it.
 */
const XOR: Example[] = [];
for (let i = 0; i < 40; i++)
  XOR.push(
    ex(['@a', `@noise${i % 7}`], true),
    ex(['@b', `@noise${i % 5}`], true),
    ex(['@a', '@b', `@noise${i % 3}`], false),
    ex([`@noise${i % 4}`], false),
  );
const SMALL = { ...DEFAULT_MLP, hidden: 8, epochs: 60, dropout: 0, learningRate: 0.1 };

describe('the neural layer', () => {
  it('learns a conjunction the linear model cannot', () => {
    const m = trainMlp(1, XOR, SMALL);
    const p = (keys: string[]) =>
      sigmoid(
        mlpLogits(
          m,
          keys,
          keys.map(() => 1),
        )[0]!,
      );
    expect(p(['@a'])).toBeGreaterThan(0.8);
    expect(p(['@b'])).toBeGreaterThan(0.8);
    expect(p(['@a', '@b'])).toBeLessThan(0.2);
    expect(p([])).toBeLessThan(0.2);
    const lin = trainGroup(['x'], XOR);
    const q = (keys: string[]) =>
      sigmoid(
        logits(
          lin,
          keys,
          keys.map(() => 1),
        )[0]!,
      );
    // the linear model must get at least one of the four wrong
    const wrong = [q(['@a']) < 0.5, q(['@b']) < 0.5, q(['@a', '@b']) >= 0.5, q([]) >= 0.5];
    expect(wrong).toContain(true);
  });

  it('trains deterministically', () => {
    const a = mlpToJson(trainMlp(1, XOR, SMALL));
    const b = mlpToJson(trainMlp(1, XOR, SMALL));
    expect(a).toEqual(b);
  });

  it('keeps features seen in fewer than minCount examples out, but never cue features', () => {
    const data = [ex(['rare', '@cue'], true), ex(['often', 'x'], false), ex(['often', 'x'], true)];
    const keys = mlpToJson(trainMlp(1, data, { ...SMALL, minCount: 2 })).keys;
    expect(keys).toContain('often');
    expect(keys).toContain('@cue');
    expect(keys).not.toContain('rare');
  });

  it('reads back from its JSON and from shared memory to the same logits', () => {
    const m = trainMlp(1, XOR, SMALL);
    const json = JSON.parse(JSON.stringify(mlpToJson(m)));
    const back = loadMlp(json, 1, 'test');
    const shared = packMlp(back);
    for (const keys of [['@a'], ['@b', '@noise3'], ['@a', '@b'], ['unknown']]) {
      const v = keys.map(() => 1);
      expect(mlpLogits(back, keys, v)).toEqual(mlpLogits(m, keys, v));
      expect(mlpLogits(shared, keys, v)).toEqual(mlpLogits(m, keys, v));
    }
    expect(shared.rows.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('names what is wrong with a broken layer', () => {
    const json = mlpToJson(trainMlp(1, XOR, SMALL));
    expect(() => loadMlp({ ...json, b2: [0, 0] }, 1, 'the debtor group')).toThrow(
      /the debtor group: b2 has 2 values, not 1/,
    );
    expect(() => loadMlp({ ...json, rows: json.rows.slice(0, 8) }, 1, 'x')).toThrow(/rows hold/);
    expect(() => loadMlp(json, 3, 'x')).toThrow(/w2 has/);
  });

  it.each([
    [8, 'JavaScript'],
    [32, 'the WebAssembly kernel'],
  ])(
    'gives the analyser the probabilities training scores (n-gram scan = feature strings; %i units: %s)',
    (hidden) => {
      const texts = [
        '您好 我是恒信资产的小王',
        '你再不还我们就去你家',
        '如果协商不成 银行可能依法起诉',
        '嗯',
        '',
      ];
      const examples = texts.map((t, i) => {
        const f = featurize(t, { speaker: 'agent', audience: 'debtor' });
        return { keys: f.keys, values: f.values, positive: new Set(i % 2 ? [0] : [1]) };
      });
      const model = trainGroup(['a', 'b'], examples, undefined, 1);
      model.mlp = trainMlp(2, examples, { ...SMALL, hidden, minCount: 1 });
      for (const t of [...texts, '我们不会去你家', '依法起诉你']) {
        const f = featurize(t, { speaker: 'agent', audience: 'debtor' });
        const scan = featurizeTurn(t, { speaker: 'agent', audience: 'debtor' });
        expect(scanProbs(model, scan)).toEqual(groupProbs(model, f.keys, f.values));
      }
    },
  );
});

describe('the layer beside a linear model that lacks some of its keys', () => {
  it('still finds every input the layer knows (the linear table is no filter then)', () => {
    const opts = { speaker: 'agent', audience: 'debtor' } as const;
    const lawful = ['如果协商不成 银行可能依法起诉', '您好 我是恒信资产的小王'];
    const linearOnly = lawful.map((t, i) => {
      const f = featurize(t, opts);
      return { keys: f.keys, values: f.values, positive: new Set(i ? [0] : [1]) };
    });
    const more = ['你再不还我们就去你家坐坐', '我们知道你家住哪'].map((t) => {
      const f = featurize(t, opts);
      return { keys: f.keys, values: f.values, positive: new Set([1]) };
    });
    const model = trainGroup(['a', 'b'], linearOnly, undefined, 1);
    model.mlp = trainMlp(2, [...linearOnly, ...more], { ...SMALL, hidden: 16, minCount: 1 });
    for (const t of ['我们知道你家住哪', '去你家坐坐', '依法起诉']) {
      const f = featurize(t, opts);
      const scan = featurizeTurn(t, opts);
      expect(scanProbs(model, scan)).toEqual(groupProbs(model, f.keys, f.values));
    }
    // and the layer moved the probability where only its own keys are present
    const f = featurize('我们知道你家住哪', opts);
    const linear = logits(model, f.keys, f.values).map(sigmoid);
    expect(groupProbs(model, f.keys, f.values)[1]).not.toBe(linear[1]);
  });
});

describe('base64 of the layer’s bytes', () => {
  it('round-trips every length and byte value, as RFC 4648 spells it', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const s = toBase64(bytes);
      expect(s).toBe(btoa(String.fromCharCode(...bytes)));
      expect(fromBase64(s, 'x')).toEqual(bytes);
    }
  });

  it('refuses what is not base64', () => {
    expect(() => fromBase64('abc', 'rows')).toThrow(/rows: not base64 \(length 3/);
    expect(() => fromBase64('ab!d', 'rows')).toThrow(/rows: not base64 \(character 3\)/);
  });
});
