import { z } from 'zod';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { addPromise } from './add-promise';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const recordPromiseInput = z.object({
  caseId: z.string().min(1),
  amountFen: z.int().positive(),
  /** the upper end of a range ("4-5千"); omit for a single figure */
  amountMaxFen: z.int().positive().nullable().default(null),
  /** the deadline: the latest instant the promise allows */
  dueAt: z.iso.datetime({ offset: true }),
});
export const promiseOutput = z.object({
  promiseId: z.string(),
  caseId: z.string(),
  amountFen: z.int(),
  amountMaxFen: z.int().nullable(),
  dueAt: z.string(),
  status: z.literal('pending'),
});

/** Records a promise to pay (承诺还款) the collector set up with the debtor. */
export async function recordPromise(
  deps: Deps<'org' | 'cases' | 'promises' | 'audit'>,
  actor: Actor,
  input: z.input<typeof recordPromiseInput>,
): Promise<z.infer<typeof promiseOutput>> {
  const i = parseInput(recordPromiseInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { forUpdate: true, open: true });
    assertCaseAccess(me, c);
    const p = await addPromise(tx, deps.ids, actor, deps.clock.now(), c, {
      amountFen: i.amountFen,
      amountMaxFen: i.amountMaxFen,
      dueAt: new Date(i.dueAt),
      source: 'manual',
      callId: null,
    });
    return promiseOutput.parse({
      promiseId: p.id,
      caseId: c.id,
      amountFen: p.amountFen,
      amountMaxFen: p.amountMaxFen,
      dueAt: p.dueAt.toISOString(),
      status: 'pending',
    });
  });
}
