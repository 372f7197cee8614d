import { z } from 'zod';
import type { PackPolicy } from '../compliance/contact-guard';
import { formatInZone, localDateKey, toLocal } from '../domain/calendar';
import { minutesOfDay, type Playbook } from '../playbook';
import { requireUser, roleAtLeast } from './access';
import { clientPolicies, decide, guardInput, historySince, primaryNumber } from './contact-decision';
import { forbidden, notFound, parseInput } from './errors';
import { maskName, maskPhone } from './masking';
import type {
  Actor,
  ClientRecord,
  Deps,
  GuardContext,
  QueueCandidate,
  QueueClientWindow,
  QueueRow,
  UserRecord,
} from './ports';
import {
  daysBetweenDates,
  explainPoints,
  fixedPoints,
  placementPoints,
  promiseDuePoints,
  type ScoreReason,
  sinceContactPoints,
} from './queue-score';

export const buildQueueInput = z.object({
  collectorId: z.string().min(1),
  at: z.iso.datetime({ offset: true }).optional(),
  page: z.int().min(1).default(1),
  pageSize: z.int().min(1).max(100).default(20),
});

const reason = z.object({ component: z.string(), points: z.int(), zh: z.string(), en: z.string() });

export const buildQueueOutput = z.object({
  collectorId: z.string(),
  at: z.string(),
  page: z.int(),
  pageSize: z.int(),
  /** workable cases in the whole queue (before the guard's final check of this page) */
  total: z.int(),
  items: z.array(
    z.object({
      rank: z.int(),
      caseId: z.string(),
      debtorName: z.string(),
      number: z.string().nullable(),
      balanceFen: z.int(),
      score: z.int(),
      reasons: z.array(reason),
      nextDueAt: z.string().nullable(),
      strategy: z.string().nullable(),
      persona: z.string().nullable(),
      localTime: z.string(),
    }),
  ),
  /** on this page but blocked by a rule the store's filter does not see (e.g. a US 7-in-7 limit) */
  excluded: z.array(
    z.object({
      caseId: z.string(),
      reasons: z.array(z.object({ rule: z.string(), zh: z.string(), en: z.string() })),
      nextAllowedAt: z.string().nullable(),
    }),
  ),
  /**
   * When the queue is empty now: the next instant (within two days) at which it is not, in the zone
   * of the debtors it opens for, and how many cases it holds then — so a collector before the shift
   * (or in quiet hours) can prepare. Page 1 only (nextWindow below).
   */
  nextWindow: z.object({ at: z.string(), total: z.int() }).nullable().optional(),
});

/**
 * The window in which a call is lawful now for one client's debtors, intersected over its packs
 * (the strictest wins), and the daily cap on conversations. The store's SQL filter uses it; the
 * guard still has the last word on every row of the page.
 */
export function queueWindow(client: ClientRecord, policies: readonly PackPolicy[]): QueueClientWindow {
  let open = 0;
  let close = 24 * 60;
  let maxTalks = Number.POSITIVE_INFINITY;
  let consentApplies = true;
  for (const p of policies) {
    if (p.jurisdiction === 'cn') {
      const h = p.params['contact.hours'];
      open = Math.max(open, minutesOfDay(h.quiet_end));
      close = Math.min(close, minutesOfDay(p.strictHours ? h.strict_profile_quiet_start : h.quiet_start));
      maxTalks = Math.min(maxTalks, p.params['contact.frequency'].max_connected_per_debtor_per_day);
    } else {
      const h = p.params['contact.hours'];
      open = Math.max(open, minutesOfDay(h.start));
      close = Math.min(close, minutesOfDay(h.end));
      // Regulation F: no call within 7 days after a conversation, so one conversation ends the day.
      maxTalks = Math.min(maxTalks, 1);
      consentApplies = false;
    }
  }
  return {
    clientId: client.id,
    openMinute: open,
    closeMinute: close,
    maxTalksPerDay: Number.isFinite(maxTalks) ? maxTalks : 3,
    consentApplies,
  };
}

/** Your own queue; a lead their team's; managers (and above) anyone's. */
export function assertQueueAccess(
  me: Pick<UserRecord, 'id' | 'role' | 'teamId'>,
  collector: Pick<UserRecord, 'id' | 'teamId'>,
): void {
  const lead = me.role === 'lead' && me.teamId !== null && me.teamId === collector.teamId;
  if (collector.id !== me.id && !lead && !roleAtLeast(me.role, 'manager'))
    throw forbidden('see this queue', {
      en: 'only your own queue or your team’s',
      zh: '只能查看本人或本组的队列',
    });
}

/**
 * A collector's queue for today: workable cases ranked by a transparent score, each with the
 * reasons for its place, excluding what the contact guard blocks now. Paged.
 */
export async function buildQueue(
  deps: Deps<'org' | 'queue' | 'attempts'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof buildQueueInput>,
): Promise<z.infer<typeof buildQueueOutput>> {
  const i = parseInput(buildQueueInput, input);
  const at = i.at ? new Date(i.at) : deps.clock.now();
  return deps.store.read(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const collector = me.id === i.collectorId ? me : await tx.org.getUser(actor.agencyId, i.collectorId);
    if (!collector) throw notFound('user', i.collectorId);
    assertQueueAccess(me, collector);
    const clients = await tx.queue.clientsOf(actor.agencyId, collector.id);
    const policies = new Map(clients.map((c) => [c.id, clientPolicies(deps.playbook, c)]));
    const { rows, total } = await tx.queue.page({
      agencyId: actor.agencyId,
      collectorId: collector.id,
      at,
      windows: clients.map((c) => queueWindow(c, policies.get(c.id) ?? [])),
      limit: i.pageSize,
      offset: (i.page - 1) * i.pageSize,
    });
    const contexts = await tx.attempts.guardContext(
      actor.agencyId,
      rows.map((r) => r.debtorId),
      historySince(at),
    );
    const out = queuePage({
      collectorId: collector.id,
      at,
      page: i.page,
      pageSize: i.pageSize,
      rows,
      total,
      contexts,
      policies,
    });
    if (total === 0 && i.page === 1) {
      const s = queueSnapshot(
        deps.playbook,
        collector.id,
        clients,
        await tx.queue.candidates(actor.agencyId, collector.id),
      );
      out.nextWindow = nextWindow(s, at);
    }
    return buildQueueOutput.parse(out);
  });
}

/**
 * The page as the collector sees it: the contact guard has the last word on every row (rules the
 * ranking's filter does not see, e.g. a US 7-in-7 limit, move a row to `excluded`), each row with the
 * reasons for its place. Shared by buildQueue and callers that rank in memory (rankQueue).
 */
export function queuePage(q: {
  collectorId: string;
  at: Date;
  page: number;
  pageSize: number;
  rows: readonly QueueRow[];
  total: number;
  contexts: ReadonlyMap<string, GuardContext>;
  policies: ReadonlyMap<string, readonly PackPolicy[]>;
  /** the reasons for a row's place (default explainPoints; rankQueue's callers can reuse them) */
  explain?: (r: QueueRow) => ScoreReason[];
}): z.infer<typeof buildQueueOutput> {
  const { at } = q;
  const items: z.infer<typeof buildQueueOutput>['items'] = [];
  const excluded: z.infer<typeof buildQueueOutput>['excluded'] = [];
  q.rows.forEach((r, n) => {
    const context = q.contexts.get(r.debtorId) ?? { contacts: [], holds: [], history: [] };
    const contact = primaryNumber(context.contacts);
    const d = decide(
      guardInput({ channel: 'call', at, debtor: debtorOf(r), context, contact }),
      q.policies.get(r.clientId) ?? [],
    );
    if (!d.allowed) {
      excluded.push({
        caseId: r.caseId,
        reasons: d.blocking.map((b) => ({ rule: b.rule, zh: b.reason.zh, en: b.reason.en })),
        nextAllowedAt: d.nextAllowedAt ? formatInZone(d.nextAllowedAt, r.timeZone) : null,
      });
      return;
    }
    items.push({
      rank: (q.page - 1) * q.pageSize + n + 1,
      caseId: r.caseId,
      debtorName: maskName(r.debtorName),
      number: contact ? maskPhone(contact.phone) : null,
      balanceFen: r.balanceFen,
      score: r.score,
      reasons: q.explain ? q.explain(r) : explainPoints(featuresOf(r, at), r.points),
      nextDueAt: r.nextDueAt ? formatInZone(r.nextDueAt, r.timeZone) : null,
      strategy: r.strategy,
      persona: r.persona,
      localTime: formatInZone(at, r.timeZone),
    });
  });
  return {
    collectorId: q.collectorId,
    at: at.toISOString(),
    page: q.page,
    pageSize: q.pageSize,
    total: q.total,
    items,
    excluded,
  };
}

/** A queue candidate with what does not move with the clock worked out once. */
interface Prepared {
  c: QueueCandidate;
  window: QueueClientWindow;
  fixed: ReturnType<typeof fixedPoints>;
  fixedScore: number;
  /** index into the snapshot's zones and placement end dates */
  zone: number;
  end: number;
  nextDueAt: number | null;
  /** the debtor's local day of nextDueAt */
  nextDueDay: string | null;
  lastContactAt: number | null;
  /** the last reasons worked out for this case, and what they were worked out from */
  explained: { key: string; reasons: ScoreReason[] } | null;
}

/**
 * What ranking one collector's queue needs, read once (QueueRepo.candidates, clientsOf) and ranked
 * at any instant by rankQueue — for a process that serves the same queue many times a second.
 */
export interface QueueSnapshot {
  collectorId: string;
  policies: ReadonlyMap<string, readonly PackPolicy[]>;
  /** in case id order (the tie-break), those of a client without a window left out as in SQL */
  candidates: readonly Prepared[];
  zones: readonly string[];
  ends: readonly string[];
  byCase: ReadonlyMap<string, Prepared>;
}

export function queueSnapshot(
  playbook: Playbook,
  collectorId: string,
  clients: readonly ClientRecord[],
  candidates: readonly QueueCandidate[],
): QueueSnapshot {
  const policies = new Map(clients.map((c) => [c.id, clientPolicies(playbook, c)]));
  const windows = new Map(clients.map((c) => [c.id, queueWindow(c, policies.get(c.id) ?? [])]));
  const zones = new Map<string, number>();
  const ends = new Map<string, number>();
  const indexOf = (m: Map<string, number>, k: string) => {
    let i = m.get(k);
    if (i === undefined) {
      i = m.size;
      m.set(k, i);
    }
    return i;
  };
  const prepared: Prepared[] = [];
  for (const c of [...candidates].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))) {
    const window = windows.get(c.clientId);
    if (!window) continue;
    const fixed = fixedPoints(c);
    prepared.push({
      c,
      window,
      fixed,
      fixedScore: fixed.broken_promise + fixed.priority + fixed.balance + fixed.ability_willingness,
      zone: indexOf(zones, c.timeZone),
      end: indexOf(ends, c.placementEnd),
      nextDueAt: c.nextDueAt?.getTime() ?? null,
      nextDueDay: c.nextDueAt ? localDateKey(c.nextDueAt, c.timeZone) : null,
      lastContactAt: c.lastContactAt?.getTime() ?? null,
      explained: null,
    });
  }
  return {
    collectorId,
    policies,
    candidates: prepared,
    zones: [...zones.keys()],
    ends: [...ends.keys()],
    byCase: new Map(prepared.map((p) => [p.c.caseId, p])),
  };
}

/**
 * The queue at `at`, page by page — what QueueRepo.page computes in SQL, in memory: the same
 * filters (a call lawful now in the debtor's zone unless their consent opens quiet hours; the day's
 * conversations not used up), the same points (queue-score.ts), the same order (score, then case id).
 * A contract test holds the two to the same answers. Work per case is a few comparisons: local
 * times are worked out once per zone, and nothing is allocated but for the page.
 */
export function rankQueue(
  s: QueueSnapshot,
  at: Date,
  limit: number,
  offset: number,
): { rows: QueueRow[]; total: number } {
  const atMs = at.getTime();
  const minute = s.zones.map((z) => {
    const l = toLocal(at, z);
    return l.hour * 60 + l.minute;
  });
  const day = s.zones.map((z) => localDateKey(at, z));
  const left = new Float64Array(s.zones.length * s.ends.length).fill(Number.NaN);
  const n = s.candidates.length;
  const score = new Int32Array(n);
  const kept: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = s.candidates[k]!;
    const c = p.c;
    const w = p.window;
    const m = minute[p.zone]!;
    if (!((w.consentApplies && c.quietHoursConsent) || (m >= w.openMinute && m < w.closeMinute))) continue;
    const today = day[p.zone]!;
    if (c.talksDay !== null && c.talksDay === today && c.talksToday >= w.maxTalksPerDay) continue;
    const li = p.zone * s.ends.length + p.end;
    let daysLeft = left[li]!;
    if (Number.isNaN(daysLeft)) {
      daysLeft = daysBetweenDates(today, s.ends[p.end]!);
      left[li] = daysLeft;
    }
    score[k] =
      p.fixedScore +
      promiseDuePoints(atMs, p.nextDueAt, p.nextDueDay, today) +
      placementPoints(daysLeft) +
      sinceContactPoints(atMs, p.lastContactAt);
    kept.push(k);
  }
  const rows = pageOf(kept, score, offset, limit).map((k): QueueRow => {
    const p = s.candidates[k]!;
    const c = p.c;
    const today = day[p.zone]!;
    // Field by field: object rest and spread are slow on the hot path.
    return {
      caseId: c.caseId,
      clientId: c.clientId,
      debtorId: c.debtorId,
      debtorName: c.debtorName,
      timeZone: c.timeZone,
      quietHoursConsent: c.quietHoursConsent,
      inconvenientTimes: c.inconvenientTimes,
      idNumber: c.idNumber,
      balanceFen: c.balanceFen,
      nextDueAt: c.nextDueAt,
      followUpBroken: c.followUpBroken,
      brokenCount: c.brokenCount,
      priority: c.priority,
      strategy: c.strategy,
      ability: c.ability,
      willingness: c.willingness,
      persona: c.persona,
      lastContactAt: c.lastContactAt,
      placementEnd: c.placementEnd,
      points: {
        promise_due: promiseDuePoints(atMs, p.nextDueAt, p.nextDueDay, today),
        broken_promise: p.fixed.broken_promise,
        priority: p.fixed.priority,
        balance: p.fixed.balance,
        ability_willingness: p.fixed.ability_willingness,
        placement_ending: placementPoints(daysBetweenDates(today, c.placementEnd)),
        since_last_contact: sinceContactPoints(atMs, p.lastContactAt),
      },
      score: score[k]!,
    };
  });
  return { rows, total: kept.length };
}

/**
 * The first instant after `at`, within two days, at which the queue of `s` holds any case (in the
 * zone of the debtors it opens for) and how many it holds then, or null:
 * the calling windows' openings in each debtor zone (and an hour either side, for a zone changing
 * its clock), each tried with rankQueue — the same filters, so a case at its day's contact limit
 * waits for the next day's window.
 */
export function nextWindow(s: QueueSnapshot, at: Date): { at: string; total: number } | null {
  const base = Math.floor(at.getTime() / 60_000) * 60_000;
  const tries = new Map<number, string>();
  const opens = new Set<string>();
  for (const p of s.candidates) opens.add(`${p.zone}|${p.window.openMinute}`);
  for (const key of opens) {
    const [zi, open] = key.split('|').map(Number) as [number, number];
    const zone = s.zones[zi]!;
    const l = toLocal(at, zone);
    const minute = l.hour * 60 + l.minute;
    const ahead = (open - minute + 1440) % 1440 || 1440;
    // an hour either side too: where the zone changes its clock before the opening, the minutes
    // counted on today's offset are an hour off, and the trial below finds which instant is right
    for (const d of [ahead - 60, ahead, ahead + 60, ahead + 1380, ahead + 1440, ahead + 1500]) {
      if (d <= 0) continue;
      const t = base + d * 60_000;
      if (!tries.has(t)) tries.set(t, zone);
    }
  }
  for (const t of [...tries.keys()].sort((a, b) => a - b)) {
    if (t - at.getTime() > 2 * 86_400_000) break;
    const { total } = rankQueue(s, new Date(t), 0, 0);
    if (total > 0) return { at: formatInZone(new Date(t), tries.get(t)!), total };
  }
  return null;
}

/**
 * explainPoints for a row rankQueue returned, kept on the snapshot: a case's reasons read the same
 * until its points, its promise being past due, its placement's days left or its days since contact
 * change — which happens a few times a day, while the queue is served many times a second.
 */
export function explainRanked(s: QueueSnapshot, r: QueueRow, at: Date): ScoreReason[] {
  const p = s.byCase.get(r.caseId);
  const f = featuresOf(r, at);
  if (!p) return explainPoints(f, r.points);
  const pts = r.points;
  const key = [
    pts.promise_due,
    pts.broken_promise,
    pts.priority,
    pts.balance,
    pts.ability_willingness,
    pts.placement_ending,
    pts.since_last_contact,
    p.nextDueAt !== null && p.nextDueAt <= at.getTime() ? 1 : 0,
    p.lastContactAt === null ? -1 : Math.floor((at.getTime() - p.lastContactAt) / 86_400_000),
    localDateKey(at, r.timeZone),
  ].join('|');
  if (p.explained?.key === key) return p.explained.reasons;
  const reasons = explainPoints(f, pts);
  p.explained = { key, reasons };
  return reasons;
}

/**
 * The page of `kept` (candidate indexes, in case id order) by score, highest first, ties in case id
 * order — `order by score desc, id`. Scores are small whole numbers, so a counting sort does it in
 * one pass; anything else falls back to a comparison sort.
 */
function pageOf(kept: readonly number[], score: Int32Array, offset: number, limit: number): number[] {
  let max = 0;
  for (const k of kept) if (score[k]! > max) max = score[k]!;
  let min = 0;
  for (const k of kept) if (score[k]! < min) min = score[k]!;
  if (min < 0 || max > 10_000)
    return [...kept].sort((a, b) => score[b]! - score[a]! || a - b).slice(offset, offset + limit);
  const start = new Int32Array(max + 2);
  for (const k of kept) start[max - score[k]! + 1]!++;
  for (let i = 1; i <= max + 1; i++) start[i]! += start[i - 1]!;
  const order = new Int32Array(kept.length);
  for (const k of kept) order[start[max - score[k]!]!++] = k;
  return Array.from(order.subarray(offset, offset + limit));
}

function debtorOf(r: QueueRow) {
  return {
    timeZone: r.timeZone,
    quietHoursConsent: r.quietHoursConsent,
    inconvenientTimes: r.inconvenientTimes,
  };
}

export function featuresOf(r: QueueRow, at: Date) {
  return {
    at,
    timeZone: r.timeZone,
    nextDueAt: r.nextDueAt,
    followUpBroken: r.followUpBroken,
    brokenCount: r.brokenCount,
    priority: r.priority,
    balanceFen: r.balanceFen,
    ability: r.ability,
    willingness: r.willingness,
    placementEnd: r.placementEnd,
    lastContactAt: r.lastContactAt,
  };
}
