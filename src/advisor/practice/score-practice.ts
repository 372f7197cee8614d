import type { Analysis, Facts } from '../../analysis/contract';
import { PERSONA_NAMES_ZH, type PersonaId, STRATEGY_NAMES_ZH, type StrategyId } from '../../domain/ids';
import type { Playbook } from '../../playbook';
import { certainPersona, heardFromAnalysis } from '../input';
import { suggestNext } from '../suggest-next';
import type { BotState } from './persona-bot';
import type { PracticeSituation } from './practice-case';

/**
 * The end-of-call score, from the analyser's reading of the whole call (strategies, promises,
 * violations, the opening) and from what the simulated debtor will really do. 100 points:
 * strategy fit 35, a promise with amount and date 25, compliance 30, identity 10.
 */

export interface PracticeScore {
  total: number;
  grade_zh: string;
  parts: { strategy: number; promise: number; compliance: number; identity: number };
  feedback_zh: string[];
  /** What the advisor would do next at the end of this call. */
  next_time: { id: StrategyId; name_zh: string; reason_zh: string }[];
  /** The persona the analyser recognised from the debtor's turns. */
  recognised: PersonaId | null;
}

export interface ScoreInput {
  analysis: Analysis;
  persona: PersonaId;
  situation: PracticeSituation;
  bot: BotState;
  playbook: Playbook;
  facts: Facts;
  at: string;
}

const AVOID_WHY: Partial<Record<PersonaId, Partial<Record<StrategyId, string>>>> = {
  guilty: {
    confrontation: '他已经很自责，当面揭短只会让他崩溃或躲起来',
    cite_precedent: '讲别人被起诉只会吓坏一个本来就想还的人',
    correct_premise: '他并不认为可以不还，不需要纠正前提',
  },
  lucky: {
    empathy: '一味共情会被他理解为“果然没什么大不了”',
    praise: '夸奖会让他更觉得没事',
    cool_down: '他不急，放慢节奏正中下怀',
  },
  vain: { go_with_flow: '顺着他的大话走，只会得到又一个兑现不了的承诺' },
  dominant: {
    praise: '夸奖会被当成心虚或套路',
    same_side: '套近乎会被他当成把柄',
    sandwich: '绕弯子会被他抓住话柄',
    cite_precedent: '别人被起诉的案例容易被剪辑成威胁',
  },
  timid: {
    cite_precedent: '吓唬他，他会当场答应、事后更不敢接电话',
    go_with_flow: '顺着他的“好好好”就结束，等于没有承诺',
    press_weakness: '施压只会换来一个吓出来的承诺',
  },
  jaded: {
    confrontation: '他见多了，面质只会换来投诉',
    cite_precedent: '这些话他听过太多次，只会激起投诉',
    press_weakness: '施压只会换来投诉',
    correct_premise: '讲道理他都懂，只会让他更烦',
  },
};

export function scorePractice(input: ScoreInput): PracticeScore {
  const { analysis: a, persona, situation, bot, playbook } = input;
  const feedback: string[] = [];
  const agentTurns = a.turns.filter((t) => t.speaker === 'agent');
  const name = PERSONA_NAMES_ZH[persona];
  const rules = playbook.rulePacks.cn?.rules ?? [];

  // ---- compliance ----
  let compliance = 30;
  // A missing item in the opening is scored under identity; refusing to say who one is stays here.
  const counted = a.violations.filter(
    (v) => !(v.rule === 'disclosure.identity' && v.reason.startsWith('开场未说明')),
  );
  for (const v of counted) {
    compliance -= v.severity === 'critical' ? 30 : 15;
    const title = rules.find((r) => r.id === v.rule)?.title_zh ?? v.rule;
    feedback.push(
      `✗ ${v.turn !== null ? `第${v.turn + 1}句` : '通话中'}触及「${title}」：“${v.evidence}”${v.reason ? `——${v.reason}` : ''}`,
    );
  }
  compliance = Math.max(0, compliance);
  if (counted.length === 0) feedback.push('✓ 全程没有发现违规说法。');

  // ---- identity ----
  const idOk = a.disclosure.identity.ok;
  const names = { company: '公司', name_or_id: '姓名或工号', client: '委托方' } as const;
  if (idOk) feedback.push('✓ 开场自报家门完整。');
  else feedback.push(`✗ 开场没有说明：${a.disclosure.identity.missing.map((m) => names[m]).join('、')}。`);

  // ---- strategy fit ----
  const uses = agentTurns.flatMap((t) =>
    t.strategies.filter((s) => s !== 'self_intro').map((s) => ({ turn: t.index, s })),
  );
  const p = playbook.personas[persona];
  let strategy = 5;
  if (uses.length === 0) feedback.push('✗ 除了自报家门，没有用上任何谈判策略：对方没有理由改变主意。');
  else {
    const value = uses.map(({ s }) => {
      const fit = playbook.strategies[s].persona_fit[persona] ?? 0.5;
      const bonus = p.preferred_strategies.includes(s)
        ? 0.15
        : p.discouraged_strategies.includes(s)
          ? -0.2
          : 0;
      return Math.max(0, Math.min(1, fit + bonus));
    });
    strategy = Math.round((value.reduce((x, y) => x + y, 0) / value.length) * 35);
    const seen = new Set<StrategyId>();
    for (const { turn, s } of uses) {
      if (seen.has(s)) continue;
      seen.add(s);
      if (p.discouraged_strategies.includes(s))
        feedback.push(
          `✗ 第${turn + 1}句用了${STRATEGY_NAMES_ZH[s]}：对${name}不推荐${AVOID_WHY[persona]?.[s] ? `——${AVOID_WHY[persona]?.[s]}` : ''}。`,
        );
      else if (p.preferred_strategies.includes(s))
        feedback.push(`✓ 第${turn + 1}句用了${STRATEGY_NAMES_ZH[s]}，对${name}很合适。`);
    }
    const missing = p.preferred_strategies.filter((s) => !seen.has(s)).slice(0, 3);
    if (missing.length)
      feedback.push(`· 对${name}还可以试试：${missing.map((s) => STRATEGY_NAMES_ZH[s]).join('、')}。`);
  }

  // ---- situation ----
  situationFeedback(input, feedback);

  // ---- promise ----
  const firm = [...a.promises].reverse().find((x) => x.amount !== null && x.due !== null && !x.vague);
  let promise = 0;
  const debtorSpoke = a.turns.some((t) => t.speaker === 'debtor');
  if (situation === 'third_party' && !debtorSpoke) {
    promise = bot.thirdPartyPassing && !bot.thirdPartyDisclosed ? 25 : 0;
    feedback.push(
      promise
        ? '✓ 只请家属转告回电，没有透露任何欠款信息：这就是对第三方能做的全部。'
        : '✗ 没有请家属转告回电或留联系方式。',
    );
  } else if (firm) {
    promise = 15;
    feedback.push(`✓ 拿到了带金额和日期的承诺：“${clip(firm.text)}”。`);
    if (bot.promise?.reliable) {
      promise += 10;
      feedback.push(`✓ 这个承诺能兑现：${bot.promise.why_zh}。`);
    } else if (bot.promise) feedback.push(`✗ 这个承诺很可能落空：${bot.promise.why_zh}。`);
  } else if (a.promises.length) {
    promise = 5;
    feedback.push(`✗ 承诺不完整（“${clip(a.promises.at(-1)?.text ?? '')}”）：当场追问金额、日期和资金来源。`);
    if (bot.promise && !bot.promise.reliable) feedback.push(`✗ 而且很可能落空：${bot.promise.why_zh}。`);
  } else if (persona === 'jaded' && bot.complaints === 0) {
    promise = 15;
    feedback.push('· 没有拿到承诺；对债多不愁型，保住一条不引发投诉的沟通渠道本身就是好结果。');
  } else feedback.push('✗ 没有拿到带金额和日期的还款承诺。');

  const total = strategy + promise + compliance + (idOk ? 10 : 0);
  const grade_zh = total >= 85 ? '优秀' : total >= 70 ? '良好' : total >= 55 ? '合格' : '需加强';

  const stage = situation === 'third_party' && debtorSpoke ? 'follow_up' : situation;
  const next = suggestNext(
    {
      turns: heardFromAnalysis(a),
      persona: certainPersona(persona),
      stage,
      history: [],
      facts: input.facts,
      context: {},
      at: input.at,
    },
    { playbook, limit: 3 },
  );
  return {
    total,
    grade_zh,
    parts: { strategy, promise, compliance, identity: idOk ? 10 : 0 },
    feedback_zh: feedback,
    next_time: next.strategies.map((s) => ({ id: s.id, name_zh: s.name_zh, reason_zh: s.reason_zh })),
    recognised: a.persona.id,
  };
}

function situationFeedback(input: ScoreInput, feedback: string[]): void {
  const { analysis: a, persona, situation, bot } = input;
  const agent = a.turns.filter((t) => t.speaker === 'agent');
  const first = (test: (t: (typeof agent)[number]) => boolean) => agent.find(test)?.index ?? null;
  if (situation === 'angry' || bot.thirdPartyDisclosed) {
    const calm = first((t) => t.strategies.includes('cool_down') || t.strategies.includes('empathy'));
    const money = first((t) => /还(?:款|钱|上|多少)|哪天|几号|先还/.test(t.text));
    if (calm === null) feedback.push('✗ 对方在气头上，却一直没有先降温（缓兵之计/共情）。');
    else if (money !== null && money < calm)
      feedback.push(`✗ 第${money + 1}句在对方还没平静时就谈钱，应先降温。`);
    else feedback.push(`✓ 第${calm + 1}句先处理情绪，再谈钱。`);
  }
  if (situation === 'dispute')
    feedback.push(
      bot.disputeLogged
        ? '✓ 把客户的异议登记下来、转委托方核实，核实前没有硬催。'
        : '✗ 客户提出异议，没有登记、转核实就开始谈钱：异议必须先登记核实。',
    );
  if (situation === 'third_party')
    feedback.push(
      bot.thirdPartyDisclosed
        ? '✗ 向家属透露了欠款：对第三方只能请其转告回电，不提欠款、银行、金额。'
        : '✓ 对家属没有透露欠款。',
    );
  if (persona === 'timid')
    feedback.push(
      bot.dmFound
        ? '✓ 问清了钱由谁管、谁做主，让他和做主的人一起定下安排。'
        : '✗ 没有找到真正管钱做主的人：胆小怕事型的“好好好”不算数。',
    );
  if (persona === 'vain')
    feedback.push(
      bot.verified
        ? '✓ 核实了他的说法，大话落回到真实的数。'
        : '✗ 没有核实他说的项目款、到账时间：虚荣型的承诺要打折听。',
    );
  if (persona === 'lucky')
    feedback.push(
      bot.premiseShaken
        ? '✓ 用事实纠正了“别人都没事”的错误前提。'
        : '✗ 没有纠正“别人都没事、银行不会告”的错误前提。',
    );
  if ((persona === 'dominant' || persona === 'jaded') && bot.complaints > 0)
    feedback.push(`✗ 对${PERSONA_NAMES_ZH[persona]}施压或越界，换来了投诉威胁：应保持平稳、不给把柄。`);
  if (
    persona === 'guilty' &&
    a.turns.some(
      (t) =>
        t.speaker === 'agent' && t.strategies.some((s) => s === 'confrontation' || s === 'cite_precedent'),
    )
  )
    feedback.push('✗ 对愧疚型施压：他本来就想还，压力只会让他崩溃或躲起来。');
}

function clip(s: string, n = 30): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
