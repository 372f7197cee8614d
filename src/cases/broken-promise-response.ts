import type { Policies } from '../playbook';

/**
 * The playbook's response to a broken promise (pure): requeue the case, raise its priority, switch
 * the strategy, and escalate to a lead once the case has broken the configured number of promises
 * (domain.md: repeated broken promises lower trust and change the approach).
 */

export interface BrokenPromiseState {
  /** broken promises on the case, this one included */
  brokenCount: number;
  currentStrategy: string | null;
  hasOpenEscalation: boolean;
}

export interface BrokenPromiseResponse {
  requeue: boolean;
  priorityDelta: number;
  strategy: string;
  escalate: boolean;
}

export function brokenPromiseResponse(
  policy: Policies['broken_promise'],
  state: BrokenPromiseState,
): BrokenPromiseResponse {
  const list = policy.switch_strategies;
  // Walk the list one step per broken promise; never "switch" to the strategy already in use.
  let i = (Math.max(state.brokenCount, 1) - 1) % list.length;
  if (list[i] === state.currentStrategy && list.length > 1) i = (i + 1) % list.length;
  return {
    requeue: policy.requeue,
    priorityDelta: policy.priority_raise,
    strategy: list[i]!,
    escalate: state.brokenCount >= policy.escalate_after && !state.hasOpenEscalation,
  };
}
