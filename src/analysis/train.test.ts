import { describe, expect, it } from 'vitest';
import { bestThreshold } from './train';

/** Counts at threshold t for scored lines: [score, gold, weight]. */
function countsOf(lines: readonly (readonly [number, boolean, number?])[]) {
  return (t: number) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [score, gold, w = 1] of lines) {
      const pred = score >= t;
      if (pred && gold) tp += w;
      else if (pred) fp += w;
      else if (gold) fn += w;
    }
    return { tp, fp, fn };
  };
}

describe('bestThreshold', () => {
  it('takes the middle of a run of thresholds that tie for best, not its lowest edge', () => {
    // positives at 0.8 and 0.9, a negative at 0.3: every threshold in (0.3, 0.8] separates them
    const counts = countsOf([
      [0.8, true],
      [0.9, true],
      [0.3, false],
    ]);
    const t = bestThreshold(1, counts);
    expect(t).toBeGreaterThan(0.5);
    expect(t).toBeLessThan(0.6);
    // the edges still separate, the middle has the margin
    expect(counts(t)).toEqual({ tp: 2, fp: 0, fn: 0 });
  });

  it('keeps a single best threshold where it is', () => {
    // a negative just below a positive: only thresholds in (0.39, 0.4] are perfect; the grid has 0.4
    const t = bestThreshold(
      1,
      countsOf([
        [0.4, true],
        [0.39, false],
        [0.9, true],
      ]),
    );
    expect(t).toBeCloseTo(0.4, 9);
  });

  it('counts a weighted line as often as its weight: a near miss counted twice can move the threshold', () => {
    // positives at 0.2, 0.3 and 0.6, a lawful line at 0.25: at weight 1 it is worth flagging the
    // lawful line to keep the positive at 0.2…
    const lines = (w: number) =>
      countsOf([
        [0.3, true],
        [0.25, false, w],
        [0.2, true],
        [0.6, true],
      ]);
    const once = bestThreshold(1, lines(1));
    const twice = bestThreshold(1, lines(2));
    expect(lines(1)(once).fp).toBe(1);
    // …counted twice, it no longer is
    expect(lines(2)(twice).fp).toBe(0);
    expect(twice).toBeGreaterThan(once);
  });

  it('falls back to the middle of the grid when nothing is ever predicted right', () => {
    expect(bestThreshold(1, countsOf([[0.1, true]]))).toBeCloseTo(0.5, 9);
  });
});
