import type { z } from 'zod';
import { effectivenessReport } from '../../advisor';
import type { Playbook } from '../../playbook';
import type { Sql } from '../../store/db';
import type { collectorDrillBody, dashboardBody } from '../api-schemas';
import { strategyOutcomes } from './effectiveness';

/**
 * The lead's numbers for a period: recovery, promise discipline, contact, compliance and complaints,
 * for the team (or agency, or one bank) and per collector, plus what works per persona × strategy.
 * Definitions (docs/api.md):
 *  - recovery rate: payments in the period ÷ the placed amount of the cases in scope;
 *  - promise-kept rate: kept ÷ (kept + partially kept + broken) of the promises that fell due in it;
 *  - contact rate: cases with a conversation with the debtor in the period ÷ cases in scope;
 *  - compliance incidents: violations the analyser found in the period's calls;
 *  - complaint rate: complaints opened in the period per 100 cases contacted in it.
 * Money is attributed to the case's current collector; calls, contacts and promises to whoever made them.
 */

type Metrics = z.infer<typeof dashboardBody>['totals'];

export interface DashboardScope {
  agencyId: string;
  teamId: string | null;
  clientId: string | null;
  /** one collector (the drill-down) */
  collectorId?: string | null;
  from: Date;
  to: Date;
}

interface Raw {
  cases: number;
  placed: number;
  recovered: number;
  made: number;
  kept: number;
  partial: number;
  broken: number;
  attempts: number;
  conversations: number;
  contacted: number;
  calls: number;
  incidents: number;
  complaints: number;
}

const ZERO: Raw = {
  cases: 0,
  placed: 0,
  recovered: 0,
  made: 0,
  kept: 0,
  partial: 0,
  broken: 0,
  attempts: 0,
  conversations: 0,
  contacted: 0,
  calls: 0,
  incidents: 0,
  complaints: 0,
};

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const per100 = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 100 : null);

function metricsOf(r: Raw): Metrics {
  const due = r.kept + r.partial + r.broken;
  return {
    cases: r.cases,
    placedFen: r.placed,
    recoveredFen: r.recovered,
    recoveryRate: ratio(r.recovered, r.placed) ?? 0,
    promisesMade: r.made,
    promisesDue: due,
    promisesKept: r.kept,
    promisesPartial: r.partial,
    promisesBroken: r.broken,
    promiseKeptRate: ratio(r.kept, due),
    attempts: r.attempts,
    conversations: r.conversations,
    contactRate: ratio(r.contacted, r.cases),
    calls: r.calls,
    complianceIncidents: r.incidents,
    incidentsPer100Calls: per100(r.incidents, r.calls),
    complaints: r.complaints,
    complaintRate: per100(r.complaints, r.contacted),
  };
}

/** Case filter for the scope, on the cases alias `c`; params appended. */
function caseFilter(s: DashboardScope, params: unknown[]): string {
  params.push(s.agencyId);
  const parts = [`c.agency_id = $${params.length}`];
  if (s.teamId) {
    params.push(s.teamId);
    parts.push(`c.team_id = $${params.length}`);
  }
  if (s.clientId) {
    params.push(s.clientId);
    parts.push(`c.client_id = $${params.length}`);
  }
  return parts.join(' and ');
}

/** Per collector (key '' = the scope as a whole), every raw count of the period. */
async function rawCounts(sql: Pick<Sql, 'query'>, s: DashboardScope): Promise<Map<string, Raw>> {
  const out = new Map<string, Raw>();
  const bump = (who: string | null, k: keyof Raw, n: number) => {
    for (const key of ['', ...(who ? [who] : [])]) {
      const r = out.get(key) ?? { ...ZERO };
      r[k] += Number(n) || 0;
      out.set(key, r);
    }
  };
  const only = (alias: string, params: unknown[]) => {
    if (!s.collectorId) return '';
    params.push(s.collectorId);
    return ` and ${alias} = $${params.length}`;
  };
  const window = (col: string, params: unknown[]) => {
    params.push(s.from, s.to);
    return `${col} >= $${params.length - 1} and ${col} < $${params.length}`;
  };

  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{ who: string | null; n: number; placed: number }>(
      `select c.assignee_id as who, count(*)::int as n, coalesce(sum(c.total_due_fen), 0)::bigint as placed
         from cases c where ${f}${only('c.assignee_id', p)} group by c.assignee_id`,
      p,
    );
    for (const r of rows.rows) {
      bump(r.who, 'cases', r.n);
      bump(r.who, 'placed', r.placed);
    }
  }
  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{ who: string | null; n: number }>(
      `select c.assignee_id as who, coalesce(sum(y.amount_fen), 0)::bigint as n
         from payments y join cases c on c.id = y.case_id
        where ${f} and y.reversed_at is null and ${window('y.paid_at', p)}${only('c.assignee_id', p)} group by c.assignee_id`,
      p,
    );
    for (const r of rows.rows) bump(r.who, 'recovered', r.n);
  }
  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{ who: string | null; n: number }>(
      `select pr.created_by as who, count(*)::int as n from promises pr join cases c on c.id = pr.case_id
        where ${f} and ${window('pr.created_at', p)}${only('pr.created_by', p)} group by pr.created_by`,
      p,
    );
    for (const r of rows.rows) bump(r.who, 'made', r.n);
  }
  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{ who: string | null; kept: number; partial: number; broken: number }>(
      `select pr.created_by as who,
              count(*) filter (where pr.status = 'kept')::int as kept,
              count(*) filter (where pr.status = 'partially_kept')::int as partial,
              count(*) filter (where pr.status = 'broken')::int as broken
         from promises pr join cases c on c.id = pr.case_id
        where ${f} and ${window('pr.due_at', p)}${only('pr.created_by', p)} group by pr.created_by`,
      p,
    );
    for (const r of rows.rows) {
      bump(r.who, 'kept', r.kept);
      bump(r.who, 'partial', r.partial);
      bump(r.who, 'broken', r.broken);
    }
  }
  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{
      who: string | null;
      total: number;
      attempts: number;
      talks: number;
      contacted: number;
    }>(
      `select a.collector_id as who, grouping(a.collector_id)::int as total, count(*)::int as attempts,
              count(*) filter (where a.connected and a.answered_by = 'debtor')::int as talks,
              count(distinct a.case_id) filter (where a.connected and a.answered_by = 'debtor')::int as contacted
         from contact_attempts a join cases c on c.id = a.case_id
        where ${f} and ${window('a.at', p)}${only('a.collector_id', p)} group by rollup (a.collector_id)`,
      p,
    );
    // rollup's grand-total row is the whole scope (distinct cases are not additive across collectors).
    for (const r of rows.rows) {
      if (r.who === null && r.total !== 1) continue;
      const key = r.total === 1 ? '' : (r.who ?? '');
      const x = out.get(key) ?? { ...ZERO };
      x.attempts = r.attempts;
      x.conversations = r.talks;
      x.contacted = r.contacted;
      out.set(key, x);
    }
  }
  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{ who: string | null; calls: number; incidents: number }>(
      `select k.collector_id as who, count(*)::int as calls,
              coalesce(sum(jsonb_array_length(k.analysis->'violations')), 0)::int as incidents
         from calls k join cases c on c.id = k.case_id
        where ${f} and ${window('k.at', p)}${only('k.collector_id', p)} group by k.collector_id`,
      p,
    );
    for (const r of rows.rows) {
      bump(r.who, 'calls', r.calls);
      bump(r.who, 'incidents', r.incidents);
    }
  }
  {
    const p: unknown[] = [];
    const f = caseFilter(s, p);
    const rows = await sql.query<{ who: string | null; n: number }>(
      `select c.assignee_id as who, count(*)::int as n from holds h join cases c on c.id = h.case_id
        where ${f} and h.kind = 'complaint' and ${window('h.opened_at', p)}${only('c.assignee_id', p)}
        group by c.assignee_id`,
      p,
    );
    for (const r of rows.rows) bump(r.who, 'complaints', r.n);
  }
  return out;
}

export async function dashboard(
  sql: Pick<Sql, 'query'>,
  playbook: Playbook,
  s: DashboardScope,
): Promise<z.infer<typeof dashboardBody>> {
  const counts = await rawCounts(sql, s);
  const params: unknown[] = [s.agencyId];
  let teamCond = '';
  if (s.teamId) {
    params.push(s.teamId);
    teamCond = ` and team_id = $${params.length}`;
  }
  const users = await sql.query<{
    id: string;
    name: string;
    team_id: string | null;
    role: 'collector' | 'lead';
  }>(
    `select id, name, team_id, role from users where agency_id = $1 and role in ('collector', 'lead')${teamCond} order by id`,
    params,
  );
  const rows = users.rows
    .filter((u) => u.id !== '' && counts.has(u.id))
    .map((u) => ({
      ...metricsOf(counts.get(u.id) ?? ZERO),
      userId: u.id,
      name: u.name,
      teamId: u.team_id,
      role: u.role,
    }))
    .sort(
      (a, b) =>
        (a.incidentsPer100Calls ?? 0) - (b.incidentsPer100Calls ?? 0) ||
        (a.complaintRate ?? 0) - (b.complaintRate ?? 0) ||
        b.recoveryRate - a.recoveryRate ||
        a.userId.localeCompare(b.userId),
    );
  // Collectors are ranked among themselves; a lead's own work (cases taken over) is listed after, unranked.
  const collectors = [
    ...rows.filter((x) => x.role === 'collector').map((x, i) => ({ ...x, rank: i + 1 })),
    ...rows.filter((x) => x.role === 'lead').map((x) => ({ ...x, rank: null })),
  ];

  const cells = await strategyOutcomes(sql, {
    agencyId: s.agencyId,
    teamId: s.teamId,
    clientId: s.clientId,
    from: s.from,
    to: s.to,
  });
  const report = effectivenessReport(playbook.strategies, cells);
  return {
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    scope: {
      kind: s.teamId ? 'team' : s.clientId ? 'client' : 'agency',
      teamId: s.teamId,
      clientId: s.clientId,
    },
    totals: metricsOf(counts.get('') ?? ZERO),
    collectors,
    effectiveness: {
      level: report.level,
      minOutcomes: report.min_outcomes,
      priorStrength: report.prior_strength,
      cells: report.personas.flatMap((pr) => [...pr.ranking, ...pr.too_little]),
      clearDifferences: report.personas.flatMap((pr) =>
        pr.clear_differences.map((d) => ({ persona: pr.persona, better: d.better, worse: d.worse })),
      ),
      textZh: report.text_zh,
    },
  };
}

export async function collectorDrill(
  sql: Pick<Sql, 'query'>,
  s: DashboardScope & { collectorId: string; name: string },
): Promise<z.infer<typeof collectorDrillBody>> {
  const counts = await rawCounts(sql, s);
  const window = [s.agencyId, s.collectorId, s.from, s.to];
  const calls = await sql.query<{
    id: string;
    case_id: string;
    at: Date;
    persona: string | null;
    rules: unknown;
    promises: number;
  }>(
    `select k.id, k.case_id, k.at, k.analysis->'persona'->>'id' as persona,
            (select coalesce(jsonb_agg(v->>'rule'), '[]') from jsonb_array_elements(k.analysis->'violations') v) as rules,
            jsonb_array_length(k.analysis->'promises') as promises
       from calls k where k.agency_id = $1 and k.collector_id = $2 and k.at >= $3 and k.at < $4
      order by k.at desc, k.id limit 20`,
    window,
  );
  const broken = await sql.query<{ id: string; case_id: string; amount_fen: number; due_at: Date }>(
    `select id, case_id, amount_fen, due_at from promises
      where agency_id = $1 and created_by = $2 and status = 'broken' and due_at >= $3 and due_at < $4
      order by due_at desc, id limit 20`,
    window,
  );
  const complaints = await sql.query<{ id: string; case_id: string; opened_at: Date }>(
    `select h.id, h.case_id, h.opened_at from holds h join cases c on c.id = h.case_id
      where h.agency_id = $1 and c.assignee_id = $2 and h.kind = 'complaint' and h.opened_at >= $3 and h.opened_at < $4
      order by h.opened_at desc, h.id limit 20`,
    window,
  );
  const iso = (d: Date | string) => new Date(d).toISOString();
  const rules = (v: unknown): string[] => {
    const list = typeof v === 'string' ? JSON.parse(v) : v;
    return Array.isArray(list) ? list.map(String) : [];
  };
  return {
    userId: s.collectorId,
    name: s.name,
    metrics: metricsOf(counts.get(s.collectorId) ?? ZERO),
    recentCalls: calls.rows.map((k) => ({
      callId: k.id,
      caseId: k.case_id,
      at: iso(k.at),
      persona: k.persona,
      violations: rules(k.rules),
      promises: Number(k.promises),
    })),
    brokenPromises: broken.rows.map((b) => ({
      promiseId: b.id,
      caseId: b.case_id,
      amountFen: b.amount_fen,
      dueAt: iso(b.due_at),
    })),
    complaints: complaints.rows.map((h) => ({ holdId: h.id, caseId: h.case_id, openedAt: iso(h.opened_at) })),
  };
}
