import {
  INTENT_NAMES_ZH,
  PERSONA_NAMES_ZH,
  PERSONAS,
  type PersonaId,
  REASON_NAMES_ZH,
  STRATEGIES,
  STRATEGY_NAMES_ZH,
  type StrategyId,
} from '../domain/ids';
import { type Playbook, STRATEGY_GROUP_NAMES_ZH, type Stage } from '../playbook';
import { type CallSignals, quoteFor, readCall } from './call-signals';
import { type Arm, armFor, EffectivenessTable, type RankingMode } from './effectiveness';
import { brokenPromiseCount, inferStage, openBrokenPromise, STAGE_NAMES_ZH } from './infer-stage';
import type { AdviceInput, OfferPolicy, PastContact, PersonaView } from './input';
import { caseFacts, chooseScripts, type FilledScript, type WithheldScript } from './scripts';
import { type Warning, warningsFor } from './warnings';

/**
 * The next strategy: which of the 17 strategies fit the collector's very next turn, why (quoting
 * what was heard), with lawful scripts filled from the case's facts and what to avoid.
 *
 * The ranking follows the method's decision order: repair a violation the debtor reacted to;
 * a complaint or strong emotion before any money talk; secure a promise just made; refute a wrong
 * belief; work a plan request; find the decision maker; otherwise the persona's own handling.
 * Each strategy's base score is its learned effectiveness for the persona (the playbook's
 * `persona_fit` when nothing is learned yet) plus its `stage_fit`; the signals of the call add
 * or subtract from it, and what just failed is not repeated.
 */

export interface RankedStrategy {
  id: StrategyId;
  name_zh: string;
  group_zh: string;
  score: number;
  /** Why it fits now, in Chinese, quoting what was heard. */
  reason_zh: string;
  risk: 'low' | 'medium' | 'high';
  boundary_zh: string;
  /** Learned effectiveness for the most likely persona (posterior mean, outcomes observed). */
  effectiveness: { persona: PersonaId; mean: number; observed: number } | null;
  scripts: FilledScript[];
  withheld: WithheldScript[];
}

export interface Advice {
  stage: Stage;
  stage_inferred: boolean;
  stage_reason_zh: string;
  audience: 'debtor' | 'third_party';
  persona: { id: PersonaId | null; name_zh: string | null; weights: Record<PersonaId, number> };
  arm: Arm;
  strategies: RankedStrategy[];
  /** Strategies left out and why (third party on the line, no lawful script for this case …). */
  not_offered: { id: StrategyId; why_zh: string }[];
  warnings: Warning[];
  /** Workflow steps the debtor's last words call for (from the playbook's intents). */
  actions: string[];
}

export interface AdviseOptions {
  playbook: Playbook;
  effectiveness?: EffectivenessTable;
  ranking?: RankingMode;
  /** How many strategies to return (default 5). */
  limit?: number;
  /** Scripts per strategy, 1–3 (default 3). */
  scriptsPerStrategy?: number;
}

const PRESSURE: readonly StrategyId[] = ['confrontation', 'cite_precedent', 'press_weakness'];
const DE_ESCALATE: readonly StrategyId[] = ['cool_down', 'empathy', 'self_intro'];

interface Contribution {
  points: number;
  why: string;
}

class Scoreboard {
  readonly parts = new Map<StrategyId, Contribution[]>();

  add(ids: StrategyId | readonly StrategyId[], points: number, why: string): void {
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      const list = this.parts.get(id) ?? [];
      list.push({ points, why });
      this.parts.set(id, list);
    }
  }

  total(id: StrategyId): number {
    return (this.parts.get(id) ?? []).reduce((s, c) => s + c.points, 0);
  }

  boosted(id: StrategyId): boolean {
    return (this.parts.get(id) ?? []).some((c) => c.points > 0 && c.why !== '');
  }
}

/** A persona distribution that sums to 1: the analyser's scores, else the case's last recorded type, else flat. */
export function personaWeights(
  view: PersonaView,
  history: readonly PastContact[],
): Record<PersonaId, number> {
  const raw = (p: PersonaId) => Math.max(0, view.scores[p] ?? 0);
  const sum = PERSONAS.reduce((a, p) => a + raw(p), 0);
  const recorded = [...history].reverse().find((c) => c.persona)?.persona;
  const weight = (p: PersonaId) =>
    sum > 0 ? raw(p) / sum : recorded ? (p === recorded ? 0.7 : 0.3 / 5) : 1 / PERSONAS.length;
  return {
    guilty: weight('guilty'),
    lucky: weight('lucky'),
    vain: weight('vain'),
    dominant: weight('dominant'),
    timid: weight('timid'),
    jaded: weight('jaded'),
  };
}

function topOf(weights: Record<PersonaId, number>): PersonaId {
  return [...PERSONAS].sort((a, b) => weights[b] - weights[a])[0]!;
}

function historyStage(history: readonly PastContact[]): Stage {
  if (openBrokenPromise(history)) return 'broken_promise';
  return history.some((c) => c.connected) ? 'follow_up' : 'first_call';
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function suggestNext(input: AdviceInput, opts: AdviseOptions): Advice {
  const { playbook } = opts;
  const at = new Date(input.at);
  const signals = readCall(input.turns, input.facts);
  const verdict = inferStage(signals, input.history, input.stage);
  const stage = verdict.stage;
  const audience: 'debtor' | 'third_party' =
    signals.thirdPartyListening || (stage === 'third_party' && signals.debtorTurns === 0)
      ? 'third_party'
      : 'debtor';
  // Once the debtor has taken the phone, the strategies' fit is judged by the case's own stage.
  const fitStage: Stage =
    stage === 'third_party' && audience === 'debtor' ? historyStage(input.history) : stage;
  const weights = personaWeights(input.persona, input.history);
  const top = topOf(weights);
  const table = opts.effectiveness ?? new EffectivenessTable(playbook.strategies);
  const { arm, value } = armFor(table, opts.ranking ?? { kind: 'champion' });
  const board = new Scoreboard();
  const broken = brokenPromiseCount(input.history);
  const facts = caseFacts(input.facts, input.context, signals.promise, at, input.history);

  // ---- base: learned persona effectiveness, the persona's own lists, the stage ----
  for (const s of STRATEGIES) {
    const strat = playbook.strategies[s];
    let eff = 0;
    let pref = 0;
    for (const p of PERSONAS) {
      const w = weights[p];
      if (w === 0) continue;
      eff += w * value(p, s);
      const persona = playbook.personas[p];
      if (persona.preferred_strategies.includes(s)) pref += w * 0.12;
      if (persona.discouraged_strategies.includes(s)) pref -= w * 0.25;
    }
    const fit = strat.stage_fit[fitStage] ?? 0;
    const pw = weights[top];
    const list = playbook.personas[top];
    const personaWhy =
      pw >= 0.3
        ? `对${PERSONA_NAMES_ZH[top]}（可能性 ${pct(pw)}）效果估计 ${eff.toFixed(2)}${
            list.preferred_strategies.includes(s)
              ? '，是该类型的推荐策略'
              : list.discouraged_strategies.includes(s)
                ? '，是该类型不推荐的策略'
                : ''
          }`
        : '';
    board.add(s, eff + pref, personaWhy);
    board.add(s, 0.5 * fit, fit >= 0.7 ? `适合${STAGE_NAMES_ZH[fitStage]}的场景` : '');
  }

  applySignals(board, signals, weights, input, stage, broken, facts.available.has('offer'), playbook);
  applyHistory(board, signals, input.history);

  // ---- eligibility, scripts, ranking ----
  const notOffered: Advice['not_offered'] = [];
  const ranked: RankedStrategy[] = [];
  const previousContact = input.history.some((c) => c.connected);
  const debtorSaid = input.turns.filter((t) => t.speaker === 'debtor');
  const heard = {
    text: debtorSaid.map((t) => t.text).join('\n'),
    reasons: signals.reasons,
    intents: [...new Set(debtorSaid.flatMap((t) => t.intents))],
  };
  for (const s of STRATEGIES) {
    const strat = playbook.strategies[s];
    if (s === 'self_intro' && !selfIntroWanted(signals)) {
      notOffered.push({ id: s, why_zh: '本次通话已说明身份，客户也未质疑' });
      continue;
    }
    if (audience === 'third_party' && (strat.stage_fit.third_party ?? 0) === 0) {
      notOffered.push({ id: s, why_zh: '第三方在听：这个策略只能对本人用' });
      continue;
    }
    const { offered, withheld } = chooseScripts(strat, facts, {
      stage,
      audience,
      personaWeights: weights,
      topPersona: weights[top] >= 0.3 ? top : null,
      previousContact: previousContact || stage === 'follow_up' || stage === 'broken_promise',
      brokenPromise: stage === 'broken_promise' || broken > 0,
      disputed: signals.dispute !== null || stage === 'dispute',
      heard,
      max: Math.min(3, Math.max(1, opts.scriptsPerStrategy ?? 3)),
    });
    if (offered.length === 0) {
      notOffered.push({
        id: s,
        why_zh: withheld.length
          ? `没有可用于本案的合规话术：${withheld.map((w) => w.why_zh).join('；')}`
          : '没有适合当前场景的合规话术',
      });
      continue;
    }
    const parts = (board.parts.get(s) ?? []).filter((c) => c.why !== '');
    const positives = parts.filter((c) => c.points > 0).sort((a, b) => b.points - a.points);
    const negatives = parts.filter((c) => c.points < 0).sort((a, b) => a.points - b.points);
    // The same words are quoted once: a later clause that only repeats a quote adds nothing.
    const quoted = new Set<string>();
    const fresh = (why: string) => {
      const quotes = [...why.matchAll(/“([^”]+)”/g)].map((m) => m[1] ?? '');
      if (quotes.length > 0 && quotes.every((q) => quoted.has(q))) return false;
      for (const q of quotes) quoted.add(q);
      return true;
    };
    const because = [...positives.filter((c) => fresh(c.why)).slice(0, 3), ...negatives.slice(0, 1)].map(
      (c) => c.why,
    );
    const cell = table.cell(top, s);
    ranked.push({
      id: s,
      name_zh: STRATEGY_NAMES_ZH[s],
      group_zh: STRATEGY_GROUP_NAMES_ZH[strat.group],
      score: Math.round(board.total(s) * 1000) / 1000,
      reason_zh: because.length ? `${because.join('；')}。` : `${strat.when_to_use[0] ?? strat.definition}。`,
      risk: strat.risk,
      boundary_zh: strat.boundary_zh,
      effectiveness: {
        persona: top,
        mean: Math.round(cell.mean * 1000) / 1000,
        observed: cell.successes + cell.failures,
      },
      scripts: offered,
      withheld,
    });
  }
  ranked.sort((a, b) => b.score - a.score || STRATEGIES.indexOf(a.id) - STRATEGIES.indexOf(b.id));

  const actions = new Set<string>();
  for (const i of signals.lastIntents) for (const a of playbook.intents[i].actions) actions.add(a);
  if (signals.dispute) actions.add('log_dispute');
  if (broken >= playbook.policies.broken_promise.escalate_after) actions.add('escalate_to_lead');
  // a risk to life: the lead takes over, the money talk stops
  if (signals.crisis) for (const a of ['escalate_to_lead', 'slow_down'] as const) actions.add(a);

  return {
    stage,
    stage_inferred: verdict.inferred,
    stage_reason_zh: verdict.reason_zh,
    audience,
    persona: {
      id: input.persona.id ?? (weights[top] > 1 / PERSONAS.length ? top : null),
      name_zh: weights[top] > 1 / PERSONAS.length ? PERSONA_NAMES_ZH[top] : null,
      weights,
    },
    arm,
    strategies: ranked.slice(0, opts.limit ?? 5),
    not_offered: notOffered,
    warnings: warningsFor({
      signals,
      weights,
      stage,
      history: input.history,
      facts: input.facts,
      policy: input.policy,
      offerExpired: facts.offerExpired,
      playbook,
    }),
    actions: [...actions],
  };
}

/** Self-introduction is an opening move: offered at the start, when identity is questioned, or to repair. */
function selfIntroWanted(s: CallSignals): boolean {
  if (s.identityQuestion) return true;
  if (s.repair && (s.repair.rule === 'disclosure.identity' || s.repair.rule === 'language.impersonation'))
    return true;
  return !s.identityStated && s.debtorTurns <= 1;
}

function applySignals(
  board: Scoreboard,
  s: CallSignals,
  w: Record<PersonaId, number>,
  input: AdviceInput,
  stage: Stage,
  broken: number,
  offerValid: boolean,
  playbook: Playbook,
): void {
  const turn = (i: number) => `第${i + 1}句`;

  if (s.crisis) {
    board.add(['empathy'], 1.0, `客户说“${s.crisis.text}”，先关心人，不谈钱`);
    board.add(['cool_down'], 0.8, '先让对方情绪稳定下来');
  }
  if (s.repair) {
    board.add(
      'cool_down',
      1.0,
      `${turn(s.repair.index)}触及 ${s.repair.rule}，客户已有反应：先收回说法、致歉、给官方投诉渠道`,
    );
    if (s.repair.rule === 'disclosure.identity' || s.repair.rule === 'language.impersonation')
      board.add('self_intro', 1.1, '身份说明有问题：先如实完整地说明公司、姓名或工号、委托方');
  }
  if (s.complaintRecent && s.complaint) {
    board.add(
      'cool_down',
      0.9,
      `客户扬言投诉（${turn(s.complaint.index)}：“${s.complaint.text}”），先降温，不谈钱`,
    );
    board.add('empathy', 0.15, '先接住不满');
    board.add(PRESSURE, -0.5, '客户正在投诉边缘，施压只会坐实投诉');
  }
  if (s.identityQuestion)
    board.add(
      'self_intro',
      0.9,
      `客户质疑身份（“${s.identityQuestion.text}”）：如实说明公司、姓名或工号、委托方，并给核实渠道`,
    );
  if (s.anger && !s.complaintRecent) {
    board.add('cool_down', 0.6, `客户情绪激动（“${s.anger.text}”），先降温`);
    board.add(PRESSURE, -0.3, '对方在气头上，讲后果会被听成威胁');
  }
  if (s.distress) {
    board.add('empathy', 0.55, `客户情绪低落（“${s.distress.text}”），先共情，暂停谈钱`);
    board.add('cool_down', 0.1, '');
    board.add(PRESSURE, -0.35, '对方已经很难受，加压只会让他崩溃或躲起来');
    board.add(['foot_in_door', 'reciprocity'], -0.1, '');
  }

  if (s.promise?.justMade) {
    const p = s.promise;
    const loose = p.vague || p.amount === null || p.due === null;
    if (loose) {
      board.add('go_with_flow', 0.45, `客户的承诺还含糊（“${p.text}”）：顺着他的说法落到具体日期和金额`);
      board.add('foot_in_door', 0.2, '先把一个小而确定的第一步定下来');
    } else {
      const believe = w.guilty + w.jaded;
      const doubt = w.vain + w.lucky + w.timid;
      if (believe > 0.05) {
        board.add('praise', 0.4 * believe, `客户刚承诺（“${p.text}”）：肯定他的诚意，稳住承诺`);
        board.add('same_side', 0.4 * believe, '表明会一起盯着把约定做到');
      }
      if (doubt > 0.05) {
        board.add(
          'foot_in_door',
          0.45 * doubt,
          `客户刚承诺（“${p.text}”），但这类客户的承诺要打折：先落实一个他现在就能做到的小步骤`,
        );
        board.add('confrontation', 0.4 * doubt, '平静地核实资金来源和到账时间，点出之前说法对不上的地方');
        board.add('praise', -0.15 * doubt, '此时夸奖会被当成认可一个还没核实的承诺');
      }
      if (w.dominant > 0.05) board.add('go_with_flow', 0.3 * w.dominant, '方案是他自己选的：顺势确认细节');
    }
  }
  if (s.wrongBelief) {
    board.add(
      'correct_premise',
      0.6,
      `客户认为不还也没事（“${s.wrongBelief.text}”）：先用事实和法律纠正这个前提`,
    );
    board.add(
      'cite_precedent',
      s.used.has('cite_precedent') ? 0.1 : 0.35,
      s.used.has('cite_precedent') ? '' : '本次通话还没讲过真实案例，可以概括地讲一类真实结果',
    );
  }
  if (s.planRequest) {
    const policy = input.policy;
    const policyAllows = !!policy && (!!policy.instalments_max || policy.waiver || policy.interest_stop);
    board.add('go_with_flow', 0.3, `客户主动提方案（“${s.planRequest.text}”）：顺着他的方案落到日期和金额`);
    board.add('bear_burden', 0.3, '由坐席把申请带给委托方，拒绝不由坐席来说');
    board.add(
      'reciprocity',
      offerValid ? 0.4 : policyAllows ? 0.3 : 0.05,
      offerValid
        ? '委托方有书面方案：用它换一个首付或确定的还款日'
        : policy && policyAllows
          ? `委托方政策允许申请${describePolicy(policy)}${policy.approval_required ? '（须报批，不能当场承诺）' : ''}：以首付或确定日期换取申请`
          : '',
    );
  }
  if (s.decisionMaker) {
    board.add(
      'draw_out',
      0.6,
      `客户提到钱由别人管或要别人同意（“${s.decisionMaker.text}”）：请他本人把做主的人拉进来商量`,
    );
  }
  if (stage === 'dispute' || s.dispute) {
    board.add('bear_burden', 0.35, '有异议先登记、转委托方核实，由坐席跟进结果');
    board.add('go_with_flow', 0.2, '客户提出的核实条件（明细、书面说明）可以顺势接下');
    board.add('empathy', 0.1, '');
    board.add(PRESSURE, -0.35, '争议未核实前不能施压催要');
  }
  const last = s.lastIntents;
  if (last.includes('stalling')) {
    board.add(
      ['foot_in_door', 'go_with_flow'],
      0.22,
      '客户在拖（“过段时间/有钱就还”）：把含糊的话落到一个小而确定的第一步',
    );
    if (s.stallCount >= 2 || broken >= 1)
      board.add(
        'confrontation',
        0.25,
        `客户已多次拖延${broken ? `、跳票 ${broken} 次` : ''}：平静地指出记录`,
      );
  }
  if (last.includes('claims_paid'))
    board.add('bear_burden', 0.25, '客户说已还：请其提供凭证，由坐席向委托方核实到账');

  // The playbook's own suggestions for the intents and reasons just heard.
  const lastTurn = s.lastDebtor >= 0 ? s.turns[s.lastDebtor] : undefined;
  for (const i of last) {
    const quote = lastTurn ? quoteFor(lastTurn, `intent:${i}`) : '';
    board.add(playbook.intents[i].suggested_strategies, 0.15, `客户${INTENT_NAMES_ZH[i]}（“${quote}”）`);
  }
  for (const r of s.recentReasons)
    board.add(
      playbook.reasons[r.id].suggested_strategies,
      0.1,
      `客户说明原因：${REASON_NAMES_ZH[r.id]}（“${r.quote.text}”）`,
    );

  if (stage === 'broken_promise') {
    board.add(playbook.policies.broken_promise.switch_strategies, 0.15, '已跳票，按作业政策换一种打法');
    if (w.timid > 0.05)
      board.add('draw_out', 0.4 * w.timid, '胆小怕事型跳票，钱多半由别人管：找到真正做主的人');
    if (w.guilty > 0.05)
      board.add('go_with_flow', 0.2 * w.guilty, '愧疚型跳票后通常愿意给一个更小的方案：顺着定下来');
  }
  if (s.thirdPartyListening) {
    board.add('draw_out', 0.5, '第三方在听：只请其转告本人回电或提供联系方式');
    if (!s.identityStated) board.add('self_intro', 0.3, '先说明自己是谁（对第三方不提银行和欠款）');
  } else if (s.thirdPartyAnswered && s.violations.some((v) => v.rule.startsWith('third_party.'))) {
    board.add('cool_down', 0.3, '之前已向第三方透露了信息，本人很可能不满：先处理情绪');
  }
  if (!s.spokeToDebtor && !s.thirdPartyListening)
    // disclosure.identity: the opening to the debtor states company, name or staff number, and the client.
    board.add('self_intro', 3, '还没有对本人说过话：先自报家门（公司、姓名或工号、委托方）');
}

function applyHistory(board: Scoreboard, s: CallSignals, history: readonly PastContact[]): void {
  if (s.lastMove && s.lastMove.reaction === 'negative')
    for (const id of s.lastMove.strategies)
      if (!DE_ESCALATE.includes(id))
        board.add(id, -0.6, `上一句用了${STRATEGY_NAMES_ZH[id]}，客户随即抵触：不要重复刚失败的策略`);
  if (s.lastMove && s.lastMove.reaction !== 'negative')
    for (const id of s.lastMove.strategies) if (!board.boosted(id)) board.add(id, -0.15, '');
  const previous = [...history].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  if (previous && (previous.outcome.promise_kept === false || previous.outcome.complaint))
    for (const id of previous.strategies)
      if (!DE_ESCALATE.includes(id))
        board.add(
          id,
          -0.3,
          `上次通话（${previous.at.slice(0, 10)}）用了${STRATEGY_NAMES_ZH[id]}，之后${previous.outcome.complaint ? '客户投诉' : '跳票'}`,
        );
}

/** What the policy lets the collector apply for, in words: "最多24期分期、减免". */
function describePolicy(p: OfferPolicy): string {
  const parts = [
    p.instalments_max ? `最多${p.instalments_max}期分期` : '',
    p.waiver ? '减免' : '',
    p.interest_stop ? '停息' : '',
  ].filter(Boolean);
  return parts.join('、');
}
