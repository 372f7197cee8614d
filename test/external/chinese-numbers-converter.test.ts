import { describe, expect, it } from 'vitest';
import { findNumbers } from '../../src/analysis/cn-number';
import { fixtureJson, Tally } from './harness';

describe('chinese-numbers-converter (catcher-in-the-try)', () => {
  const data = fixtureJson('chinese-numbers-converter', 'cases.json') as {
    cases: { name: string; input: string; expected: number }[];
  };

  it('reads the first figure of each input', () => {
    const t = new Tally('chinese-numbers-converter');
    for (const c of data.cases) {
      const got = findNumbers(c.input)[0]?.value ?? null;
      t.check(got === c.expected, `${c.name}: ${c.input}`, `got ${got}`);
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.99);
  });
});
