import { localDateKey, SHANGHAI } from '../domain/calendar';
import type { StatsRepo } from './ports';

/**
 * Marks the local days of `times` that are over (before today in Asia/Shanghai, as the team figures
 * count days) stale, for the team-stats job to recompute: a record dated on a day already computed —
 * a payment or contact logged late, a call uploaded for QA, a payment reversed — changes that day's
 * figures. Today's figures are computed once the day is over, so today is not marked.
 */
export async function markPastDaysStale(
  stats: Pick<StatsRepo, 'markStale'>,
  agencyId: string,
  times: Iterable<Date>,
  now: Date,
): Promise<void> {
  const today = localDateKey(now, SHANGHAI);
  const days = new Set<string>();
  for (const t of times) {
    const day = localDateKey(t, SHANGHAI);
    if (day < today) days.add(day);
  }
  if (days.size) await stats.markStale(agencyId, [...days], now);
}
