import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPromise } from '../cases/record-promise';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { runBrokenPromises } from './broken-promises.job';
import { jobContextFor } from './job-fixture';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

describe('runBrokenPromises', () => {
  it('breaks past-due promises through the use case, and a rerun changes nothing', async () => {
    const a = await fx.addDebtor();
    const b = await fx.addDebtor();
    for (const d of [a, b])
      await recordPromise(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        amountFen: 50_000,
        dueAt: '2026-12-02T15:59:59Z',
      });
    const { ctx } = jobContextFor(fx);
    expect(await runBrokenPromises(ctx, {})).toMatchObject({ broken: 0 });
    fx.clock.set('2026-12-03T02:00:00Z');
    expect(await runBrokenPromises(ctx, {})).toMatchObject({ broken: 2, more: false });
    expect(await runBrokenPromises(ctx, {})).toMatchObject({ broken: 0 });
    const cases = await fx.db.query<{ broken_count: number }>(
      'select broken_count from cases where id = any($1) order by id',
      [[a.caseId, b.caseId]],
    );
    expect(cases.rows.map((r) => r.broken_count)).toEqual([1, 1]);
  });
});
