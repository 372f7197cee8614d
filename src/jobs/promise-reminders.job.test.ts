import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPayment } from '../cases/record-payment';
import { recordPromise } from '../cases/record-promise';
import { stopCollection } from '../cases/stop-collection';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { jobContextFor } from './job-fixture';
import {
  REMIND_SEND,
  remindSendData,
  scanPromiseReminders,
  sendPromiseReminder,
  yuanText,
} from './promise-reminders.job';

let fx: CaseFixture;
beforeAll(async () => {
  // 10:00 in Shanghai
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await fx?.dispose();
});

/** A debtor with a promise due at `due`, made at the fixture's clock time. */
async function promiseDue(due: string, amountFen = 200_000, idNumber?: string) {
  const d = await fx.addDebtor({
    name: '王建国',
    ...(idNumber ? { idNumber } : {}),
  });
  const p = await recordPromise(fx.deps, fx.as('collector'), { caseId: d.caseId, amountFen, dueAt: due });
  return { ...d, promiseId: p.promiseId };
}

async function reminderRow(promiseId: string) {
  return (
    await fx.db.query<{ lead_hours: number; status: string; reason: string | null; text: string | null }>(
      'select lead_hours, status, reason, text from promise_reminders where promise_id = $1 order by lead_hours',
      [promiseId],
    )
  ).rows;
}

describe('scanPromiseReminders', () => {
  it('enqueues one send job per lead time at its moment, and nothing twice', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const far = await promiseDue('2026-12-02T02:30:00Z'); // due in 24.5 h: both 24 h and 2 h reminders
    const later = await promiseDue('2026-12-02T10:00:00Z'); // due in 32 h: a later scan enqueues it
    const near = await promiseDue('2026-12-01T05:00:00Z'); // due in 3 h: the 24 h moment is before it was made
    const { ctx, queue } = jobContextFor(fx);
    await scanPromiseReminders(ctx);
    const mine = (id: string) =>
      queue.jobs.filter((j) => j.name === REMIND_SEND && remindSendData.parse(j.data).promiseId === id);
    expect(
      mine(far.promiseId).map((j) => [
        remindSendData.parse(j.data).leadHours,
        j.opts.startAfter?.toISOString(),
      ]),
    ).toEqual([
      [24, '2026-12-01T02:30:00.000Z'],
      [2, '2026-12-02T00:30:00.000Z'],
    ]);
    expect(mine(later.promiseId)).toEqual([]);
    expect(mine(near.promiseId).map((j) => remindSendData.parse(j.data).leadHours)).toEqual([2]);
    const before = queue.jobs.length;
    await scanPromiseReminders(ctx);
    expect(queue.jobs.length).toBe(before);
  });
});

describe('sendPromiseReminder', () => {
  it('texts the lawful template once, records the attempt, and a rerun sends nothing', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    // 11010519491231002X: a woman's ID number (the 17th digit is even)
    const p = await promiseDue('2026-12-02T02:00:00Z', 150_050, '11010519491231002X');
    const { ctx, channel } = jobContextFor(fx);
    const data = { agencyId: fx.agencyId, promiseId: p.promiseId, leadHours: 24 };
    expect(await sendPromiseReminder(ctx, data)).toMatchObject({ outcome: 'sent' });
    expect(channel.sent).toHaveLength(1);
    const text = channel.sent[0]!.text;
    expect(text).toContain('王建国女士您好');
    expect(text).toContain('12月2日还款1500.50元');
    expect(text).toContain('400-800-1234');
    expect(text).not.toMatch(/[{}]/);
    expect(channel.sent[0]!.to).toMatch(/^1380000/);
    const attempts = await fx.db.query<{
      channel: string;
      outcome_code: string;
      collector_id: string | null;
    }>('select channel, outcome_code, collector_id from contact_attempts where case_id = $1', [p.caseId]);
    expect(attempts.rows).toEqual([{ channel: 'sms', outcome_code: 'sms_sent', collector_id: null }]);
    expect(await reminderRow(p.promiseId)).toEqual([{ lead_hours: 24, status: 'sent', reason: null, text }]);

    expect(await sendPromiseReminder(ctx, data)).toEqual({ outcome: 'duplicate' });
    expect(channel.sent).toHaveLength(1);
  });

  it('waits out quiet hours: at 22:30 local the text is rescheduled to 08:00', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const p = await promiseDue('2026-12-02T06:00:00Z');
    fx.clock.set('2026-12-01T14:30:00Z'); // 22:30 in Shanghai
    const { ctx, channel, queue } = jobContextFor(fx);
    const data = { agencyId: fx.agencyId, promiseId: p.promiseId, leadHours: 24 };
    const r = await sendPromiseReminder(ctx, data);
    expect(r).toEqual({ outcome: 'rescheduled', at: '2026-12-02T00:00:00.000Z' });
    expect(channel.sent).toHaveLength(0);
    expect(queue.jobs).toEqual([
      {
        name: REMIND_SEND,
        data,
        opts: {
          key: expect.stringContaining('2026-12-02T00:00:00.000Z'),
          startAfter: new Date('2026-12-02T00:00:00Z'),
        },
      },
    ]);
    expect(await reminderRow(p.promiseId)).toEqual([]);
    // the rescheduled run at 08:00 sends
    fx.clock.set('2026-12-02T00:00:00Z');
    expect(await sendPromiseReminder(ctx, data)).toMatchObject({ outcome: 'sent' });
    expect(channel.sent).toHaveLength(1);
  });

  it('sends nothing while collection is stopped (停催)', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const p = await promiseDue('2026-12-02T02:00:00Z');
    await stopCollection(fx.deps, fx.as('lead'), { caseId: p.caseId, reason: '债务人住院' });
    const { ctx, channel, queue } = jobContextFor(fx);
    const r = await sendPromiseReminder(ctx, {
      agencyId: fx.agencyId,
      promiseId: p.promiseId,
      leadHours: 24,
    });
    expect(r).toEqual({ outcome: 'skipped', reason: 'blocked' });
    expect(channel.sent).toHaveLength(0);
    expect(queue.jobs).toHaveLength(0);
    expect((await reminderRow(p.promiseId))[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('blocked'),
    });
  });

  it.each([
    ['the promise was paid', 'settled'],
    ['the 2 h moment has also passed', 'superseded'],
    ['the due time has passed', 'too_late'],
  ] as const)('skips when %s (%s)', async (_what, reason) => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const p = await promiseDue('2026-12-02T02:00:00Z', 100_000);
    if (reason === 'settled')
      await recordPayment(fx.deps, fx.as('collector'), {
        caseId: p.caseId,
        amountFen: 100_000,
        paidAt: '2026-12-01T02:00:00Z',
        channel: 'bank_transfer',
        reference: `REF-${p.promiseId}`,
      });
    if (reason === 'superseded') fx.clock.set('2026-12-02T00:30:00Z');
    if (reason === 'too_late') fx.clock.set('2026-12-02T03:00:00Z');
    const { ctx, channel } = jobContextFor(fx);
    const r = await sendPromiseReminder(ctx, {
      agencyId: fx.agencyId,
      promiseId: p.promiseId,
      leadHours: 24,
    });
    expect(r).toEqual({ outcome: 'skipped', reason });
    expect(channel.sent).toHaveLength(0);
  });

  it('rolls back when the gateway fails, and sends exactly once on the retry', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const p = await promiseDue('2026-12-02T02:00:00Z');
    const { ctx, channel } = jobContextFor(fx);
    channel.failNext = 1;
    const data = { agencyId: fx.agencyId, promiseId: p.promiseId, leadHours: 24 };
    await expect(sendPromiseReminder(ctx, data)).rejects.toThrow('gateway unavailable');
    expect(await reminderRow(p.promiseId)).toEqual([]);
    const none = await fx.db.query('select 1 from contact_attempts where case_id = $1', [p.caseId]);
    expect(none.rows).toHaveLength(0);
    expect(await sendPromiseReminder(ctx, data)).toMatchObject({ outcome: 'sent' });
    expect(channel.sent).toHaveLength(1);
  });

  it('never sends a half-filled text: no call-back number, no reminder', async () => {
    fx.clock.set('2026-12-01T02:00:00Z');
    const p = await promiseDue('2026-12-02T02:00:00Z');
    const { ctx, channel } = jobContextFor(fx, { sender: { callbackPhone: null } });
    const r = await sendPromiseReminder(ctx, {
      agencyId: fx.agencyId,
      promiseId: p.promiseId,
      leadHours: 24,
    });
    expect(r).toEqual({ outcome: 'skipped', reason: 'template_incomplete' });
    expect(channel.sent).toHaveLength(0);
  });
});

describe('yuanText', () => {
  it.each([
    [200_000, '2000'],
    [150_050, '1500.50'],
    [1, '0.01'],
  ])('%i fen reads %s', (fen, text) => {
    expect(yuanText(fen)).toBe(text);
  });
});
