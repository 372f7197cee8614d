import type { Facts } from '../analysis/contract';
import { crisisWords } from '../analysis/crisis';
import type { IntentId, ReasonId, StrategyId } from '../domain/ids';
import type { HeardPromise, HeardTurn } from './input';

/**
 * What the advisor reads off the call so far. Labels come from the analyser; a few situations
 * the analysis contract has no label for (a dispute, the real decision maker, anger versus tears,
 * a crisis) are read with small cue lists written from the method, not from any corpus line.
 */

/** The debtor contests the debt itself: the transaction, the amount or that it is theirs (信用卡办法 art. 69). */
const DISPUTE =
  /不是我(?:本人)?(?:刷|借|办|消费)|(?:没|从没|从来没)(?:有)?(?:刷过|借过|办过|用过这张)|盗刷|冒用|冒名|被人(?:盗用|冒用|用了)|(?:金额|数目|账单?|利息|费用|违约金|手续费).{0,6}(?:不对|有问题|算错|对不上|乱收|不合理|虚高)|有异议|不认(?:这笔|这个|账)|凭什么(?:收|算)|要(?:看|调)(?:流水|明细|账单明细|消费记录)/;

/** Someone else holds the money or the decision: the method's cue to find the decision maker. */
const DECISION_MAKER =
  /(?:老公|老婆|爱人|丈夫|媳妇|对象|我妈|我爸|家里|婆婆|公公|岳父|岳母).{0,10}(?:管钱|做主|说了算|不让|不同意|同意|商量|决定|拿主意)|我(?:做不了|不能|没法|作不了)(?:主|决定)|(?:钱|工资卡?|存折|银行卡).{0,6}(?:在|归|都是)(?:我)?(?:老公|老婆|爱人|家里|他|她)(?:手里|管|那)?|问问(?:家里|我老公|我老婆|我爱人|我妈|我爸)/;

/** Anger rather than tears: cool the call down before anything else. */
const ANGER =
  /滚|烦死|烦不烦|有病|神经病|他妈|tmd|闭嘴|别(?:再)?(?:打|烦)|骚扰|没完没了|(?:你|你们)(?:算|是)什么东西|吵/i;

/** Tears, shame, despair. */
const DISTRESS = /哭|呜|没脸|撑不下去|崩溃|绝望|走投无路|活不下去|睡不着|对不起家|丢人/;

export interface Quote {
  /** Index of the turn in the call. */
  index: number;
  text: string;
}

export interface CallSignals {
  turns: readonly HeardTurn[];
  /** Index of the last debtor turn, or -1. */
  lastDebtor: number;
  /** Index of the last agent turn, or -1. */
  lastAgent: number;
  /** Someone other than the debtor spoke in this call. */
  thirdPartyAnswered: boolean;
  /** The last person who spoke (other than the collector) is a third party: any debt detail is a disclosure. */
  thirdPartyListening: boolean;
  /** Debtor turns in this call. */
  debtorTurns: number;
  complaint: Quote | null;
  /** A complaint threat in one of the last two debtor turns. */
  complaintRecent: boolean;
  anger: Quote | null;
  distress: Quote | null;
  crisis: Quote | null;
  identityQuestion: Quote | null;
  /** The collector has stated who they are to the debtor in this call. */
  identityStated: boolean;
  /** The collector has said anything yet to the debtor (not to a relative) in this call. */
  spokeToDebtor: boolean;
  /** Agent violations in the call, in order. */
  violations: { index: number; rule: string; text: string }[];
  /** An agent violation the debtor has reacted to (complaint, anger, identity question): repair first. */
  repair: { rule: string; index: number } | null;
  /** The last promise in the call and whether it was made in the last debtor turn. */
  promise: (HeardPromise & Quote & { justMade: boolean }) | null;
  /** Wrong belief that nothing happens (no_consequence) in the last two debtor turns. */
  wrongBelief: Quote | null;
  planRequest: Quote | null;
  decisionMaker: Quote | null;
  dispute: Quote | null;
  /** Intents of the last debtor turn. */
  lastIntents: IntentId[];
  /** Reasons heard in the last two debtor turns, with the words. */
  recentReasons: { id: ReasonId; quote: Quote }[];
  /** All reasons heard in the call. */
  reasons: ReasonId[];
  /** How often the debtor stalled in this call. */
  stallCount: number;
  /** Strategies the collector used, with the index of the last use. */
  used: Map<StrategyId, number>;
  /** Strategies of the last agent turn and how the debtor answered it. */
  lastMove: { strategies: StrategyId[]; index: number; reaction: 'negative' | 'positive' | 'neutral' } | null;
}

function clip(s: string, n = 36): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** The words to quote for a label: its evidence when known, else the start of the turn. */
export function quoteFor(turn: HeardTurn, key: string): string {
  return clip(turn.evidence?.[key] ?? turn.text);
}

export function readCall(turns: readonly HeardTurn[], facts?: Facts): CallSignals {
  const debtorIdx: number[] = [];
  let lastAgent = -1;
  let lastListener: 'debtor' | 'third_party' | null = null;
  let thirdPartyAnswered = false;
  turns.forEach((t, i) => {
    if (t.speaker === 'debtor') debtorIdx.push(i);
    else if (t.speaker === 'agent') lastAgent = i;
    if (t.speaker === 'third_party') thirdPartyAnswered = true;
    if (t.speaker !== 'agent') lastListener = t.speaker;
  });
  const lastDebtor = debtorIdx.at(-1) ?? -1;
  // An agent turn reaches the debtor when the debtor was the last other voice on the line.
  const toDebtor = (i: number): boolean => {
    for (let j = i - 1; j >= 0; j--) if (turns[j]!.speaker !== 'agent') return turns[j]!.speaker === 'debtor';
    return !thirdPartyAnswered || turns.findIndex((t) => t.speaker !== 'agent') === -1;
  };
  const recent = debtorIdx.slice(-2);
  const q = (index: number, key?: string): Quote => ({
    index,
    text: key ? quoteFor(turns[index]!, key) : clip(turns[index]!.text),
  });
  const findLast = (idx: readonly number[], test: (t: HeardTurn) => boolean): number | undefined =>
    [...idx].reverse().find((i) => test(turns[i]!));

  const complaintAt = findLast(debtorIdx, (t) => t.intents.includes('complaint_threat'));
  const angerAt = findLast(
    recent,
    (t) => ANGER.test(t.text) || (t.intents.includes('emotional') && /[!！]{1,}|凭什么|干什么/.test(t.text)),
  );
  const distressAt = findLast(recent, (t) => DISTRESS.test(t.text));
  const crisisAt = findLast(debtorIdx, (t) => crisisWords(t.text) !== null);
  const identityAt = findLast(debtorIdx.slice(-1), (t) => t.intents.includes('question_identity'));

  const violations = turns.flatMap((t, index) =>
    t.speaker === 'agent' ? t.violations.map((rule) => ({ index, rule, text: clip(t.text) })) : [],
  );
  let repair: CallSignals['repair'] = null;
  for (const v of violations) {
    const reacted = debtorIdx.some(
      (i) =>
        i > v.index &&
        (turns[i]!.intents.some((x) => x === 'complaint_threat' || x === 'question_identity') ||
          ANGER.test(turns[i]!.text)),
    );
    // Repaired already if a later agent turn cooled the call down.
    const repaired = turns.some(
      (t, i) => i > v.index && t.speaker === 'agent' && t.strategies.includes('cool_down'),
    );
    if (reacted && !repaired) repair = { rule: v.rule, index: v.index };
  }

  let promise: CallSignals['promise'] = null;
  for (const i of debtorIdx) {
    const p = turns[i]!.promise;
    if (p) promise = { ...p, index: i, text: clip(turns[i]!.text), justMade: i === lastDebtor };
  }

  const wrongAt = findLast(recent, (t) => t.reasons.includes('no_consequence'));
  const planAt = findLast(recent, (t) => t.intents.includes('request_plan'));
  const dmAt = findLast(recent, (t) => DECISION_MAKER.test(t.text));
  const disputeAt = findLast(debtorIdx, (t) => DISPUTE.test(t.text));

  const used = new Map<StrategyId, number>();
  turns.forEach((t, i) => {
    if (t.speaker === 'agent') for (const s of t.strategies) used.set(s, i);
  });

  let lastMove: CallSignals['lastMove'] = null;
  const moveAt = findLast(
    turns.map((_, i) => i),
    (t) => t.speaker === 'agent' && t.strategies.length > 0,
  );
  if (moveAt !== undefined) {
    const answer = debtorIdx.find((i) => i > moveAt);
    let reaction: 'negative' | 'positive' | 'neutral' = 'neutral';
    if (answer !== undefined) {
      const a = turns[answer]!;
      if (a.intents.some((x) => x === 'complaint_threat' || x === 'refuse') || ANGER.test(a.text))
        reaction = 'negative';
      else if (a.promise || a.intents.includes('request_plan')) reaction = 'positive';
    }
    lastMove = { strategies: [...turns[moveAt]!.strategies], index: moveAt, reaction };
  }

  const recentReasons: CallSignals['recentReasons'] = [];
  for (const i of recent)
    for (const r of turns[i]!.reasons)
      if (!recentReasons.some((x) => x.id === r)) recentReasons.push({ id: r, quote: q(i, `reason:${r}`) });

  return {
    turns,
    lastDebtor,
    lastAgent,
    thirdPartyAnswered,
    thirdPartyListening: lastListener === 'third_party',
    debtorTurns: debtorIdx.length,
    complaint: complaintAt === undefined ? null : q(complaintAt, 'intent:complaint_threat'),
    complaintRecent: complaintAt !== undefined && recent.includes(complaintAt),
    anger: angerAt === undefined ? null : q(angerAt),
    distress: distressAt === undefined ? null : q(distressAt),
    crisis: crisisAt === undefined ? null : q(crisisAt),
    identityQuestion: identityAt === undefined ? null : q(identityAt, 'intent:question_identity'),
    spokeToDebtor: turns.some((t, i) => t.speaker === 'agent' && t.audience !== 'third_party' && toDebtor(i)),
    // Said to a relative, it does not count: the debtor has to hear who is calling.
    identityStated: turns.some(
      (t) => t.speaker === 'agent' && t.strategies.includes('self_intro') && t.audience !== 'third_party',
    ),
    violations,
    repair,
    promise,
    wrongBelief: wrongAt === undefined ? null : q(wrongAt, 'reason:no_consequence'),
    planRequest: planAt === undefined ? null : q(planAt, 'intent:request_plan'),
    decisionMaker: dmAt === undefined ? null : q(dmAt),
    dispute:
      disputeAt !== undefined ? q(disputeAt) : facts?.disputed ? { index: -1, text: '账户已登记争议' } : null,
    lastIntents: lastDebtor >= 0 ? [...turns[lastDebtor]!.intents] : [],
    recentReasons,
    reasons: [...new Set(turns.flatMap((t) => t.reasons))],
    stallCount: debtorIdx.filter((i) => turns[i]!.intents.includes('stalling')).length,
    used,
    lastMove,
  };
}
