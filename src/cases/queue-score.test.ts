import { describe, expect, it } from 'vitest';
import { explainPoints, type QueueFeatures, queuePoints } from './queue-score';

const AT = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
const base: QueueFeatures = {
  at: AT,
  timeZone: 'Asia/Shanghai',
  nextDueAt: null,
  followUpBroken: false,
  brokenCount: 0,
  priority: 0,
  balanceFen: 0,
  ability: null,
  willingness: null,
  placementEnd: '2027-03-01',
  lastContactAt: AT,
};

describe('queuePoints', () => {
  it.each([
    ['no promise', {}, 'promise_due', 0],
    ['a promise overdue since yesterday', { nextDueAt: new Date('2026-11-30T15:59:59Z') }, 'promise_due', 40],
    ['a promise due tonight (local day)', { nextDueAt: new Date('2026-12-01T15:59:59Z') }, 'promise_due', 30],
    ['a promise due tomorrow', { nextDueAt: new Date('2026-12-02T15:59:59Z') }, 'promise_due', 0],
    ['a broken promise to follow up', { followUpBroken: true, brokenCount: 2 }, 'broken_promise', 25],
    ['priority 2', { priority: 2 }, 'priority', 10],
    ['priority 9 (capped)', { priority: 9 }, 'priority', 30],
    ['negative priority', { priority: -3 }, 'priority', 0],
    ['¥2,499.99 owed', { balanceFen: 249_999 }, 'balance', 0],
    ['¥25,000 owed', { balanceFen: 2_500_000 }, 'balance', 10],
    ['¥1,000,000 owed (capped)', { balanceFen: 100_000_000 }, 'balance', 20],
    ['unknown ability and willingness', {}, 'ability_willingness', 10],
    ['high ability, low willingness', { ability: 0.9, willingness: 0.1 }, 'ability_willingness', 10],
    ['both 0.45 (halves round up)', { ability: 0.45, willingness: 0.45 }, 'ability_willingness', 10],
    ['both high', { ability: 1, willingness: 0.8 }, 'ability_willingness', 18],
    ['91 days left', {}, 'placement_ending', 0],
    ['30 days left', { placementEnd: '2026-12-31' }, 'placement_ending', 0],
    ['28 days left', { placementEnd: '2026-12-29' }, 'placement_ending', 1],
    ['1 day left', { placementEnd: '2026-12-02' }, 'placement_ending', 14],
    ['the last day', { placementEnd: '2026-12-01' }, 'placement_ending', 15],
    ['past the end', { placementEnd: '2026-11-20' }, 'placement_ending', 15],
    ['contacted an hour ago', { lastContactAt: new Date(AT.getTime() - 3_600_000) }, 'since_last_contact', 0],
    [
      'contacted 3 days ago',
      { lastContactAt: new Date(AT.getTime() - 3 * 86_400_000) },
      'since_last_contact',
      3,
    ],
    [
      'contacted 40 days ago',
      { lastContactAt: new Date(AT.getTime() - 40 * 86_400_000) },
      'since_last_contact',
      15,
    ],
    ['never contacted', { lastContactAt: null }, 'since_last_contact', 15],
  ] as const)('%s gives %s %i points', (_name, over, component, points) => {
    expect(queuePoints({ ...base, ...over })[component]).toBe(points);
  });

  it('reads "today" in the debtor’s zone: 10:00 Shanghai is still yesterday in New York', () => {
    const f = { ...base, timeZone: 'America/New_York', nextDueAt: new Date('2026-12-01T04:59:59Z') };
    // 2026-11-30 21:00 in New York; the due time (23:59:59 local on 30 Nov) is later today there.
    expect(queuePoints(f).promise_due).toBe(30);
  });
});

describe('explainPoints', () => {
  it('lists every scoring component, highest first, with its points', () => {
    const f = { ...base, followUpBroken: true, brokenCount: 1, balanceFen: 2_500_000, lastContactAt: null };
    const reasons = explainPoints(f, queuePoints(f));
    expect(reasons.map((r) => [r.component, r.points])).toEqual([
      ['broken_promise', 25],
      ['since_last_contact', 15],
      ['balance', 10],
      ['ability_willingness', 10],
    ]);
    expect(reasons[0]!.zh).toContain('跳票');
    expect(reasons[2]!.zh).toContain('¥25,000');
  });
});
