import { localDateKey } from '../domain/calendar';
import { formatYuan } from '../domain/money';
import type { QueueComponent } from './ports';

/**
 * The daily queue's score, transparent by design: a sum of named components, each with its points
 * and a sentence saying why. The store computes the same points in SQL to rank a collector's cases
 * (src/store/queue.repository.ts); a contract test holds the two to the same answers.
 */

export const QUEUE_POINTS = {
  /** a promise or instalment whose due time has passed and that the job has not yet settled */
  promiseOverdue: 40,
  /** a promise or instalment due today, debtor's local day */
  promiseDueToday: 30,
  /** requeued after a broken promise, until the next conversation */
  brokenFollowUp: 25,
  priorityStep: 5,
  priorityMax: 30,
  /** one point per ¥2,500 owed */
  balanceFenPerPoint: 250_000,
  balanceMax: 20,
  /** 0–10 each for ability and willingness to pay from the last analysis; 5 when unknown */
  estimateMax: 10,
  /** the last 30 days of the placement earn up to 15 points, one per two days closer to the end */
  placementWindowDays: 30,
  placementMax: 15,
  /** one point per whole day since the last contact attempt, up to 15; never contacted = 15 */
  sinceContactMax: 15,
} as const;

export interface QueueFeatures {
  at: Date;
  timeZone: string;
  nextDueAt: Date | null;
  followUpBroken: boolean;
  brokenCount: number;
  priority: number;
  balanceFen: number;
  ability: number | null;
  willingness: number | null;
  /** last day of the placement, 'YYYY-MM-DD' */
  placementEnd: string;
  lastContactAt: Date | null;
}

const P = QUEUE_POINTS;
const DAY = 86_400_000;

/** JS Math.round and SQL round() disagree on halves; floor(x + 0.5) reads the same in both. */
function half(x: number): number {
  return Math.floor(x + 0.5);
}

export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export function queuePoints(f: QueueFeatures): Record<QueueComponent, number> {
  const nextDueDay = f.nextDueAt && f.nextDueAt > f.at ? localDateKey(f.nextDueAt, f.timeZone) : null;
  return { ...fixedPoints(f), ...clockPoints(f, localDateKey(f.at, f.timeZone), nextDueDay) };
}

type FixedComponent = 'broken_promise' | 'priority' | 'balance' | 'ability_willingness';

/** The components that do not move with the clock: a case's are the same at any instant. */
export function fixedPoints(
  f: Pick<QueueFeatures, 'followUpBroken' | 'priority' | 'balanceFen' | 'ability' | 'willingness'>,
): Record<FixedComponent, number> {
  return {
    broken_promise: f.followUpBroken ? P.brokenFollowUp : 0,
    priority: Math.max(0, Math.min(P.priorityMax, P.priorityStep * f.priority)),
    balance: f.balanceFen > 0 ? Math.min(P.balanceMax, Math.floor(f.balanceFen / P.balanceFenPerPoint)) : 0,
    ability_willingness:
      half(P.estimateMax * (f.ability ?? 0.5)) + half(P.estimateMax * (f.willingness ?? 0.5)),
  };
}

/**
 * The components that do, given the debtor's local date at `f.at` and the local date of a promise
 * due after it (callers ranking many cases work those out once per zone).
 */
export function clockPoints(
  f: Pick<QueueFeatures, 'at' | 'nextDueAt' | 'placementEnd' | 'lastContactAt'>,
  today: string,
  nextDueDay: string | null,
  daysLeft: number = daysBetweenDates(today, f.placementEnd),
): Record<Exclude<QueueComponent, FixedComponent>, number> {
  const at = f.at.getTime();
  return {
    promise_due: promiseDuePoints(at, f.nextDueAt?.getTime() ?? null, nextDueDay, today),
    placement_ending: placementPoints(daysLeft),
    since_last_contact: sinceContactPoints(at, f.lastContactAt?.getTime() ?? null),
  };
}

/** clockPoints' parts on plain numbers (times in ms), for ranking hundreds of cases per request. */
export function promiseDuePoints(
  at: number,
  nextDueAt: number | null,
  nextDueDay: string | null,
  today: string,
): number {
  if (nextDueAt === null) return 0;
  if (nextDueAt <= at) return P.promiseOverdue;
  return nextDueDay === today ? P.promiseDueToday : 0;
}

export function placementPoints(daysLeft: number): number {
  return Math.max(0, Math.min(P.placementMax, Math.trunc((P.placementWindowDays - daysLeft) / 2)));
}

export function sinceContactPoints(at: number, lastContactAt: number | null): number {
  return lastContactAt === null
    ? P.sinceContactMax
    : Math.max(0, Math.min(P.sinceContactMax, Math.floor((at - lastContactAt) / DAY)));
}

export interface ScoreReason {
  component: QueueComponent;
  points: number;
  zh: string;
  en: string;
}

/** The reasons for a case's place in the queue: every component that scored, highest first. */
export function explainPoints(f: QueueFeatures, points: Record<QueueComponent, number>): ScoreReason[] {
  const out: ScoreReason[] = [];
  const add = (component: QueueComponent, zh: string, en: string) => {
    if (points[component] > 0) out.push({ component, points: points[component], zh, en });
  };
  const due = f.nextDueAt && f.nextDueAt <= f.at;
  add(
    'promise_due',
    due ? '承诺/分期已到期未结清，待核实还款' : '今天有承诺或分期到期',
    due
      ? 'a promise or instalment is past due and unsettled: check the payment'
      : 'a promise or instalment is due today',
  );
  add(
    'broken_promise',
    `跳票后重新入队（累计跳票 ${f.brokenCount} 次）`,
    `requeued after a broken promise (${f.brokenCount} broken so far)`,
  );
  add('priority', `优先级上调 ${f.priority} 级`, `priority raised by ${f.priority}`);
  add('balance', `欠款余额 ${formatYuan(f.balanceFen)}`, `balance ${formatYuan(f.balanceFen)}`);
  const lvl = (x: number | null) => (x === null ? '未知' : x >= 0.67 ? '高' : x >= 0.34 ? '中' : '低');
  const lvlEn = (x: number | null) =>
    x === null ? 'unknown' : x >= 0.67 ? 'high' : x >= 0.34 ? 'medium' : 'low';
  add(
    'ability_willingness',
    `上次分析：还款能力${lvl(f.ability)}、还款意愿${lvl(f.willingness)}`,
    `last analysis: ability ${lvlEn(f.ability)}, willingness ${lvlEn(f.willingness)}`,
  );
  const daysLeft = daysBetweenDates(localDateKey(f.at, f.timeZone), f.placementEnd);
  add(
    'placement_ending',
    daysLeft > 0 ? `委案期还剩 ${daysLeft} 天` : '委案期今天结束',
    daysLeft > 0 ? `${daysLeft} days left in the placement` : 'the placement ends today',
  );
  const since = f.lastContactAt ? Math.floor((f.at.getTime() - f.lastContactAt.getTime()) / DAY) : null;
  add(
    'since_last_contact',
    since === null ? '从未联系过' : `距上次联系 ${since} 天`,
    since === null ? 'never contacted' : `${since} days since the last contact`,
  );
  return out.sort((a, b) => b.points - a.points);
}
