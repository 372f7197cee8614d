import type { OfferPolicy, PastContact, ScriptContext } from '../advisor';
import type { Facts } from '../analysis/contract';
import { caseFacts } from '../cases/case-facts';
import type { CaseRecord, CaseTx, DebtorRecord, PlacementRecord } from '../cases/ports';
import { isOneOf, PERSONAS, STRATEGIES, type StrategyId } from '../domain/ids';
import type { Sql } from '../store/db';

/**
 * What the advisor needs to know about a case before the first word of a live call: the account
 * facts the analyser judges against, the case's earlier contacts and what came of them, the client
 * bank's offer policy, and the collector's own details for the scripts. Read once when a process
 * opens the call; the turns then arrive one by one.
 */
export interface LiveCaseContext {
  case: CaseRecord;
  debtor: DebtorRecord;
  facts: Facts;
  history: PastContact[];
  policy: OfferPolicy | undefined;
  context: ScriptContext;
}

/** Shown in place of details the installation does not know, for the collector to fill in. */
export const PROFILE_PLACEHOLDERS: ScriptContext = {
  callback_phone: '【回电号码】',
  complaint_channel: '【官方投诉渠道】',
  service_phone: '【委托方客服电话】',
  payment_channel: '【委托方官方还款渠道】',
};

/** Earlier contacts the advisor weighs: enough for stage and what failed, not the whole file. */
const HISTORY_LIMIT = 30;

export async function loadLiveContext(
  tx: Pick<CaseTx, 'cases' | 'debtors' | 'org' | 'attempts' | 'holds'>,
  sql: Sql,
  opts: { agencyId: string; caseId: string; collectorId: string; profile?: Partial<ScriptContext> },
): Promise<LiveCaseContext | null> {
  const c = await tx.cases.get(opts.agencyId, opts.caseId);
  if (!c) return null;
  const [debtor, client, agency, placement, accounts, conversations, holds] = await Promise.all([
    tx.debtors.get(opts.agencyId, c.debtorId),
    tx.org.getClient(c.clientId),
    tx.org.getAgency(opts.agencyId),
    tx.org.getPlacement(opts.agencyId, c.placementId),
    tx.cases.accounts(opts.agencyId, c.id),
    tx.attempts.conversations(opts.agencyId, c.id),
    tx.holds.forCase(opts.agencyId, c.id),
  ]);
  if (!debtor || !client || !agency) return null;
  const facts = caseFacts({ client, debtor, c, accounts, conversations, holds });
  // staff_no arrives with the accounts migration; read it by name so this works either way.
  const me = await sql.query<{ name: string; staff_no: string | null }>(
    `select u.name, to_jsonb(u) ->> 'staff_no' as staff_no from users u where u.id = $1 and u.agency_id = $2`,
    [opts.collectorId, opts.agencyId],
  );
  const user = me.rows[0];
  return {
    case: c,
    debtor,
    facts,
    history: await pastContacts(sql, opts.agencyId, c.id),
    policy: placement ? offerPolicyOf(placement) : undefined,
    context: {
      ...PROFILE_PLACEHOLDERS,
      company: agency.name.slice(0, 60),
      ...(user ? { agent_name: user.name.slice(0, 30) } : {}),
      ...(user?.staff_no ? { staff_id: user.staff_no.slice(0, 20) } : {}),
      ...opts.profile,
    },
  };
}

/** The placement's offer policy in the advisor's terms: what may be asked of the bank at all. */
export function offerPolicyOf(p: PlacementRecord): OfferPolicy {
  const most = Math.max(1, ...p.offer.instalmentCounts);
  return {
    ...(most > 1 ? { instalments_max: Math.min(60, most) } : {}),
    waiver: p.offer.maxInterestWaiverBp > 0 || p.offer.maxFeeWaiverBp > 0,
    interest_stop: p.offer.maxInterestWaiverBp >= 10_000,
    approval_required: true,
  };
}

interface ContactRow {
  at: Date | string;
  connected: boolean;
  answered_by: string | null;
  persona: string | null;
  strategies: unknown;
  promised: boolean;
  promise_status: string | null;
  paid_after: boolean;
  complaint_after: boolean;
}

/**
 * The case's earlier calls, newest last: whether the debtor was reached, the strategies the
 * collector used (from the stored analysis), and what followed — a promise and whether it was kept,
 * a payment within a week, a complaint within two days.
 */
export async function pastContacts(sql: Sql, agencyId: string, caseId: string): Promise<PastContact[]> {
  const r = await sql.query<ContactRow>(
    `with contacts as (
       select a.at, a.connected, a.answered_by, k.id as call_id, k.analysis
         from contact_attempts a left join calls k on k.attempt_id = a.id
        where a.agency_id = $1 and a.case_id = $2 and a.channel = 'call'
       union all
       select k.at, true, 'debtor', k.id, k.analysis from calls k
        where k.agency_id = $1 and k.case_id = $2 and k.attempt_id is null
       order by at desc limit $3)
     select x.at, x.connected, x.answered_by,
            x.analysis -> 'persona' ->> 'id' as persona,
            coalesce(jsonb_path_query_array(x.analysis, '$.turns[*] ? (@.speaker == "agent").strategies[*]'), '[]') as strategies,
            coalesce(jsonb_array_length(x.analysis -> 'promises') > 0, false) as promised,
            (select case when bool_or(p.status = 'broken') then 'broken'
                         when bool_or(p.status in ('kept', 'partially_kept')) then 'kept'
                         when bool_or(p.status = 'pending') then 'pending' end
               from promises p where p.call_id = x.call_id) as promise_status,
            exists (select 1 from payments y where y.case_id = $2 and y.reversed_at is null and y.paid_at > x.at
                      and y.paid_at <= x.at + interval '7 days') as paid_after,
            exists (select 1 from holds h where h.case_id = $2 and h.kind = 'complaint' and h.opened_at >= x.at
                      and h.opened_at <= x.at + interval '2 days') as complaint_after
       from contacts x order by x.at`,
    [agencyId, caseId, HISTORY_LIMIT],
  );
  return r.rows.map((row) => {
    const strategies = Array.isArray(row.strategies)
      ? [
          ...new Set(
            row.strategies.filter((s): s is StrategyId => typeof s === 'string' && isOneOf(STRATEGIES, s)),
          ),
        ]
      : [];
    const persona = row.persona && isOneOf(PERSONAS, row.persona) ? row.persona : undefined;
    return {
      at: new Date(row.at).toISOString(),
      connected: row.connected && row.answered_by === 'debtor',
      ...(persona ? { persona } : {}),
      strategies,
      outcome: {
        promise_made: row.promised || row.promise_status !== null,
        promise_kept: row.promise_status === 'kept' ? true : row.promise_status === 'broken' ? false : null,
        paid: row.paid_after,
        complaint: row.complaint_after,
      },
    };
  });
}
