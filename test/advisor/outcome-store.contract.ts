import { beforeEach, describe, expect, it } from 'vitest';
import type { StrategyOutcomeStore } from '../../src/advisor/outcome-store';
import { classifyOutcome, type StrategyUse } from '../../src/advisor/outcomes';

/**
 * The contract every StrategyOutcomeStore implementation passes (in-memory, PGlite, Postgres).
 * An adapter's test calls `outcomeStoreContract('pglite', async () => new PgOutcomeStore(db))`;
 * `make` must return an empty store each time.
 */
export function outcomeStoreContract(name: string, make: () => Promise<StrategyOutcomeStore>): void {
  describe(`StrategyOutcomeStore contract: ${name}`, () => {
    let store: StrategyOutcomeStore;
    beforeEach(async () => {
      store = await make();
    });

    const use = (over: Partial<StrategyUse> & Pick<StrategyUse, 'id'>): StrategyUse => {
      const events = over.events ?? {
        promise_made: false,
        promise_kept: null,
        paid: false,
        complaint: false,
      };
      return {
        case_id: 'case-1',
        call_id: 'call-1',
        turn: 2,
        at: '2026-11-30T10:00:00+08:00',
        persona: 'lucky',
        strategy: 'correct_premise',
        promise_turn: null,
        ...over,
        events,
        result: classifyOutcome(events),
      };
    };
    const won = { promise_made: true, promise_kept: true, paid: true, complaint: false };
    const open = { promise_made: true, promise_kept: null, paid: false, complaint: false };

    it('counts successes, failures and pending uses per persona and strategy', async () => {
      await store.record('agency-a', [
        use({ id: 'c1#correct_premise', call_id: 'c1', events: won, promise_turn: 3 }),
        use({ id: 'c2#correct_premise', call_id: 'c2' }),
        use({ id: 'c3#correct_premise', call_id: 'c3', events: open, promise_turn: 5 }),
        use({
          id: 'c3#cite_precedent',
          call_id: 'c3',
          strategy: 'cite_precedent',
          events: open,
          promise_turn: 5,
        }),
        use({ id: 'c4#empathy', call_id: 'c4', persona: 'guilty', strategy: 'empathy', events: won }),
      ]);
      const counts = await store.counts('agency-a');
      expect(counts).toEqual(
        expect.arrayContaining([
          { persona: 'lucky', strategy: 'correct_premise', successes: 1, failures: 1, pending: 1 },
          { persona: 'lucky', strategy: 'cite_precedent', successes: 0, failures: 0, pending: 1 },
          { persona: 'guilty', strategy: 'empathy', successes: 1, failures: 0, pending: 0 },
        ]),
      );
      expect(counts).toHaveLength(3);
    });

    it('keeps agencies apart', async () => {
      await store.record('agency-a', [use({ id: 'x#correct_premise', events: won })]);
      await store.record('agency-b', [use({ id: 'x#correct_premise' })]);
      expect(await store.counts('agency-a')).toEqual([
        { persona: 'lucky', strategy: 'correct_premise', successes: 1, failures: 0, pending: 0 },
      ]);
      expect(await store.counts('agency-b')).toEqual([
        { persona: 'lucky', strategy: 'correct_premise', successes: 0, failures: 1, pending: 0 },
      ]);
      expect(await store.counts('agency-c')).toEqual([]);
    });

    it('replaces a use recorded again under the same id', async () => {
      await store.record('agency-a', [use({ id: 'c1#correct_premise', events: open, promise_turn: 3 })]);
      await store.record('agency-a', [use({ id: 'c1#correct_premise', events: won, promise_turn: 3 })]);
      expect(await store.counts('agency-a')).toEqual([
        { persona: 'lucky', strategy: 'correct_premise', successes: 1, failures: 0, pending: 0 },
      ]);
    });

    it('returns a call’s uses in turn order, and only that call’s', async () => {
      await store.record('agency-a', [
        use({ id: 'c1#cite_precedent', call_id: 'c1', strategy: 'cite_precedent', turn: 6 }),
        use({ id: 'c1#correct_premise', call_id: 'c1', turn: 2 }),
        use({ id: 'c2#correct_premise', call_id: 'c2', turn: 1 }),
      ]);
      const got = await store.forCall('agency-a', 'c1');
      expect(got.map((u) => u.id)).toEqual(['c1#correct_premise', 'c1#cite_precedent']);
      expect(got[0]).toEqual(use({ id: 'c1#correct_premise', call_id: 'c1', turn: 2 }));
      expect(await store.forCall('agency-b', 'c1')).toEqual([]);
    });

    it('counts only uses at or after `since`', async () => {
      await store.record('agency-a', [
        use({ id: 'old#correct_premise', call_id: 'old', at: '2026-01-05T10:00:00+08:00', events: won }),
        use({ id: 'new#correct_premise', call_id: 'new', at: '2026-11-05T10:00:00+08:00' }),
      ]);
      expect(await store.counts('agency-a', { since: '2026-11-01T00:00:00+08:00' })).toEqual([
        { persona: 'lucky', strategy: 'correct_premise', successes: 0, failures: 1, pending: 0 },
      ]);
    });

    it('hands out copies, so a caller cannot change what is stored', async () => {
      await store.record('agency-a', [use({ id: 'c1#correct_premise', call_id: 'c1' })]);
      const [u] = await store.forCall('agency-a', 'c1');
      if (u) u.result = 'success';
      expect((await store.counts('agency-a'))[0]?.successes).toBe(0);
    });
  });
}
