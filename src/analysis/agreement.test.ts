import { describe, expect, it } from 'vitest';
import { agreement, cohenKappa } from './agreement';

const set = (...l: string[]) => new Set(l);

describe('cohenKappa', () => {
  it('is 1 for perfect agreement and 0 for agreement no better than chance', () => {
    expect(cohenKappa(10, 4, 4, 4)).toBe(1);
    // each reader says yes on half the lines, independently: observed agreement 0.5 = chance
    expect(cohenKappa(4, 2, 2, 1)).toBeCloseTo(0, 10);
  });

  it('is negative when the readers disagree more than chance', () => {
    expect(cohenKappa(4, 2, 2, 0)).toBeCloseTo(-1, 10);
  });

  it('matches a worked example', () => {
    // 50 lines: both yes 20, both no 15, only a 5, only b 10 → po 0.7, pe 0.5·0.6 + 0.5·0.4 = 0.5
    expect(cohenKappa(50, 25, 30, 20)).toBeCloseTo(0.4, 10);
  });

  it('is 1 when both readings never (or always) give the label', () => {
    expect(cohenKappa(5, 0, 0, 0)).toBe(1);
    expect(cohenKappa(5, 5, 5, 5)).toBe(1);
  });
});

describe('agreement', () => {
  it('counts identical label sets and gives κ per label seen', () => {
    const r = agreement([
      { a: set('praise'), b: set('praise') },
      { a: set('praise', 'sandwich'), b: set('sandwich') },
      { a: set(), b: set() },
      { a: set(), b: set('empathy') },
    ]);
    expect(r.lines).toBe(4);
    expect(r.identical).toBe(0.5);
    expect(r.labels.map((l) => l.label)).toEqual(['empathy', 'praise', 'sandwich']);
    const praise = r.labels.find((l) => l.label === 'praise')!;
    expect([praise.a, praise.b, praise.both]).toEqual([2, 1, 1]);
    expect(praise.kappa).toBeCloseTo(cohenKappa(4, 2, 1, 1), 12);
    expect(r.labels.find((l) => l.label === 'sandwich')!.kappa).toBe(1);
    expect(r.meanKappa).toBeCloseTo((r.labels[0]!.kappa + praise.kappa + 1) / 3, 12);
  });

  it('treats set order as irrelevant and an empty sample as agreeing', () => {
    expect(agreement([{ a: set('a', 'b'), b: set('b', 'a') }]).identical).toBe(1);
    expect(agreement([])).toEqual({ lines: 0, identical: 1, labels: [], meanKappa: 1 });
  });
});
