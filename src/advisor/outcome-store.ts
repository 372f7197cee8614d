import { type CellTally, countCells, resolveUses, type StrategyUse } from './outcomes';

/**
 * The storage port for learning from outcomes, owned by the advisor. Everything is scoped by
 * agency: one agency's results never rank another's strategies. Implementations: the in-memory
 * one below (tests, single-process tools) and a Postgres adapter in src/store; both must pass the
 * contract suite in test/advisor/outcome-store.contract.ts.
 */
export interface StrategyOutcomeStore {
  /** Adds uses, or replaces the stored use with the same id (a later, better-informed version). */
  record(agencyId: string, uses: readonly StrategyUse[]): Promise<void>;
  /** The uses recorded for one call, in turn order. */
  forCall(agencyId: string, callId: string): Promise<StrategyUse[]>;
  /** Successes, failures and pending uses per persona × strategy, optionally only uses at or after `since`. */
  counts(agencyId: string, opts?: { since?: string }): Promise<CellTally[]>;
}

export class InMemoryStrategyOutcomeStore implements StrategyOutcomeStore {
  private readonly byAgency = new Map<string, Map<string, StrategyUse>>();

  async record(agencyId: string, uses: readonly StrategyUse[]): Promise<void> {
    const m = this.byAgency.get(agencyId) ?? new Map<string, StrategyUse>();
    for (const u of uses) m.set(u.id, structuredClone(u));
    this.byAgency.set(agencyId, m);
  }

  async forCall(agencyId: string, callId: string): Promise<StrategyUse[]> {
    const m = this.byAgency.get(agencyId);
    if (!m) return [];
    return [...m.values()]
      .filter((u) => u.call_id === callId)
      .sort((a, b) => a.turn - b.turn || a.strategy.localeCompare(b.strategy))
      .map((u) => structuredClone(u));
  }

  async counts(agencyId: string, opts: { since?: string } = {}): Promise<CellTally[]> {
    const m = this.byAgency.get(agencyId);
    if (!m) return [];
    const since = opts.since ? new Date(opts.since).getTime() : Number.NEGATIVE_INFINITY;
    return countCells([...m.values()].filter((u) => new Date(u.at).getTime() >= since));
  }
}

/** Applies what became of a call's promise (kept, broken, paid) or a later complaint to its stored uses. */
export async function resolveCall(
  store: StrategyOutcomeStore,
  agencyId: string,
  callId: string,
  what: { promise_kept?: boolean; paid?: boolean; complaint?: boolean },
): Promise<StrategyUse[]> {
  const updated = resolveUses(await store.forCall(agencyId, callId), what);
  await store.record(agencyId, updated);
  return updated;
}
