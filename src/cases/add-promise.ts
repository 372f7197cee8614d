import { formatYuan } from '../domain/money';
import { auditEntry } from './audit-entry';
import { invalidState } from './errors';
import type { Actor, CaseRecord, CaseTx, IdGenerator, PromiseRecord } from './ports';

/**
 * A promise falls due at most this many days from now (a year, leap day included): a promise to pay
 * is near-term; a later arrangement is a repayment plan.
 */
export const MAX_PROMISE_DAYS = 366;

/** Shared by recordPromise and confirmPromise: the checks, the row, the case's next due time, the audit. */
export async function addPromise(
  tx: Pick<CaseTx, 'cases' | 'promises' | 'audit'>,
  ids: IdGenerator,
  actor: Actor,
  now: Date,
  c: CaseRecord,
  p: {
    amountFen: number;
    amountMaxFen: number | null;
    dueAt: Date;
    source: PromiseRecord['source'];
    callId: string | null;
  },
): Promise<PromiseRecord> {
  if (p.dueAt <= now)
    throw invalidState('promise.due_in_past', {
      en: 'A promise must fall due in the future',
      zh: '承诺还款时间必须晚于现在',
    });
  const latest = new Date(now.getTime() + MAX_PROMISE_DAYS * 86_400_000);
  if (p.dueAt > latest)
    throw invalidState(
      'promise.due_too_far',
      {
        en: `A promise must fall due within ${MAX_PROMISE_DAYS} days (by ${latest.toISOString()})`,
        zh: `承诺还款时间须在 ${MAX_PROMISE_DAYS} 天以内（不晚于 ${latest.toISOString()}）`,
      },
      { latest: latest.toISOString() },
    );
  // The upper end of a range is promised too: neither end may exceed the balance.
  if (Math.max(p.amountFen, p.amountMaxFen ?? 0) > c.balanceFen)
    throw invalidState(
      'promise.exceeds_balance',
      {
        en: `The promised amount exceeds the balance (${formatYuan(c.balanceFen)})`,
        zh: `承诺金额超过欠款余额（${formatYuan(c.balanceFen)}）`,
      },
      { balanceFen: c.balanceFen },
    );
  if (p.amountMaxFen !== null && p.amountMaxFen < p.amountFen)
    throw invalidState('promise.range_invalid', {
      en: 'The upper end of the amount is below the lower end',
      zh: '金额区间上限低于下限',
    });
  const promise: PromiseRecord = {
    id: ids.next('ptp'),
    agencyId: actor.agencyId,
    clientId: c.clientId,
    caseId: c.id,
    amountFen: p.amountFen,
    amountMaxFen: p.amountMaxFen,
    dueAt: p.dueAt,
    status: 'pending',
    paidFen: 0,
    source: p.source,
    callId: p.callId,
    createdBy: actor.userId,
    createdAt: now,
    settledAt: null,
  };
  await tx.promises.insert(promise);
  await tx.cases.update(actor.agencyId, c.id, { nextDueAt: await tx.cases.nextDueAt(actor.agencyId, c.id) });
  await tx.audit.append(
    auditEntry(actor, now, c.clientId, 'promise.recorded', 'case', c.id, {
      promiseId: promise.id,
      amountFen: p.amountFen,
      amountMaxFen: p.amountMaxFen,
      dueAt: p.dueAt.toISOString(),
      source: p.source,
    }),
  );
  return promise;
}
