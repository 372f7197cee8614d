import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, lnGamma, sampleBeta } from './beta';
import { SeededRandom } from './random';

describe('the Beta distribution', () => {
  it.each([
    [1, 0],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
  ])('lnGamma(%d) is right', (x, want) => {
    expect(lnGamma(x)).toBeCloseTo(want, 10);
  });

  // Reference values from scipy.stats.beta.
  it.each([
    [0.3, 2, 3, 0.3483],
    [0.5, 1, 1, 0.5],
    [0.9, 1, 1, 0.9],
  ])('cdf(%d; %d, %d) = %d', (x, a, b, want) => {
    expect(betaCdf(x, a, b)).toBeCloseTo(want, 6);
  });

  it.each([
    [0.5, 2, 5, 0.26445],
    [0.025, 10, 10, 0.288643],
    [0.975, 3.5, 0.5, 0.999849],
    [0.25, 1, 1, 0.25],
  ])('quantile(%d; %d, %d) = %d', (p, a, b, want) => {
    expect(betaQuantile(p, a, b)).toBeCloseTo(want, 5);
  });

  it.each([
    [2, 5],
    [0.5, 0.5],
    [30, 10],
  ])('samples of Beta(%d, %d) have the right mean', (a, b) => {
    const rng = new SeededRandom(`beta-${a}-${b}`);
    const n = 20_000;
    const xs = Array.from({ length: n }, () => sampleBeta(a, b, rng));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    expect(xs.reduce((s, x) => s + x, 0) / n).toBeCloseTo(a / (a + b), 2);
  });
});

describe('the seeded random source', () => {
  it('replays the same draws for the same seed and differs for another', () => {
    const draws = (seed: string) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draws('7')).toEqual(draws('7'));
    expect(draws('7')).not.toEqual(draws('8'));
  });

  it('forks independent streams that are themselves reproducible', () => {
    const a = new SeededRandom('s').fork('bot');
    const b = new SeededRandom('s').fork('bot');
    const c = new SeededRandom('s').fork('ranking');
    expect(a.next()).toBe(b.next());
    expect(a.next()).not.toBe(c.next());
  });
});
