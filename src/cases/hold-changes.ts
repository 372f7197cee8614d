import { requireCase } from './access';
import { auditEntry } from './audit-entry';
import { invalidState, notFound } from './errors';
import type { Actor, CaseRecord, CaseTx, HoldKind, HoldRecord, IdGenerator } from './ports';

/**
 * Shared by 停催, complaints and disputes: a hold row, the person's contact_hold flag on their cases (across the client,
 * so another agency's queue drops the debtor too) and the audit entry, in the caller's transaction.
 */

type Tx = Pick<CaseTx, 'cases' | 'debtors' | 'holds' | 'audit'>;

/**
 * Locks the person (their debtor rows across the client), then the case: the one lock order of every
 * use case that changes person-level state, so a hold and a contact attempt on the same person wait
 * for each other instead of deadlocking.
 */
export async function lockPersonAndCase(
  tx: Pick<CaseTx, 'cases' | 'debtors'>,
  agencyId: string,
  caseId: string,
): Promise<CaseRecord> {
  const found = await requireCase(tx.cases, agencyId, caseId);
  const debtor = await tx.debtors.get(agencyId, found.debtorId);
  if (!debtor) throw notFound('debtor', found.debtorId);
  await tx.debtors.lockPerson({ clientId: debtor.clientId, idNumber: debtor.idNumber });
  return requireCase(tx.cases, agencyId, caseId, { forUpdate: true });
}

export async function openHold(
  tx: Tx,
  ids: IdGenerator,
  actor: Actor,
  now: Date,
  c: CaseRecord,
  h: {
    kind: HoldKind;
    reason: string;
    detail: Record<string, unknown>;
    blocksContact: boolean;
    reviewAt: Date | null;
    answerDueAt: Date | null;
  },
): Promise<HoldRecord> {
  const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
  if (!debtor) throw notFound('debtor', c.debtorId);
  const hold: HoldRecord = {
    id: ids.next('hld'),
    agencyId: actor.agencyId,
    clientId: c.clientId,
    caseId: c.id,
    debtorId: c.debtorId,
    kind: h.kind,
    reason: h.reason,
    detail: h.detail,
    blocksContact: h.blocksContact,
    openedBy: actor.userId,
    openedAt: now,
    reviewAt: h.reviewAt,
    answerDueAt: h.answerDueAt,
    closedBy: null,
    closedAt: null,
    resolution: null,
  };
  await tx.holds.insert(hold);
  await tx.debtors.refreshHold({ clientId: debtor.clientId, idNumber: debtor.idNumber });
  await tx.audit.append(
    auditEntry(actor, now, c.clientId, `hold.${h.kind}_opened`, 'case', c.id, {
      holdId: hold.id,
      reason: h.reason,
      blocksContact: h.blocksContact,
      reviewAt: h.reviewAt?.toISOString() ?? null,
      answerDueAt: h.answerDueAt?.toISOString() ?? null,
      ...h.detail,
    }),
  );
  return hold;
}

const HOLD_KIND_NAMES: Record<HoldKind, { zh: string; en: string }> = {
  stop: { zh: '停催', en: 'a stop-collection hold' },
  complaint: { zh: '投诉', en: 'a complaint hold' },
  dispute: { zh: '争议', en: 'a dispute hold' },
  cease: { zh: '书面要求停止联系', en: 'a written cease hold' },
};

/** `hold.wrong_kind` (HTTP 409): the hold exists, but this action is for another kind of hold. */
export function holdWrongKind(holdId: string, kind: HoldKind, expected: HoldKind) {
  const is = HOLD_KIND_NAMES[kind];
  const want = HOLD_KIND_NAMES[expected];
  return invalidState(
    'hold.wrong_kind',
    {
      en: `Hold ${holdId} is ${is.en}, not ${want.en}: use the action for ${is.en}`,
      zh: `挂起记录 ${holdId} 是“${is.zh}”，不是“${want.zh}”：请使用对应的操作`,
    },
    { holdId, kind, expected },
  );
}

/** Loads an open hold of the expected kind, locked for closing. */
export async function requireOpenHold(
  tx: Pick<CaseTx, 'holds' | 'debtors'>,
  agencyId: string,
  holdId: string,
  kind: HoldKind,
): Promise<HoldRecord> {
  const seen = await tx.holds.get(agencyId, holdId);
  if (!seen) throw notFound('hold', holdId);
  if (seen.kind !== kind) throw holdWrongKind(holdId, seen.kind, kind);
  const debtor = await tx.debtors.get(agencyId, seen.debtorId);
  if (!debtor) throw notFound('debtor', seen.debtorId);
  await tx.debtors.lockPerson({ clientId: debtor.clientId, idNumber: debtor.idNumber });
  const hold = await tx.holds.get(agencyId, holdId, { forUpdate: true });
  if (!hold) throw notFound('hold', holdId);
  if (hold.kind !== kind) throw holdWrongKind(holdId, hold.kind, kind);
  if (hold.closedAt)
    throw invalidState(
      'hold.closed',
      { en: `Hold ${holdId} is already closed`, zh: `挂起记录 ${holdId} 已解除` },
      { holdId },
    );
  return hold;
}

export async function closeHold(
  tx: Tx,
  actor: Actor,
  now: Date,
  hold: HoldRecord,
  resolution: string,
  detail: Record<string, unknown> = {},
): Promise<{ stillOnHold: boolean }> {
  await tx.holds.close(actor.agencyId, hold.id, { by: actor.userId, at: now, resolution });
  const debtor = await tx.debtors.get(actor.agencyId, hold.debtorId);
  if (!debtor) throw notFound('debtor', hold.debtorId);
  const stillOnHold = await tx.debtors.refreshHold({ clientId: debtor.clientId, idNumber: debtor.idNumber });
  await tx.audit.append(
    auditEntry(actor, now, hold.clientId, `hold.${hold.kind}_closed`, 'case', hold.caseId, {
      holdId: hold.id,
      resolution,
      stillOnHold,
      ...detail,
    }),
  );
  return { stillOnHold };
}
