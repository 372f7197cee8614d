import { parseTranscript } from '../../analysis/transcript';
import { allocatePayment, type OpenItem, settlePastDue } from '../../cases/allocate-payment';
import { brokenPromiseResponse } from '../../cases/broken-promise-response';
import { clientPolicies, decide, guardInput, storeDecision } from '../../cases/contact-decision';
import { createAgency } from '../../cases/create-agency';
import { createClient } from '../../cases/create-client';
import { createTeam } from '../../cases/create-team';
import { importGenerated } from '../../cases/import-generated';
import { openComplaint } from '../../cases/open-complaint';
import { openDispute } from '../../cases/open-dispute';
import type { Actor, ClientRecord, ContactRecord, OfferPolicy, Relation } from '../../cases/ports';
import { proposePlan } from '../../cases/propose-plan';
import { recordCall } from '../../cases/record-call';
import { stopCollection } from '../../cases/stop-collection';
import type { ContactAttempt } from '../../compliance/contact-guard';
import { addDays, localDateKey, SHANGHAI } from '../../domain/calendar';
import { yuanToFen } from '../../domain/money';
import { type BatchCall, callsFor, generateCases } from '../../generator';
import { Rng } from '../../generator/random';
import type { Sql } from '../../store/db';
import { createAccount } from '../accounts';
import type { ServerRole } from '../api-schemas';
import { hashPassword } from '../auth/passwords';
import type { Services } from '../services';
import { DEMO_VIOLATION_CALLS } from './demo-calls';

/**
 * Demo data for a first `npm start`: one agency, two client banks, ~2,000 generated cases split
 * between four collectors in two teams, a month of activity (calls analysed by the real analyser,
 * unanswered dials, promises, payments), the broken-promise job run over it, a few holds, a plan
 * awaiting approval and some calls with violations for QA, and users of every role.
 *
 * Placements go through the import path (validation, bulk writes); the month of history is computed
 * here and written set-based (jsonb_to_recordset, a few statements per table) because replaying
 * thousands of use-case transactions would take minutes on two cores. Each contact attempt carries
 * the contact guard's real decision, computed from the history written before it.
 */

export interface DemoLogin {
  login: string;
  password: string;
  role: ServerRole;
  name: string;
  note: string;
}

export interface DemoResult {
  agencyId: string;
  logins: DemoLogin[];
  counts: { cases: number; attempts: number; calls: number; promises: number; payments: number };
  ms: number;
}

export const DEMO_AGENCY = '汇信示范催收服务有限公司';

const DAY_MS = 86_400_000;

function dayString(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function shift(day: string, n: number): string {
  return dayString(
    addDays(
      { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) },
      n,
    ),
  );
}

async function insertRows(
  sql: Sql,
  table: string,
  columns: string,
  types: string,
  rows: unknown[],
  chunk = 1000,
) {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await sql.query(
      `insert into ${table} (${columns}) select ${columns} from jsonb_to_recordset($1::jsonb) as x(${types})`,
      [JSON.stringify(part)],
    );
  }
}

interface CaseRef {
  caseId: string;
  debtorId: string;
  clientId: string;
  assigneeId: string;
  /** the assignee's team lead (answers the complaints raised on the case) */
  leadId: string;
  contacts: ContactRecord[];
}

interface SeedUsers {
  admin: string;
  manager: string;
  leads: [string, string];
  collectors: [string, string, string, string];
  teams: [string, string];
}

/** Seeds the demo when the database has no agency yet; null when it already has one. */
export async function seedDemo(
  services: Services,
  opts: { cases: number; password: string },
): Promise<DemoResult | null> {
  const started = Date.now();
  let lap = started;
  const phase = (name: string) => {
    services.logger.debug('demo.phase', { phase: name, ms: Date.now() - lap });
    lap = Date.now();
  };
  const { db, clock, ids } = services;
  const existing = await db.query('select 1 from agencies limit 1');
  if (existing.rows.length) return null;
  const deps = { store: services.store, clock, ids };
  const now = clock.now();
  const today = localDateKey(now, SHANGHAI);
  const asOf = shift(today, -30);

  const made = await createAgency(deps, { name: DEMO_AGENCY, admin: { name: '系统管理员' } });
  const admin: Actor = { agencyId: made.agencyId, userId: made.adminUserId };
  const hash = await hashPassword(opts.password);
  await db.query(
    'update users set login = $2, password_hash = $3, password_changed_at = $4, staff_no = $5 where id = $1',
    [made.adminUserId, 'admin', hash, now, 'A0001'],
  );

  const clientA = await createClient({ ...deps, playbook: services.playbook }, admin, {
    name: '安信银行信用卡中心（演示）',
  });
  const clientB = await createClient({ ...deps, playbook: services.playbook }, admin, {
    name: '恒通银行信用卡中心（演示）',
    strictHours: true,
  });
  const team1 = (await createTeam(deps, admin, { name: '催收一组' })).teamId;
  const team2 = (await createTeam(deps, admin, { name: '催收二组' })).teamId;

  const logins: DemoLogin[] = [
    {
      login: 'admin',
      password: opts.password,
      role: 'admin',
      name: '系统管理员',
      note: '用户、剧本、规则包',
    },
  ];
  const users: Partial<Record<string, string>> = {};
  const people: {
    login: string;
    name: string;
    role: ServerRole;
    team: string | null;
    client: string | null;
    staff: string;
    note: string;
  }[] = [
    {
      login: 'manager',
      name: '周敏',
      role: 'manager',
      team: null,
      client: null,
      staff: 'M0001',
      note: '全机构',
    },
    {
      login: 'lead1',
      name: '陈立',
      role: 'lead',
      team: team1,
      client: null,
      staff: 'L0101',
      note: '催收一组主管',
    },
    {
      login: 'lead2',
      name: '赵岚',
      role: 'lead',
      team: team2,
      client: null,
      staff: 'L0201',
      note: '催收二组主管',
    },
    {
      login: 'collector1',
      name: '王磊',
      role: 'collector',
      team: team1,
      client: null,
      staff: 'C1011',
      note: '一组',
    },
    {
      login: 'collector2',
      name: '李敏',
      role: 'collector',
      team: team1,
      client: null,
      staff: 'C1012',
      note: '一组',
    },
    {
      login: 'collector3',
      name: '张婷',
      role: 'collector',
      team: team2,
      client: null,
      staff: 'C2021',
      note: '二组',
    },
    {
      login: 'collector4',
      name: '刘洋',
      role: 'collector',
      team: team2,
      client: null,
      staff: 'C2022',
      note: '二组',
    },
    { login: 'qa1', name: '孙浩', role: 'qa', team: null, client: null, staff: 'Q0001', note: '质检' },
    { login: 'qa2', name: '吴倩', role: 'qa', team: null, client: null, staff: 'Q0002', note: '质检' },
    {
      login: 'trainer1',
      name: '杨帆',
      role: 'trainer',
      team: null,
      client: null,
      staff: 'T0001',
      note: '培训、陪练',
    },
    {
      login: 'bank1',
      name: '安信银行对接人',
      role: 'client_viewer',
      team: null,
      client: clientA.clientId,
      staff: 'B0001',
      note: '只读：安信银行的案件',
    },
    {
      login: 'bank2',
      name: '恒通银行对接人',
      role: 'client_viewer',
      team: null,
      client: clientB.clientId,
      staff: 'B0002',
      note: '只读：恒通银行的案件',
    },
  ];

  // Placements first (a bank viewer must belong to a bank the agency has placements from).
  const perClient = Math.max(1, Math.floor(opts.cases / 2));
  const offer: OfferPolicy = {
    instalmentCounts: [3, 6, 12],
    maxInterestWaiverBp: 5000,
    maxFeeWaiverBp: 10_000,
    minDownPaymentBp: 0,
    instalmentFeeBp: 60,
    approverRole: 'lead',
    exceptionApproverRole: 'manager',
  };
  const placements = [
    { client: clientA.clientId, name: '安信银行信用卡中心（演示）', seed: 'demo-a', count: perClient },
    {
      client: clientB.clientId,
      name: '恒通银行信用卡中心（演示）',
      seed: 'demo-b',
      count: opts.cases - perClient,
    },
  ];
  for (const pl of placements)
    await importGenerated(deps, admin, {
      clientId: pl.client,
      batchNo: `${asOf.replaceAll('-', '')}-演示批次`,
      periodStart: asOf,
      periodEnd: shift(asOf, 90),
      asOf,
      offer,
      seed: pl.seed,
      count: pl.count,
    });

  phase('placements');
  await db.transaction(async (tx) => {
    for (const u of people) {
      users[u.login] = await createAccount(
        tx,
        ids,
        admin,
        now,
        {
          name: u.name,
          login: u.login,
          role: u.role,
          teamId: u.team,
          clientId: u.client,
          staffNo: u.staff,
          password: opts.password,
        },
        { passwordHash: hash },
      );
      logins.push({ login: u.login, password: opts.password, role: u.role, name: u.name, note: u.note });
    }
  });
  const need = (login: string): string => {
    const id = users[login];
    if (!id) throw new Error(`demo user ${login} missing`);
    return id;
  };
  const team: SeedUsers = {
    admin: made.adminUserId,
    manager: need('manager'),
    leads: [need('lead1'), need('lead2')],
    collectors: [need('collector1'), need('collector2'), need('collector3'), need('collector4')],
    teams: [team1, team2],
  };

  const counts = { cases: 0, attempts: 0, calls: 0, promises: 0, payments: 0 };
  const clients = new Map<string, ClientRecord>();
  for (const id of [clientA.clientId, clientB.clientId]) {
    const c = await services.store.read((r) => r.org.getClient(id));
    if (c) clients.set(id, c);
  }

  phase('users');
  for (const pl of placements) {
    const refs = await assign(db, ids, admin, now, pl.client, team);
    phase('assign');
    counts.cases += refs.size;
    const client = clients.get(pl.client);
    if (!client) continue;
    const c = await writeHistory(services, admin, client, pl, refs, asOf, now);
    counts.attempts += c.attempts;
    counts.calls += c.calls;
    counts.promises += c.promises;
    counts.payments += c.payments;
    phase('history');
  }

  await extras(services, admin, team, now);
  phase('extras');
  return { agencyId: made.agencyId, logins, counts, ms: Date.now() - started };
}

/** Assigns a client's cases round-robin to the four collectors, with history and one audit entry. */
async function assign(
  db: Services['db'],
  ids: Services['ids'],
  admin: Actor,
  now: Date,
  clientId: string,
  team: SeedUsers,
): Promise<Map<string, CaseRef>> {
  const rows = (
    await db.query<{ case_id: string; debtor_id: string; account_ref: string }>(
      `select c.id as case_id, c.debtor_id, min(a.account_ref) as account_ref
         from cases c join accounts a on a.case_id = c.id
        where c.agency_id = $1 and c.client_id = $2 group by c.id, c.debtor_id order by min(a.account_ref)`,
      [admin.agencyId, clientId],
    )
  ).rows;
  const contacts = (
    await db.query<{
      id: string;
      debtor_id: string;
      name: string | null;
      relation: Relation;
      phone: string;
    }>(
      `select k.id, k.debtor_id, k.name, k.relation, k.phone from contacts k
        where k.agency_id = $1 and k.client_id = $2 order by k.debtor_id, (k.relation = 'self') desc, k.id`,
      [admin.agencyId, clientId],
    )
  ).rows;
  const byDebtor = new Map<string, ContactRecord[]>();
  for (const k of contacts) {
    const list = byDebtor.get(k.debtor_id) ?? [];
    list.push({
      id: k.id,
      agencyId: admin.agencyId,
      clientId,
      debtorId: k.debtor_id,
      name: k.name,
      relation: k.relation,
      phone: k.phone,
      consented: false,
      refused: false,
      invalid: false,
    });
    byDebtor.set(k.debtor_id, list);
  }
  const out = new Map<string, CaseRef>();
  const updates: { id: string; assignee_id: string; team_id: string }[] = [];
  const history: Record<string, unknown>[] = [];
  rows.forEach((r, i) => {
    const who = i % 4;
    const assigneeId = team.collectors[who] ?? team.collectors[0];
    const teamId = who < 2 ? team.teams[0] : team.teams[1];
    const leadId = who < 2 ? team.leads[0] : team.leads[1];
    updates.push({ id: r.case_id, assignee_id: assigneeId, team_id: teamId });
    history.push({
      id: ids.next('asg'),
      agency_id: admin.agencyId,
      client_id: clientId,
      case_id: r.case_id,
      action: 'assign',
      collector_id: assigneeId,
      team_id: teamId,
      by_user: admin.userId,
      at: now.toISOString(),
    });
    out.set(r.account_ref, {
      caseId: r.case_id,
      debtorId: r.debtor_id,
      clientId,
      assigneeId,
      leadId,
      contacts: byDebtor.get(r.debtor_id) ?? [],
    });
  });
  await db.transaction(async (tx) => {
    for (let i = 0; i < updates.length; i += 2000)
      await tx.query(
        `update cases c set assignee_id = x.assignee_id, team_id = x.team_id, assigned_at = $2
           from jsonb_to_recordset($1::jsonb) as x(id text, assignee_id text, team_id text) where c.id = x.id`,
        [JSON.stringify(updates.slice(i, i + 2000)), now],
      );
    await insertRows(
      tx,
      'assignments',
      'id, agency_id, client_id, case_id, action, collector_id, team_id, by_user, at',
      'id text, agency_id text, client_id text, case_id text, action text, collector_id text, team_id text, by_user text, at timestamptz',
      history,
      2000,
    );
    await tx.query(
      `insert into audit_log (at, agency_id, client_id, actor_id, action, entity, entity_id, detail)
       values ($1, $2, $3, $4, 'demo.cases_assigned', 'client', $3, $5::jsonb)`,
      [now, admin.agencyId, clientId, admin.userId, JSON.stringify({ cases: updates.length })],
    );
  });
  return out;
}

function outcomeOf(call: BatchCall, analysis: ReturnType<Services['analyzer']['analyze']>): string {
  if (call.turns.some((t) => t.speaker === 'third_party') && !call.turns.some((t) => t.speaker === 'debtor'))
    return 'third_party_relay';
  const intents = new Set(analysis.turns.flatMap((t) => t.intents));
  if (analysis.promises.some((p) => p.amount !== null && p.due !== null)) return 'promise_to_pay';
  if (intents.has('complaint_threat')) return 'complaint_raised';
  if (intents.has('refuse')) return 'refused';
  if (intents.has('claims_paid')) return 'claims_paid';
  return 'talked';
}

/** What a debtor who threatened to complain complained about (the hold's reason, as a collector notes it). */
const COMPLAINT_REASONS = [
  '债务人投诉催收来电过于频繁，要求减少联系',
  '债务人投诉催收员通话语气生硬，要求更换催收员',
  '债务人称将向银行及监管部门投诉催收方式',
  '债务人投诉催收员多次在工作时间来电影响工作',
  '债务人对欠款金额中的利息和费用有异议，表示将投诉',
] as const;

/** How a lead answered the complaint (the hold's resolution). */
const COMPLAINT_ANSWERS = [
  '已致电说明联系频次并致歉，债务人接受',
  '已回电说明催收流程及还款安排，债务人表示理解',
  '已核实通话录音并向债务人致歉，调整联系时段，债务人接受',
  '已向债务人解释利息及费用构成，债务人无异议',
] as const;

interface PromiseDraft {
  id: string;
  caseId: string;
  callId: string;
  amountFen: number;
  dueAt: Date;
  createdAt: Date;
  paidFen: number;
  status: 'pending' | 'kept' | 'partially_kept' | 'broken' | 'cancelled';
  settledAt: Date | null;
}

/** A month of calls, dials, promises and payments on one placement, written in bulk. */
async function writeHistory(
  services: Services,
  admin: Actor,
  client: ClientRecord,
  pl: { client: string; name: string; seed: string; count: number },
  refs: Map<string, CaseRef>,
  asOf: string,
  now: Date,
): Promise<{ attempts: number; calls: number; promises: number; payments: number }> {
  const { ids, analyzer } = services;
  const policies = clientPolicies(services.playbook, client);
  const attempts: Record<string, unknown>[] = [];
  const calls: Record<string, unknown>[] = [];
  const proposals: Record<string, unknown>[] = [];
  const promises: PromiseDraft[] = [];
  const payments: Record<string, unknown>[] = [];
  const allocations: Record<string, unknown>[] = [];
  const caseUpdates: Record<string, unknown>[] = [];
  const escalations: Record<string, unknown>[] = [];
  const audits: Record<string, unknown>[] = [];
  const holds: Record<string, unknown>[] = [];
  const policy = services.playbook.policies.broken_promise;
  const complaints = services.playbook.policies.complaints;
  /** Each debtor's blocking complaint hold: contact waits from its opening until it is answered (null: still open). */
  const blocked = new Map<string, { from: Date; until: Date | null }>();
  /** Every blocking complaint hold of each debtor, for the broken-promise job's turns below. */
  const holdSpans = new Map<string, { from: Date; until: Date | null }[]>();
  const rng = new Rng(`${pl.seed}#demo-dials`, 7);
  const t0 = Date.now();

  for (const gc of generateCases({ seed: pl.seed, asOf, count: pl.count, activityDays: 29 })) {
    const ref = refs.get(gc.accountRef);
    if (!ref) continue;
    const self = ref.contacts.find((k) => k.relation === 'self') ?? null;
    const others = ref.contacts.filter((k) => k.relation !== 'self');
    const history: ContactAttempt[] = [];
    const events: { at: Date; kind: 'dial' | 'call'; call?: BatchCall }[] = [];
    for (const call of callsFor(gc, {
      seed: pl.seed,
      asOf,
      client: pl.name,
      callRate: 1.1,
      activityDays: 29,
    }))
      events.push({ at: new Date(call.at), kind: 'call', call });
    const dials = rng.chance(0.5) ? rng.int(1, 3) : 0;
    for (let d = 0; d < dials; d++) {
      const day = shift(asOf, rng.int(0, 28));
      events.push({
        at: new Date(
          `${day}T${String(rng.int(9, 20)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`,
        ),
        kind: 'dial',
      });
    }
    events.sort((a, b) => a.at.getTime() - b.at.getTime());

    let lastContact: Date | null = null;
    let lastTalk: Date | null = null;
    let lastAnalysis: ReturnType<typeof analyzer.analyze> | null = null;
    const own: PromiseDraft[] = [];
    for (const ev of events) {
      if (ev.at > now) continue;
      // A complaint raised earlier stops contact until it is answered: those dials and calls never happened.
      const hold = blocked.get(ref.debtorId);
      if (hold && ev.at >= hold.from && (hold.until === null || ev.at < hold.until)) continue;
      const thirdParty = ev.call ? !ev.call.turns.some((t) => t.speaker === 'debtor') : false;
      const contact = thirdParty ? (others[0] ?? self) : self;
      const debtor = { timeZone: SHANGHAI, quietHoursConsent: false, inconvenientTimes: [] };
      const decision = decide(
        guardInput({
          channel: 'call',
          at: ev.at,
          debtor,
          context: { contacts: ref.contacts, holds: [], history },
          contact,
        }),
        policies,
      );
      // The demo's history obeys the rules it will be judged by: a blocked contact never happened.
      if (!decision.allowed) continue;
      const attemptId = ids.next('att');
      const connected = ev.kind === 'call';
      const answeredBy = connected ? (thirdParty ? 'third_party' : 'debtor') : null;
      let outcome = connected ? 'talked' : rng.pick(['no_answer', 'busy', 'powered_off', 'rejected_call']);
      let note: string | null = null;
      if (ev.call) {
        const analysis = analyzer.analyze(ev.call.turns, {
          at: ev.at,
          facts: ev.call.facts,
          timeZone: SHANGHAI,
        });
        outcome = outcomeOf(ev.call, analysis);
        if (outcome === 'complaint_raised') note = rng.pick(COMPLAINT_REASONS);
        const callId = ids.next('cal');
        calls.push({
          id: callId,
          agency_id: admin.agencyId,
          client_id: ref.clientId,
          case_id: ref.caseId,
          attempt_id: attemptId,
          collector_id: ref.assigneeId,
          at: ev.at.toISOString(),
          transcript: ev.call.turns,
          analysis,
        });
        if (!thirdParty) lastAnalysis = analysis;
        for (const p of analysis.promises) {
          const amountFen = p.amount === null ? null : yuanToFen(p.amount);
          const dueAt = p.due ? new Date(p.due) : null;
          const firm = amountFen !== null && amountFen > 0 && dueAt !== null && dueAt > ev.at && !p.vague;
          const recent = now.getTime() - ev.at.getTime() < 4 * DAY_MS;
          const proposalId = ids.next('ppp');
          let promiseId: string | null = null;
          if (firm) {
            promiseId = ids.next('ptp');
            const draft: PromiseDraft = {
              id: promiseId,
              caseId: ref.caseId,
              callId,
              amountFen,
              dueAt,
              createdAt: ev.at,
              paidFen: 0,
              status: 'pending',
              settledAt: null,
            };
            own.push(draft);
            promises.push(draft);
          }
          proposals.push({
            id: proposalId,
            agency_id: admin.agencyId,
            client_id: ref.clientId,
            case_id: ref.caseId,
            call_id: callId,
            amount_fen: amountFen,
            amount_max_fen: p.amount_max === null ? null : yuanToFen(p.amount_max),
            due_at: dueAt?.toISOString() ?? null,
            due_from: p.due_from ?? null,
            kind: p.kind,
            vague: p.vague,
            text: p.text,
            // Firm promises were confirmed by the collector; recent loose ones still wait for them.
            status: firm ? 'confirmed' : recent ? 'proposed' : 'dismissed',
            promise_id: promiseId,
            decided_by: firm || !recent ? ref.assigneeId : null,
            decided_at: firm || !recent ? ev.at.toISOString() : null,
          });
        }
      }
      attempts.push({
        id: attemptId,
        agency_id: admin.agencyId,
        client_id: ref.clientId,
        case_id: ref.caseId,
        debtor_id: ref.debtorId,
        contact_id: contact?.id ?? null,
        collector_id: ref.assigneeId,
        channel: 'call',
        number: contact?.phone ?? null,
        target_kind:
          contact && contact.relation !== 'self'
            ? contact.relation === 'guarantor'
              ? 'guarantor'
              : 'third_party'
            : 'debtor',
        at: ev.at.toISOString(),
        connected,
        answered_by: answeredBy,
        outcome_code: outcome,
        note,
        guard: storeDecision(decision),
      });
      if (outcome === 'complaint_raised' && note !== null) {
        // As recordContactAttempt logs it: a complaint hold answered within the playbook's answer_days,
        // blocking contact as the policy says; a lead answers it two days later (if that has come).
        const holdId = ids.next('hld');
        const answerDueAt = new Date(ev.at.getTime() + complaints.answer_days * DAY_MS);
        const answeredAt = new Date(ev.at.getTime() + 2 * DAY_MS);
        const answered = answeredAt <= now;
        const resolution = answered ? rng.pick(COMPLAINT_ANSWERS) : null;
        const blocksContact = complaints.hold_contact_until_answered;
        const detail = { channel: 'call', receivedAt: ev.at.toISOString(), attemptId };
        holds.push({
          id: holdId,
          agency_id: admin.agencyId,
          client_id: ref.clientId,
          case_id: ref.caseId,
          debtor_id: ref.debtorId,
          kind: 'complaint',
          reason: note,
          detail,
          blocks_contact: blocksContact,
          opened_by: ref.assigneeId,
          opened_at: ev.at.toISOString(),
          answer_due_at: answerDueAt.toISOString(),
          closed_by: answered ? ref.leadId : null,
          closed_at: answered ? answeredAt.toISOString() : null,
          resolution,
        });
        audits.push({
          at: ev.at,
          case_id: ref.caseId,
          actor_id: ref.assigneeId,
          action: 'hold.complaint_opened',
          detail: {
            holdId,
            reason: note,
            blocksContact,
            reviewAt: null,
            answerDueAt: answerDueAt.toISOString(),
            ...detail,
          },
        });
        if (answered)
          audits.push({
            at: answeredAt,
            case_id: ref.caseId,
            actor_id: ref.leadId,
            action: 'hold.complaint_closed',
            // Contact waited for the answer, so no other blocking hold of the person was open by then.
            detail: { holdId, resolution, stillOnHold: false, late: answeredAt > answerDueAt },
          });
        if (blocksContact) {
          const span = { from: ev.at, until: answered ? answeredAt : null };
          blocked.set(ref.debtorId, span);
          holdSpans.set(ref.debtorId, [...(holdSpans.get(ref.debtorId) ?? []), span]);
        }
      }
      history.push({
        at: ev.at,
        channel: 'call',
        number: contact?.phone ?? null,
        targetKind: contact && contact.relation !== 'self' ? 'third_party' : 'debtor',
        connected,
        answeredBy,
      });
      if (!lastContact || ev.at > lastContact) lastContact = ev.at;
      if (answeredBy === 'debtor') lastTalk = ev.at;
    }

    // Payments against the promises open at the time, oldest due first (the use case's allocation).
    let paidFen = 0;
    const total = gc.account.principalFen + gc.account.interestFen + gc.account.feesFen;
    for (const pay of gc.payments) {
      const paidAt = new Date(pay.paidAt);
      if (paidAt > now || paidFen >= total) continue;
      const amount = Math.min(pay.amountFen, total - paidFen);
      if (amount <= 0) continue;
      const paymentId = ids.next('pay');
      const open: OpenItem[] = own
        .filter((p) => p.status === 'pending' && p.createdAt <= paidAt)
        .map((p) => ({
          kind: 'promise',
          id: p.id,
          dueAt: p.dueAt,
          amountFen: p.amountFen,
          paidFen: p.paidFen,
        }));
      const alloc = allocatePayment(amount, open);
      payments.push({
        id: paymentId,
        agency_id: admin.agencyId,
        client_id: ref.clientId,
        case_id: ref.caseId,
        amount_fen: amount,
        paid_at: paidAt.toISOString(),
        channel: pay.channel,
        reference: pay.reference,
      });
      for (const u of alloc.updates) {
        const p = own.find((x) => x.id === u.id);
        if (!p) continue;
        p.paidFen = u.paidFen;
        if (u.complete) {
          p.status = 'kept';
          p.settledAt = paidAt;
        }
        allocations.push({
          id: ids.next('alc'),
          agency_id: admin.agencyId,
          client_id: ref.clientId,
          case_id: ref.caseId,
          payment_id: paymentId,
          promise_id: u.id,
          amount_fen: u.allocatedFen,
        });
      }
      if (alloc.unallocatedFen > 0)
        allocations.push({
          id: ids.next('alc'),
          agency_id: admin.agencyId,
          client_id: ref.clientId,
          case_id: ref.caseId,
          payment_id: paymentId,
          promise_id: null,
          amount_fen: alloc.unallocatedFen,
        });
      paidFen += amount;
    }
    const settled = paidFen >= total;
    if (settled)
      for (const p of own)
        if (p.status === 'pending') {
          p.status = 'cancelled';
          p.settledAt = now;
        }
    // What the broken-promise job would have done as each promise fell due (the same policy function):
    // settle it, and for a broken one requeue, raise the priority, switch strategy, escalate.
    let brokenCount = 0;
    let priority = 0;
    let strategy: string | null = null;
    let lastBroken: Date | null = null;
    let escalated = false;
    // The job judges nothing while a complaint hold suspends contact: a promise due then is judged on
    // its first run after the answer, or stays pending while the complaint is still open.
    const spans = holdSpans.get(ref.debtorId) ?? [];
    for (const p of own
      .filter((x) => x.status === 'pending' && x.dueAt <= now)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) {
      let at = new Date(Math.min(now.getTime(), p.dueAt.getTime() + 3_600_000));
      const during = spans.find((h) => h.from <= at && (h.until === null || at < h.until));
      if (during) {
        if (during.until === null) continue;
        at = new Date(Math.min(now.getTime(), during.until.getTime() + 3_600_000));
      }
      const status = settlePastDue(p);
      p.status = status;
      p.settledAt = at;
      audits.push({
        at,
        case_id: ref.caseId,
        action: `promise.${status}`,
        detail: { promiseId: p.id, amountFen: p.amountFen, paidFen: p.paidFen },
      });
      if (status !== 'broken') continue;
      brokenCount++;
      const r = brokenPromiseResponse(policy, {
        brokenCount,
        currentStrategy: strategy,
        hasOpenEscalation: escalated,
      });
      priority += r.priorityDelta;
      strategy = r.strategy;
      if (r.requeue) lastBroken = at;
      audits.push({
        at,
        case_id: ref.caseId,
        action: 'case.broken_promise_response',
        detail: { promiseId: p.id, brokenCount, strategy, escalate: r.escalate },
      });
      if (r.escalate) {
        escalated = true;
        const escalationId = ids.next('esc');
        escalations.push({
          id: escalationId,
          agency_id: admin.agencyId,
          client_id: ref.clientId,
          case_id: ref.caseId,
          reason: 'broken_promises',
          detail: { brokenCount, promiseId: p.id },
          status: 'open',
          created_at: at.toISOString(),
        });
        audits.push({
          at,
          case_id: ref.caseId,
          action: 'case.escalated',
          detail: { escalationId, reason: 'broken_promises', brokenCount },
        });
      }
    }
    const nextDue = own
      .filter((p) => p.status === 'pending')
      .map((p) => p.dueAt.getTime())
      .sort((a, b) => a - b)[0];
    caseUpdates.push({
      id: ref.caseId,
      paid_fen: paidFen,
      status: settled ? 'settled' : 'open',
      last_contact_at: lastContact?.toISOString() ?? null,
      next_due_at: nextDue === undefined ? null : new Date(nextDue).toISOString(),
      broken_count: brokenCount,
      priority,
      strategy,
      // Requeued until the next conversation with the debtor.
      follow_up_broken: lastBroken !== null && (lastTalk === null || lastTalk < lastBroken),
      persona: lastAnalysis?.persona.id ?? null,
      ability: lastAnalysis && lastAnalysis.ability.level !== 'unknown' ? lastAnalysis.ability.score : null,
      willingness:
        lastAnalysis && lastAnalysis.willingness.level !== 'unknown' ? lastAnalysis.willingness.score : null,
    });
  }

  services.logger.debug('demo.phase', { phase: 'history.compute', ms: Date.now() - t0 });
  await services.db.transaction(async (tx) => {
    await insertRows(
      tx,
      'contact_attempts',
      'id, agency_id, client_id, case_id, debtor_id, contact_id, collector_id, channel, number, target_kind, at, connected, answered_by, outcome_code, note, guard',
      'id text, agency_id text, client_id text, case_id text, debtor_id text, contact_id text, collector_id text, channel text, number text, target_kind text, at timestamptz, connected boolean, answered_by text, outcome_code text, note text, guard jsonb',
      attempts,
      2000,
    );
    await insertRows(
      tx,
      'calls',
      'id, agency_id, client_id, case_id, attempt_id, collector_id, at, transcript, analysis',
      'id text, agency_id text, client_id text, case_id text, attempt_id text, collector_id text, at timestamptz, transcript jsonb, analysis jsonb',
      calls,
      200,
    );
    await insertRows(
      tx,
      'promises',
      'id, agency_id, client_id, case_id, amount_fen, due_at, status, paid_fen, source, call_id, created_by, created_at, settled_at',
      'id text, agency_id text, client_id text, case_id text, amount_fen bigint, due_at timestamptz, status text, paid_fen bigint, source text, call_id text, created_by text, created_at timestamptz, settled_at timestamptz',
      promises.map((p) => ({
        id: p.id,
        agency_id: admin.agencyId,
        client_id: client.id,
        case_id: p.caseId,
        amount_fen: p.amountFen,
        due_at: p.dueAt.toISOString(),
        status: p.status,
        paid_fen: p.paidFen,
        source: 'call',
        call_id: p.callId,
        created_by: refsByCase(refs).get(p.caseId)?.assigneeId ?? null,
        created_at: p.createdAt.toISOString(),
        settled_at: p.settledAt?.toISOString() ?? null,
      })),
      2000,
    );
    await insertRows(
      tx,
      'proposed_promises',
      'id, agency_id, client_id, case_id, call_id, amount_fen, amount_max_fen, due_at, due_from, kind, vague, text, status, promise_id, decided_by, decided_at',
      'id text, agency_id text, client_id text, case_id text, call_id text, amount_fen bigint, amount_max_fen bigint, due_at timestamptz, due_from timestamptz, kind text, vague boolean, text text, status text, promise_id text, decided_by text, decided_at timestamptz',
      proposals,
      2000,
    );
    await insertRows(
      tx,
      'payments',
      'id, agency_id, client_id, case_id, amount_fen, paid_at, channel, reference',
      'id text, agency_id text, client_id text, case_id text, amount_fen bigint, paid_at timestamptz, channel text, reference text',
      payments,
      2000,
    );
    await insertRows(
      tx,
      'payment_allocations',
      'id, agency_id, client_id, case_id, payment_id, promise_id, amount_fen',
      'id text, agency_id text, client_id text, case_id text, payment_id text, promise_id text, amount_fen bigint',
      allocations,
      2000,
    );
    for (let i = 0; i < caseUpdates.length; i += 2000)
      await tx.query(
        `update cases c set paid_fen = x.paid_fen, status = x.status, last_contact_at = x.last_contact_at,
                next_due_at = x.next_due_at, persona = x.persona, ability = x.ability, willingness = x.willingness,
                broken_count = x.broken_count, priority = x.priority, strategy = x.strategy,
                follow_up_broken = x.follow_up_broken
           from jsonb_to_recordset($1::jsonb) as x(id text, paid_fen bigint, status text, last_contact_at timestamptz,
                next_due_at timestamptz, persona text, ability double precision, willingness double precision,
                broken_count integer, priority integer, strategy text, follow_up_broken boolean)
          where c.id = x.id`,
        [JSON.stringify(caseUpdates.slice(i, i + 2000))],
      );
    await insertRows(
      tx,
      'escalations',
      'id, agency_id, client_id, case_id, reason, detail, status, created_at',
      'id text, agency_id text, client_id text, case_id text, reason text, detail jsonb, status text, created_at timestamptz',
      escalations,
      2000,
    );
    await insertRows(
      tx,
      'holds',
      'id, agency_id, client_id, case_id, debtor_id, kind, reason, detail, blocks_contact, opened_by, opened_at, answer_due_at, closed_by, closed_at, resolution',
      'id text, agency_id text, client_id text, case_id text, debtor_id text, kind text, reason text, detail jsonb, blocks_contact boolean, opened_by text, opened_at timestamptz, answer_due_at timestamptz, closed_by text, closed_at timestamptz, resolution text',
      holds,
      2000,
    );
    // The person's contact_hold flag on all their cases across the client, as refreshHold keeps it.
    await tx.query(
      `update cases c set contact_hold = true
        where c.client_id = $1 and not c.contact_hold
          and exists (select 1 from debtors d join debtors p on p.client_id = d.client_id and p.id_number = d.id_number
                        join holds h on h.debtor_id = p.id
                       where d.id = c.debtor_id and h.closed_at is null and h.blocks_contact)`,
      [client.id],
    );
    // The job's audit trail, as the job writes it: no actor (a scheduled job acts for the agency); the
    // complaints' entries name who opened and answered them.
    await insertRows(
      tx,
      'audit_log',
      'at, agency_id, client_id, actor_id, action, entity, entity_id, detail',
      'at timestamptz, agency_id text, client_id text, actor_id text, action text, entity text, entity_id text, detail jsonb',
      audits.map((a) => ({
        actor_id: null,
        ...a,
        agency_id: admin.agencyId,
        client_id: client.id,
        entity: 'case',
        entity_id: a.case_id,
      })),
      2000,
    );
    await tx.query(
      `insert into audit_log (at, agency_id, client_id, actor_id, action, entity, entity_id, detail)
       values ($1, $2, $3, $4, 'demo.history_seeded', 'client', $3, $5::jsonb)`,
      [
        now,
        admin.agencyId,
        client.id,
        admin.userId,
        JSON.stringify({
          attempts: attempts.length,
          calls: calls.length,
          promises: promises.length,
          payments: payments.length,
        }),
      ],
    );
  });
  return {
    attempts: attempts.length,
    calls: calls.length,
    promises: promises.length,
    payments: payments.length,
  };
}

const byCaseCache = new WeakMap<Map<string, CaseRef>, Map<string, CaseRef>>();
function refsByCase(refs: Map<string, CaseRef>): Map<string, CaseRef> {
  let m = byCaseCache.get(refs);
  if (!m) {
    m = new Map([...refs.values()].map((r) => [r.caseId, r]));
    byCaseCache.set(refs, m);
  }
  return m;
}

/** What makes the screens worth looking at: holds, a plan to approve, calls with violations. */
async function extras(services: Services, admin: Actor, team: SeedUsers, now: Date): Promise<void> {
  const deps = { store: services.store, clock: services.clock, ids: services.ids };
  const pick = async (collector: string, n: number) =>
    (
      await services.db.query<{ id: string; bank: string; name: string }>(
        `select c.id, cl.name as bank, d.name from cases c join clients cl on cl.id = c.client_id
           join debtors d on d.id = c.debtor_id
          where c.agency_id = $1 and c.assignee_id = $2 and c.status = 'open' and not c.contact_hold
          order by c.balance_fen desc, c.id limit $3`,
        [admin.agencyId, collector, n],
      )
    ).rows;
  const [c1, , c3] = team.collectors;
  const [l1, l2] = team.leads;
  const mine = await pick(c1, 12);
  const theirs = await pick(c3, 12);
  const as = (userId: string): Actor => ({ agencyId: admin.agencyId, userId });

  // Calls with violations, recorded through the use case (the analyser judges them against the case's facts).
  const callers: [string, { id: string; bank: string; name: string } | undefined][] = [
    [c1, mine[0]],
    [c1, mine[1]],
    [c3, theirs[0]],
    [c3, theirs[1]],
  ];
  for (const [i, [collector, k]] of callers.entries()) {
    if (!k) continue;
    const text = (DEMO_VIOLATION_CALLS[i] ?? '')
      .replaceAll('{name}', k.name)
      .replaceAll('{bank}', k.bank.replace('（演示）', ''));
    // Recorded without a contact attempt, so the contact guard judges each call at its time: minutes
    // apart, within the hour before now (a demo started in the day shows language findings only).
    await recordCall({ ...deps, analyzer: services.analyzer, playbook: services.playbook }, as(collector), {
      caseId: k.id,
      at: new Date(now.getTime() - (i + 1) * 12 * 60_000).toISOString(),
      turns: parseTranscript(text),
    });
  }
  // 停催 by a lead, a complaint logged by QA, a dispute raised by a collector.
  if (mine[2])
    await stopCollection({ ...deps, playbook: services.playbook }, as(l1), {
      caseId: mine[2].id,
      reason: '债务人住院治疗，家属请求暂停联系',
    });
  if (theirs[2])
    await openComplaint({ ...deps, playbook: services.playbook }, as(l2), {
      caseId: theirs[2].id,
      channel: 'hotline_12378',
      summary: '债务人致电银行客服投诉来电过于频繁',
    });
  if (mine[3])
    await openDispute({ ...deps, playbook: services.playbook }, as(c1), {
      caseId: mine[3].id,
      kind: 'amount',
      detail: '债务人称已于上月通过柜台还款一笔，金额未入账',
    });
  // Plans waiting for a lead: one within the bank's policy, one outside it (needs the manager).
  const firstDue = shift(localDateKey(now, SHANGHAI), 7);
  if (mine[4])
    await proposePlan(deps, as(c1), {
      caseId: mine[4].id,
      instalmentCount: 6,
      firstDueDate: firstDue,
      downPaymentFen: 0,
    });
  if (theirs[4])
    await proposePlan(deps, as(c3), {
      caseId: theirs[4].id,
      instalmentCount: 24,
      firstDueDate: firstDue,
      note: '债务人失业，请求延长分期',
    });
}
