import { type CellTally, countCells, type HeardTurn, resolveUses, usesFromCall } from '../../advisor';
import { INTENTS, isOneOf, PERSONAS, STRATEGIES } from '../../domain/ids';
import type { Sql } from '../../store/db';

/**
 * What the agency's calls taught: each call's strategy uses (the advisor's attribution, once per
 * strategy per call) resolved with what followed — the promise made in the call kept or broken, a
 * payment or a complaint within 30 days — counted per persona × strategy. Computed from the calls
 * themselves, so it always agrees with the store; the dashboard shows it with credible intervals and
 * the advisor ranks with it.
 */

export interface OutcomeScope {
  agencyId: string;
  teamId?: string | null;
  clientId?: string | null;
  collectorId?: string | null;
  from?: Date;
  to?: Date;
}

const FOLLOW_DAYS = 30;

interface CompactTurn {
  s: string;
  st: unknown;
  in: unknown;
  p: { amount: number | null; due: string | null; vague: boolean } | null;
}

interface CallRow {
  id: string;
  case_id: string;
  at: Date;
  persona: string | null;
  turns: unknown;
  kept: number;
  broken: number;
  paid: boolean;
  complaint: boolean;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function heard(t: CompactTurn): HeardTurn {
  const speaker = t.s === 'agent' || t.s === 'debtor' || t.s === 'third_party' ? t.s : 'agent';
  return {
    speaker,
    text: '',
    strategies: strings(t.st).filter((s) => isOneOf(STRATEGIES, s)),
    reasons: [],
    intents: strings(t.in).filter((s) => isOneOf(INTENTS, s)),
    violations: [],
    promise: t.p ? { amount: t.p.amount, due: t.p.due, vague: Boolean(t.p.vague) } : null,
  };
}

function compactTurns(v: unknown): CompactTurn[] {
  const list = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(list) ? list : [];
}

export async function strategyOutcomes(sql: Pick<Sql, 'query'>, scope: OutcomeScope): Promise<CellTally[]> {
  const params: unknown[] = [scope.agencyId];
  const where = ['k.agency_id = $1', "k.analysis->'persona'->>'id' is not null"];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replace('?', `$${params.length}`));
  };
  if (scope.teamId) add('c.team_id = ?', scope.teamId);
  if (scope.clientId) add('k.client_id = ?', scope.clientId);
  if (scope.collectorId) add('k.collector_id = ?', scope.collectorId);
  if (scope.from) add('k.at >= ?', scope.from);
  if (scope.to) add('k.at < ?', scope.to);
  const r = await sql.query<CallRow>(
    `select k.id, k.case_id, k.at, k.analysis->'persona'->>'id' as persona,
            (select jsonb_agg(jsonb_build_object('s', t->'speaker', 'st', t->'strategies', 'in', t->'intents',
                                                 'p', t->'promise') order by (t->>'index')::int)
               from jsonb_array_elements(k.analysis->'turns') t) as turns,
            (select count(*)::int from promises pr where pr.call_id = k.id and pr.status in ('kept')) as kept,
            (select count(*)::int from promises pr where pr.call_id = k.id
                and pr.status in ('broken', 'partially_kept')) as broken,
            exists (select 1 from payments y where y.case_id = k.case_id and y.reversed_at is null and y.paid_at > k.at
                      and y.paid_at < k.at + interval '${FOLLOW_DAYS} days') as paid,
            exists (select 1 from holds h where h.case_id = k.case_id and h.kind = 'complaint'
                      and h.opened_at >= k.at and h.opened_at < k.at + interval '${FOLLOW_DAYS} days') as complaint
       from calls k join cases c on c.id = k.case_id
      where ${where.join(' and ')}`,
    params,
  );
  const uses = r.rows.flatMap((row) => {
    const persona = row.persona;
    if (!persona || !isOneOf(PERSONAS, persona)) return [];
    const at = row.at instanceof Date ? row.at : new Date(row.at);
    const base = usesFromCall({
      case_id: row.case_id,
      call_id: row.id,
      at: at.toISOString(),
      persona,
      turns: compactTurns(row.turns).map(heard),
    });
    return resolveUses(base, {
      ...(row.kept > 0 ? { promise_kept: true } : row.broken > 0 ? { promise_kept: false } : {}),
      paid: row.paid,
      complaint: row.complaint,
    });
  });
  return countCells(uses);
}

/** Per-agency cache for the advisor: outcomes move slowly, and the query reads every call. */
export class OutcomeCache {
  private readonly byAgency = new Map<string, { at: number; cells: Promise<CellTally[]> }>();

  constructor(
    private readonly sql: Pick<Sql, 'query'>,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  get(agencyId: string): Promise<CellTally[]> {
    const hit = this.byAgency.get(agencyId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.cells;
    const cells = strategyOutcomes(this.sql, { agencyId });
    cells.catch(() => this.byAgency.delete(agencyId));
    this.byAgency.set(agencyId, { at: Date.now(), cells });
    return cells;
  }
}
