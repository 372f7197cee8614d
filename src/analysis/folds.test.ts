import { describe, expect, it } from 'vitest';
import { groupFolds, interleavedFolds, writerOf } from './folds';

describe('writerOf', () => {
  it('reads the writer from the id prefix of every corpus id shape', () => {
    expect(writerOf('r11a-0001')).toBe('r11a');
    expect(writerOf('trn-r4d-q-0001')).toBe('r4d');
    expect(writerOf('trn-str-0001')).toBe('str');
    expect(writerOf('r10b-dlg-007#3')).toBe('r10b');
    expect(writerOf('trn-dlg-012#0')).toBe('dlg');
    expect(writerOf('dev-utt-0001')).toBe('utt');
  });

  it('gives an id with no separator its own name', () => {
    expect(writerOf('line17')).toBe('line17');
  });
});

describe('groupFolds', () => {
  const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'd', 'e', 'e', 'e', 'e', 'e'];

  it('keeps every group in a single fold', () => {
    const f = groupFolds(groups, 3);
    for (const g of new Set(groups)) {
      const seen = new Set(groups.flatMap((x, i) => (x === g ? [f[i]] : [])));
      expect(seen.size).toBe(1);
    }
  });

  it('balances the folds by size, largest group first', () => {
    const f = groupFolds(groups, 3);
    const load = [0, 1, 2].map((k) => f.filter((x) => x === k).length);
    // e(5) → 0, a(4) → 1, b(3) → 2, c(2) → 2, d(1) → 1: loads 5, 5, 5
    expect(load).toEqual([5, 5, 5]);
    expect(f[groups.indexOf('e')]).toBe(0);
    expect(f[groups.indexOf('a')]).toBe(1);
  });

  it('does not depend on the order of the items', () => {
    const f1 = groupFolds(groups, 3);
    const rev = [...groups].reverse();
    const f2 = groupFolds(rev, 3);
    groups.forEach((g, i) => {
      expect(f2[rev.indexOf(g)]).toBe(f1[i]);
    });
  });

  it('uses every fold when there are enough groups, and leaves folds empty when there are not', () => {
    expect(new Set(groupFolds(groups, 5)).size).toBe(5);
    expect(new Set(groupFolds(['x', 'x', 'y'], 4))).toEqual(new Set([0, 1]));
  });
});

describe('interleavedFolds', () => {
  it('puts item i in fold i mod k', () => {
    expect([...interleavedFolds(7, 3)]).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });
});
