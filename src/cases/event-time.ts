import { localDateKey } from '../domain/calendar';
import { invalidState, notFound } from './errors';
import type { CaseRecord, OrgRepo } from './ports';

/**
 * The times a user gives for something that already happened (a contact, a complaint received):
 * not in the future beyond a little clock skew, and not before the case was placed with the agency
 * (the placement's first local day, in the debtor's zone).
 */

/** Clocks differ a little between a phone, a browser and the server. */
export const MAX_SKEW_MS = 5 * 60_000;

export interface EventKind {
  /** the code's prefix: `contact` → contact.in_future, contact.before_placement */
  code: string;
  en: string;
  zh: string;
}

export function assertNotInFuture(kind: EventKind, at: Date, now: Date): void {
  if (at.getTime() > now.getTime() + MAX_SKEW_MS)
    throw invalidState(
      `${kind.code}.in_future`,
      {
        en: `${kind.en} cannot be recorded before it happens: the time given is later than now`,
        zh: `${kind.zh}尚未发生，不能提前登记：所填时间晚于当前时间`,
      },
      { at: at.toISOString(), now: now.toISOString() },
    );
}

export async function assertNotBeforePlacement(
  org: Pick<OrgRepo, 'getPlacement'>,
  kind: EventKind,
  c: Pick<CaseRecord, 'agencyId' | 'id' | 'placementId'>,
  at: Date,
  timeZone: string,
): Promise<void> {
  const placement = await org.getPlacement(c.agencyId, c.placementId);
  if (!placement) throw notFound('placement', c.placementId);
  const day = localDateKey(at, timeZone);
  if (day < placement.periodStart)
    throw invalidState(
      `${kind.code}.before_placement`,
      {
        en: `${kind.en} dated ${day} is before case ${c.id} was placed (${placement.periodStart})`,
        zh: `${kind.zh}日期 ${day} 早于案件 ${c.id} 的委案日期 ${placement.periodStart}`,
      },
      { at: at.toISOString(), placedOn: placement.periodStart },
    );
}
