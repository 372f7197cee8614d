import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQueue } from '../../cases/build-queue';
import { recordContactAttempt } from '../../cases/record-contact-attempt';
import { type AddedDebtor, type CaseFixture, openCaseFixture } from '../../store/case-fixture';
import { createCaseStore } from '../../store/case-store';
import type { Db } from '../../store/db';
import { watchWrites } from '../../store/write-watch';
import type { Principal } from '../access';
import { QUEUE_TABLES, QueueCache } from './queue-cache';

// 10:00 in Shanghai: every case of collector2 is callable.
const AT = '2026-12-01T02:00:00Z';
let fx: CaseFixture;
let cases: AddedDebtor[];
let statements = 0;
let t = 0;
let cache: QueueCache;
let write: ReturnType<typeof watchWrites>;

function principal(user: 'collector' | 'collector2' | 'lead'): Principal {
  return {
    userId: fx.users[user],
    agencyId: fx.agencyId,
    role: user === 'lead' ? 'lead' : 'collector',
    teamId: fx.teamId,
    clientId: null,
    name: user,
    login: user,
    staffNo: null,
    sessionId: 's',
    csrfToken: 'c',
    sessionCreatedAt: new Date(AT),
    sessionExpiresAt: new Date('2027-01-01T00:00:00Z'),
  };
}

beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-11-30T02:00:00Z' });
  cases = [];
  for (let i = 0; i < 4; i++) cases.push(await fx.addDebtor({ assignTo: 'collector2' }));
  fx.clock.set(AT);
  const counted: Db = {
    ...fx.db,
    query: (text, params, opts) => {
      statements++;
      return fx.db.query(text, params, opts);
    },
  };
  write = watchWrites(counted, QUEUE_TABLES);
  cache = new QueueCache(createCaseStore(write.db), write.version, 2000, () => t);
});
afterAll(async () => {
  await fx?.dispose();
});

const deps = () => ({ playbook: fx.playbook, clock: fx.clock });
const mine = (at = AT) =>
  cache.queue(deps(), principal('collector2'), { collectorId: fx.users.collector2, at });

describe('QueueCache', () => {
  it('answers as buildQueue does', async () => {
    for (const at of [AT, '2026-12-01T13:30:00Z', '2026-12-01T23:00:00Z'])
      expect(await mine(at)).toEqual(
        await buildQueue(fx.deps, fx.as('collector2'), { collectorId: fx.users.collector2, at }),
      );
  });

  it('says, when nothing may be called now, when the queue opens and how many cases it holds then', async () => {
    // 23:00 and 07:59 in Shanghai: quiet hours until 08:00 there
    for (const at of ['2026-12-01T15:00:00Z', '2026-12-01T23:59:30Z']) {
      const q = await mine(at);
      expect(q.total).toBe(0);
      expect(q.nextWindow).toEqual({ at: '2026-12-02T08:00:00+08:00', total: 4 });
    }
    // within calling hours there is no next window to tell, nor on a later page
    expect((await mine(AT)).nextWindow).toBeUndefined();
    const later = await cache.queue(deps(), principal('collector2'), {
      collectorId: fx.users.collector2,
      at: '2026-12-01T15:00:00Z',
      page: 2,
    });
    expect(later.nextWindow).toBeUndefined();
  });

  it('serves the same collector again without a query, ranking at each request’s instant', async () => {
    t += 10_000;
    await mine();
    const before = statements;
    const a = await mine(AT);
    const b = await mine('2026-12-01T15:00:00Z'); // 23:00 in Shanghai: quiet hours
    expect(statements).toBe(before);
    expect(a.items.length).toBe(4);
    expect(b.items).toEqual([]);
  });

  it('reads again after its time to live, and at once after this process writes what the queue reads', async () => {
    t += 10_000;
    await mine();
    // Trusted for between half the time to live and all of it (spread, so collectors differ).
    const before = statements;
    t += 999;
    await mine();
    expect(statements).toBe(before);
    t += 1002;
    await mine();
    expect(statements).toBeGreaterThan(before);

    const first = (await mine()).items[0]!;
    const target = cases.find((c) => c.caseId === first.caseId)!;
    // A call through this process (the write-watched store): the case drops down at once.
    await recordContactAttempt({ ...fx.deps, store: createCaseStore(write.db) }, fx.as('collector2'), {
      caseId: target.caseId,
      channel: 'call',
      at: AT,
      connected: false,
      answeredBy: null,
      outcomeCode: 'no_answer',
    });
    const after = await mine();
    expect(after).toEqual(
      await buildQueue(fx.deps, fx.as('collector2'), { collectorId: fx.users.collector2, at: AT }),
    );
    expect(after.items[0]!.caseId).not.toBe(first.caseId);
  });

  it('decides on fresh data who may see another collector’s queue', async () => {
    await expect(
      cache.queue(deps(), principal('lead'), { collectorId: fx.users.collector2, at: AT }),
    ).resolves.toMatchObject({ collectorId: fx.users.collector2 });
    await expect(
      cache.queue(deps(), principal('collector'), { collectorId: fx.users.collector2, at: AT }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
