import { describe, expect, it } from 'vitest';
import { findAmounts } from '../../src/analysis/amount';
import { parseCnNumber } from '../../src/analysis/cn-number';
import { fixtureJson, near, Tally } from './harness';

interface Pair {
  group: string;
  args: Record<string, unknown>;
  number: string;
  chinese: string;
}

describe('nzh (cnwhy/nzh), read backwards: Chinese → number', () => {
  const data = fixtureJson('nzh', 'nzh_cases.json') as { toCN: Pair[]; toMoney: Pair[] };

  it('reads the numerals nzh writes', () => {
    const t = new Tally('nzh numerals');
    for (const c of data.toCN) {
      const want = Number(c.number);
      const got = parseCnNumber(c.chinese);
      t.check(near(got, want), `${c.chinese} (${c.number})`, `got ${got}`);
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.99);
  });

  it('reads the 大写 money amounts nzh writes (to the fen, as nzh rounds)', () => {
    const t = new Tally('nzh money');
    for (const c of data.toMoney) {
      const want = Math.floor(Number(c.number) * 100 + 1e-6) / 100;
      const found = findAmounts(c.chinese);
      const got = found.length === 1 ? found[0]!.min : null;
      t.check(
        near(got, want),
        `${c.chinese} (${c.number})`,
        `got ${JSON.stringify(found.map((m) => m.min))}`,
      );
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.99);
  });
});
