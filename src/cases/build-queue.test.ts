import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainError, isDomainError } from '../domain/errors';
import { type AddedDebtor, type CaseFixture, openCaseFixture } from '../store/case-fixture';
import {
  buildQueue,
  explainRanked,
  type QueueSnapshot,
  queuePage,
  queueSnapshot,
  queueWindow,
  rankQueue,
} from './build-queue';
import { clientPolicies, historySince } from './contact-decision';
import { recordContactAttempt } from './record-contact-attempt';
import { recordPromise } from './record-promise';
import { stopCollection } from './stop-collection';

// One collector's queue at 10:00 Shanghai time on 1 December 2026.
const AT = '2026-12-01T02:00:00Z';
let fx: CaseFixture;
let cases: Record<
  'dueToday' | 'big' | 'plain' | 'talkedOut' | 'held' | 'newYork' | 'dialledOut',
  AddedDebtor
>;

beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-11-30T02:00:00Z' });
  const add = (over: Parameters<CaseFixture['addDebtor']>[0] = {}) =>
    fx.addDebtor({ assignTo: 'collector2', ...over });
  cases = {
    dueToday: await add(),
    big: await add({
      accounts: [
        {
          accountRef: 'BIG-1',
          product: 'credit_card',
          principalFen: 8_000_000,
          daysOverdue: 200,
          overdueAsOf: '2026-11-30',
        },
      ],
    }),
    plain: await add(),
    talkedOut: await add(),
    held: await add(),
    // 21:00 in New York on 30 November: lawful until 22:00 there; see the later test for quiet hours.
    newYork: await add({ timeZone: 'America/New_York' }),
    dialledOut: await add(),
  };
  fx.clock.set('2026-11-30T02:00:00Z');
  await recordPromise(fx.deps, fx.as('collector2'), {
    caseId: cases.dueToday.caseId,
    amountFen: 200_000,
    dueAt: '2026-12-01T15:59:59Z',
  });
  await stopCollection(fx.deps, fx.as('lead'), { caseId: cases.held.caseId, reason: '投诉升级，主管停催' });
  const contact = async (c: AddedDebtor, at: string, connected: boolean) => {
    fx.clock.set(at);
    await recordContactAttempt(fx.deps, fx.as('collector2'), {
      caseId: c.caseId,
      channel: 'call',
      at,
      connected,
      answeredBy: connected ? 'debtor' : null,
      outcomeCode: connected ? 'talked' : 'no_answer',
    });
  };
  for (const t of ['2026-12-01T00:30:00Z', '2026-12-01T01:00:00Z', '2026-12-01T01:30:00Z'])
    await contact(cases.talkedOut, t, true);
  for (let m = 0; m < 6; m++) await contact(cases.dialledOut, `2026-12-01T00:${10 + m * 5}:00Z`, false);
  fx.clock.set(AT);
});
afterAll(async () => {
  await fx?.dispose();
});

const queue = (
  over: Partial<Parameters<typeof buildQueue>[2]> = {},
  who: keyof CaseFixture['users'] = 'collector2',
) => buildQueue(fx.deps, fx.as(who), { collectorId: fx.users.collector2, at: AT, ...over });

describe('buildQueue', () => {
  it('ranks workable cases by score, each with the points and reasons for its place', async () => {
    const q = await queue();
    const ids = q.items.map((i) => i.caseId);
    expect(ids[0]).toBe(cases.dueToday.caseId);
    expect(ids.indexOf(cases.big.caseId)).toBeLessThan(ids.indexOf(cases.plain.caseId));
    for (const item of q.items) {
      expect(item.reasons.reduce((s, r) => s + r.points, 0)).toBe(item.score);
      expect([...item.reasons].sort((a, b) => b.points - a.points)).toEqual(item.reasons);
    }
    const scores = q.items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const top = q.items[0]!;
    expect(top.reasons[0]).toMatchObject({ component: 'promise_due', points: 30 });
    expect(top.reasons[0]!.zh).toContain('今天');
    expect(top.debtorName).toMatch(/\*/);
    expect(top.number).toMatch(/^\d{3}\*+\d{4}$/);
    expect(top.localTime).toBe('2026-12-01T10:00:00+08:00');
  });

  it('leaves out held debtors and those whose conversations are used up today', async () => {
    const q = await queue();
    const ids = q.items.map((i) => i.caseId);
    expect(ids).not.toContain(cases.held.caseId);
    expect(ids).not.toContain(cases.talkedOut.caseId);
    expect(q.total).toBe(5);
  });

  it('has the guard check every row: a number dialled six times unanswered today is excluded, with the reason', async () => {
    const q = await queue();
    expect(q.items.map((i) => i.caseId)).not.toContain(cases.dialledOut.caseId);
    expect(q.excluded).toEqual([
      {
        caseId: cases.dialledOut.caseId,
        reasons: [expect.objectContaining({ rule: 'contact.frequency' })],
        nextAllowedAt: '2026-12-02T08:00:00+08:00',
      },
    ]);
  });

  it('reads quiet hours in each debtor’s zone', async () => {
    // 22:30 in New York on 30 November is 11:30 in Shanghai on 1 December.
    const q = await queue({ at: '2026-12-01T03:30:00Z' });
    expect(q.items.map((i) => i.caseId)).not.toContain(cases.newYork.caseId);
    const day = await queue({ at: '2026-12-01T14:00:00Z' }); // 09:00 New York, 22:00 Shanghai
    expect(day.items.map((i) => i.caseId)).toEqual([cases.newYork.caseId]);
  });

  it('pages the queue', async () => {
    const all = await queue({ pageSize: 100 });
    const p1 = await queue({ pageSize: 2, page: 1 });
    const p2 = await queue({ pageSize: 2, page: 2 });
    const p9 = await queue({ pageSize: 2, page: 9 });
    expect([...p1.items, ...p2.items].map((i) => i.caseId)).toEqual(
      all.items.slice(0, 4).map((i) => i.caseId),
    );
    expect(p2.items[0]!.rank).toBe(3);
    expect(p9.items).toEqual([]);
    expect(p9.total).toBe(all.total);
  });

  it('shows a collector only their own queue; their lead may look too', async () => {
    let e: DomainError | null = null;
    try {
      await queue({}, 'collector');
    } catch (x) {
      if (isDomainError(x)) e = x;
    }
    expect(e?.code).toBe('auth.forbidden');
    await expect(queue({}, 'lead')).resolves.toMatchObject({ collectorId: fx.users.collector2 });
  });
});

describe('rankQueue: the queue ranked in memory (what the API serves) answers as buildQueue does in SQL', () => {
  // Through a day in both zones: Shanghai's quiet hours and New York's, the promise falling due and
  // overdue, the local day turning over (the conversation count resets).
  const instants = [
    '2026-11-30T22:59:00Z',
    '2026-11-30T23:00:00Z',
    '2026-12-01T00:00:00Z',
    AT,
    '2026-12-01T03:30:00Z',
    '2026-12-01T12:59:59Z',
    '2026-12-01T13:00:00Z',
    '2026-12-01T14:00:00Z',
    '2026-12-01T15:59:59Z',
    '2026-12-01T16:00:00Z',
    '2026-12-02T00:30:00Z',
    '2026-12-02T02:00:00Z',
    '2026-12-20T02:00:00Z',
  ];
  // One snapshot for every instant, as a process keeps it: the reasons it remembers must still be right.
  let snapshot: QueueSnapshot | null = null;
  it.each(instants)('at %s', async (at) => {
    snapshot ??= await fx.store.read(async (tx) =>
      queueSnapshot(
        fx.playbook,
        fx.users.collector2,
        await tx.queue.clientsOf(fx.agencyId, fx.users.collector2),
        await tx.queue.candidates(fx.agencyId, fx.users.collector2),
      ),
    );
    const s = snapshot;
    for (const [page, pageSize] of [
      [1, 20],
      [1, 2],
      [2, 2],
      [3, 3],
    ] as const) {
      const { rows, total } = rankQueue(s, new Date(at), pageSize, (page - 1) * pageSize);
      const contexts = await fx.store.read((tx) =>
        tx.attempts.guardContext(
          fx.agencyId,
          rows.map((r) => r.debtorId),
          historySince(new Date(at)),
        ),
      );
      const memory = queuePage({
        collectorId: fx.users.collector2,
        at: new Date(at),
        page,
        pageSize,
        rows,
        total,
        contexts,
        policies: s.policies,
        explain: (r) => explainRanked(s, r, new Date(at)),
      });
      expect(memory).toEqual(await queue({ at, page, pageSize }));
    }
  });
});

describe('queueWindow', () => {
  const client = (rulePacks: string[], strictHours = false) => ({
    id: 'c',
    name: 'c',
    rulePacks,
    strictHours,
  });
  it.each([
    // packs, strict → open minute, close minute, conversations a day, consent opens quiet hours
    [['cn'], false, 8 * 60, 22 * 60, 3, true],
    [['cn'], true, 8 * 60, 21 * 60, 3, true],
    [['us'], false, 8 * 60, 21 * 60, 1, false],
    [['us-ma'], false, 8 * 60, 21 * 60, 1, false],
    [['cn', 'us'], false, 8 * 60, 21 * 60, 1, false],
  ] as const)(
    'packs %o (strict %s) allow calls from minute %i to %i, %i conversations a day',
    (packs, strict, open, close, talks, consent) => {
      const c = client([...packs], strict);
      expect(queueWindow(c, clientPolicies(fx.playbook, c))).toEqual({
        clientId: 'c',
        openMinute: open,
        closeMinute: close,
        maxTalksPerDay: talks,
        consentApplies: consent,
      });
    },
  );
});

describe('the next opening of an empty queue', () => {
  // One debtor in New York, whose clocks go forward at 02:00 on 14 March 2027: at midnight before,
  // 08:00 is seven hours of today's offset away but only six in fact.
  let night: CaseFixture;
  beforeAll(async () => {
    night = await openCaseFixture({ at: '2027-03-01T15:00:00Z', periodEnd: '2027-06-01' });
    await night.addDebtor({ assignTo: 'collector', timeZone: 'America/New_York' });
  });
  afterAll(async () => {
    await night?.dispose();
  });
  const at = (instant: string) =>
    buildQueue(night.deps, night.as('collector'), { collectorId: night.users.collector, at: instant });

  it('is 08:00 where the debtor lives, on the clock that holds then', async () => {
    const before = await at('2027-03-14T05:00:00Z');
    expect(before.total).toBe(0);
    expect(before.nextWindow).toEqual({ at: '2027-03-14T08:00:00-04:00', total: 1 });
    // an ordinary night
    expect((await at('2027-03-10T03:00:00Z')).nextWindow).toEqual({
      at: '2027-03-10T08:00:00-05:00',
      total: 1,
    });
  });

  it('is not given while the queue holds cases', async () => {
    const open = await at('2027-03-10T15:00:00Z');
    expect(open.total).toBe(1);
    expect(open.nextWindow).toBeUndefined();
  });
});
