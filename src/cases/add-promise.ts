import { formatYuan } from '../domain/money';
import { auditEntry } from './audit-entry';
import { invalidState } from './errors';
import type { Actor, CaseRecord, CaseTx, IdGenerator, PromiseRecord } from './ports';

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
  if (p.amountFen > c.balanceFen)
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
