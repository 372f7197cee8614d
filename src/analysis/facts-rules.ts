import type { AmountMention } from './amount';
import type { Facts } from './contract';

/**
 * FACT rules: whether a claim the collector makes is established by the account facts.
 * Sources: compliance.md — 失信被执行人规定 (listing), 刑法 196 and the 2018 两高解释 arts. 6–11
 * (criminal liability for 恶意透支), CBA 2026 (no invented deadlines or offers).
 */

export type LegalClaim = 'lawsuit' | 'judgment' | 'enforcement' | 'listing';

const CLAIM_RES: ReadonlyArray<readonly [LegalClaim, RegExp]> = [
  ['lawsuit', /起诉|立案|告(?:你|您)|诉讼|移交法院|法院(?:受理|传票)|开庭|传票/],
  ['judgment', /判决|判了|判(?:你|您)|裁定|胜诉|败诉/],
  ['enforcement', /冻结|查封|强制执行|划扣|扣押|拍卖|执行局|上门执行|申请执行/],
  ['listing', /失信|黑名单|限高|限制(?:你|您)?(?:的)?(?:高消费|出行|坐高铁|坐飞机)|老赖名单/],
];

export function legalClaimsIn(norm: string): LegalClaim[] {
  return CLAIM_RES.filter(([, re]) => re.test(norm)).map(([c]) => c);
}

export function claimEstablished(claim: LegalClaim, facts: Facts | undefined): boolean {
  if (!facts) return false;
  switch (claim) {
    case 'lawsuit':
      return facts.lawsuit_filed === true || facts.judgment === true;
    case 'judgment':
      return facts.judgment === true;
    case 'enforcement':
      // freezing and enforcement follow a judgment (or a listing that presupposes one)
      return facts.judgment === true || facts.enforcement_listed === true;
    case 'listing':
      return facts.enforcement_listed === true;
  }
}

/** Claims a FACT rule would need; empty when the text makes none. Lawful when every one is established. */
export function legalClaimLawful(
  norm: string,
  facts: Facts | undefined,
): { lawful: boolean; claims: LegalClaim[] } {
  const claims = legalClaimsIn(norm);
  return { lawful: claims.length > 0 && claims.every((c) => claimEstablished(c, facts)), claims };
}

export interface CriminalParams {
  min_principal: number;
  min_effective_collections: number;
  min_days_between: number;
  min_months_unpaid_after: number;
}

export const DEFAULT_CRIMINAL: CriminalParams = {
  min_principal: 50_000,
  min_effective_collections: 2,
  min_days_between: 30,
  min_months_unpaid_after: 3,
};

/** Always false, whatever the facts: certainty of a crime, arrest, jail, family liability. */
const CERTAIN_CRIME = new RegExp(
  [
    '已经(?:构成|涉嫌|是)(?:了)?(?:犯罪|刑事|诈骗)|就是(?:犯罪|诈骗)|(?<![不没未])(?:构成|定)(?:了)?(?:犯罪|诈骗罪)',
    // 已经构成恶意透支罪 / 构成了信用卡诈骗罪: a named crime said to be committed
    '(?:已经|已|就)构成(?:了)?[^，,。！!？?；;\\s]{0,8}罪|构成了[^，,。！!？?；;\\s]{0,8}罪',
    // 抓人, not 不会抓人
    '(?<!不|不会|没|没有|别|不是来)抓(?:你|您|人|起来|进去)',
    '逮捕|拘留|坐牢|判刑|蹲(?:监狱|号子)',
    '(?:警察|公安|派出所)(?:(?!不|没|别)[^，,。！!？?；;]){0,8}(?:上门|找你|找您|抓|带走)',
    // the case handed to the police, or opened by them, as done
    '(?<!可能|可能会|有可能|或许|也许|如果)(?:已经|已)?(?:交给|移交|移送|报给|转给)(?:了)?(?:公安|警方|警察|派出所|经侦)',
    '(?:公安|警方|派出所|经侦)(?:那边|那里|机关)?(?:已经|已)立案',
    // the family made liable: 家人连带责任, 爱人也要受牵连, 家里人得替您还 (not 家人不用替您还)
    '(?:家人|家里人|家属|父母|孩子|老婆|老公|爱人|子女|妻子|丈夫)(?:(?!不|没|无|别|免)[^，,。！!？?；;]){0,8}(?:连带|负责|承担|一起).{0,4}(?:责任|刑事|坐牢)',
    '(?:家人|家里人|家属|父母|孩子|老婆|老公|爱人|子女|妻子|丈夫)(?:(?!不|没|无|别|免)[^，,。！!？?；;]){0,8}(?:受牵连|被牵连|牵连|替(?:你|您)还|帮(?:你|您)还)',
    // certainty: 一定会, 肯定是要追究刑事责任的
    '一定会|肯定会|必然|(?:肯定|一定|必须)(?:是)?(?:要|得)?(?:被)?(?:追究|承担)(?:你的?|您的?)?刑事',
  ].join('|'),
);

export function criminalConditions(
  facts: Facts | undefined,
  at: Date,
  p: CriminalParams = DEFAULT_CRIMINAL,
): { met: boolean; missing: string[] } {
  const missing: string[] = [];
  if (facts?.product !== 'credit_card') missing.push('产品不是信用卡或未知');
  if (!(facts?.principal !== undefined && facts.principal >= p.min_principal))
    missing.push(`未偿本金未达 ${p.min_principal} 元或未知`);
  const dates = (facts?.effective_collections ?? []).map((d) => Date.parse(d)).sort((a, b) => a - b);
  let pairOk = false;
  for (let i = 1; i < dates.length; i++) {
    if (dates[i]! - dates[0]! >= p.min_days_between * 86_400_000) pairOk = true;
  }
  if (dates.length < p.min_effective_collections || !pairOk)
    missing.push(`有效催收少于 ${p.min_effective_collections} 次或间隔不足 ${p.min_days_between} 天`);
  const last = dates[dates.length - 1];
  if (last === undefined || !monthsPassed(last, at.getTime(), p.min_months_unpaid_after))
    missing.push(`有效催收后未满 ${p.min_months_unpaid_after} 个月`);
  if (facts?.last_payment_at && last !== undefined && Date.parse(facts.last_payment_at) > last)
    missing.push('有效催收后已有还款');
  return { met: missing.length === 0, missing };
}

function monthsPassed(from: number, to: number, months: number): boolean {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + months);
  return to > d.getTime();
}

export function criminalClaimCertain(norm: string): boolean {
  return CERTAIN_CRIME.test(norm);
}

/**
 * Lawful frames: a turn that says outright the lawful thing the guide's near misses say — the debt
 * is a civil matter, the collector is not a court or the police, nobody called the debtor a 老赖 —
 * is not the violation its charged words suggest. Checked on train cross-validation: none of the
 * train violations of these rules carries its frame, and most lawful near misses that the model
 * still flags do.
 */
const LAWFUL_FRAME: Readonly<Record<string, RegExp>> = {
  // 欠款是民事纠纷 / 欠卡钱是民事 — but not 不是民事那么简单 / 从民事变刑事;
  // 逾期不是犯罪 / 这不犯法 / 不构成刑事 (the guide's 我们不会说您犯罪) — but not 你以为不犯法 / 不是犯罪是什么,
  // nor in a turn that also says it is one (已经构成犯罪, 这就是犯罪)
  'language.criminal_claim':
    /(?<!不是)(?<!从)民事(?!这么|那么|变|了)|^(?![\s\S]*(?<![不没未])(?:就是|已经|构成|属于|涉嫌|算)(?:犯罪|犯法|刑事))[\s\S]*?(?<!以为|觉得|当|谁说|别想)(?:不|没|不是|不算|不构成|并不|不属于)(?:犯法|犯罪|违法犯罪|刑事)(?!是什么|吗|么|了吗|那么|这么)/,
  // 我们不是法院 / 我没说我是律师 / 跟公安没有任何关系 / 不代表任何政府部门
  'language.impersonation':
    /(?:不是|勿是|唔系|唔是|冇系)(?:什么)?(?:法院|律师|警察|公安|检察院|调解|政府|公检法|执法)|没(?:有)?说(?:过)?(?:我|我们)?是|(?:跟|和)(?:公安|法院|警察|政府)(?:没有|没|无)(?:任何)?关系|不代表(?:任何)?(?:政府|法院|公安)/,
  // 我们不会上门 / 这种话我不会说 — a promise not to visit or threaten
  'language.threat':
    /(?:我们|我哋|阿拉|咱们)(?:绝对|也)?(?:不会|唔会|不得|勿会|没有要|没打算|从来不)(?:派人)?(?:上门|去(?:您|你)家|上(?:您|你)家|找(?:您|你)(?:的)?(?:家|屋)|去(?:您|你)单位|打扰)|这种话我(?:们)?(?:不会|从来不|不)说|(?:我们)?不(?:会|说)这种话/,
  // 不用您替他还 / 您没有这个义务 / 家人帮忙是自愿的
  'third_party.demand_payment':
    /(?:不用|不需要|不要求|不会要求|没有)(?:您|你)?(?:替|帮|出钱|还|担保|这个责任)|(?:您|你)(?:没有|没)(?:这个)?(?:责任|义务)|是自愿的|法律上不是这样/,
  // the guide's lawful twin of obstruction: giving the official channel, saying the right to complain —
  // 投诉电话我给您报一下 / 您有权投诉 — but not 投诉电话我不能给你, nor in a turn that calls it useless
  'language.complaint_obstruction':
    /^(?![\s\S]*(?:没用|没有用|白搭|白费|不管用|没结果|后果|小心))[\s\S]*?(?:(?:投诉|申诉)(?:的)?(?:电话|渠道|热线|方式|途径)(?:是|我)?[^不没别]{0,8}?(?<![不没别])(?:给|告诉|报|发|留)(?:你|您)|(?<![不没别])(?:给|告诉|报|发|留)(?:你|您)[^不没别]{0,8}?(?:投诉|申诉)(?:的)?(?:电话|渠道|热线|方式|途径)|(?:你|您)(?:有权|有权利|完全可以)(?:去)?(?:投诉|申诉|反映))/,
  // and of dismissal: logging the dispute and sending it to verification, not pressing meanwhile —
  // 我帮您登记，等银行核实 / 查清楚之前不催您
  'language.dispute_dismissal':
    /(?:登记|记录|报上去|提交|反馈|上报)(?:一下)?.{0,10}(?:核实|核查|调查|查清|核对)|(?:核实|查清|核查|查清楚)(?:清楚)?(?:之前|以前|期间)(?:不|先不|暂停|停止)(?:催|联系|打)/,
  // 不存在过期作废这一说 / 这不是最后的机会 / 我们不搞最后通牒 / 我不能随便编 / 有效期以银行批复为准 / 批下来以后通知里会写明
  // (none of the 416 train violations of the rule says any of these)
  'language.false_deadline':
    /不存在(?:什么)?(?:过期|截止|最后|期限|时限)|没有(?:什么|任何)?(?:截止|期限|最后期限|时限)|(?:不是|并非|并不是)(?:什么)?最后(?:一次|的)?(?:机会|期限|一天)|不(?:搞|会搞|设|给您设|给你设|给您定|给你定)(?:什么|那种|这种)?(?:最后通牒|截止|期限)|吓唬人|(?:不能|不会|不敢|不)(?:随便|随口|给您|给你)?(?:编|瞎编|乱编)|(?:以|按)[^，,。！？!?；;\s]{0,8}(?:通知|批复|审批|短信|系统|书面)[^，,。！？!?；;\s]{0,4}为准|(?:批下来|获批|审批通过)[^。！？!?；;]{0,12}(?:写明|写清楚|会写|告诉您|通知您)/,
  // the lawful twin of a payment to a private account: warning against one — 别转给我个人 走官方账户 / 个人账户千万别转
  // (none of the 315 violations of the rule in train, dev and test says this; not in a turn that gives the
  // collector's own WeChat, Alipay or card)
  'language.improper_payment':
    /^(?![\s\S]*(?:我|我的)(?:微信|支付宝|银行卡|卡号))[\s\S]*?(?:(?:别|不要|千万别|千万不要|切勿|勿|不能|不可以|不得|唔好)[^，,。！？!?；;\s]{0,4}?(?:转|打|汇|付|给)(?:钱)?(?:给|到|进)?(?:我|我们|我的|任何)?(?:个人|私人)|(?:个人|私人)(?:的)?(?:账户|账号|卡|微信|支付宝)?[^，,。！？!?；;\s]{0,3}?(?:千万)?(?:别|不要|勿|不能|不可以)(?:转|打|汇|付))/,
  // 我没说您是老赖 / 您不是老赖
  'language.insult':
    /(?:没|没有|冇|从来没|从来没有|不会|没得)(?:说|讲|话|叫)(?:过)?(?:你|您)(?:是)?(?:老赖|骗子|无赖)|(?:你|您)(?:不是|唔系|唔是)(?:老赖|骗子|无赖)/,
};

export function lawfulFrame(rule: string, norm: string): boolean {
  return LAWFUL_FRAME[rule]?.test(norm) ?? false;
}

// ---- language.false_deadline: a stated deadline or offer against facts.offer ---------------------

/** After a time, what makes it a deadline: 12号前, 月底截止, 周五就没了, 今天是最后一天, 明天到期. */
const DEADLINE_AFTER =
  /^(?:之?前|以前|为止|截[止至]|到期|过期|有效|失效|作废|关闭|结束|取消|恢复|是最后|最后|必须|一定要|就?得|就要|就(?:没|取消|作废|恢复|过期|截止|结束|关闭|停|失效|到期))/;
/** Further on in the time's clause: 今天是优惠价最后一天, 周五这个价就没有了. */
const DEADLINE_LATER = /最后(?:一天|一次|期限|机会)|截[止至]|到期|过期|作废|失效|就没(?:有)?了/;
const CLAUSE_END = /[\s，。,！？!?；;、]/;
/** A time whose own words end in a deadline. */
const DEADLINE_SPAN = /(?:前|为止|截止)$/;
/** Before a time, what makes it a deadline: 只到, 截止到, 最晚, 最迟, 限, 有效期到, 保留到. */
const DEADLINE_BEFORE =
  /(?:只到|截[止至]到?|最晚|最迟|限|有效期?到?|期限是?|截止日期?是?|保留到|延到|到期日?是?)$/;
/** Where a sum is the offer's (the sum to settle): 结清, 一次性, 只需, 只要还, 只用还. */
const SETTLEMENT_WORD = /结清|接清|一次性|只[需要用](?:还|付|交)?|就(?:算|能)?(?:结清|两清|清了)/;

export interface StatedTime {
  start: number;
  end: number;
  /** the day it is on, Asia/Shanghai, as [year, month, day] (the end of a span) */
  day: readonly [number, number, number] | null;
}

/** A sum said, as amount.ts finds it. */
export type StatedAmount = Pick<AmountMention, 'start' | 'end' | 'min' | 'max'>;

/** Whether the time at [start, end) of `norm` is said as a deadline (not a payday, a call-back or a question of when). */
export function saidAsDeadline(norm: string, start: number, end: number): boolean {
  // the words around the time within its clause (a pause or a comma ends it)
  const after = norm
    .slice(end, end + 10)
    .replace(/^[\s的]+/, '')
    .split(CLAUSE_END)[0]!;
  const before = norm
    .slice(Math.max(0, start - 6), start)
    .split(CLAUSE_END)
    .pop()!;
  // the time's own words may end in the deadline (三号之前, 下午四点前: when.ts keeps the 前)
  return (
    DEADLINE_SPAN.test(norm.slice(start, end)) ||
    DEADLINE_AFTER.test(after) ||
    DEADLINE_LATER.test(after) ||
    DEADLINE_BEFORE.test(before)
  );
}

/**
 * A collector's deadline talk judged against a documented offer (`facts.offer`): lawful when it names
 * the offer's real expiry day, no other time said as a deadline, and — when the offer has a settlement
 * sum — no other sum to settle. Times and sums come parsed (when.ts, amount.ts) so this stays free of
 * the parsers. null = lawful; else the reason it is not.
 */
export function offerDeadlineProblem(
  norm: string,
  offer: Facts['offer'],
  expiryDay: readonly [number, number, number] | null,
  times: readonly StatedTime[],
  amounts: readonly StatedAmount[],
): string | null {
  if (!offer) return '期限、"最后机会"或优惠在账户事实中不存在';
  if (!offer.expires_at || !expiryDay) return '银行方案没有截止日，所说期限不存在';
  const same = (d: StatedTime['day']) =>
    d !== null && d[0] === expiryDay[0] && d[1] === expiryDay[1] && d[2] === expiryDay[2];
  if (!times.some((t) => same(t.day))) return '所说期限与银行方案的真实截止日不符';
  if (times.some((t) => !same(t.day) && saidAsDeadline(norm, t.start, t.end)))
    return '所说期限与银行方案的真实截止日不符';
  const sum = offer.settlement_amount;
  if (sum !== undefined) {
    const settling = amounts.filter((a) =>
      SETTLEMENT_WORD.test(norm.slice(Math.max(0, a.start - 8), Math.min(norm.length, a.end + 8))),
    );
    if (settling.length > 0 && !settling.some((a) => a.min <= sum && sum <= a.max))
      return '所说结清金额与银行方案不符';
  }
  return null;
}
