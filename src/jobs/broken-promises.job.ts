import { z } from 'zod';
import { detectBrokenPromises } from '../cases/detect-broken-promises';
import { agencyIds, type JobContext } from './job-context';

export const BROKEN_PROMISES = 'broken-promises';
export const brokenPromisesData = z.object({ agencyId: z.string().min(1).optional() }).strict();

/** Items per use-case call, and calls per run: a backlog is worked through in bounded steps. */
const LIMIT = 500;
const MAX_ROUNDS = 40;

/**
 * Broken-promise detection (跳票) for every agency, through the existing use case: each promise or
 * instalment is settled in its own short transaction that rechecks it, so a rerun (or two workers)
 * changes nothing twice. Cases with an open hold that blocks contact (dispute, complaint, 停催) are
 * skipped: their promises and instalments stay pending, with their due times, and are judged on the
 * first run after the hold is closed.
 */
export async function runBrokenPromises(ctx: JobContext, input: unknown) {
  const d = brokenPromisesData.parse(input);
  const totals = { broken: 0, partiallyKept: 0, kept: 0, missedInstalments: 0, escalated: 0, more: false };
  const deps = { store: ctx.store, clock: ctx.clock, ids: ctx.ids, playbook: ctx.playbook };
  for (const agencyId of d.agencyId ? [d.agencyId] : await agencyIds(ctx.db)) {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await detectBrokenPromises(deps, { agencyId, limit: LIMIT });
      totals.broken += r.broken;
      totals.partiallyKept += r.partiallyKept;
      totals.kept += r.kept;
      totals.missedInstalments += r.missedInstalments;
      totals.escalated += r.escalated;
      totals.more = r.more;
      if (!r.more) break;
    }
  }
  ctx.log.info('broken_promises.done', totals);
  return totals;
}
