import { describe, expect, it } from 'vitest';
import { findAmounts } from '../../src/analysis/amount';
import { findNumbers } from '../../src/analysis/cn-number';
import { fixtureJson, near, Tally } from './harness';

interface Case {
  Input: string;
  Results: {
    Text: string;
    Start?: number;
    End?: number;
    Resolution: { value: string | null; isoCurrency?: string; unit?: string };
  }[];
}

const ISO: Record<string, string> = {
  CNY: 'CNY',
  USD: 'USD',
  EUR: 'EUR',
  HKD: 'HKD',
  JPY: 'JPY',
  TWD: 'TWD',
  CHF: 'CHF',
  NGN: 'NGN',
};

function outOfScope(input: string): string | null {
  if (/分\s*之|[/／]|又/.test(input.normalize('NFKC'))) return 'fractions (五分之一, 3/5, 三又三分之一)';
  if (/\^|[0-9][eE][+-]?[0-9]/.test(input.normalize('NFKC'))) return 'exponents (2^5, 2e5)';
  if (/百分点|百分之|%|％/.test(input)) return 'percentages';
  if (/[打对双對雙]/.test(input)) return 'pairs and dozens (一打 = 12)';
  if (/半百/.test(input)) return 'fractions and halves (半百)';
  if (/[0-9]\s*[MmGg]\b/.test(input)) return 'SI suffixes (2.5 M)';
  return null;
}

describe('Recognizers-Text Chinese (microsoft/Recognizers-Text)', () => {
  it('finds the figures of NumberModel', () => {
    const t = new Tally('Recognizers NumberModel');
    const cases = fixtureJson('recognizers-text', 'Number/Chinese/NumberModel.json') as Case[];
    for (const c of cases) {
      const rule = outOfScope(c.Input);
      if (rule) {
        t.skip(rule);
        continue;
      }
      // Spans: upstream End is inclusive.
      const want = c.Results.map((r) => `${r.Start}-${(r.End ?? 0) + 1}=${Number(r.Resolution.value)}`);
      const got = findNumbers(c.Input).map((m) => `${m.start}-${m.end}=${m.value}`);
      t.check(
        JSON.stringify(got) === JSON.stringify(want),
        c.Input.slice(0, 40),
        `got ${got} expected ${want}`,
      );
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.93);
  });

  it('finds the amounts of CurrencyModel that name a currency', () => {
    const t = new Tally('Recognizers CurrencyModel');
    const cases = fixtureJson('recognizers-text', 'NumberWithUnit/Chinese/CurrencyModel.json') as Case[];
    for (const c of cases) {
      if (c.Results.some((r) => r.Resolution.value === null)) {
        t.skip('a currency name with no figure (人民币 美元)');
        continue;
      }
      if (/比特币/.test(c.Input)) {
        t.skip('crypto currencies');
        continue;
      }
      // We also take bare 1600万 / 36.57亿 for money (collection speech); Recognizers wants a
      // currency word, so only our mentions with one are compared.
      const ours = findAmounts(c.Input).filter((m) => m.currencySaid);
      const want = c.Results.map(
        (r) => `${r.Start}-${(r.End ?? 0) + 1}=${Number(Number(r.Resolution.value).toPrecision(12))}`,
      );
      // Values compare to 12 significant digits (upstream prints 2.02107211321364E+23).
      const got = ours.map((m) => `${m.start}-${m.end}=${Number(m.min.toPrecision(12))}`);
      const currencies = c.Results.every(
        (r, k) => !r.Resolution.isoCurrency || ISO[r.Resolution.isoCurrency] === ours[k]?.currency,
      );
      const ok = JSON.stringify(got) === JSON.stringify(want) && currencies;
      if (
        !ok &&
        ours.length === c.Results.length &&
        ours.every((m, k) => near(m.min, Number(c.Results[k]!.Resolution.value)))
      ) {
        t.check(
          false,
          c.Input.slice(0, 40),
          `span or currency differs: got ${got} ${ours.map((m) => m.currency)} expected ${want}`,
        );
        continue;
      }
      t.check(ok, c.Input.slice(0, 40), `got ${got} expected ${want}`);
    }
    console.log(t.report());
    expect(t.rate).toBeGreaterThanOrEqual(0.9);
  });
});
