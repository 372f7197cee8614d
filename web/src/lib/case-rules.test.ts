import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import { confirmedMaxFen, holdNoticeDates, maxPaymentFen, readOnlyReason } from './case-rules';

describe('readOnlyReason', () => {
  it.each([
    ['open', true, null],
    ['open', false, 'case.readOnly'],
    ['settled', true, 'case.readOnlySettled'],
    ['settled', false, 'case.readOnlySettled'],
    ['closed', true, 'case.readOnlyClosed'],
    ['recalled', true, 'case.readOnlyRecalled'],
  ] as const)('a %s case, may work %s: %s', (status, work, key) => {
    expect(readOnlyReason({ case: { status }, can: { work } })).toBe(key);
  });

  it('says a settled case is read-only because it is settled, not because of the role', () => {
    const key = readOnlyReason({ case: { status: 'settled' }, can: { work: true } });
    expect(key && translate('zh', key)).toMatch(/^案件已结清/);
    expect(key && translate('zh', key)).not.toContain('角色');
  });
});

describe('maxPaymentFen', () => {
  const instalment = (amountFen: number, paidFen: number, status = 'pending') => ({
    amountFen,
    paidFen,
    status,
  });
  it('is the balance', () => {
    expect(maxPaymentFen({ case: { balanceFen: 3_649_460 }, plans: [] })).toBe(3_649_460);
  });
  it('or what the active plan’s open instalments ask, when that is more', () => {
    const plans = [
      { state: 'active', instalments: [instalment(50_000, 50_000, 'paid'), instalment(60_000, 10_000)] },
      { state: 'rejected', instalments: [instalment(900_000, 0)] },
    ];
    expect(maxPaymentFen({ case: { balanceFen: 40_000 }, plans })).toBe(50_000);
    expect(maxPaymentFen({ case: { balanceFen: 70_000 }, plans })).toBe(70_000);
  });
});

describe('confirmedMaxFen', () => {
  it.each([
    // heard, confirmed amount → upper end sent
    [{ amountFen: 300_000, amountMaxFen: 500_000 }, 300_000, 500_000],
    [{ amountFen: 300_000, amountMaxFen: 500_000 }, 250_000, null],
    [{ amountFen: 500_000, amountMaxFen: 500_000 }, 450_000, null],
    [{ amountFen: 500_000, amountMaxFen: 500_000 }, 500_000, null],
    [{ amountFen: null, amountMaxFen: null }, 100_000, null],
  ])('heard %o, confirmed %i: %s', (heard, fen, max) => {
    expect(confirmedMaxFen(heard, fen)).toBe(max);
  });
});

describe('holdNoticeDates', () => {
  // the PC's zone is not the debtor's: the notice must not follow it
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });
  const zh = (key: 'case.holdReview' | 'case.holdAnswerDue' | 'case.holdVerifyDue', vars: { at: string }) =>
    translate('zh', key, vars);

  it.each([
    // 00:30 on the 15th in Shanghai is still the 14th in UTC
    ['Asia/Shanghai', '2026-12-14T16:30:00.000Z', '复核日期 2026/12/15'],
    // 21:00 on the 14th in New York is already the 15th in UTC and in Shanghai
    ['America/New_York', '2026-12-15T02:00:00.000Z', '复核日期 2026/12/14'],
  ])('gives the review date on the debtor’s calendar (%s, %s)', (zone, reviewAt, text) => {
    expect(holdNoticeDates({ reviewAt, answerDueAt: null }, 'zh', zone, zh)).toBe(text);
  });

  it('gives the answer-due date in the debtor’s zone too, and nothing when there are no dates', () => {
    expect(
      holdNoticeDates(
        { reviewAt: '2026-12-14T16:30:00.000Z', answerDueAt: '2026-12-20T16:10:00.000Z' },
        'zh',
        'Asia/Shanghai',
        zh,
      ),
    ).toBe('复核日期 2026/12/15；须在 2026/12/21 前答复');
    expect(holdNoticeDates({ reviewAt: null, answerDueAt: null }, 'zh', 'Asia/Shanghai', zh)).toBe('');
    // a dispute's deadline is for verifying it
    expect(
      holdNoticeDates(
        { kind: 'dispute', reviewAt: null, answerDueAt: '2026-12-20T16:10:00.000Z' },
        'zh',
        'Asia/Shanghai',
        zh,
      ),
    ).toBe('须在 2026/12/21 前核实');
  });
});
