import { describe, expect, it } from 'vitest';
import type { HeardTurn, OutcomeEvents } from './input';
import { InMemoryStrategyOutcomeStore, resolveCall } from './outcome-store';
import { classifyOutcome, countCells, type OutcomeResult, resolveUses, usesFromCall } from './outcomes';

const none: OutcomeEvents = { promise_made: false, promise_kept: null, paid: false, complaint: false };

describe('what counts as a success', () => {
  it.each<[string, Partial<OutcomeEvents>, OutcomeResult]>([
    ['nothing followed', {}, 'failure'],
    ['a promise still open', { promise_made: true }, 'pending'],
    ['a promise kept', { promise_made: true, promise_kept: true }, 'success'],
    ['a promise broken', { promise_made: true, promise_kept: false }, 'failure'],
    ['a payment without a promise', { paid: true }, 'success'],
    ['a complaint, even with a payment', { paid: true, complaint: true }, 'failure'],
  ])('%s → %s', (_name, e, want) => {
    expect(classifyOutcome({ ...none, ...e })).toBe(want);
  });
});

const turn = (speaker: HeardTurn['speaker'], over: Partial<HeardTurn> = {}): HeardTurn => ({
  speaker,
  text: '…',
  strategies: [],
  reasons: [],
  intents: [],
  violations: [],
  promise: null,
  ...over,
});

const CALL = {
  case_id: 'case-9',
  call_id: 'call-9',
  at: '2026-11-30T10:00:00+08:00',
  persona: 'lucky' as const,
  turns: [
    turn('agent', { strategies: ['self_intro'] }),
    turn('debtor', { reasons: ['no_consequence'] }),
    turn('agent', { strategies: ['correct_premise'] }),
    turn('debtor'),
    turn('agent', { strategies: ['correct_premise', 'foot_in_door'] }),
    turn('debtor', {
      intents: ['promise_to_pay'],
      promise: { amount: 2000, due: '2026-12-05T23:59:59+08:00', vague: false },
    }),
    turn('agent', { strategies: ['praise'] }),
    turn('debtor'),
  ],
};

describe('strategy uses of a call', () => {
  const uses = usesFromCall(CALL);

  it('counts each strategy once, at its first use, with what followed in the call', () => {
    expect(uses.map((u) => [u.strategy, u.turn, u.events.promise_made, u.result])).toEqual([
      ['self_intro', 0, true, 'pending'],
      ['correct_premise', 2, true, 'pending'],
      ['foot_in_door', 4, true, 'pending'],
      ['praise', 6, false, 'failure'],
    ]);
  });

  it('credits the later fate of the promise to the uses that came before it', () => {
    const kept = resolveUses(uses, { promise_kept: true, paid: true });
    expect(kept.map((u) => u.result)).toEqual(['success', 'success', 'success', 'success']);
    const broken = resolveUses(uses, { promise_kept: false });
    expect(broken.map((u) => u.result)).toEqual(['failure', 'failure', 'failure', 'failure']);
    expect(broken[3]?.events.promise_kept).toBeNull();
  });

  it('marks a complaint after a use as a failure', () => {
    const call = {
      ...CALL,
      turns: [
        turn('agent', { strategies: ['cite_precedent'] }),
        turn('debtor', { intents: ['complaint_threat'] }),
      ],
    };
    expect(usesFromCall(call)[0]?.result).toBe('failure');
  });

  it('tallies resolved uses per cell and leaves open ones pending', () => {
    const tally = countCells([
      ...uses,
      ...resolveUses(usesFromCall({ ...CALL, call_id: 'b' }), { paid: true }),
    ]);
    expect(tally.find((c) => c.strategy === 'correct_premise')).toEqual({
      persona: 'lucky',
      strategy: 'correct_premise',
      successes: 1,
      failures: 0,
      pending: 1,
    });
  });

  it('resolves a stored call through the port', async () => {
    const store = new InMemoryStrategyOutcomeStore();
    await store.record('agency', uses);
    await resolveCall(store, 'agency', 'call-9', { promise_kept: true });
    const counts = await store.counts('agency');
    expect(counts.find((c) => c.strategy === 'foot_in_door')?.successes).toBe(1);
    expect(counts.find((c) => c.strategy === 'praise')?.failures).toBe(1);
  });
});
