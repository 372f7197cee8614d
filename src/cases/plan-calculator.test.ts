import { describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors';
import { addMonths, calculatePlan, endOfLocalDay, outstandingOf, type PlanRequest } from './plan-calculator';
import type { OfferPolicy } from './ports';

const POLICY: OfferPolicy = {
  instalmentCounts: [1, 3, 6, 12],
  maxInterestWaiverBp: 5000, // half the interest
  maxFeeWaiverBp: 10000, // all the fees
  minDownPaymentBp: 1000, // 10% of the settlement
  instalmentFeeBp: 0,
  approverRole: 'lead',
  exceptionApproverRole: 'manager',
};

// ¥10,000 principal, ¥2,000 interest, ¥500 fees, nothing paid
const DEBT = { principalFen: 1_000_000, interestFen: 200_000, feesFen: 50_000, settledFen: 0 };

const req = (over: Partial<PlanRequest> = {}): PlanRequest => ({
  instalmentCount: 3,
  interestWaiverFen: 0,
  feeWaiverFen: 0,
  downPaymentFen: 125_000,
  firstDueDate: '2026-12-10',
  timeZone: 'Asia/Shanghai',
  today: '2026-12-01',
  ...over,
});

describe('outstandingOf', () => {
  it.each([
    [0, 1_000_000, 200_000, 50_000],
    [30_000, 1_000_000, 200_000, 20_000],
    [50_000, 1_000_000, 200_000, 0],
    [150_000, 1_000_000, 100_000, 0],
    [400_000, 850_000, 0, 0],
    [1_250_000, 0, 0, 0],
  ])('applies %i fen paid to fees, then interest, then principal', (settled, p, i, f) => {
    expect(outstandingOf({ ...DEBT, settledFen: settled })).toEqual({
      principalFen: p,
      interestFen: i,
      feesFen: f,
      totalFen: p + i + f,
    });
  });
});

describe('calculatePlan: waivers and policy', () => {
  it.each([
    // interest waiver, fee waiver, count, down payment → within policy, breaches, approver
    [0, 0, 3, 125_000, true, [], 'lead'],
    [100_000, 50_000, 3, 110_000, true, [], 'lead'],
    [100_001, 0, 3, 115_000, false, ['interest_waiver'], 'manager'],
    [0, 0, 4, 125_000, false, ['instalment_count'], 'manager'],
    [0, 0, 3, 124_999, false, ['down_payment'], 'manager'],
    [0, 0, 1, 0, true, [], 'lead'],
    [150_000, 0, 24, 0, false, ['instalment_count', 'interest_waiver', 'down_payment'], 'manager'],
  ] as const)(
    'interest waiver %i, fee waiver %i, %i instalments, down %i: within policy %s',
    (iw, fw, n, down, within, breaches, role) => {
      const p = calculatePlan(
        DEBT,
        POLICY,
        req({ interestWaiverFen: iw, feeWaiverFen: fw, instalmentCount: n, downPaymentFen: down }),
      );
      expect(p.withinPolicy).toBe(within);
      expect(p.breaches.map((b) => b.code)).toEqual(breaches);
      expect(p.requiredRole).toBe(role);
      expect(p.settlementFen).toBe(1_250_000 - iw - fw);
    },
  );

  it('accepts a first payment 366 days after today', () => {
    expect(calculatePlan(DEBT, POLICY, req({ firstDueDate: '2027-12-02' })).schedule[0]?.dueDate).toBe(
      '2027-12-02',
    );
  });

  it('states the limit and the request of each breach', () => {
    const p = calculatePlan(DEBT, POLICY, req({ interestWaiverFen: 150_000 }));
    expect(p.breaches).toEqual([{ code: 'interest_waiver', limit: 100_000, requested: 150_000 }]);
  });

  it.each([
    [{ interestWaiverFen: 200_001 }, 'plan.waiver_exceeds_debt'],
    [{ feeWaiverFen: 50_001 }, 'plan.waiver_exceeds_debt'],
    [{ instalmentCount: 0 }, 'plan.instalments_out_of_range'],
    [{ instalmentCount: 61 }, 'plan.instalments_out_of_range'],
    [{ downPaymentFen: 1_250_000 }, 'plan.down_payment_covers_all'],
    [{ downPaymentFen: -1 }, 'plan.amount_invalid'],
    [{ firstDueDate: '2026-02-30' }, 'plan.date_invalid'],
    // the proposal's date rule, so that what the calculator shows can be proposed
    [{ firstDueDate: '2020-01-01' }, 'plan.starts_in_past'],
    [{ firstDueDate: '2026-11-30' }, 'plan.starts_in_past'],
    // at most 366 days ahead (today is 2026-12-01): no schedule running past year 9999
    [{ firstDueDate: '9999-12-31' }, 'plan.starts_too_late'],
    [{ firstDueDate: '2027-12-03' }, 'plan.starts_too_late'],
    // not a date comes first, even when it would also be in the past
    [{ firstDueDate: '2026-02-31', today: '2026-12-01' }, 'plan.date_invalid'],
  ] as const)('refuses %o with %s', (over, code) => {
    try {
      calculatePlan(DEBT, POLICY, req(over));
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe(code);
    }
  });
});

describe('calculatePlan: schedule and total cost', () => {
  it.each([
    // count, down, fee bp per month → instalment amounts (seq 0 = down payment), total cost
    [3, 125_000, 0, [125_000, 375_000, 375_000, 375_000], 1_250_000],
    [3, 0, 0, [416_666, 416_666, 416_668], 1_250_000],
    [1, 0, 0, [1_250_000], 1_250_000],
    // 0.5% a month on ¥11,250 financed over 6 months = ¥337.50 fee
    [6, 125_000, 50, [125_000, 193_125, 193_125, 193_125, 193_125, 193_125, 193_125], 1_283_750],
  ])('%i instalments with %i down at %i bp a month cost %o', (n, down, feeBp, amounts, total) => {
    const p = calculatePlan(
      DEBT,
      { ...POLICY, instalmentCounts: [1, 3, 6], instalmentFeeBp: feeBp },
      req({ instalmentCount: n, downPaymentFen: down }),
    );
    expect(p.schedule.map((i) => i.amountFen)).toEqual(amounts);
    expect(p.totalCostFen).toBe(total);
    expect(p.totalCostFen).toBe(p.settlementFen + p.instalmentFeeFen);
  });

  it('puts the down payment on the first date and the instalments monthly after it', () => {
    const p = calculatePlan(DEBT, POLICY, req({ firstDueDate: '2027-01-31' }));
    expect(p.schedule.map((i) => [i.seq, i.dueDate])).toEqual([
      [0, '2027-01-31'],
      [1, '2027-02-28'],
      [2, '2027-03-31'],
      [3, '2027-04-30'],
    ]);
  });

  it('makes each instalment due at the end of its local day', () => {
    const p = calculatePlan(DEBT, POLICY, req({ firstDueDate: '2026-12-10' }));
    expect(p.schedule[0]!.dueAt.toISOString()).toBe('2026-12-10T15:59:59.000Z');
  });
});

describe('calendar helpers', () => {
  it.each([
    [{ year: 2027, month: 1, day: 31 }, 1, { year: 2027, month: 2, day: 28 }],
    [{ year: 2028, month: 1, day: 31 }, 1, { year: 2028, month: 2, day: 29 }],
    [{ year: 2026, month: 12, day: 15 }, 2, { year: 2027, month: 2, day: 15 }],
    [{ year: 2026, month: 8, day: 31 }, 13, { year: 2027, month: 9, day: 30 }],
  ])('adds months to %o + %i = %o', (d, n, out) => {
    expect(addMonths(d, n)).toEqual(out);
  });

  it('ends a New York day at 23:59:59 local across the DST change', () => {
    expect(endOfLocalDay({ year: 2026, month: 11, day: 1 }, 'America/New_York').toISOString()).toBe(
      '2026-11-02T04:59:59.000Z',
    );
  });
});
