import { describe, expect, it } from 'vitest';
import { generateCases } from '../generator';
import { idNumberCode, SeenKeys, SeenPeople } from './import-seen';

describe('SeenKeys', () => {
  it('returns the first payload for a repeated key and nothing for a new one', () => {
    const seen = new SeenKeys();
    expect(seen.firstOrAdd('a', 2)).toBeUndefined();
    expect(seen.firstOrAdd('b', 3)).toBeUndefined();
    expect(seen.firstOrAdd('a', 9)).toBe(2);
    expect(seen.firstOrAdd('b', 10)).toBe(3);
    expect(seen.firstOrAdd('c', 4_000_000_000)).toBeUndefined();
    expect(seen.firstOrAdd('c', 1)).toBe(4_000_000_000);
  });

  it('tells keys apart whose first hash collides', () => {
    // A hash that collides on purpose: the same first hash for every key, the second from the text.
    const weak = (text: string, salt = 0) => (salt === 0 ? 42 : text.charCodeAt(0));
    const seen = new SeenKeys(weak);
    expect(seen.firstOrAdd('x1', 2)).toBeUndefined();
    expect(seen.firstOrAdd('y1', 3)).toBeUndefined();
    expect(seen.firstOrAdd('y2', 4)).toBeUndefined();
    expect(seen.firstOrAdd('x1', 5)).toBe(2);
    expect(seen.firstOrAdd('y1', 6)).toBe(3);
    expect(seen.firstOrAdd('y2', 7)).toBe(4);
  });
});

describe('SeenPeople', () => {
  it('packs every ID number into a distinct exact code', () => {
    const codes = new Set<number>();
    const cases = [...generateCases({ seed: 'seen', asOf: '2026-11-01', count: 20_000 })];
    for (const c of cases) {
      const code = idNumberCode(c.debtor.idNumber);
      expect(Number.isSafeInteger(code)).toBe(true);
      codes.add(code);
    }
    expect(codes.size).toBe(cases.length);
    expect(idNumberCode('11010519491231002X')).toBe(idNumberCode('110105194912310020'.slice(0, 17) + 'X'));
    expect(idNumberCode('11010519491231002X')).not.toBe(idNumberCode('110105194912310039'));
  });

  it('reports the first row of a known person and whether the name matches', () => {
    const people = new SeenPeople();
    expect(people.check('11010519491231002X', '林秀', 2)).toBeUndefined();
    expect(people.check('11010519491231002X', '林秀', 9)).toEqual({ firstRow: 2, sameName: true });
    expect(people.check('11010519491231002X', '林 秀', 10)).toEqual({ firstRow: 2, sameName: false });
    expect(people.check('320102197511036588', '林秀', 11)).toBeUndefined();
  });
});
