import type { Stage } from '../playbook';
import type { CallSignals } from './call-signals';
import type { PastContact } from './input';

export const STAGE_NAMES_ZH: Record<Stage, string> = {
  first_call: '首次通话',
  follow_up: '跟进通话',
  broken_promise: '跳票后',
  third_party: '第三方接听',
  angry: '客户愤怒/扬言投诉',
  dispute: '客户有异议',
};

export interface StageVerdict {
  stage: Stage;
  inferred: boolean;
  reason_zh: string;
}

/** The last promise on the case that came due unpaid and has not been followed by a payment since. */
export function openBrokenPromise(history: readonly PastContact[]): PastContact | null {
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  let broken: PastContact | null = null;
  for (const c of sorted) {
    if (c.outcome.paid || c.outcome.promise_kept === true) broken = null;
    if (c.outcome.promise_kept === false) broken = c;
  }
  return broken;
}

export function brokenPromiseCount(history: readonly PastContact[]): number {
  return history.filter((c) => c.outcome.promise_kept === false).length;
}

/**
 * The call situation. History gives the baseline (no connected contact yet → first call; an
 * unresolved broken promise → after a broken promise; else follow-up); what is happening on the
 * line overrides it, in the order a lead would act on it: a third party, a dispute, anger.
 */
export function inferStage(
  signals: CallSignals,
  history: readonly PastContact[],
  given?: Stage,
): StageVerdict {
  if (given)
    return { stage: given, inferred: false, reason_zh: `场景由调用方给定：${STAGE_NAMES_ZH[given]}` };
  if (signals.thirdPartyAnswered)
    return {
      stage: 'third_party',
      inferred: true,
      reason_zh: signals.thirdPartyListening
        ? '接电话的不是债务人本人'
        : '本次通话先由第三方接听，之后本人接过电话',
    };
  if (signals.dispute)
    return {
      stage: 'dispute',
      inferred: true,
      reason_zh: `客户对欠款提出异议：“${signals.dispute.text}”`,
    };
  if (signals.complaint || signals.anger) {
    const q = signals.complaint ?? signals.anger;
    return {
      stage: 'angry',
      inferred: true,
      reason_zh: `客户${signals.complaint ? '扬言投诉' : '情绪激动'}：“${q?.text ?? ''}”`,
    };
  }
  const broken = openBrokenPromise(history);
  if (broken)
    return {
      stage: 'broken_promise',
      inferred: true,
      reason_zh: `${broken.at.slice(0, 10)} 的还款承诺未兑现，之后没有还款`,
    };
  if (history.some((c) => c.connected))
    return { stage: 'follow_up', inferred: true, reason_zh: '此前已与本人通过话' };
  return { stage: 'first_call', inferred: true, reason_zh: '案件记录中没有与本人接通过的通话' };
}
