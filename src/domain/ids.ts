// Stable label identifiers shared with integrators (dialers, ASR vendors, bank systems).
// Add, never rename: these strings are part of the public analysis contract.

export const PERSONAS = ['guilty', 'lucky', 'vain', 'dominant', 'timid', 'jaded'] as const;
export type PersonaId = (typeof PERSONAS)[number];

export const STRATEGIES = [
  'self_intro',
  'praise',
  'empathy',
  'same_side',
  'reciprocity',
  'sandwich',
  'foot_in_door',
  'confrontation',
  'reframing',
  'go_with_flow',
  'cool_down',
  'draw_out',
  'leverage_excuse',
  'bear_burden',
  'cite_precedent',
  'press_weakness',
  'correct_premise',
] as const;
export type StrategyId = (typeof STRATEGIES)[number];

export const REASONS = [
  'business_failure',
  'illness',
  'income_loss',
  'multi_debt',
  'awaiting_waiver',
  'no_consequence',
  'unwilling',
] as const;
export type ReasonId = (typeof REASONS)[number];

export const INTENTS = [
  'promise_to_pay',
  'refuse',
  'complaint_threat',
  'request_plan',
  'question_identity',
  'claims_paid',
  'emotional',
  'stalling',
] as const;
export type IntentId = (typeof INTENTS)[number];

/** Rules judged on what is said in a call (TXT, FACT and DISC kinds). */
export const LANGUAGE_RULES = [
  'language.threat',
  'language.insult',
  'language.impersonation',
  'language.false_legal_claim',
  'language.criminal_claim',
  'language.credit_report_claim',
  'language.false_deadline',
  'language.public_shaming',
  'language.improper_payment',
  'language.surveillance',
  'language.complaint_obstruction',
  'language.dispute_dismissal',
  'third_party.disclosure',
  'third_party.demand_payment',
  'disclosure.identity',
] as const;
export type LanguageRuleId = (typeof LANGUAGE_RULES)[number];

/** Rules checked before a contact is made (SCHED kind). */
export const CONTACT_RULES = [
  'contact.hours',
  'contact.frequency',
  'contact.third_party',
  'contact.third_party_refused',
  'contact.stop_list',
  'contact.inconvenient',
  'contact.cease',
  'visit.rules',
] as const;
export type ContactRuleId = (typeof CONTACT_RULES)[number];

export type RuleId = LanguageRuleId | ContactRuleId | (string & {});

export const SPEAKERS = ['agent', 'debtor', 'third_party'] as const;
export type Speaker = (typeof SPEAKERS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How binding a rule is, as shown to users next to a finding. */
export const FORCES = [
  'law',
  'regulation',
  'national_standard',
  'self_regulation',
  'internal_policy',
] as const;
export type Force = (typeof FORCES)[number];

export const PERSONA_NAMES_ZH: Record<PersonaId, string> = {
  guilty: '愧疚型',
  lucky: '侥幸型',
  vain: '虚荣型',
  dominant: '强势型',
  timid: '胆小怕事型',
  jaded: '债多不愁型',
};

export const STRATEGY_NAMES_ZH: Record<StrategyId, string> = {
  self_intro: '自报家门',
  praise: '赞美',
  empathy: '共情',
  same_side: '自家人',
  reciprocity: '互惠',
  sandwich: '三明治',
  foot_in_door: '高低球',
  confrontation: '面质',
  reframing: '框架',
  go_with_flow: '顺水推舟',
  cool_down: '缓兵之计',
  draw_out: '引蛇出洞',
  leverage_excuse: '借题发挥',
  bear_burden: '李代桃僵',
  cite_precedent: '敲山震虎',
  press_weakness: '攻其要害',
  correct_premise: '正本清源',
};

export const REASON_NAMES_ZH: Record<ReasonId, string> = {
  business_failure: '生意失败/资金周转',
  illness: '家人生病',
  income_loss: '收入下降/失业',
  multi_debt: '多头欠款',
  awaiting_waiver: '等减免',
  no_consequence: '侥幸心理',
  unwilling: '恶意拖欠',
};

export const INTENT_NAMES_ZH: Record<IntentId, string> = {
  promise_to_pay: '承诺还款',
  refuse: '拒绝还款',
  complaint_threat: '投诉威胁',
  request_plan: '协商分期/减免',
  question_identity: '质疑身份',
  claims_paid: '声称已还',
  emotional: '情绪激动',
  stalling: '拖延',
};

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
