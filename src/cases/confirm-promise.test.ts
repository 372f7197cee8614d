import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { confirmPromise } from './confirm-promise';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

describe('confirmPromise input', () => {
  it('refuses an upper end without the lower one: a range needs both (docs/api.md)', async () => {
    const e = await failure(
      confirmPromise(fx.deps, fx.as('collector'), { proposalId: 'ppr_any', amountMaxFen: 600_000 }),
    );
    expect(e.code).toBe('input.invalid');
    expect(e.details).toMatchObject({ issues: [{ path: 'amountMaxFen' }] });
  });

  it('still takes null alone: the heard range made a single amount', async () => {
    // passes the input check, so the unknown proposal is what is refused
    const e = await failure(
      confirmPromise(fx.deps, fx.as('collector'), { proposalId: 'ppr_any', amountMaxFen: null }),
    );
    expect(e.code).toBe('proposal.not_found');
  });
});
