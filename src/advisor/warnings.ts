import type { Facts } from '../analysis/contract';
import { PERSONA_NAMES_ZH, type PersonaId } from '../domain/ids';
import type { Playbook, Stage } from '../playbook';
import type { CallSignals } from './call-signals';
import { brokenPromiseCount } from './infer-stage';
import type { OfferPolicy, PastContact } from './input';

export const WARNING_CODES = [
  'crisis',
  'repair_violation',
  'third_party_listening',
  'third_party_disclosed',
  'complaint_risk',
  'dispute_hold',
  'escalate_broken_promises',
  'dominant_no_handle',
  'timid_decision_maker',
  'vain_verify',
  'lucky_no_soft_talk',
  'guilty_no_pressure',
  'jaded_low_priority',
  'promise_incomplete',
  'offer_expired',
  'no_plan_allowed',
  'offer_policy_note',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  severity: 'info' | 'caution' | 'stop';
  text_zh: string;
}

/** Personas whose handling deserves a warning once they are this likely. */
const PERSONA_WARN_AT = 0.3;

export interface WarningInput {
  signals: CallSignals;
  weights: Readonly<Record<PersonaId, number>>;
  stage: Stage;
  history: readonly PastContact[];
  facts: Facts | undefined;
  policy: OfferPolicy | undefined;
  offerExpired: boolean;
  playbook: Playbook;
}

/** What to avoid now, most urgent first. Texts are the advisor's own; persona `avoid` lines come from the playbook. */
export function warningsFor(w: WarningInput): Warning[] {
  const out: Warning[] = [];
  const s = w.signals;
  const add = (code: WarningCode, severity: Warning['severity'], text_zh: string) =>
    out.push({ code, severity, text_zh });
  const avoidOf = (p: PersonaId) => w.playbook.personas[p].avoid[0] ?? '';

  if (s.crisis)
    add(
      'crisis',
      'stop',
      `客户说“${s.crisis.text}”：停止谈钱，表达关心，建议联系家人或拨打心理援助热线，并立即报告主管。`,
    );
  if (s.repair)
    add(
      'repair_violation',
      'stop',
      `本次通话第${s.repair.index + 1}句已触及 ${s.repair.rule}，客户已有反应：先纠正说法、致歉，不再谈钱；记录并报质检。`,
    );
  if (s.thirdPartyListening)
    add(
      'third_party_listening',
      'stop',
      '现在听电话的是第三方：不提欠款、金额、银行、逾期，不要求对方代还，只请其转告回电或提供本人联系方式；对方拒绝或要求别再来电的，本案不再联系此人。',
    );
  const disclosed = s.violations.find((v) => v.rule.startsWith('third_party.'));
  if (disclosed)
    add(
      'third_party_disclosed',
      'stop',
      `第${disclosed.index + 1}句已向第三方透露或要求代还（${disclosed.rule}）：不得再提，记录并上报质检。`,
    );
  const complaintProne = (w.weights.dominant ?? 0) + (w.weights.jaded ?? 0) >= 0.5;
  if (s.complaint || complaintProne) {
    const hold = w.playbook.policies.complaints.hold_contact_until_answered
      ? `投诉处理期间暂停催收联系，${w.playbook.policies.complaints.answer_days} 天内答复；`
      : '';
    add(
      'complaint_risk',
      s.complaint ? 'stop' : 'caution',
      `${s.complaint ? `客户扬言投诉（“${s.complaint.text}”）` : '投诉倾向高的类型'}：放慢节奏，先处理不满，不辩解；如实告知官方投诉渠道，不说“投诉没用”；${hold}报主管评估是否停催。`,
    );
  }
  if (s.dispute || w.stage === 'dispute' || w.facts?.disputed)
    add(
      'dispute_hold',
      'stop',
      '客户对欠款、交易或身份有异议：逐条登记，转委托方核实，告知答复时间；核实清楚前不催争议部分，不说“不管怎样都得还”。',
    );
  const broken = brokenPromiseCount(w.history);
  const escalateAfter = w.playbook.policies.broken_promise.escalate_after;
  if (broken >= escalateAfter)
    add(
      'escalate_broken_promises',
      'caution',
      `本案已跳票 ${broken} 次（政策：满 ${escalateAfter} 次上报主管）：上报主管，找真正的决策人、重新评估方案或考虑停催。`,
    );

  const persona = (p: PersonaId) => (w.weights[p] ?? 0) >= PERSONA_WARN_AT;
  if (persona('dominant'))
    add(
      'dominant_no_handle',
      'caution',
      `可能是${PERSONA_NAMES_ZH.dominant}：每句话都要经得起录音回放，不给把柄；身份如实完整说明；不讲别人被起诉的案例、不用后果施压；谈不下去就礼貌结束，上报主管接手。`,
    );
  if (persona('timid'))
    add(
      'timid_decision_maker',
      'caution',
      `可能是${PERSONA_NAMES_ZH.timid}：“好好好”不等于承诺；问清钱由谁管、谁能做主，请他本人去和做主的人商量（不由我们联系其家人）；宁可数额小，也要能兑现。`,
    );
  if (persona('vain'))
    add(
      'vain_verify',
      'caution',
      `可能是${PERSONA_NAMES_ZH.vain}：他说的收入、到账时间都要核实，承诺打折听；约定越具体越好，到期前提醒、到期后立即跟进，警惕一拖再拖。${avoidOf('vain')}`,
    );
  if (persona('lucky')) add('lucky_no_soft_talk', 'info', avoidOf('lucky'));
  if (persona('guilty')) add('guilty_no_pressure', 'info', avoidOf('guilty'));
  if (persona('jaded'))
    add(
      'jaded_low_priority',
      'info',
      `可能是${PERSONA_NAMES_ZH.jaded}：不是优先回款对象；不施压、不高频拨打，保持低频、无投诉风险的联系；投诉风险上升时报主管考虑停催。`,
    );

  if (s.promise?.justMade && (s.promise.vague || s.promise.amount === null || s.promise.due === null))
    add(
      'promise_incomplete',
      'caution',
      `客户的承诺还不完整（“${s.promise.text}”）：当场确认金额、日期和资金来源，复述一遍并说明会到期前提醒。`,
    );
  if (w.offerExpired)
    add(
      'offer_expired',
      'caution',
      '账户上的方案已过有效期：不得再按原方案或原截止日说，需重新向委托方申请。',
    );
  const policy = w.policy;
  if (
    s.planRequest &&
    !w.facts?.offer &&
    policy &&
    !policy.instalments_max &&
    !policy.waiver &&
    !policy.interest_stop
  )
    add(
      'no_plan_allowed',
      'info',
      '委托方目前不提供分期、减免或停息：不要许诺，可以登记客户的请求并如实说明需要委托方决定。',
    );
  if (s.planRequest && policy?.note_zh) add('offer_policy_note', 'info', `委托方政策说明：${policy.note_zh}`);
  return out;
}
