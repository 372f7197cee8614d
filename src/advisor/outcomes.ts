import { z } from 'zod';
import { PERSONAS, type PersonaId, STRATEGIES, type StrategyId } from '../domain/ids';
import type { CellCounts } from './effectiveness';
import { type HeardTurn, type OutcomeEvents, outcomeEventsSchema } from './input';

/**
 * Learning from outcomes: which strategy was used on which turn of which call, and what followed.
 *
 * Attribution, kept simple so a lead can check it by hand:
 * - a strategy counts once per call, at its first use (saying it twice is not two trials);
 * - a use is credited with what the debtor did later in the same call (a promise, a complaint);
 * - when the call's promise is later kept or broken, every use that came before the promise is
 *   credited with it; a payment or a later complaint is credited to every use of the call.
 * A use succeeds when money follows (payment, or the promise kept); it fails on a complaint, a
 * broken promise, or when nothing followed in the call; it is pending while a promise is open.
 */

export const OUTCOME_RESULTS = ['success', 'failure', 'pending'] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

export const strategyUseSchema = z.object({
  /** Stable per call and strategy: `${call_id}#${strategy}`. */
  id: z.string().min(1).max(200),
  case_id: z.string().min(1).max(100),
  call_id: z.string().min(1).max(100),
  turn: z.int().nonnegative(),
  at: z.iso.datetime({ offset: true }),
  persona: z.enum(PERSONAS),
  strategy: z.enum(STRATEGIES),
  arm: z.enum(['champion', 'challenger']).optional(),
  events: outcomeEventsSchema,
  /** Turn of the promise the use is credited with, when one followed in the call. */
  promise_turn: z.int().nonnegative().nullable(),
  result: z.enum(OUTCOME_RESULTS),
});
export type StrategyUse = z.infer<typeof strategyUseSchema>;

export function classifyOutcome(e: OutcomeEvents): OutcomeResult {
  if (e.complaint) return 'failure';
  if (e.paid || e.promise_kept === true) return 'success';
  if (e.promise_kept === false) return 'failure';
  if (e.promise_made) return 'pending';
  return 'failure';
}

export interface CallRecord {
  case_id: string;
  call_id: string;
  at: string;
  persona: PersonaId;
  turns: readonly HeardTurn[];
  arm?: 'champion' | 'challenger';
}

/** The strategy uses of one call with what followed each within the call. */
export function usesFromCall(call: CallRecord): StrategyUse[] {
  const seen = new Set<StrategyId>();
  const out: StrategyUse[] = [];
  call.turns.forEach((t, i) => {
    if (t.speaker !== 'agent') return;
    for (const strategy of t.strategies) {
      if (seen.has(strategy)) continue;
      seen.add(strategy);
      const later = call.turns.slice(i + 1).filter((x) => x.speaker === 'debtor');
      const promiseAt = call.turns.findIndex(
        (x, j) =>
          j > i &&
          x.speaker === 'debtor' &&
          x.promise !== null &&
          (x.promise.amount !== null || x.promise.due !== null),
      );
      const events: OutcomeEvents = {
        promise_made: promiseAt >= 0,
        promise_kept: null,
        paid: false,
        complaint: later.some((x) => x.intents.includes('complaint_threat')),
      };
      out.push({
        id: `${call.call_id}#${strategy}`,
        case_id: call.case_id,
        call_id: call.call_id,
        turn: i,
        at: call.at,
        persona: call.persona,
        strategy,
        ...(call.arm ? { arm: call.arm } : {}),
        events,
        promise_turn: promiseAt >= 0 ? promiseAt : null,
        result: classifyOutcome(events),
      });
    }
  });
  return out;
}

/**
 * What became of a call's promise, applied to its uses: those that preceded the promise gain the
 * result; events only gain information (a complaint is never erased by a later payment).
 */
export function resolveUses(
  uses: readonly StrategyUse[],
  what: { promise_kept?: boolean; paid?: boolean; complaint?: boolean },
): StrategyUse[] {
  return uses.map((u) => {
    const credited = u.promise_turn !== null || what.paid === true || what.complaint === true;
    if (!credited) return u;
    const events: OutcomeEvents = {
      promise_made: u.events.promise_made,
      promise_kept:
        u.promise_turn !== null && what.promise_kept !== undefined
          ? what.promise_kept
          : u.events.promise_kept,
      paid: u.events.paid || what.paid === true,
      complaint: u.events.complaint || what.complaint === true,
    };
    return { ...u, events, result: classifyOutcome(events) };
  });
}

/** Successes and failures per persona × strategy; pending uses are not counted yet. */
export function countCells(
  uses: readonly Pick<StrategyUse, 'persona' | 'strategy' | 'result'>[],
): CellTally[] {
  const cells = new Map<string, CellTally>();
  for (const u of uses) {
    const k = `${u.persona}|${u.strategy}`;
    const c = cells.get(k) ?? {
      persona: u.persona,
      strategy: u.strategy,
      successes: 0,
      failures: 0,
      pending: 0,
    };
    if (u.result === 'success') c.successes++;
    else if (u.result === 'failure') c.failures++;
    else c.pending++;
    cells.set(k, c);
  }
  return [...cells.values()].sort(
    (a, b) =>
      PERSONAS.indexOf(a.persona) - PERSONAS.indexOf(b.persona) ||
      STRATEGIES.indexOf(a.strategy) - STRATEGIES.indexOf(b.strategy),
  );
}

export interface CellTally extends CellCounts {
  pending: number;
}
