import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openComplaint } from '../cases/open-complaint';
import { openDispute } from '../cases/open-dispute';
import { resolveDispute } from '../cases/resolve-dispute';
import { stopCollection } from '../cases/stop-collection';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { jobContextFor } from './job-fixture';
import { runComplaintDeadlines, runDisputeDeadlines, runStopReviews } from './lead-notices.job';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

async function notices(caseId: string) {
  return (
    await fx.db.query<{ kind: string; team_id: string | null; due_at: Date }>(
      'select kind, team_id, due_at from lead_notices where case_id = $1 order by created_at, kind',
      [caseId],
    )
  ).rows.map((r) => ({ kind: r.kind, team: r.team_id, due: new Date(r.due_at).toISOString() }));
}

describe('runStopReviews', () => {
  it('surfaces a 停催 to its team lead once its review date comes, once', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const d = await fx.addDebtor();
    await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '债务人重病住院' });
    const { ctx } = jobContextFor(fx);
    expect(await runStopReviews(ctx)).toEqual({ raised: 0 });
    // 30 days (policies.stop_collection.review_days) later
    fx.clock.set('2026-12-31T03:00:00Z');
    expect(await runStopReviews(ctx)).toEqual({ raised: 1 });
    expect(await runStopReviews(ctx)).toEqual({ raised: 0 });
    expect(await notices(d.caseId)).toEqual([
      { kind: 'stop_review', team: fx.teamId, due: '2026-12-31T02:00:00.000Z' },
    ]);
    const audit = await fx.db.query('select 1 from audit_log where entity_id = $1 and action = $2', [
      d.caseId,
      'notice.stop_review',
    ]);
    expect(audit.rows).toHaveLength(1);
  });
});

describe('runComplaintDeadlines', () => {
  it('warns three days before the 15-day answer deadline, then again when it passes', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const d = await fx.addDebtor();
    await openComplaint(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'hotline_12378',
      summary: '债务人投诉催收频率',
    });
    const { ctx } = jobContextFor(fx);
    const due = '2026-12-16T02:00:00.000Z';
    fx.clock.set('2026-12-12T02:00:00Z'); // four days left
    expect(await runComplaintDeadlines(ctx)).toEqual({ due: 0, overdue: 0 });
    fx.clock.set('2026-12-13T03:00:00Z'); // under three days left
    expect(await runComplaintDeadlines(ctx)).toEqual({ due: 1, overdue: 0 });
    expect(await runComplaintDeadlines(ctx)).toEqual({ due: 0, overdue: 0 });
    fx.clock.set('2026-12-16T03:00:00Z');
    expect(await runComplaintDeadlines(ctx)).toEqual({ due: 0, overdue: 1 });
    expect(await notices(d.caseId)).toEqual([
      { kind: 'complaint_due', team: fx.teamId, due },
      { kind: 'complaint_overdue', team: fx.teamId, due },
    ]);
  });
});

describe('runDisputeDeadlines', () => {
  it('warns three days before the 15-day verification deadline, then when it passes; nothing once resolved', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const d = await fx.addDebtor();
    const h = await openDispute(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      kind: 'already_paid',
      detail: '称已在柜台还款',
    });
    const { ctx } = jobContextFor(fx);
    const due = '2026-12-16T02:00:00.000Z';
    fx.clock.set('2026-12-12T02:00:00Z');
    expect(await runDisputeDeadlines(ctx)).toEqual({ due: 0, overdue: 0 });
    fx.clock.set('2026-12-13T03:00:00Z');
    expect(await runDisputeDeadlines(ctx)).toEqual({ due: 1, overdue: 0 });
    expect(await runDisputeDeadlines(ctx)).toEqual({ due: 0, overdue: 0 });
    fx.clock.set('2026-12-16T03:00:00Z');
    expect(await runDisputeDeadlines(ctx)).toEqual({ due: 0, overdue: 1 });
    expect(await notices(d.caseId)).toEqual([
      { kind: 'dispute_due', team: fx.teamId, due },
      { kind: 'dispute_overdue', team: fx.teamId, due },
    ]);
    // a complaint scan does not raise dispute notices
    expect(await runComplaintDeadlines(ctx)).toEqual({ due: 0, overdue: 0 });
    await resolveDispute(fx.deps, fx.as('lead'), { holdId: h.holdId, outcome: 'confirmed', note: '已核实' });
  });

  it('raises nothing for a dispute resolved before its deadline nears', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const d = await fx.addDebtor();
    const h = await openDispute(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      kind: 'amount',
      detail: '金额有误',
    });
    const { ctx } = jobContextFor(fx);
    fx.clock.set('2026-12-05T02:00:00Z');
    await resolveDispute(fx.deps, fx.as('lead'), {
      holdId: h.holdId,
      outcome: 'corrected',
      note: '银行已更正金额',
    });
    fx.clock.set('2026-12-17T03:00:00Z');
    expect(await runDisputeDeadlines(ctx)).toEqual({ due: 0, overdue: 0 });
    expect(await notices(d.caseId)).toEqual([]);
  });
});
