/**
 * The slot vocabulary of scripts and templates. A slot is written `{称呼}` in the playbook and filled
 * at run time. The set is closed: a typo such as `{金额}` is a validation error, never a literal
 * `{金额}` read aloud to a debtor.
 */

/** Account facts a script can depend on. A script using a fact-backed slot must list the fact in `requires`. */
export const REQUIRABLE_FACTS = [
  'balance',
  'card_tail',
  'days_overdue',
  'minimum_payment',
  'offer',
  'offer_expiry',
  'offer_settlement',
  'offer_waiver',
  'offer_instalments',
  'promise',
  'promise_kept',
] as const;
export type RequirableFact = (typeof REQUIRABLE_FACTS)[number];

/** Where the value of a slot comes from at run time. */
export type SlotSource = 'agent' | 'agency' | 'case' | 'facts' | 'promise';

export interface SlotSpec {
  /** Stable ASCII key, for code that builds slot values. */
  key: string;
  description_zh: string;
  source: SlotSource;
  /** The fact that must be known; absent for slots every case or agent profile always has. */
  fact?: RequirableFact;
  /**
   * True when the value tells a listener that the debtor owes something. Such slots never appear in
   * text meant for a third party (个人信息保护法 arts. 10, 23, 25; third_party.disclosure).
   */
  reveals_debt: boolean;
}

export const SLOTS = {
  称呼: {
    key: 'salutation',
    description_zh: '对债务人的称呼，如“张先生”',
    source: 'case',
    reveals_debt: false,
  },
  坐席姓名: {
    key: 'agent_name',
    description_zh: '催收员对外使用的姓名',
    source: 'agent',
    reveals_debt: false,
  },
  工号: { key: 'staff_id', description_zh: '催收员工号', source: 'agent', reveals_debt: false },
  公司: { key: 'company', description_zh: '本机构的对外名称', source: 'agency', reveals_debt: false },
  回电号码: {
    key: 'callback_phone',
    description_zh: '本机构对外公布的回电号码（不含任何欠款信息）',
    source: 'agency',
    reveals_debt: false,
  },
  投诉渠道: {
    key: 'complaint_channel',
    description_zh: '官方投诉渠道，如本机构投诉电话或委托方客服热线',
    source: 'agency',
    reveals_debt: false,
  },
  委托方: {
    key: 'client',
    description_zh: '委托银行名称；向第三方说出即暴露借贷关系',
    source: 'case',
    reveals_debt: true,
  },
  客服电话: {
    key: 'service_phone',
    description_zh: '委托银行的官方客服电话，供债务人自行核实',
    source: 'case',
    reveals_debt: true,
  },
  还款渠道: {
    key: 'payment_channel',
    description_zh: '委托方官方还款渠道，如“招商银行App或官方还款账户”',
    source: 'case',
    reveals_debt: true,
  },
  欠款金额: {
    key: 'balance',
    description_zh: '当前应还总额（数字，不含“元”）',
    source: 'facts',
    fact: 'balance',
    reveals_debt: true,
  },
  卡尾号: {
    key: 'card_tail',
    description_zh: '信用卡卡号后四位',
    source: 'facts',
    fact: 'card_tail',
    reveals_debt: true,
  },
  逾期天数: {
    key: 'days_overdue',
    description_zh: '已逾期天数',
    source: 'facts',
    fact: 'days_overdue',
    reveals_debt: true,
  },
  最低还款: {
    key: 'minimum_payment',
    description_zh: '本期最低还款额（数字，不含“元”）',
    source: 'facts',
    fact: 'minimum_payment',
    reveals_debt: true,
  },
  方案: {
    key: 'offer',
    description_zh: '委托方书面批准的还款方案的说明',
    source: 'facts',
    fact: 'offer',
    reveals_debt: true,
  },
  方案截止日: {
    key: 'offer_expiry',
    description_zh: '该方案的真实有效期，只取自委托方记录，绝不由坐席自拟',
    source: 'facts',
    fact: 'offer_expiry',
    reveals_debt: true,
  },
  结清金额: {
    key: 'offer_settlement',
    description_zh: '方案中的一次性结清金额（数字，不含“元”）',
    source: 'facts',
    fact: 'offer_settlement',
    reveals_debt: true,
  },
  减免金额: {
    key: 'offer_waiver',
    description_zh: '方案中委托方同意减免的金额（数字，不含“元”）',
    source: 'facts',
    fact: 'offer_waiver',
    reveals_debt: true,
  },
  分期期数: {
    key: 'offer_instalments',
    description_zh: '方案中的分期期数',
    source: 'facts',
    fact: 'offer_instalments',
    reveals_debt: true,
  },
  承诺金额: {
    key: 'promise_amount',
    description_zh: '债务人承诺的金额（数字，不含“元”）',
    source: 'promise',
    fact: 'promise',
    reveals_debt: true,
  },
  承诺日期: {
    key: 'promise_due',
    description_zh: '债务人承诺的还款时间，如“12月15日”',
    source: 'promise',
    fact: 'promise',
    reveals_debt: true,
  },
} as const satisfies Record<string, SlotSpec>;

export type SlotName = keyof typeof SLOTS;

export const SLOT_NAMES = Object.keys(SLOTS).filter(isSlotName);

export function isSlotName(name: string): name is SlotName {
  return Object.hasOwn(SLOTS, name);
}

/** Words that tell a listener someone owes money: third-party text must avoid them, slots aside. */
export const DEBT_WORDS = [
  '欠款',
  '欠钱',
  '欠费',
  '逾期',
  '还款',
  '还钱',
  '账单',
  '信用卡',
  '催收',
  '债务',
  '借款',
  '贷款',
];

export interface SlotScan {
  /** Slot names in order of first appearance, unique. */
  slots: string[];
  /** Problems with the braces themselves (unclosed, nested, empty). */
  problems: string[];
}

/** Finds the `{…}` slots of a text and reports malformed braces. */
export function scanSlots(text: string): SlotScan {
  const slots: string[] = [];
  const problems: string[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') {
      if (open >= 0) {
        problems.push(`第 ${open + 1} 个字符处的“{”没有闭合`);
      }
      open = i;
    } else if (ch === '}') {
      if (open < 0) {
        problems.push(`第 ${i + 1} 个字符处的“}”没有对应的“{”`);
        continue;
      }
      const name = text.slice(open + 1, i).trim();
      if (name === '') problems.push('出现空的槽位“{}”');
      else if (!slots.includes(name)) slots.push(name);
      open = -1;
    }
  }
  if (open >= 0) problems.push(`第 ${open + 1} 个字符处的“{”没有闭合`);
  return { slots, problems };
}
