import { addDays, daysInMonth, fromLocal } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { formatYuan } from '../domain/money';
import type { ApproverRole, OfferPolicy, PolicyBreach } from './ports';

/**
 * The repayment-plan calculator (pure): what the debtor still owes by component, the waiver the
 * request asks for and whether the placement's offer policy allows it, the settlement amount, the
 * schedule, and the total cost to the debtor. Amounts are integer fen throughout.
 */

export interface PlanDebt {
  principalFen: number;
  interestFen: number;
  feesFen: number;
  /** paid and waived so far; applied to fees, then interest, then principal (the banks' order) */
  settledFen: number;
}

export interface PlanRequest {
  instalmentCount: number;
  interestWaiverFen: number;
  feeWaiverFen: number;
  downPaymentFen: number;
  /** local date of the first payment, 'YYYY-MM-DD' */
  firstDueDate: string;
  timeZone: string;
  /**
   * today in the debtor's zone, 'YYYY-MM-DD': a first payment before it is refused (plan.starts_in_past),
   * as is one more than MAX_FIRST_DUE_DAYS after it (plan.starts_too_late)
   */
  today: string;
}

export interface ScheduledInstalment {
  /** 0 is the down payment */
  seq: number;
  dueDate: string;
  /** end of the due date in the debtor's zone: the last instant the payment is on time */
  dueAt: Date;
  amountFen: number;
}

export interface PlanCalculation {
  outstanding: { principalFen: number; interestFen: number; feesFen: number; totalFen: number };
  interestWaiverFen: number;
  feeWaiverFen: number;
  settlementFen: number;
  downPaymentFen: number;
  financedFen: number;
  instalmentFeeFen: number;
  totalCostFen: number;
  schedule: ScheduledInstalment[];
  breaches: PolicyBreach[];
  withinPolicy: boolean;
  requiredRole: ApproverRole;
}

/** Individual card repayment plans run up to five years (信用卡业务监督管理办法, compliance.md thresholds). */
export const MAX_INSTALMENTS = 60;
/**
 * The first payment falls at most this many days after today in the debtor's zone (a year, leap day
 * included): a plan is an arrangement to start paying now, and a far date would overflow the calendar.
 */
export const MAX_FIRST_DUE_DAYS = 366;
const BP = 10_000;

export function outstandingOf(debt: PlanDebt): PlanCalculation['outstanding'] {
  let left = debt.settledFen;
  const take = (x: number) => {
    const t = Math.min(x, Math.max(left, 0));
    left -= t;
    return x - t;
  };
  const feesFen = take(debt.feesFen);
  const interestFen = take(debt.interestFen);
  const principalFen = take(debt.principalFen);
  return { principalFen, interestFen, feesFen, totalFen: principalFen + interestFen + feesFen };
}

export function calculatePlan(debt: PlanDebt, policy: OfferPolicy, req: PlanRequest): PlanCalculation {
  const out = outstandingOf(debt);
  // The date first, the same way for the calculator and the proposal: a valid date, not in the past.
  parseDate(req.firstDueDate);
  if (req.firstDueDate < req.today)
    throw planError('plan.starts_in_past', {
      en: `The first payment date ${req.firstDueDate} is in the past (today is ${req.today})`,
      zh: `首期还款日期 ${req.firstDueDate} 早于今天（${req.today}）`,
    });
  const latest = formatDate(addDays(parseDate(req.today), MAX_FIRST_DUE_DAYS));
  if (req.firstDueDate > latest)
    throw planError('plan.starts_too_late', {
      en: `The first payment date ${req.firstDueDate} is more than ${MAX_FIRST_DUE_DAYS} days away (latest ${latest})`,
      zh: `首期还款日期 ${req.firstDueDate} 距今超过 ${MAX_FIRST_DUE_DAYS} 天（最晚 ${latest}）`,
    });
  const n = req.instalmentCount;
  if (!Number.isInteger(n) || n < 1 || n > MAX_INSTALMENTS)
    throw planError('plan.instalments_out_of_range', {
      en: `The number of instalments must be 1 to ${MAX_INSTALMENTS}`,
      zh: `分期期数须在 1 到 ${MAX_INSTALMENTS} 之间`,
    });
  for (const [k, v] of Object.entries({
    interestWaiverFen: req.interestWaiverFen,
    feeWaiverFen: req.feeWaiverFen,
    downPaymentFen: req.downPaymentFen,
  }))
    if (!Number.isInteger(v) || v < 0)
      throw planError('plan.amount_invalid', {
        en: `${k} must be whole fen, not negative`,
        zh: `${k} 须为非负整数（分）`,
      });
  if (req.interestWaiverFen > out.interestFen)
    throw planError('plan.waiver_exceeds_debt', {
      en: `The interest waiver exceeds the interest owed (${formatYuan(out.interestFen)})`,
      zh: `利息减免超过了所欠利息（${formatYuan(out.interestFen)}）`,
    });
  if (req.feeWaiverFen > out.feesFen)
    throw planError('plan.waiver_exceeds_debt', {
      en: `The fee waiver exceeds the fees owed (${formatYuan(out.feesFen)})`,
      zh: `费用减免超过了所欠费用（${formatYuan(out.feesFen)}）`,
    });
  const settlementFen = out.totalFen - req.interestWaiverFen - req.feeWaiverFen;
  if (settlementFen <= 0)
    throw planError('plan.nothing_owed', { en: 'Nothing is left to pay', zh: '已无应还金额' });
  if (req.downPaymentFen >= settlementFen)
    throw planError('plan.down_payment_covers_all', {
      en: 'The down payment covers the whole settlement: make it a one-off settlement (1 instalment, no down payment)',
      zh: '首付已覆盖全部应还金额：请改为一次性结清（1 期、无首付）',
    });

  const breaches: PolicyBreach[] = [];
  if (!policy.instalmentCounts.includes(n))
    breaches.push({ code: 'instalment_count', limit: Math.max(0, ...policy.instalmentCounts), requested: n });
  const maxInterest = Math.floor((out.interestFen * policy.maxInterestWaiverBp) / BP);
  if (req.interestWaiverFen > maxInterest)
    breaches.push({ code: 'interest_waiver', limit: maxInterest, requested: req.interestWaiverFen });
  const maxFees = Math.floor((out.feesFen * policy.maxFeeWaiverBp) / BP);
  if (req.feeWaiverFen > maxFees)
    breaches.push({ code: 'fee_waiver', limit: maxFees, requested: req.feeWaiverFen });
  // A one-off settlement pays everything at once, so the down-payment floor applies only to instalments.
  const oneOff = n === 1 && req.downPaymentFen === 0;
  const minDown = Math.ceil((settlementFen * policy.minDownPaymentBp) / BP);
  if (!oneOff && req.downPaymentFen < minDown)
    breaches.push({ code: 'down_payment', limit: minDown, requested: req.downPaymentFen });

  const financedFen = settlementFen - req.downPaymentFen;
  // The bank's monthly instalment fee on the amount financed; nothing for a one-off settlement.
  const instalmentFeeFen = n > 1 ? Math.round((financedFen * policy.instalmentFeeBp * n) / BP) : 0;
  const schedule = buildSchedule(req, financedFen + instalmentFeeFen);
  const totalCostFen = schedule.reduce((s, i) => s + i.amountFen, 0);
  return {
    outstanding: out,
    interestWaiverFen: req.interestWaiverFen,
    feeWaiverFen: req.feeWaiverFen,
    settlementFen,
    downPaymentFen: req.downPaymentFen,
    financedFen,
    instalmentFeeFen,
    totalCostFen,
    schedule,
    breaches,
    withinPolicy: breaches.length === 0,
    requiredRole: breaches.length === 0 ? policy.approverRole : policy.exceptionApproverRole,
  };
}

/**
 * Equal monthly instalments; the last absorbs the rounding remainder (尾期调整). With a down payment,
 * it falls on the first due date and the instalments start a month later.
 */
function buildSchedule(req: PlanRequest, repayFen: number): ScheduledInstalment[] {
  const first = parseDate(req.firstDueDate);
  const out: ScheduledInstalment[] = [];
  const at = (d: LocalDate, seq: number, amountFen: number) =>
    out.push({ seq, dueDate: formatDate(d), dueAt: endOfLocalDay(d, req.timeZone), amountFen });
  const offset = req.downPaymentFen > 0 ? 1 : 0;
  if (offset) at(first, 0, req.downPaymentFen);
  const n = req.instalmentCount;
  const base = Math.floor(repayFen / n);
  for (let i = 1; i <= n; i++) {
    const amount = i === n ? repayFen - base * (n - 1) : base;
    at(addMonths(first, i - 1 + offset), i, amount);
  }
  return out;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export function parseDate(s: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  if (!m || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
    throw planError('plan.date_invalid', {
      en: `"${s}" is not a date (YYYY-MM-DD)`,
      zh: `"${s}" 不是有效日期（YYYY-MM-DD）`,
    });
  return { year: y, month: mo, day: d };
}

function formatDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const total = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** The last instant of a local calendar day (the next day's midnight minus one second). */
export function endOfLocalDay(d: LocalDate, timeZone: string): Date {
  const next = addDays(d, 1);
  return new Date(fromLocal({ ...next, hour: 0, minute: 0, second: 0 }, timeZone).getTime() - 1000);
}

function planError(code: string, message: { en: string; zh: string }): DomainError {
  return new DomainError(code, message);
}
