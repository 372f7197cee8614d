import {
  INTENT_NAMES_ZH,
  PERSONA_NAMES_ZH,
  REASON_NAMES_ZH,
  STRATEGY_NAMES_ZH,
} from '../../../src/domain/ids';
import type { Role } from '../api/types';
import type { Lang } from './i18n';

/**
 * Names for the stable ids the API returns. Chinese names of the method's labels come from the
 * domain (one source); the English names are the UI's own.
 */
type Names = Record<string, { zh: string; en: string }>;

function merge(zhNames: Record<string, string>, enNames: Record<string, string>): Names {
  const out: Names = {};
  for (const [id, zhName] of Object.entries(zhNames)) out[id] = { zh: zhName, en: enNames[id] ?? id };
  return out;
}

const PERSONAS = merge(PERSONA_NAMES_ZH, {
  guilty: 'Guilty',
  lucky: 'Chancer',
  vain: 'Vain',
  dominant: 'Dominant',
  timid: 'Timid',
  jaded: 'Jaded (many debts)',
});

const STRATEGIES = merge(STRATEGY_NAMES_ZH, {
  self_intro: 'Self-introduction',
  praise: 'Praise',
  empathy: 'Empathy',
  same_side: 'Same side',
  reciprocity: 'Reciprocity',
  sandwich: 'Sandwich',
  foot_in_door: 'Foot in the door',
  confrontation: 'Confrontation',
  reframing: 'Reframing',
  go_with_flow: 'Go with the flow',
  cool_down: 'Cool down',
  draw_out: 'Draw out',
  leverage_excuse: 'Leverage the excuse',
  bear_burden: 'Bear the burden',
  cite_precedent: 'Cite precedent',
  press_weakness: 'Press the weak point',
  correct_premise: 'Correct the premise',
});

const REASONS = merge(REASON_NAMES_ZH, {
  business_failure: 'Business failure',
  illness: 'Illness in the family',
  income_loss: 'Income loss',
  multi_debt: 'Many creditors',
  awaiting_waiver: 'Waiting for a waiver',
  no_consequence: 'Thinks nothing will happen',
  unwilling: 'Unwilling',
});

const INTENTS = merge(INTENT_NAMES_ZH, {
  promise_to_pay: 'Promise to pay',
  refuse: 'Refuses',
  complaint_threat: 'Threatens a complaint',
  request_plan: 'Asks for a plan',
  question_identity: 'Questions identity',
  claims_paid: 'Claims paid',
  emotional: 'Emotional',
  stalling: 'Stalling',
});

const RULES: Names = {
  'contact.hours': { zh: '联系时段', en: 'Contact hours' },
  'contact.frequency': { zh: '联系频次', en: 'Contact frequency' },
  'contact.third_party': { zh: '联系第三方的条件', en: 'When contact persons may be called' },
  'contact.third_party_refused': { zh: '第三方已拒绝', en: 'Contact person refused' },
  'contact.stop_list': { zh: '停催/投诉/争议期间', en: 'Stop, complaint or dispute hold' },
  'contact.inconvenient': { zh: '不便联系的时间或方式', en: 'Inconvenient time or medium' },
  'contact.cease': { zh: '已要求停止联系', en: 'Cease request' },
  'visit.rules': { zh: '外访规定', en: 'Field visit rules' },
  'language.threat': { zh: '威胁恐吓', en: 'Threat' },
  'language.insult': { zh: '侮辱谩骂', en: 'Insult' },
  'language.impersonation': { zh: '冒充公检法等', en: 'Impersonation' },
  'language.false_legal_claim': { zh: '虚假法律后果', en: 'False legal claim' },
  'language.criminal_claim': { zh: '不当的刑责表述', en: 'Improper criminal claim' },
  'language.credit_report_claim': { zh: '夸大征信后果', en: 'Exaggerated credit-report claim' },
  'language.false_deadline': { zh: '虚构期限或方案', en: 'Invented deadline or offer' },
  'language.public_shaming': { zh: '公开曝光', en: 'Public shaming' },
  'language.improper_payment': { zh: '不当收款', en: 'Improper payment request' },
  'language.surveillance': { zh: '声称掌握隐私数据', en: 'Surveillance claim' },
  'language.complaint_obstruction': { zh: '阻挠投诉', en: 'Obstructing a complaint' },
  'language.dispute_dismissal': { zh: '无视争议', en: 'Dismissing a dispute' },
  'third_party.disclosure': { zh: '向第三方透露债务', en: 'Disclosure to a third party' },
  'third_party.demand_payment': { zh: '向第三方索款', en: 'Demanding payment from a third party' },
  'disclosure.identity': { zh: '未自报家门', en: 'Identity not stated' },
  'disclosure.debt_collector': { zh: '未声明催收身份', en: 'Debt-collector disclosure missing' },
};

const ROLES: Record<Role, { zh: string; en: string }> = {
  collector: { zh: '催收员', en: 'Collector' },
  lead: { zh: '主管', en: 'Team lead' },
  manager: { zh: '经理', en: 'Manager' },
  qa: { zh: '质检', en: 'QA' },
  trainer: { zh: '培训', en: 'Trainer' },
  admin: { zh: '管理员', en: 'Administrator' },
  client_viewer: { zh: '委托方查看', en: 'Client bank viewer' },
};

const RELATIONS: Names = {
  self: { zh: '本人', en: 'Self' },
  spouse: { zh: '配偶', en: 'Spouse' },
  parent: { zh: '父母', en: 'Parent' },
  sibling: { zh: '兄弟姐妹', en: 'Sibling' },
  friend: { zh: '朋友', en: 'Friend' },
  colleague: { zh: '同事', en: 'Colleague' },
  emergency: { zh: '紧急联系人', en: 'Emergency contact' },
  guarantor: { zh: '担保人', en: 'Guarantor' },
};

const SEVERITIES: Names = {
  low: { zh: '低', en: 'Low' },
  medium: { zh: '中', en: 'Medium' },
  high: { zh: '高', en: 'High' },
  critical: { zh: '严重', en: 'Critical' },
};

const FORCES: Names = {
  law: { zh: '法律', en: 'Law' },
  regulation: { zh: '规章', en: 'Regulation' },
  national_standard: { zh: '国标', en: 'National standard' },
  self_regulation: { zh: '行业自律', en: 'Self-regulation' },
  internal_policy: { zh: '内部政策', en: 'Internal policy' },
};

const STAGES: Names = {
  first_call: { zh: '首次通话', en: 'First call' },
  follow_up: { zh: '跟进', en: 'Follow-up' },
  broken_promise: { zh: '跳票后', en: 'After a broken promise' },
  third_party: { zh: '第三方接听', en: 'Third party on the line' },
  angry: { zh: '情绪激动', en: 'Angry' },
  dispute: { zh: '争议', en: 'Dispute' },
};

const OUTCOMES: Names = {
  talked: { zh: '已沟通', en: 'Talked' },
  promise_to_pay: { zh: '承诺还款', en: 'Promise to pay' },
  refused: { zh: '拒绝', en: 'Refused' },
  callback_requested: { zh: '约定回电', en: 'Call-back requested' },
  dispute_raised: { zh: '提出争议', en: 'Dispute raised' },
  complaint_raised: { zh: '提出投诉', en: 'Complaint raised' },
  claims_paid: { zh: '声称已还', en: 'Claims paid' },
  third_party_relay: { zh: '请第三方转告回电', en: 'Call-back asked via third party' },
  wrong_person: { zh: '非本人', en: 'Wrong person' },
  no_answer: { zh: '无人接听', en: 'No answer' },
  busy: { zh: '占线', en: 'Busy' },
  powered_off: { zh: '关机', en: 'Powered off' },
  rejected_call: { zh: '拒接', en: 'Rejected' },
  invalid_number: { zh: '空号/错号', en: 'Invalid number' },
  message_left: { zh: '已留言', en: 'Message left' },
  sms_sent: { zh: '已发短信', en: 'SMS sent' },
  visit_met: { zh: '外访见到本人', en: 'Visit: met' },
  visit_not_home: { zh: '外访未遇', en: 'Visit: not at home' },
};

const CHANNELS: Names = {
  call: { zh: '电话', en: 'Call' },
  sms: { zh: '短信', en: 'SMS' },
  visit: { zh: '外访', en: 'Visit' },
  bank_transfer: { zh: '银行转账', en: 'Bank transfer' },
  card: { zh: '刷卡', en: 'Card' },
  counter: { zh: '柜台', en: 'Counter' },
  wechat_pay: { zh: '微信支付', en: 'WeChat Pay' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  other: { zh: '其他', en: 'Other' },
};

const STATUSES: Names = {
  open: { zh: '在催', en: 'Open' },
  settled: { zh: '已结清', en: 'Settled' },
  closed: { zh: '已关闭', en: 'Closed' },
  recalled: { zh: '已撤案', en: 'Recalled' },
  pending: { zh: '待履行', en: 'Pending' },
  kept: { zh: '已兑现', en: 'Kept' },
  partially_kept: { zh: '部分兑现', en: 'Partly kept' },
  broken: { zh: '跳票', en: 'Broken' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  proposed: { zh: '待审批', en: 'Proposed' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  active: { zh: '执行中', en: 'Active' },
  completed: { zh: '已完成', en: 'Completed' },
  defaulted: { zh: '已违约', en: 'Defaulted' },
  paid: { zh: '已还', en: 'Paid' },
  missed: { zh: '逾期未还', en: 'Missed' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  dismissed: { zh: '已忽略', en: 'Dismissed' },
};

const HOLDS: Names = {
  stop: { zh: '停催', en: 'Stop collecting' },
  complaint: { zh: '投诉', en: 'Complaint' },
  dispute: { zh: '争议', en: 'Dispute' },
  cease: { zh: '停止联系', en: 'Cease' },
};

/** What a dispute is about (openDispute's kind). */
const DISPUTE_KINDS: Names = {
  amount: { zh: '金额有误', en: 'The amount is wrong' },
  identity: { zh: '非本人 / 身份有误', en: 'Not this person' },
  already_paid: { zh: '称已还款', en: 'Says it is already paid' },
  fraud: { zh: '被盗用 / 欺诈', en: 'Fraud or stolen identity' },
  other: { zh: '其他', en: 'Other' },
};

/** How a complaint reached the agency. */
const COMPLAINT_CHANNELS: Names = {
  call: { zh: '通话中', en: 'On a call' },
  bank: { zh: '委托银行转来', en: 'Passed on by the bank' },
  regulator: { zh: '监管机构转来', en: 'Passed on by a regulator' },
  hotline_12378: { zh: '12378 热线', en: 'The 12378 hotline' },
  letter: { zh: '信函', en: 'Letter' },
  online: { zh: '网络', en: 'Online' },
  other: { zh: '其他', en: 'Other' },
};

/** What verifying a dispute found. */
const DISPUTE_OUTCOMES: Names = {
  confirmed: { zh: '债务无误，恢复催收', en: 'The debt stands: resume' },
  corrected: { zh: '委托方已更正，恢复催收', en: 'The client corrected it: resume' },
  upheld: { zh: '争议成立，关闭案件', en: 'Upheld: close the case' },
};

const PRODUCTS: Names = {
  credit_card: { zh: '信用卡', en: 'Credit card' },
  consumer_loan: { zh: '消费贷', en: 'Consumer loan' },
};

const SPEAKERS: Names = {
  agent: { zh: '坐席', en: 'Agent' },
  debtor: { zh: '客户', en: 'Debtor' },
  third_party: { zh: '第三方', en: 'Third party' },
};

const ACTIONS: Names = {
  record_promise: { zh: '记录承诺', en: 'Record the promise' },
  confirm_promise_details: { zh: '确认金额、日期和资金来源', en: 'Confirm amount, date and source of money' },
  offer_plan: { zh: '介绍可申请的方案', en: 'Present the plans that may be requested' },
  route_plan_to_client: { zh: '把方案申请转给委托方', en: 'Route the plan request to the client' },
  state_identity: { zh: '完整说明身份', en: 'State your identity in full' },
  give_verification_channel: { zh: '提供核实渠道', en: 'Give a way to verify' },
  verify_payment: { zh: '核实还款', en: 'Verify the payment' },
  log_dispute: { zh: '登记争议并转核实', en: 'Log the dispute for verification' },
  give_complaint_channel: { zh: '告知官方投诉渠道', en: 'Give the official complaint channel' },
  consider_stop_collection: { zh: '考虑停催', en: 'Consider stopping collection' },
  escalate_to_lead: { zh: '上报主管', en: 'Escalate to a lead' },
  schedule_callback: { zh: '约定回电', en: 'Schedule a call-back' },
  slow_down: { zh: '放慢节奏', en: 'Slow down' },
};

/** Why a case went to a lead: the broken-promise policy writes `broken_promises`; people write free text. */
const ESCALATIONS: Names = {
  broken_promises: { zh: '多次跳票', en: 'Repeated broken promises' },
};

const TABLES = {
  escalation: ESCALATIONS,
  action: ACTIONS,
  persona: PERSONAS,
  strategy: STRATEGIES,
  reason: REASONS,
  intent: INTENTS,
  rule: RULES,
  role: ROLES,
  relation: RELATIONS,
  severity: SEVERITIES,
  force: FORCES,
  stage: STAGES,
  outcome: OUTCOMES,
  channel: CHANNELS,
  status: STATUSES,
  hold: HOLDS,
  disputeKind: DISPUTE_KINDS,
  complaintChannel: COMPLAINT_CHANNELS,
  disputeOutcome: DISPUTE_OUTCOMES,
  product: PRODUCTS,
  speaker: SPEAKERS,
} satisfies Record<string, Names>;

export type LabelKind = keyof typeof TABLES;

/** The name of an id in the UI's language; an id the UI does not know is shown as it is. */
export function label(kind: LabelKind, id: string | null | undefined, lang: Lang): string {
  if (!id) return '';
  const names: Names = TABLES[kind];
  const n = names[id];
  return n ? n[lang] : id;
}

export function labelIds(kind: LabelKind): string[] {
  return Object.keys(TABLES[kind]);
}
