import { describe, expect, it } from 'vitest';
import type { Policies } from '../playbook';
import { brokenPromiseResponse } from './broken-promise-response';

const POLICY: Policies['broken_promise'] = {
  requeue: true,
  priority_raise: 2,
  switch_strategies: ['confrontation', 'bear_burden', 'foot_in_door'],
  escalate_after: 2,
  follow_up_template: 'broken-promise-follow-up',
};

describe('brokenPromiseResponse', () => {
  it.each([
    // broken count, current strategy, open escalation → strategy, escalate
    [1, null, false, 'confrontation', false],
    [1, 'confrontation', false, 'bear_burden', false],
    [2, 'confrontation', false, 'bear_burden', true],
    [2, null, true, 'bear_burden', false],
    [3, 'empathy', false, 'foot_in_door', true],
    [4, 'empathy', false, 'confrontation', true],
    [4, 'confrontation', false, 'bear_burden', true],
  ])(
    'broken promise no. %i with strategy %s (escalation open: %s) switches to %s, escalates: %s',
    (count, current, open, strategy, escalate) => {
      const r = brokenPromiseResponse(POLICY, {
        brokenCount: count,
        currentStrategy: current,
        hasOpenEscalation: open,
      });
      expect(r.strategy).toBe(strategy);
      expect(r.escalate).toBe(escalate);
      expect(r.priorityDelta).toBe(2);
      expect(r.requeue).toBe(true);
    },
  );

  it.each([
    [{ escalate_after: 1 }, 1, true],
    [{ escalate_after: 3 }, 2, false],
    [{ escalate_after: 3 }, 3, true],
  ])('escalates with %o after %i broken promises: %s', (over, count, escalate) => {
    const r = brokenPromiseResponse(
      { ...POLICY, ...over },
      { brokenCount: count, currentStrategy: null, hasOpenEscalation: false },
    );
    expect(r.escalate).toBe(escalate);
  });

  it('keeps a single listed strategy even when it is the current one', () => {
    const r = brokenPromiseResponse(
      { ...POLICY, switch_strategies: ['confrontation'] },
      { brokenCount: 1, currentStrategy: 'confrontation', hasOpenEscalation: false },
    );
    expect(r.strategy).toBe('confrontation');
  });

  it('passes the requeue flag and the priority step through from the policy', () => {
    const r = brokenPromiseResponse(
      { ...POLICY, requeue: false, priority_raise: 0 },
      { brokenCount: 1, currentStrategy: null, hasOpenEscalation: false },
    );
    expect(r).toMatchObject({ requeue: false, priorityDelta: 0 });
  });
});
