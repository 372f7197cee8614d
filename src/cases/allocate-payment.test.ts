import { describe, expect, it } from 'vitest';
import { allocatePayment, type OpenItem, settlePastDue } from './allocate-payment';

const d = (day: number) => new Date(Date.UTC(2026, 11, day, 15, 59, 59));
const promise = (id: string, day: number, amount: number, paid = 0): OpenItem => ({
  kind: 'promise',
  id,
  dueAt: d(day),
  amountFen: amount,
  paidFen: paid,
});
const instalment = (id: string, day: number, amount: number, paid = 0): OpenItem => ({
  ...promise(id, day, amount, paid),
  kind: 'instalment',
});

describe('allocatePayment', () => {
  it.each([
    // payment, items → [id, allocated, complete][], unallocated
    [
      'pays the oldest promise first',
      50_000,
      [promise('b', 20, 50_000), promise('a', 10, 50_000)],
      [['a', 50_000, true]],
      0,
    ],
    ['partly pays the oldest', 30_000, [promise('a', 10, 50_000)], [['a', 30_000, false]], 0],
    [
      'tops up a partly paid promise, then moves on',
      60_000,
      [promise('a', 10, 50_000, 30_000), promise('b', 20, 50_000)],
      [
        ['a', 20_000, true],
        ['b', 40_000, false],
      ],
      0,
    ],
    ['leaves the excess unallocated', 80_000, [promise('a', 10, 50_000)], [['a', 50_000, true]], 30_000],
    ['allocates nothing without open items', 10_000, [], [], 10_000],
    [
      'mixes instalments and promises by due time',
      70_000,
      [promise('p', 15, 50_000), instalment('i1', 10, 40_000), instalment('i2', 25, 40_000)],
      [
        ['i1', 40_000, true],
        ['p', 30_000, false],
      ],
      0,
    ],
    [
      'puts an instalment before a promise due at the same time',
      40_000,
      [promise('p', 10, 40_000), instalment('i', 10, 40_000)],
      [['i', 40_000, true]],
      0,
    ],
    [
      'skips an item already fully paid',
      10_000,
      [promise('a', 5, 10_000, 10_000), promise('b', 6, 10_000)],
      [['b', 10_000, true]],
      0,
    ],
  ] as const)('%s', (_name, amount, items, expected, unallocated) => {
    const r = allocatePayment(amount, items);
    expect(r.updates.map((u) => [u.id, u.allocatedFen, u.complete])).toEqual(expected);
    expect(r.unallocatedFen).toBe(unallocated);
    expect(r.updates.reduce((s, u) => s + u.allocatedFen, 0) + r.unallocatedFen).toBe(amount);
  });

  it.each([0, -5, 1.5])('refuses a payment of %s fen', (amount) => {
    expect(() => allocatePayment(amount, [])).toThrow(RangeError);
  });
});

describe('settlePastDue', () => {
  it.each([
    [50_000, 0, 'broken'],
    [50_000, 1, 'partially_kept'],
    [50_000, 49_999, 'partially_kept'],
    [50_000, 50_000, 'kept'],
  ] as const)('a promise of %i with %i paid at its due time is %s', (amount, paid, status) => {
    expect(settlePastDue({ amountFen: amount, paidFen: paid })).toBe(status);
  });
});
