import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openComplaint } from '../cases/open-complaint';
import { recordContactAttempt } from '../cases/record-contact-attempt';
import { recordPayment } from '../cases/record-payment';
import { recordPromise } from '../cases/record-promise';
import { reversePayment } from '../cases/reverse-payment';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { jobContextFor } from './job-fixture';
import { runTeamStats } from './team-stats.job';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

async function statsOf(day: string) {
  const r = await fx.db.query(
    `select team_id, attempts, conversations, calls, violations, promises_made, promised_fen, promises_kept,
            promises_broken, payments, paid_fen, complaints
       from team_daily_stats where agency_id = $1 and day = $2 order by team_id nulls last`,
    [fx.agencyId, day],
  );
  return r.rows;
}

describe('runTeamStats', () => {
  it('counts a day per team, from the records, and a rerun writes the same rows', async () => {
    // 1 December, Shanghai time: work on a case of team 一组 and one of 二组
    fx.clock.set('2026-12-01T02:00:00Z');
    const mine = await fx.addDebtor();
    const other = await fx.addDebtor({ assignTo: 'otherCollector' });
    for (const [who, d] of [
      ['collector', mine],
      ['otherCollector', other],
    ] as const)
      await recordContactAttempt(fx.deps, fx.as(who), {
        caseId: d.caseId,
        channel: 'call',
        at: '2026-12-01T02:00:00Z',
        connected: true,
        answeredBy: 'debtor',
        outcomeCode: 'promise_to_pay',
      });
    await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: mine.caseId,
      channel: 'call',
      at: '2026-12-01T01:00:00Z',
      connected: false,
      outcomeCode: 'no_answer',
    });
    await recordPromise(fx.deps, fx.as('collector'), {
      caseId: mine.caseId,
      amountFen: 300_000,
      dueAt: '2026-12-05T15:59:59Z',
    });
    fx.clock.set('2026-12-01T06:00:00Z'); // a payment is recorded once made
    await recordPayment(fx.deps, fx.as('collector'), {
      caseId: mine.caseId,
      amountFen: 120_000,
      paidAt: '2026-12-01T06:00:00Z',
      channel: 'alipay',
      reference: 'ALI-STATS-1',
    });
    await openComplaint(fx.deps, fx.as('otherCollector'), {
      caseId: other.caseId,
      channel: 'call',
      summary: '嫌电话太多',
    });
    // a payment just after local midnight belongs to the next day
    fx.clock.set('2026-12-01T16:30:00Z');
    await recordPayment(fx.deps, fx.as('collector'), {
      caseId: mine.caseId,
      amountFen: 10_000,
      paidAt: '2026-12-01T16:30:00Z',
      channel: 'alipay',
      reference: 'ALI-STATS-2',
    });

    fx.clock.set('2026-12-01T18:30:00Z'); // 02:30 on 2 December in Shanghai
    const { ctx } = jobContextFor(fx);
    const r = await runTeamStats(ctx, {});
    expect(r.days.at(-1)).toBe('2026-12-01');
    const zero = {
      attempts: 0,
      conversations: 0,
      calls: 0,
      violations: 0,
      promises_made: 0,
      promised_fen: 0,
      promises_kept: 0,
      promises_broken: 0,
      payments: 0,
      paid_fen: 0,
      complaints: 0,
    };
    const expected = [
      {
        ...zero,
        team_id: fx.teamId,
        attempts: 2,
        conversations: 1,
        promises_made: 1,
        promised_fen: 300_000,
        payments: 1,
        paid_fen: 120_000,
      },
      { ...zero, team_id: fx.otherTeamId, attempts: 1, conversations: 1, complaints: 1 },
      { ...zero, team_id: null },
    ].sort((a, b) => (a.team_id === null ? 1 : b.team_id === null ? -1 : a.team_id < b.team_id ? -1 : 1));
    expect(await statsOf('2026-12-01')).toEqual(expected);
    await runTeamStats(ctx, { day: '2026-12-01' });
    expect(await statsOf('2026-12-01')).toEqual(expected);
  });

  it('fills in the missing days of the week before, but recomputes only yesterday once they exist', async () => {
    fx.clock.set('2026-12-10T18:30:00Z');
    const { ctx } = jobContextFor(fx);
    const first = await runTeamStats(ctx, {});
    expect(first.days).toEqual([
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
    ]);
    const again = await runTeamStats(ctx, {});
    expect(again.days).toEqual(['2026-12-10']);
  });

  it('recomputes an earlier day, whatever its age, once a payment of that day is reversed', async () => {
    fx.clock.set('2026-12-12T02:00:00Z');
    const d = await fx.addDebtor();
    await recordPromise(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 200_000,
      dueAt: '2026-12-12T15:59:59Z',
    });
    const paid = await recordPayment(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 200_000,
      paidAt: '2026-12-12T02:00:00Z',
      channel: 'alipay',
      reference: 'ALI-STATS-REV',
    });
    const { ctx } = jobContextFor(fx);
    const mine = async (day: string) => (await statsOf(day)).find((r) => r.team_id === fx.teamId);
    fx.clock.set('2026-12-12T18:30:00Z');
    await runTeamStats(ctx, {});
    expect(await mine('2026-12-12')).toMatchObject({ payments: 1, paid_fen: 200_000, promises_kept: 1 });

    // reversed two weeks later: 12 December is long past the week the job fills in
    fx.clock.set('2026-12-26T02:00:00Z');
    await reversePayment(fx.deps, fx.as('lead'), { paymentId: paid.paymentId, reason: '银行退回' });
    fx.clock.set('2026-12-26T18:30:00Z');
    const r = await runTeamStats(ctx, {});
    expect(r.days).toContain('2026-12-12');
    expect(await mine('2026-12-12')).toMatchObject({ payments: 0, paid_fen: 0, promises_kept: 0 });
    // the promise broke on the day of the reversal, counted there
    expect(await mine('2026-12-26')).toMatchObject({ promises_broken: 1 });
    // done: the next run leaves the day alone
    expect((await runTeamStats(ctx, {})).days).toEqual(['2026-12-26']);
  });

  it('recomputes an earlier day, whatever its age, once a payment or contact dated on it is logged late', async () => {
    fx.clock.set('2027-01-05T02:00:00Z');
    const d = await fx.addDebtor();
    const { ctx } = jobContextFor(fx);
    const mine = async (day: string) => (await statsOf(day)).find((r) => r.team_id === fx.teamId);
    fx.clock.set('2027-01-05T18:30:00Z');
    await runTeamStats(ctx, {});
    expect(await mine('2027-01-05')).toMatchObject({ attempts: 0, payments: 0 });

    // two weeks later the collector logs that day's call and the bank's payment advice for it
    fx.clock.set('2027-01-19T02:00:00Z');
    await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2027-01-05T03:00:00Z',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'talked',
    });
    await recordPayment(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      amountFen: 50_000,
      paidAt: '2027-01-05T06:00:00Z',
      channel: 'bank_transfer',
      reference: 'TXN-STATS-LATE',
    });
    // and today's records mark nothing: today is computed once it is over
    await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2027-01-19T01:30:00Z',
      connected: false,
      answeredBy: null,
      outcomeCode: 'no_answer',
    });
    const marks = await fx.db.query<{ day: string }>(
      'select day::text as day from team_stats_stale where agency_id = $1 order by day',
      [fx.agencyId],
    );
    expect(marks.rows.map((r) => r.day)).toEqual(['2027-01-05']);
    fx.clock.set('2027-01-19T18:30:00Z');
    expect((await runTeamStats(ctx, {})).days).toContain('2027-01-05');
    expect(await mine('2027-01-05')).toMatchObject({
      attempts: 1,
      conversations: 1,
      payments: 1,
      paid_fen: 50_000,
    });
  });
});
