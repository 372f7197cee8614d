import type { Dialogue } from '../analysis/corpus';
import type { StrategyId } from '../domain/ids';
import type { Playbook, Stage } from '../playbook';
import {
  certainPersona,
  type HeardTurn,
  heardFromAnalysis,
  type PastContact,
  personaFromAnalysis,
  type ScriptContext,
} from './input';
import type { CallLabeller } from './labeller';
import { suggestNext } from './suggest-next';

/**
 * Top-k accuracy of the next strategy against expert labels (corpus/dev/dialogues, see
 * docs/next-strategy-labelling.md). The label is a set of acceptable moves, first one first:
 * `hit` = any labelled id in our top k; `first` = the labelled first move in our top k;
 * `weighted` = 1 for `first`, ½ for a hit on a later id only.
 */

export type Perception =
  /** The corpus's own turn labels and the recorded persona: the advisor alone. */
  | { kind: 'gold' }
  /** The analyser labels the turns and estimates the persona: the whole pipeline. */
  | { kind: 'analyser'; labeller: CallLabeller };

export interface EvalOptions {
  playbook: Playbook;
  perception: Perception;
  /** `given`: the dialogue's situation is passed as the stage; `inferred`: only its history is. */
  stage: 'given' | 'inferred';
  k?: number;
}

export interface DialogueResult {
  id: string;
  persona: string;
  situation: Stage;
  expected: StrategyId[];
  got: StrategyId[];
  stage: Stage;
  hit: boolean;
  first: boolean;
}

export interface EvalReport {
  n: number;
  k: number;
  hit: number;
  first: number;
  weighted: number;
  top1: number;
  stageAccuracy: number;
  bySituation: Record<string, { n: number; hit: number }>;
  results: DialogueResult[];
}

/** A full profile so that no script is withheld for want of the collector's own details. */
export const EVAL_CONTEXT: ScriptContext = {
  agent_name: '周敏',
  staff_id: '3107',
  company: '华信资产',
  callback_phone: '400-820-3107',
  complaint_channel: '华信资产投诉热线400-820-9000或委托方官方客服',
  service_phone: '95588',
  payment_channel: '委托方官方App或官方还款账户',
};

/**
 * What the case history would say before this call. Only the situations a case record knows
 * (an earlier conversation, an unpaid promise) are passed; a third party, anger or a dispute has
 * to be recognised in the call itself.
 */
export function historyFor(situation: Stage, at: string): PastContact[] {
  const before = new Date(new Date(at).getTime() - 7 * 86_400_000).toISOString();
  const none = { promise_made: false, promise_kept: null, paid: false, complaint: false };
  if (situation === 'follow_up') return [{ at: before, connected: true, strategies: [], outcome: none }];
  if (situation === 'broken_promise')
    return [
      {
        at: before,
        connected: true,
        strategies: [],
        outcome: { ...none, promise_made: true, promise_kept: false },
      },
    ];
  return [];
}

function goldTurns(d: Dialogue): HeardTurn[] {
  return d.turns.map((t) => ({
    speaker: t.speaker,
    text: t.text,
    ...(t.audience ? { audience: t.audience } : {}),
    strategies: t.strategies,
    reasons: t.reasons,
    intents: t.intents,
    violations: t.violations,
    promise: t.promise ? { amount: t.promise.amount, due: t.promise.due, vague: t.promise.vague } : null,
  }));
}

/**
 * The reference point: the persona's own first k preferred strategies from the playbook, whatever
 * was said. What the advisor adds over it is what reading the call is worth.
 */
export function personaListBaseline(dialogues: readonly Dialogue[], playbook: Playbook, k = 3): number {
  const labelled = dialogues.filter((d) => d.next_strategies?.length);
  const hits = labelled.filter((d) => {
    const got = playbook.personas[d.persona].preferred_strategies.slice(0, k);
    return d.next_strategies!.some((e) => got.includes(e));
  }).length;
  return labelled.length ? hits / labelled.length : 0;
}

export function evaluateNextStrategy(dialogues: readonly Dialogue[], opts: EvalOptions): EvalReport {
  const k = opts.k ?? 3;
  const results: DialogueResult[] = [];
  for (const d of dialogues) {
    if (!d.next_strategies?.length) continue;
    let turns: HeardTurn[];
    let persona = certainPersona(d.persona);
    if (opts.perception.kind === 'gold') turns = goldTurns(d);
    else {
      const a = opts.perception.labeller.analyze(
        d.turns.map((t) => ({ speaker: t.speaker, text: t.text })),
        { at: new Date(d.at), ...(d.facts ? { facts: d.facts } : {}) },
      );
      turns = heardFromAnalysis(a);
      persona = personaFromAnalysis(a);
    }
    const advice = suggestNext(
      {
        turns,
        persona,
        ...(opts.stage === 'given' ? { stage: d.situation } : {}),
        history: historyFor(d.situation, d.at),
        ...(d.facts ? { facts: d.facts } : {}),
        context: EVAL_CONTEXT,
        at: d.at,
      },
      { playbook: opts.playbook, limit: k },
    );
    const got = advice.strategies.map((s) => s.id);
    const expected = d.next_strategies;
    results.push({
      id: d.id,
      persona: d.persona,
      situation: d.situation,
      expected,
      got,
      stage: advice.stage,
      hit: expected.some((e) => got.includes(e)),
      first: got.includes(expected[0]!),
    });
  }
  const n = results.length;
  const share = (f: (r: DialogueResult) => number) => (n ? results.reduce((s, r) => s + f(r), 0) / n : 0);
  const bySituation: EvalReport['bySituation'] = {};
  for (const r of results) {
    const b = bySituation[r.situation] ?? { n: 0, hit: 0 };
    bySituation[r.situation] = b;
    b.n++;
    if (r.hit) b.hit++;
  }
  return {
    n,
    k,
    hit: share((r) => (r.hit ? 1 : 0)),
    first: share((r) => (r.first ? 1 : 0)),
    weighted: share((r) => (r.first ? 1 : r.hit ? 0.5 : 0)),
    top1: share((r) => (r.expected.includes(r.got[0]!) ? 1 : 0)),
    stageAccuracy: share((r) => (r.stage === r.situation ? 1 : 0)),
    bySituation,
    results,
  };
}
