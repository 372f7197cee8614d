import { describe, expect, it } from 'vitest';
import { findNumbers, parseCnNumber } from '../../src/analysis/cn-number';
import { fixtureJson, near, Tally } from './harness';

interface Case {
  input: string;
  expected?: number;
  expected_error?: boolean;
  mode: 'strict' | 'normal';
}
interface Data {
  cn2an: Case[];
  transform: { arabic: string; chinese: string }[];
}

/** Forms cn2an's strict mode rejects but its normal mode (and ASR text) uses: 一一, 零点, 点一. */
const NORMAL_MODE_FORMS = /^(?:[一壹]{2,}|零点|点[零一])$/;

describe('cn2an (Ailln/cn2an)', () => {
  const data = fixtureJson('cn2an', 'cn2an_cases.json') as Data;

  it('reads the numeral cases (normal-mode conventions)', () => {
    const t = new Tally('cn2an numerals');
    for (const c of data.cn2an) {
      if (c.expected_error && c.mode === 'strict' && NORMAL_MODE_FORMS.test(c.input)) {
        t.differ('strict mode rejects digit-by-digit and bare-point forms that ASR writes; we read them');
        continue;
      }
      const got = parseCnNumber(c.input);
      if (c.expected_error) t.check(got === null, c.input, `expected rejection, got ${got}`);
      else t.check(near(got, c.expected!), `${c.mode} ${c.input}`, `got ${got}, expected ${c.expected}`);
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.99);
  });

  it('finds the numbers of the sentence pairs', () => {
    const t = new Tally('cn2an sentences');
    for (const { arabic, chinese } of data.transform) {
      if (/分之|百分之|%|\//.test(chinese + arabic)) {
        t.skip('fractions and percentages (not money or dates)');
        continue;
      }
      const want = [...arabic.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
      const got = findNumbers(chinese).map((m) => m.value);
      t.check(JSON.stringify(got) === JSON.stringify(want), chinese, `got ${got}, expected ${want}`);
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.99);
  });
});
