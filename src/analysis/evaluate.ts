import { INTENTS, LANGUAGE_RULES, REASONS, STRATEGIES } from '../domain/ids';
import type { Analyzer } from './analyze';
import type { Analysis, PromiseToPay } from './contract';
import type { CorpusPromise, Dialogue, LabelledTurn, Utterance } from './corpus';

/** Per-label precision/recall/F1, violation recall and near-miss false alarms, promises, persona. */

export interface LabelMetric {
  label: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface GroupReport {
  labels: LabelMetric[];
  macroF1: number;
  microF1: number;
}

export interface EvalReport {
  strategies: GroupReport;
  reasons: GroupReport;
  intents: GroupReport;
  violations: GroupReport & {
    recall: number;
    nearMisses: number;
    nearMissFalseAlarms: number;
    nearMissFalseAlarmRate: number;
    cleanFalseAlarmRate: number;
  };
  promises: { gold: number; detected: number; exact: number; exactRate: number; spurious: number };
  persona: {
    dialogues: number;
    correct: number;
    top1: number;
    confusion: Record<string, Record<string, number>>;
  };
  confusions: { gold: string; predicted: string; count: number }[];
  errors: { id: string; text: string; missed: string[]; spurious: string[] }[];
}

const CALL_RULE = 'disclosure.identity';

export interface Pair {
  id: string;
  text: string;
  gold: LabelledTurn;
  pred: Analysis['turns'][number];
  violations: string[];
  nearMiss: boolean;
}

export interface Collected {
  pairs: Pair[];
  persona: { gold: string; predicted: string }[];
}

/** Runs the analyser over a corpus split and pairs every gold turn with its prediction. */
export function collect(
  analyzer: Analyzer,
  utterances: readonly Utterance[],
  dialogues: readonly Dialogue[],
): Collected {
  const pairs: Pair[] = [];
  for (const u of utterances) {
    const s = analyzer.session({
      at: u.at ? new Date(u.at) : new Date('2026-11-30T10:00:00+08:00'),
      facts: u.facts,
    });
    const out = s.addTurn(
      { speaker: u.speaker, text: u.text },
      u.speaker === 'agent' ? (u.audience ?? 'debtor') : undefined,
    );
    pairs.push({
      id: u.id,
      text: u.text,
      gold: u,
      pred: out,
      violations: out.violations.map((v) => v.rule),
      nearMiss: u.near_miss !== undefined,
    });
  }
  const persona: Collected['persona'] = [];
  for (const d of dialogues) {
    const a = analyzer.analyze(
      d.turns.map((t) => ({ speaker: t.speaker, text: t.text })),
      { at: new Date(d.at), facts: d.facts },
    );
    persona.push({ gold: d.persona, predicted: a.persona.id ?? 'none' });
    // disclosure.identity is a finding about the call's opening: judged once per call, not per turn
    d.turns.forEach((t, i) => {
      const pred = a.turns[i]!;
      const vs = a.violations.filter((v) => v.turn === i && v.rule !== CALL_RULE).map((v) => v.rule);
      const gold = { ...t, violations: t.violations.filter((v) => v !== CALL_RULE) };
      pairs.push({
        id: `${d.id}#${i}`,
        text: t.text,
        gold,
        pred,
        violations: vs,
        nearMiss: t.near_miss !== undefined,
      });
    });
    const goldCall = d.turns.some((t) => t.violations.includes(CALL_RULE));
    const predCall = a.violations.some((v) => v.rule === CALL_RULE);
    const opening = d.turns.find((t) => t.speaker === 'agent');
    pairs.push({
      id: `${d.id}#call`,
      text: `（开场）${opening?.text ?? ''}`,
      gold: {
        speaker: 'agent',
        text: '-',
        strategies: [],
        reasons: [],
        intents: [],
        violations: goldCall ? [CALL_RULE] : [],
        promise: null,
      },
      pred: { ...a.turns[0]!, strategies: [], reasons: [], intents: [], promise: null },
      violations: predCall ? [CALL_RULE] : [],
      nearMiss: false,
    });
  }
  return { pairs, persona };
}

export function evaluate(
  analyzer: Analyzer,
  utterances: readonly Utterance[],
  dialogues: readonly Dialogue[],
): EvalReport {
  return summarize(collect(analyzer, utterances, dialogues));
}

export function summarize({ pairs, persona }: Collected): EvalReport {
  const personaConfusion: Record<string, Record<string, number>> = {};
  let personaCorrect = 0;
  for (const p of persona) {
    const row = personaConfusion[p.gold] ?? {};
    personaConfusion[p.gold] = row;
    row[p.predicted] = (row[p.predicted] ?? 0) + 1;
    if (p.predicted === p.gold) personaCorrect++;
  }
  const strategies = group(
    pairs,
    STRATEGIES,
    (t) => t.strategies,
    (p) => p.pred.strategies,
  );
  const reasons = group(
    pairs,
    REASONS,
    (t) => t.reasons,
    (p) => p.pred.reasons,
  );
  const intents = group(
    pairs,
    INTENTS,
    (t) => t.intents,
    (p) => p.pred.intents,
  );
  const violations = group(
    pairs,
    LANGUAGE_RULES,
    (t) => t.violations,
    (p) => p.violations,
    (label, p) => label !== CALL_RULE || p.id.endsWith('#call'),
  );
  let goldV = 0;
  let hitV = 0;
  let nearMisses = 0;
  let nearFA = 0;
  let clean = 0;
  let cleanFA = 0;
  for (const p of pairs) {
    if (p.gold.speaker !== 'agent') continue;
    for (const v of p.gold.violations) {
      goldV++;
      if (p.violations.includes(v)) hitV++;
    }
    if (p.gold.violations.length === 0) {
      const fa = p.violations.length > 0;
      if (p.nearMiss) {
        nearMisses++;
        if (fa) nearFA++;
      } else {
        clean++;
        if (fa) cleanFA++;
      }
    }
  }

  let gold = 0;
  let detected = 0;
  let exact = 0;
  let spurious = 0;
  for (const p of pairs) {
    if (p.gold.speaker !== 'debtor') continue;
    if (p.gold.promise) {
      gold++;
      if (p.pred.promise) detected++;
      if (p.pred.promise && samePromise(p.gold.promise, p.pred.promise)) exact++;
    } else if (p.pred.promise) spurious++;
  }

  const confusions = new Map<string, number>();
  const errors: EvalReport['errors'] = [];
  for (const p of pairs) {
    const g = labelSet(p.gold, p.gold.violations);
    const pr = labelSet(p.pred, p.violations);
    const missed = [...g].filter((l) => !pr.has(l));
    const extra = [...pr].filter((l) => !g.has(l));
    for (const m of missed)
      for (const e of extra) confusions.set(`${m}→${e}`, (confusions.get(`${m}→${e}`) ?? 0) + 1);
    // A promise that is missing, spurious or differs in amount, kind or due is an error too.
    const gp = p.gold.speaker === 'debtor' ? p.gold.promise : null;
    const pp = p.gold.speaker === 'debtor' ? p.pred.promise : null;
    if ((gp || pp) && !(gp && pp && samePromise(gp, pp))) {
      if (gp) missed.push(`promise:${promiseText(gp)}`);
      if (pp) extra.push(`promise:${promiseText(pp)}`);
    }
    if (missed.length || extra.length) errors.push({ id: p.id, text: p.text, missed, spurious: extra });
  }

  return {
    strategies,
    reasons,
    intents,
    violations: {
      ...violations,
      recall: ratio(hitV, goldV),
      nearMisses,
      nearMissFalseAlarms: nearFA,
      nearMissFalseAlarmRate: ratio(nearFA, nearMisses),
      cleanFalseAlarmRate: ratio(cleanFA, clean),
    },
    promises: { gold, detected, exact, exactRate: ratio(exact, gold), spurious },
    persona: {
      dialogues: persona.length,
      correct: personaCorrect,
      top1: ratio(personaCorrect, persona.length),
      confusion: personaConfusion,
    },
    confusions: [...confusions.entries()]
      .map(([k, count]) => {
        const [gold, predicted] = k.split('→');
        return { gold: gold ?? '', predicted: predicted ?? '', count };
      })
      .sort((a, b) => b.count - a.count)
      .slice(0, 25),
    errors,
  };
}

function labelSet(
  t: { strategies: string[]; reasons: string[]; intents: string[] },
  violations: readonly string[],
): Set<string> {
  return new Set([
    ...t.strategies.map((s) => `strategy:${s}`),
    ...t.reasons.map((s) => `reason:${s}`),
    ...t.intents.map((s) => `intent:${s}`),
    ...violations.map((s) => `violation:${s}`),
  ]);
}

function promiseText(p: {
  kind: string;
  amount: number | null;
  amount_max?: number | null;
  due: string | null;
}): string {
  const amount = p.amount_max != null ? `${p.amount}–${p.amount_max}` : `${p.amount ?? '?'}`;
  return `${p.kind} ${amount} by ${p.due ?? '?'}`;
}

function samePromise(g: CorpusPromise, p: PromiseToPay): boolean {
  const sameTime = (a: string | null, b: string | null) =>
    a === null || b === null ? a === b : Date.parse(a) === Date.parse(b);
  return (
    g.kind === p.kind && g.amount === p.amount && g.amount_max === p.amount_max && sameTime(g.due, p.due)
  );
}

function group<T extends string>(
  pairs: readonly Pair[],
  ids: readonly T[],
  gold: (t: LabelledTurn) => readonly string[],
  pred: (p: Pair) => readonly string[],
  applies: (label: T, p: Pair) => boolean = () => true,
): GroupReport {
  const labels = ids.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      if (!applies(label, p)) continue;
      const g = gold(p.gold).includes(label);
      const r = pred(p).includes(label);
      if (g && r) tp++;
      else if (r) fp++;
      else if (g) fn++;
    }
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support: tp + fn, tp, fp, fn, precision, recall, f1 };
  });
  const withSupport = labels.filter((l) => l.support > 0);
  const macroF1 = withSupport.reduce((s, l) => s + l.f1, 0) / Math.max(1, withSupport.length);
  const tp = labels.reduce((s, l) => s + l.tp, 0);
  const fp = labels.reduce((s, l) => s + l.fp, 0);
  const fn = labels.reduce((s, l) => s + l.fn, 0);
  return { labels, macroF1, microF1: ratio(2 * tp, 2 * tp + fp + fn) };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
