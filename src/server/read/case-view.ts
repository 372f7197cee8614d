import type { z } from 'zod';
import { PLAN_STATE_ZH, PROMISE_STATUS_ZH } from '../../cases/access';
import { clientPolicies, decide, guardInput, historySince } from '../../cases/contact-decision';
import { notFound } from '../../cases/errors';
import { maskIdNumber, maskName, maskPhone } from '../../cases/masking';
import type { CaseRecord, ContactRecord, GuardContext } from '../../cases/ports';
import { formatInZone } from '../../domain/calendar';
import { formatYuan } from '../../domain/money';
import {
  type AccountRow,
  type AssignmentRow,
  accountFromRow,
  assignmentFromRow,
  CASE_COLUMNS,
  type CaseRow,
  caseFromRow,
} from '../../store/case.repository';
import { contactFromJson, historyFromJson, holdFromJson } from '../../store/contact.repository';
import type { Sql } from '../../store/db';
import { type DebtorRow, debtorFromRow } from '../../store/debtor.repository';
import {
  type EscalationRow,
  escalationFromRow,
  HOLD_COLUMNS,
  type HoldRow,
  holdFromRow,
} from '../../store/hold.repository';
import {
  clientFromRow,
  PLACEMENT_COLUMNS,
  type PlacementRow,
  placementFromRow,
} from '../../store/org.repository';
import { type PaymentRow, paymentFromRow } from '../../store/payment.repository';
import {
  caseInScope,
  mayLead,
  mayReveal,
  mayWork,
  type Principal,
  type ScopedCase,
  seesDebtorName,
} from '../access';
import type { caseDetail, guardState } from '../api-schemas';
import type { Services } from '../services';
import { maskText } from './qa';

/**
 * The case page as one read: the case, its debtor (masked as the role requires), accounts, contacts
 * each with the contact guard's answer for calling now, holds, promises, plans, payments, calls and a
 * timeline. Everything is read within the caller's scope; a case outside it is "not found", so its
 * existence is not confirmed either.
 */

type Detail = z.infer<typeof caseDetail>;

const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : (d instanceof Date ? d : new Date(d)).toISOString();
const toDate = (d: Date | string): Date => (d instanceof Date ? d : new Date(d));
const isoNow = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

/** A case the principal may see, or case.not_found. */
export async function scopedCase(sql: Pick<Sql, 'query'>, p: Principal, caseId: string): Promise<ScopedCase> {
  const r = await sql.query<{
    id: string;
    agency_id: string;
    client_id: string;
    assignee_id: string | null;
    team_id: string | null;
    debtor_id: string;
  }>(
    'select id, agency_id, client_id, assignee_id, team_id, debtor_id from cases where id = $1 and agency_id = $2',
    [caseId, p.agencyId],
    { prepare: true },
  );
  const row = r.rows[0];
  const c: ScopedCase | null = row
    ? {
        id: row.id,
        agencyId: row.agency_id,
        clientId: row.client_id,
        assigneeId: row.assignee_id,
        teamId: row.team_id,
        debtorId: row.debtor_id,
      }
    : null;
  if (!c || !caseInScope(p, c)) throw notFound('case', caseId);
  return c;
}

/** Looks up which case a record belongs to (plans, holds, proposals, escalations, calls), then scopes it. */
export async function scopedCaseOf(
  sql: Pick<Sql, 'query'>,
  p: Principal,
  table:
    | 'repayment_plans'
    | 'holds'
    | 'proposed_promises'
    | 'escalations'
    | 'calls'
    | 'live_calls'
    | 'lead_notices'
    | 'payments',
  entity: string,
  id: string,
): Promise<ScopedCase> {
  const r = await sql.query<{ case_id: string }>(
    `select case_id from ${table} where id = $1 and agency_id = $2`,
    [id, p.agencyId],
  );
  const caseId = r.rows[0]?.case_id;
  if (!caseId) throw notFound(entity, id);
  try {
    return await scopedCase(sql, p, caseId);
  } catch {
    // Out of scope reads as the record itself not existing.
    throw notFound(entity, id);
  }
}

export function guardStateOf(d: ReturnType<typeof decide>, timeZone: string): z.infer<typeof guardState> {
  const fmt = (x: Date | null) => (x ? formatInZone(x, timeZone) : null);
  return {
    allowed: d.allowed,
    nextAllowedAt: fmt(d.nextAllowedAt),
    blocking: d.blocking.map((b) => ({
      rule: b.rule,
      pack: b.pack,
      allowed: b.allowed,
      reason: b.reason,
      nextAllowedAt: fmt(b.nextAllowedAt),
    })),
  };
}

interface PromiseRow {
  id: string;
  amount_fen: number;
  amount_max_fen: number | null;
  due_at: Date | string;
  status: Detail['promises'][number]['status'];
  paid_fen: number;
  source: 'manual' | 'call';
  call_id: string | null;
  created_by: string | null;
  created_at: Date | string;
  settled_at: Date | string | null;
}

interface ProposalRow {
  id: string;
  call_id: string;
  amount_fen: number | null;
  amount_max_fen: number | null;
  due_at: Date | string | null;
  vague: boolean;
  text: string;
  status: 'proposed' | 'confirmed' | 'dismissed';
}

interface InstalmentRow {
  id: string;
  plan_id: string;
  seq: number;
  due_at: Date | string;
  amount_fen: number;
  paid_fen: number;
  status: 'pending' | 'paid' | 'missed';
}

interface PlanRow {
  id: string;
  state: Detail['plans'][number]['state'];
  settlement_fen: number;
  interest_waiver_fen: number;
  fee_waiver_fen: number;
  down_payment_fen: number;
  instalment_count: number;
  instalment_fee_fen: number;
  total_cost_fen: number;
  within_policy: boolean;
  policy_breaches: unknown;
  required_role: string;
  proposed_by: string;
  proposed_at: Date | string;
  proposal_note: string | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
}

interface CallRow {
  id: string;
  at: Date | string;
  collector_id: string | null;
  attempt_id: string | null;
  persona: string | null;
  turns: number;
  violations: unknown;
  promises: number;
  note: string | null;
}

interface AttemptRow {
  id: string;
  at: Date | string;
  channel: 'call' | 'sms' | 'visit';
  contact_id: string | null;
  target_kind: 'debtor' | 'guarantor' | 'third_party';
  connected: boolean;
  answered_by: 'debtor' | 'third_party' | null;
  outcome_code: string;
  collector_id: string | null;
  note: string | null;
}

function breachesOf(v: unknown): { code: string; limit: number; requested: number }[] {
  const list = typeof v === 'string' ? JSON.parse(v) : v;
  if (!Array.isArray(list)) return [];
  return list.flatMap((b) =>
    typeof b === 'object' && b !== null
      ? [{ code: String(b.code), limit: Number(b.limit), requested: Number(b.requested) }]
      : [],
  );
}

function violationsOf(v: unknown): { rule: string; severity: string }[] {
  const list = typeof v === 'string' ? JSON.parse(v) : v;
  if (!Array.isArray(list)) return [];
  return list.flatMap((x) =>
    typeof x === 'object' && x !== null ? [{ rule: String(x.rule), severity: String(x.severity) }] : [],
  );
}

const RELATION_ZH: Record<ContactRecord['relation'], string> = {
  self: '本人',
  spouse: '配偶',
  parent: '父母',
  sibling: '兄弟姐妹',
  friend: '朋友',
  colleague: '同事',
  emergency: '紧急联系人',
  guarantor: '担保人',
};

const OUTCOME_ZH: Record<string, string> = {
  talked: '已沟通',
  promise_to_pay: '承诺还款',
  refused: '拒绝',
  callback_requested: '约定回电',
  dispute_raised: '提出异议',
  complaint_raised: '提出投诉',
  claims_paid: '称已还款',
  third_party_relay: '第三方转告',
  wrong_person: '非本人',
  no_answer: '无人接听',
  busy: '占线',
  powered_off: '关机',
  rejected_call: '拒接',
  invalid_number: '空号/错号',
  message_left: '已留言',
  sms_sent: '已发短信',
  visit_met: '外访见面',
  visit_not_home: '外访未遇',
};

const HOLD_ZH = { stop: '停催', complaint: '投诉', dispute: '异议', cease: '停止联系请求' } as const;

/**
 * Everything the case page shows, in one statement (one snapshot, one round trip): the case, its
 * debtor, client and placement, each list as a JSON array, and the contact guard's context (the
 * debtor's contacts; the person's open holds and contact attempts across the client, as
 * attemptRepository.guardContext reads them). Prepared, so PostgreSQL plans it once per connection:
 * planning this many parts costs several times more than running them.
 */
const CASE_VIEW_SQL = `
with c as (
  select ${CASE_COLUMNS} from cases where agency_id = $1 and id = $2
), d as (
  select id, agency_id, client_id, name, id_number, time_zone, quiet_hours_consent, inconvenient_times
    from debtors where agency_id = $1 and id = (select debtor_id from c)
), peers as (
  select p.id from d join debtors p on p.client_id = d.client_id and p.id_number = d.id_number
)
select to_json(c) as "case",
  (select to_json(d) from d) as debtor,
  (select to_json(x) from (select id, name, rule_packs, strict_hours from clients where id = c.client_id) x) as client,
  (select to_json(x) from (select ${PLACEMENT_COLUMNS} from placements where agency_id = $1 and id = c.placement_id) x)
    as placement,
  (select name from users where agency_id = $1 and id = c.assignee_id) as assignee_name,
  (select coalesce(json_agg(x order by x.id), '[]') from (
     select id, case_id, account_ref, product, card_tail, principal_fen, interest_fen, fees_fen, days_overdue,
            overdue_as_of, bucket, lawsuit_filed, judgment, enforcement_listed, credit_reported, guarantor,
            effective_collections
       from accounts where agency_id = $1 and case_id = c.id) x) as accounts,
  (select coalesce(json_agg(x order by x.opened_at, x.id), '[]') from (
     select ${HOLD_COLUMNS} from holds h where h.agency_id = $1 and h.case_id = c.id) x) as case_holds,
  (select coalesce(json_agg(x order by x.paid_at, x.id), '[]') from (
     select id, agency_id, client_id, case_id, amount_fen, paid_at, channel, reference, recorded_by,
            reversed_at, reversed_by, reversal_reason
       from payments where agency_id = $1 and case_id = c.id) x) as payments,
  (select coalesce(json_agg(x order by x.at, x.id), '[]') from (
     select id, agency_id, client_id, case_id, action, collector_id, team_id, previous_collector_id, reason, by_user, at
       from assignments where agency_id = $1 and case_id = c.id) x) as assignments,
  (select to_json(x) from (
     select id, agency_id, client_id, case_id, reason, detail, raised_by, status, created_at
       from escalations where agency_id = $1 and case_id = c.id and status = 'open' order by created_at, id limit 1) x)
    as escalation,
  (select coalesce(json_agg(x order by x.relation <> 'self', x.created_at, x.id), '[]') from (
     select id, agency_id, client_id, debtor_id, name, relation, phone, consented, refused, invalid, created_at
       from contacts where agency_id = $1 and debtor_id = c.debtor_id) x) as contacts,
  (select coalesce(json_agg(x order by x.opened_at, x.id), '[]') from (
     select ${HOLD_COLUMNS} from peers join holds h on h.debtor_id = peers.id where h.closed_at is null) x)
    as person_holds,
  (select coalesce(json_agg(x order by x.at, x.id), '[]') from (
     select a.id, a.at, a.channel, a.number, a.target_kind, a.connected, a.answered_by
       from peers join contact_attempts a on a.debtor_id = peers.id where a.at >= $3) x) as history,
  (select coalesce(json_agg(x order by x.created_at, x.id), '[]') from (
     select id, amount_fen, amount_max_fen, due_at, status, paid_fen, source, call_id, created_by, created_at, settled_at
       from promises where agency_id = $1 and case_id = c.id) x) as promises,
  (select coalesce(json_agg(x order by x.created_at, x.id), '[]') from (
     select id, call_id, amount_fen, amount_max_fen, due_at, vague, text, status, created_at
       from proposed_promises where agency_id = $1 and case_id = c.id) x) as proposals,
  (select coalesce(json_agg(x order by x.proposed_at, x.id), '[]') from (
     select id, state, settlement_fen, interest_waiver_fen, fee_waiver_fen, down_payment_fen, instalment_count,
            instalment_fee_fen, total_cost_fen, within_policy, policy_breaches, required_role, proposed_by,
            proposed_at, proposal_note, decided_by, decided_at, decision_note
       from repayment_plans where agency_id = $1 and case_id = c.id) x) as plans,
  (select coalesce(json_agg(x order by x.plan_id, x.seq), '[]') from (
     select id, plan_id, seq, due_at, amount_fen, paid_fen, status
       from plan_instalments where agency_id = $1 and case_id = c.id) x) as instalments,
  (select coalesce(json_agg(x order by x.at, x.id), '[]') from (
     select id, at, collector_id, attempt_id, analysis->'persona'->>'id' as persona,
            jsonb_array_length(analysis->'turns') as turns,
            (select coalesce(jsonb_agg(jsonb_build_object('rule', v->>'rule', 'severity', v->>'severity')), '[]')
               from jsonb_array_elements(analysis->'violations') v) as violations,
            jsonb_array_length(analysis->'promises') as promises, analysis->>'note' as note
       from calls where agency_id = $1 and case_id = c.id) x) as calls,
  (select coalesce(json_agg(x order by x.at, x.id), '[]') from (
     select id, at, channel, contact_id, target_kind, connected, answered_by, outcome_code, collector_id, note
       from contact_attempts where agency_id = $1 and case_id = c.id) x) as attempts
from c`;

interface CaseViewRow {
  case: CaseRow;
  debtor: DebtorRow | null;
  client: { id: string; name: string; rule_packs: string[]; strict_hours: boolean } | null;
  placement: PlacementRow | null;
  assignee_name: string | null;
  accounts: AccountRow[];
  case_holds: HoldRow[];
  payments: PaymentRow[];
  assignments: AssignmentRow[];
  escalation: EscalationRow | null;
  contacts: unknown[];
  person_holds: unknown[];
  history: unknown[];
  promises: PromiseRow[];
  proposals: ProposalRow[];
  plans: PlanRow[];
  instalments: InstalmentRow[];
  calls: CallRow[];
  attempts: AttemptRow[];
}

export async function loadCaseDetail(services: Services, p: Principal, caseId: string): Promise<Detail> {
  const now = services.clock.now();
  const { playbook } = await services.playbooks.get(p.agencyId);
  const r = await services.db.query<CaseViewRow>(CASE_VIEW_SQL, [p.agencyId, caseId, historySince(now)], {
    prepare: true,
  });
  const row = r.rows[0];
  if (!row) throw notFound('case', caseId);
  const c: CaseRecord = caseFromRow(row.case);
  // The route's scope check (the route leaves it to this statement: scopedInHandler), on the row shown.
  if (!caseInScope(p, c)) throw notFound('case', caseId);
  if (!row.debtor) throw notFound('debtor', c.debtorId);
  if (!row.client) throw notFound('client', c.clientId);
  if (!row.placement) throw notFound('placement', c.placementId);
  const debtor = debtorFromRow(row.debtor);
  const client = clientFromRow(row.client);
  const placement = placementFromRow(row.placement);
  const accounts = row.accounts.map(accountFromRow);
  const caseHolds = row.case_holds.map(holdFromRow);
  const payments = row.payments.map(paymentFromRow);
  const assignments = row.assignments.map(assignmentFromRow);
  const escalation = row.escalation ? escalationFromRow(row.escalation) : null;
  const context: GuardContext = {
    contacts: row.contacts.map(contactFromJson),
    holds: row.person_holds.map(holdFromJson),
    history: row.history.map(historyFromJson),
  };
  const personHolds = context.holds;
  const { promises, proposals, plans, instalments, calls, attempts } = row;
  const policies = clientPolicies(playbook, client);
  const contacts = context.contacts;
  const guardFor = (k: ContactRecord) =>
    guardStateOf(
      decide(guardInput({ channel: 'call', at: now, debtor, context, contact: k }), policies),
      debtor.timeZone,
    );
  const scoped: ScopedCase = c;
  const numbers = [debtor.idNumber, ...contacts.map((k) => k.phone)];
  const names = seesDebtorName(p);
  const ownHoldIds = new Set(caseHolds.map((h) => h.id));

  const timeline: Detail['timeline'] = [];
  for (const a of attempts) {
    const outcome = OUTCOME_ZH[a.outcome_code] ?? a.outcome_code;
    const who = a.contact_id ? (contacts.find((k) => k.id === a.contact_id)?.relation ?? 'self') : 'self';
    timeline.push({
      at: isoNow(a.at),
      kind: 'contact',
      refId: a.id,
      summaryZh: `${a.channel === 'call' ? '电话' : a.channel === 'sms' ? '短信' : '外访'}（${RELATION_ZH[who]}）：${outcome}`,
      summaryEn: `${a.channel} (${who}): ${a.outcome_code}`,
      actorId: a.collector_id,
    });
  }
  for (const k of calls)
    timeline.push({
      at: isoNow(k.at),
      kind: 'call',
      refId: k.id,
      summaryZh: `通话记录（${k.turns} 轮）${violationsOf(k.violations).length ? `，${violationsOf(k.violations).length} 处合规问题` : ''}`,
      summaryEn: `Call (${k.turns} turns)${violationsOf(k.violations).length ? `, ${violationsOf(k.violations).length} finding(s)` : ''}`,
      actorId: k.collector_id,
    });
  for (const x of promises)
    timeline.push({
      at: isoNow(x.created_at),
      kind: 'promise',
      refId: x.id,
      summaryZh: `承诺 ${formatYuan(x.amount_fen)}，${formatInZone(toDate(x.due_at), debtor.timeZone).slice(0, 10)} 前（${PROMISE_STATUS_ZH[x.status]}）`,
      summaryEn: `Promise ${formatYuan(x.amount_fen)} by ${formatInZone(toDate(x.due_at), debtor.timeZone).slice(0, 10)} (${x.status})`,
      actorId: x.created_by,
    });
  for (const x of payments)
    timeline.push({
      at: x.paidAt.toISOString(),
      kind: 'payment',
      refId: x.id,
      summaryZh: `还款 ${formatYuan(x.amountFen)}${x.reversedAt ? '（已冲正）' : ''}`,
      summaryEn: `Payment ${formatYuan(x.amountFen)}${x.reversedAt ? ' (reversed)' : ''}`,
      actorId: x.recordedBy,
    });
  for (const x of plans)
    timeline.push({
      at: isoNow(x.proposed_at),
      kind: 'plan',
      refId: x.id,
      summaryZh: `还款方案：${x.instalment_count} 期，结清金额 ${formatYuan(x.settlement_fen)}（${PLAN_STATE_ZH[x.state]}）`,
      summaryEn: `Plan: ${x.instalment_count} instalments, settlement ${formatYuan(x.settlement_fen)} (${x.state})`,
      actorId: x.proposed_by,
    });
  for (const h of caseHolds)
    timeline.push({
      at: h.openedAt.toISOString(),
      kind: 'hold',
      refId: h.id,
      summaryZh: `${HOLD_ZH[h.kind]}${h.closedAt ? '（已解除）' : ''}`,
      summaryEn: `${h.kind} hold${h.closedAt ? ' (closed)' : ''}`,
      actorId: h.openedBy,
    });
  if (escalation)
    timeline.push({
      at: escalation.createdAt.toISOString(),
      kind: 'escalation',
      refId: escalation.id,
      summaryZh: '已上报主管',
      summaryEn: 'Escalated to a lead',
      actorId: escalation.raisedBy,
    });
  for (const a of assignments)
    timeline.push({
      at: a.at.toISOString(),
      kind: 'assignment',
      refId: a.id,
      summaryZh: a.action === 'assign' ? '分配案件' : a.action === 'reassign' ? '重新分配' : '收回案件',
      summaryEn: `Case ${a.action}`,
      actorId: a.byUser,
    });
  timeline.sort((a, b) => b.at.localeCompare(a.at) || a.kind.localeCompare(b.kind));

  return {
    case: {
      id: c.id,
      status: c.status,
      clientId: c.clientId,
      clientName: client.name,
      rulePacks: client.rulePacks,
      placement: {
        id: placement.id,
        batchNo: placement.batchNo,
        periodStart: placement.periodStart,
        periodEnd: placement.periodEnd,
        offer: placement.offer,
      },
      assigneeId: c.assigneeId,
      assigneeName: c.assigneeId ? row.assignee_name : null,
      teamId: c.teamId,
      priority: c.priority,
      strategy: c.strategy,
      totalDueFen: c.totalDueFen,
      paidFen: c.paidFen,
      waivedFen: c.waivedFen,
      balanceFen: c.balanceFen,
      brokenCount: c.brokenCount,
      followUpBroken: c.followUpBroken,
      nextDueAt: iso(c.nextDueAt),
      lastContactAt: iso(c.lastContactAt),
      ability: c.ability,
      willingness: c.willingness,
      persona: c.persona,
    },
    debtor: {
      id: debtor.id,
      name: names ? debtor.name : maskName(debtor.name),
      nameMasked: !names,
      idNumber: maskIdNumber(debtor.idNumber),
      timeZone: debtor.timeZone,
      localTime: formatInZone(now, debtor.timeZone),
      quietHoursConsent: debtor.quietHoursConsent,
    },
    accounts: accounts.map((a) => ({
      id: a.id,
      accountRef: a.accountRef,
      product: a.product,
      cardTail: a.cardTail,
      principalFen: a.principalFen,
      interestFen: a.interestFen,
      feesFen: a.feesFen,
      daysOverdue: a.daysOverdue,
      bucket: a.bucket,
      lawsuitFiled: a.lawsuitFiled,
      judgment: a.judgment,
      enforcementListed: a.enforcementListed,
      creditReported: a.creditReported,
      guarantor: a.guarantor,
    })),
    contacts: contacts.map((k) => ({
      id: k.id,
      relation: k.relation,
      name: k.name ? maskName(k.name) : null,
      phone: maskPhone(k.phone),
      consented: k.consented,
      refused: k.refused,
      invalid: k.invalid,
      guard: guardFor(k),
    })),
    holds: [
      ...caseHolds.map((h) => ({
        id: h.id,
        kind: h.kind,
        reason: h.reason,
        blocksContact: h.blocksContact,
        openedBy: h.openedBy,
        openedAt: h.openedAt.toISOString(),
        reviewAt: iso(h.reviewAt),
        answerDueAt: iso(h.answerDueAt),
        closedAt: iso(h.closedAt),
        resolution: h.resolution,
        otherAgency: false,
      })),
      // Another agency's (or another case's) open hold on the same person: it blocks contact here
      // too, but its details belong to whoever opened it.
      ...personHolds
        .filter((h) => !ownHoldIds.has(h.id))
        .map((h) => ({
          id: h.agencyId === p.agencyId ? h.id : `external:${h.kind}`,
          kind: h.kind,
          reason: h.agencyId === p.agencyId ? h.reason : '',
          blocksContact: h.blocksContact,
          openedBy: null,
          openedAt: h.openedAt.toISOString(),
          reviewAt: iso(h.reviewAt),
          answerDueAt: null,
          closedAt: null,
          resolution: null,
          otherAgency: h.agencyId !== p.agencyId,
        })),
    ],
    promises: promises.map((x) => ({
      id: x.id,
      amountFen: x.amount_fen,
      amountMaxFen: x.amount_max_fen,
      dueAt: isoNow(x.due_at),
      status: x.status,
      paidFen: x.paid_fen,
      source: x.source,
      callId: x.call_id,
      createdAt: isoNow(x.created_at),
      settledAt: iso(x.settled_at),
    })),
    proposals: proposals.map((x) => ({
      id: x.id,
      callId: x.call_id,
      amountFen: x.amount_fen,
      amountMaxFen: x.amount_max_fen,
      dueAt: iso(x.due_at),
      vague: x.vague,
      // the debtor's words: numbers said aloud are masked like everywhere else
      text: maskText(x.text, numbers),
      status: x.status,
    })),
    plans: plans.map((x) => ({
      id: x.id,
      state: x.state,
      settlementFen: x.settlement_fen,
      interestWaiverFen: x.interest_waiver_fen,
      feeWaiverFen: x.fee_waiver_fen,
      downPaymentFen: x.down_payment_fen,
      instalmentCount: x.instalment_count,
      instalmentFeeFen: x.instalment_fee_fen,
      totalCostFen: x.total_cost_fen,
      withinPolicy: x.within_policy,
      breaches: breachesOf(x.policy_breaches),
      requiredRole: x.required_role,
      proposedBy: x.proposed_by,
      proposedAt: isoNow(x.proposed_at),
      proposalNote: x.proposal_note,
      decidedBy: x.decided_by,
      decidedAt: iso(x.decided_at),
      decisionNote: x.decision_note,
      instalments: instalments
        .filter((i) => i.plan_id === x.id)
        .map((i) => ({
          id: i.id,
          seq: i.seq,
          dueAt: isoNow(i.due_at),
          amountFen: i.amount_fen,
          paidFen: i.paid_fen,
          status: i.status,
        })),
    })),
    payments: payments.map((x) => ({
      id: x.id,
      amountFen: x.amountFen,
      paidAt: x.paidAt.toISOString(),
      channel: x.channel,
      reference: x.reference,
      recordedBy: x.recordedBy,
      reversedAt: x.reversedAt ? x.reversedAt.toISOString() : null,
      reversedBy: x.reversedBy,
      reversalReason: x.reversalReason,
    })),
    calls: calls.map((k) => ({
      id: k.id,
      at: isoNow(k.at),
      collectorId: k.collector_id,
      attemptId: k.attempt_id,
      persona: k.persona,
      turns: Number(k.turns),
      violations: violationsOf(k.violations),
      promises: Number(k.promises),
      note: maskText(k.note ?? '', numbers),
    })),
    attempts: attempts.map((a) => ({
      id: a.id,
      at: isoNow(a.at),
      channel: a.channel,
      contactId: a.contact_id,
      targetKind: a.target_kind,
      connected: a.connected,
      answeredBy: a.answered_by,
      outcomeCode: a.outcome_code,
      collectorId: a.collector_id,
      note: a.note,
    })),
    escalation: escalation
      ? {
          id: escalation.id,
          reason: escalation.reason,
          createdAt: escalation.createdAt.toISOString(),
          raisedBy: escalation.raisedBy,
        }
      : null,
    timeline,
    can: { work: mayWork(p, scoped), reveal: mayReveal(p, scoped), lead: mayLead(p, scoped) },
  };
}
