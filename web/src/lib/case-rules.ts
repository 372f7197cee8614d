import type { CaseDetail } from '../api/types';
import type { Lang } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatDate } from './format';

/**
 * Why the case page offers no actions, as a message key, or null when it does. The case's state comes
 * first: a settled, closed or recalled case is read-only for everyone, whatever the role.
 */
export function readOnlyReason(d: {
  case: Pick<CaseDetail['case'], 'status'>;
  can: { work: boolean };
}): MessageKey | null {
  switch (d.case.status) {
    case 'open':
      return d.can.work ? null : 'case.readOnly';
    case 'settled':
      return 'case.readOnlySettled';
    case 'closed':
      return 'case.readOnlyClosed';
    case 'recalled':
      return 'case.readOnlyRecalled';
    default:
      return 'case.readOnly';
  }
}

/**
 * The most a payment may be, as the server counts it (src/cases/record-payment.ts): the balance, or
 * what the active plan's open instalments still ask when that is more (the bank's instalment fee).
 */
export function maxPaymentFen(d: {
  case: Pick<CaseDetail['case'], 'balanceFen'>;
  plans: { state: string; instalments: { amountFen: number; paidFen: number; status: string }[] }[];
}): number {
  const active = d.plans.find((p) => p.state === 'active');
  const instalmentsFen = (active?.instalments ?? [])
    .filter((x) => x.status === 'pending')
    .reduce((s, x) => s + x.amountFen - x.paidFen, 0);
  return Math.max(d.case.balanceFen, instalmentsFen);
}

/**
 * The upper end to send when a heard promise is confirmed with the amount `fen`: the heard range's
 * when the amount is confirmed as heard, else none (a corrected amount is a single amount; the server
 * makes a range only of both ends sent).
 */
export function confirmedMaxFen(
  heard: { amountFen: number | null; amountMaxFen: number | null },
  fen: number,
): number | null {
  return fen === heard.amountFen && heard.amountMaxFen !== null && heard.amountMaxFen > fen
    ? heard.amountMaxFen
    : null;
}

/**
 * The dates on a hold's notice (复核日期, 答复期限) as the debtor's calendar has them: a review due
 * early on the 15th in Shanghai is on the 15th, whatever zone the collector's PC is in.
 */
export function holdNoticeDates(
  hold: Pick<CaseDetail['holds'][number], 'reviewAt' | 'answerDueAt'> & {
    kind?: CaseDetail['holds'][number]['kind'];
  },
  lang: Lang,
  timeZone: string,
  t: (key: 'case.holdReview' | 'case.holdAnswerDue' | 'case.holdVerifyDue', vars: { at: string }) => string,
): string {
  // a complaint is answered by its deadline, a dispute verified by its own
  const due = hold.kind === 'dispute' ? 'case.holdVerifyDue' : 'case.holdAnswerDue';
  return [
    hold.reviewAt && t('case.holdReview', { at: formatDate(hold.reviewAt, lang, timeZone) }),
    hold.answerDueAt && t(due, { at: formatDate(hold.answerDueAt, lang, timeZone) }),
  ]
    .filter(Boolean)
    .join('；');
}
