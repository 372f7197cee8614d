import type { OutputTurn } from '../../analysis/contract';
import type { StrategyId } from '../../domain/ids';

/**
 * What a trainee's turn does, as the bot reacts to it: the analyser's strategy labels and
 * violations, plus a few plain acts the label set has no name for (asking for money, asking to
 * verify, asking who decides about money, logging a dispute, asking for a call-back, closing).
 */
export interface TraineeAct {
  strategies: ReadonlySet<StrategyId>;
  violations: readonly string[];
  selfIntro: boolean;
  asksMoney: boolean;
  verifies: boolean;
  seeksDecisionMaker: boolean;
  logsDispute: boolean;
  asksCallback: boolean;
  confirms: boolean;
  closes: boolean;
  /** confrontation, cite_precedent, press_weakness: the moves that push. */
  pressure: boolean;
  /** empathy, same_side, praise, cool_down: the moves that build rapport. */
  rapport: boolean;
  /** reciprocity, foot_in_door, go_with_flow, bear_burden, or a plain ask: the moves that ask for a step. */
  offer: boolean;
  /** correct_premise or cite_precedent: facts against a wrong belief. */
  facts: boolean;
}

const ASK_MONEY =
  /还(?:款|钱|上|清|一部分|一点|多少)|多少钱|能还多少|哪天|什么时候|几号|拿(?:得)?出|先还|最低还款|还个|转过来|处理一下/;
const VERIFY =
  /核实|凭证|截图|回单|到账|从哪|哪来|来源|哪天到|确定能|能确定|有把握|真的能|流水|证明|落实|实际(?:能|情况)|真实情况|对不上/;
const DECISION_MAKER =
  /(?:家里|家人).{0,6}(?:谁|商量|管钱|做主)|谁(?:管钱|做主|说了算|拿主意|能定)|(?:爱人|老公|老婆|丈夫|妻子|对象|家里人).{0,8}(?:商量|一起|聊|沟通|同意|知道|说一下|回个电话)|做主的人|管钱的人/;
const LOG_DISPUTE =
  /(?:记(?:下|录|上)|登记|提交|反馈|转(?:给|交)|报给).{0,14}(?:核实|核查|复核|银行|委托方|异议|问题|这笔)|(?:帮您|给您|替您|我们|我去|马上)(?:查|核实|核查|调取|调)|(?:调|查|出具|提供).{0,4}(?:明细|流水|消费记录|账单|凭证)|核实(?:清楚)?之前/;
const CALLBACK = /回(?:个)?电|转告|回电话|联系方式|让他(?:给我|联系|打)|方便的时候.{0,6}联系/;
const CONFIRM = /说好|确认一下|就这么定|那就定|我记下|记一下|到时候我(?:提前)?提醒|复述|核对一下/;
const CLOSE = /再见|拜拜|先这样|不打扰(?:您|你)了|祝您/;
const IDENTITY = /我是.{0,12}(?:公司|资产|中心)|工号|受.{0,10}委托/;

export function readTraineeTurn(turn: OutputTurn): TraineeAct {
  const s = new Set(turn.strategies);
  const text = turn.text;
  const has = (...ids: StrategyId[]) => ids.some((i) => s.has(i));
  const asksMoney = ASK_MONEY.test(text);
  return {
    strategies: s,
    violations: turn.violations.map((v) => v.rule),
    selfIntro: s.has('self_intro') || IDENTITY.test(text),
    asksMoney,
    verifies: VERIFY.test(text),
    seeksDecisionMaker: DECISION_MAKER.test(text),
    logsDispute: LOG_DISPUTE.test(text),
    asksCallback: CALLBACK.test(text) || s.has('draw_out'),
    confirms: CONFIRM.test(text),
    closes: CLOSE.test(text),
    pressure: has('confrontation', 'cite_precedent', 'press_weakness'),
    rapport: has('empathy', 'same_side', 'praise', 'cool_down'),
    offer: has('reciprocity', 'foot_in_door', 'go_with_flow', 'bear_burden') || asksMoney,
    facts: has('correct_premise', 'cite_precedent'),
  };
}
