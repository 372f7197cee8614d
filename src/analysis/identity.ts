/**
 * disclosure.identity (CBA 2026; 信用卡办法 art. 68): in the opening, before any talk of the debt,
 * the collector states the company, a name or staff number, and the client institution. To a
 * third party the client is withheld on purpose: naming the bank would disclose the debt.
 */

export type IdentityElement = 'company' | 'name_or_id' | 'client';

export interface OpeningTurn {
  speaker: 'agent' | 'debtor' | 'third_party';
  /** normalised text (see normalize.ts) */
  norm: string;
}

const CJK = '[\\u4e00-\\u9fa5]';
/** A CJK character that can be part of an institution's name (not a pronoun or 的). */
const NAME_CJK = '(?:(?![您你他她的嘅])[\\u4e00-\\u9fa5])';
const ORG_SUFFIX =
  /公司|资产|集团|律师事务所|事务所|律所|中心|信息|服务|科技|咨询|信服|汇信|金服|金融|征信|信用管理|企业管理|商务|网络|数据|外包/g;
/** Where an organisation's name starts: after these words the name begins. */
const NAME_START = /.*(?:我是|我系|这里是|这边是|我们是|委托的|的|是|我)/;
/** "我是X的小王" / "这里是X" / "委托的X的小古": X is an organisation unless it is a bank (the client). */
const ORG_STRUCTURE = new RegExp(
  `(?:我是|我系|额是|俺是|我|这里是|这边是|我们是|我这边是|委托的)(${CJK}{2,10}?)(?:的|嘅)?(?:催收专员|专员|客服|调解员|坐席|工作人员|催收员|业务员|小${CJK}|老${CJK}|阿${CJK})`,
);
const THIS_IS = new RegExp(`(?:这里是|这边是)(${CJK}{2,10})`);
/** "委托的南昌洪信的刘芳" / "我是深圳鹏信的刘洋工号…": an organisation before a person's name and number. */
const AFTER_CLIENT = new RegExp(`委托的(${CJK}{2,8}?)(?:的|嘅)`);
const BEFORE_NAME_ID = new RegExp(
  `(?:我是|这里是|这边是|我系|额是|俺是|我)(${CJK}{2,8}?)(?:的|嘅)${CJK}{1,4}(?:工号|编号|0)`,
);
const NOT_ORG =
  /银行|农商行|信用社|消费金融|消金|信用卡中心|催收|催账|要账|讨债|本人|他|她|你|您|这边|这里|那边|们/;
const NAME_OR_ID = new RegExp(
  `工号|编号|坐席号|员工号|我(?:是|叫|姓|系)${CJK}{1,3}|(?:的|嘅)?(?:小|老|阿)${CJK}(?:工号|[^\\u4e00-\\u9fa5]|$|跟|给|联系|找|啊)|(?:专员|客服|调解员|业务员|催收员)${CJK}{2,3}`,
);
/**
 * The client named: an institution's kind (银行, 消费金融 …), "委托", "on behalf of" an institution, or
 * the short names a collector uses for the large banks and lenders (招行, 建行委托的, 招联那笔) — an
 * agency never goes by these.
 */
const CLIENT = new RegExp(
  `银行|农商行|信用社|消费金融|消金|信用卡中心|委托|代表${CJK}{2,6}?(?:金融|银行|消金|信用卡)|(?:工|农|中|建|交|招|邮储|民|浦发|中信|光大|华夏|广发|平安|兴业|招联|捷信|马上|中银)(?:行|银)?(?:委托|那笔|那张|的卡|信用卡|的账|这笔|的借款|借款|贷款)|(?:工|农|建|交|招)行`,
);
/**
 * An in-house collector speaks as the creditor itself ("我是招商银行信用卡中心的小王",
 * "这里是津和消费金融"): the institution named is both the company and the client. Not when the
 * turn says on whose behalf it calls (委托): then the company is a separate agency.
 */
const IN_HOUSE = new RegExp(
  `(?:我是|我系|额是|俺是|这里是|这边是|我们是|我这边是|我们这边是)${NAME_CJK}{2,8}?(?:银行|农商行|信用社|消费金融|消金)(?:信用卡中心|信用卡部|卡中心|个贷中心|贷后管理部|催收部|客服中心|的|嘅|$)|${NAME_CJK}{2,8}?(?:银行|农商行|信用社|消费金融|消金)?(?:信用卡中心|卡中心|个贷中心|贷后管理部|贷后中心|贷后)`,
);
/** Talk of the debt: once it starts, the opening is over. */
const DEBT_TALK =
  /欠|逾期|还款|还钱|该还|没还|还不还|什么时候还|打算.{0,4}还|账单|透支|催收|催账|(?:的|那张|那个)卡|卡(?:的事|那个钱|里的钱)|最低|分期|结清|账户|还(?:[\d零一二两三四五六七八九十百千万几]|上|清|完)|钱呢/;

const SEPARATORS = /[\s，。！？；、,.!?;:：…~～"'“”‘’（）()]/g;

export function hasCompany(norm: string): boolean {
  const text = norm.replace(SEPARATORS, '').replace(/\d+/g, '0');
  // The name is the few characters before the suffix; "广发银行信用卡中心" or "银行法务部" is the
  // bank itself, which names no agency.
  for (const m of text.matchAll(ORG_SUFFIX)) {
    const before = text.slice(Math.max(0, m.index - 8), m.index).replace(NAME_START, '');
    if (before.length >= 2 && !/银行|农商行|信用社|消费金融|信用卡/.test(before + m[0])) return true;
  }
  for (const re of [ORG_STRUCTURE, THIS_IS, AFTER_CLIENT, BEFORE_NAME_ID]) {
    const m = re.exec(text);
    if (m?.[1] && !NOT_ORG.test(m[1])) return true;
  }
  return false;
}

export function identityElements(norm: string): Set<IdentityElement> {
  const out = new Set<IdentityElement>();
  const text = norm.replace(SEPARATORS, '');
  if (hasCompany(norm) || (IN_HOUSE.test(text) && !text.includes('委托'))) out.add('company');
  if (NAME_OR_ID.test(text)) out.add('name_or_id');
  if (CLIENT.test(norm)) out.add('client');
  return out;
}

export interface IdentityVerdict {
  ok: boolean;
  missing: IdentityElement[];
  /** index (in the given turns) of the agent turn the finding points at; null when no agent spoke */
  turn: number | null;
}

/**
 * The opening window: agent turns from `from` up to and including the first agent turn that talks
 * of the debt, at most three. Elements may be spread over the window.
 */
function openingWindow(turns: readonly OpeningTurn[], from: number): number[] {
  const window: number[] = [];
  for (let i = from; i < turns.length && window.length < 3; i++) {
    const t = turns[i]!;
    if (t.speaker !== 'agent') continue;
    window.push(i);
    if (DEBT_TALK.test(t.norm)) break;
  }
  return window;
}

function elementsOf(
  turns: readonly OpeningTurn[],
  window: readonly number[],
  clientName?: string,
): Set<IdentityElement> {
  const found = new Set<IdentityElement>();
  for (const i of window) for (const e of identityElements(turns[i]!.norm)) found.add(e);
  if (clientName && window.some((i) => turns[i]!.norm.includes(clientName.toLowerCase())))
    found.add('client');
  return found;
}

/**
 * When a third party answers first, the collector says who is calling (company or name/staff number;
 * never the client, which would disclose the debt), and once the debtor is on the line names the
 * client and the company or a name before talking of the debt.
 */
export function checkOpening(turns: readonly OpeningTurn[], clientName?: string): IdentityVerdict {
  const firstDebtor = turns.findIndex((t) => t.speaker === 'debtor');
  const thirdFirst = turns.findIndex((t) => t.speaker === 'third_party');
  const viaThirdParty = thirdFirst >= 0 && (firstDebtor < 0 || thirdFirst < firstDebtor);
  const first = openingWindow(turns, 0);
  if (first.length === 0) return { ok: true, missing: [], turn: null };
  const pointAt = (w: number[]) => w.find((i) => DEBT_TALK.test(turns[i]!.norm)) ?? w[0]!;
  const found = elementsOf(turns, first, clientName);
  if (!viaThirdParty) {
    const required: IdentityElement[] =
      firstDebtor >= 0 ? ['company', 'name_or_id', 'client'] : ['company', 'name_or_id'];
    const missing = required.filter((e) => !found.has(e));
    return { ok: missing.length === 0, missing, turn: pointAt(first) };
  }
  const toThird = openingWindow(turns, 0).filter((i) => firstDebtor < 0 || i < firstDebtor);
  const thirdFound = elementsOf(turns, toThird.length ? toThird : first, clientName);
  // to a third party: who is calling (a company or a name/staff number), never on whose behalf
  const thirdMissing: IdentityElement[] =
    thirdFound.has('company') || thirdFound.has('name_or_id') ? [] : ['company', 'name_or_id'];
  if (thirdMissing.length || firstDebtor < 0)
    return {
      ok: thirdMissing.length === 0,
      missing: [...thirdMissing],
      turn: pointAt(toThird.length ? toThird : first),
    };
  const second = openingWindow(turns, firstDebtor);
  if (second.length === 0) return { ok: true, missing: [], turn: null };
  const debtorFound = elementsOf(turns, second, clientName);
  const missing: IdentityElement[] = [];
  if (!debtorFound.has('client')) missing.push('client');
  if (!debtorFound.has('company') && !debtorFound.has('name_or_id')) missing.push('company', 'name_or_id');
  return { ok: missing.length === 0, missing, turn: pointAt(second) };
}

/** Refusing to say who one is when asked (the finding is on the refusing turn). */
export const REFUSE_IDENTITY = new RegExp(
  `(?:不方便|没必要|不用|不需要|不能|无可)(?:透露|告诉|说|知道)${CJK}{0,4}(?:我是谁|名字|工号|公司|哪个单位|身份|哪家)|(?:我是谁|名字|工号|公司|哪个单位|身份)${CJK}{0,6}(?:不方便|没必要|不用|不需要|不能)(?:透露|告诉|说|问|管)|你(?:别|甭|不用)管(?:我是谁|那么多|我是哪|我叫(?:什么|啥)|我名字|我的工号)|问(?:那么多|这么多)(?:干嘛|干什么|干啥)|你管我是(?:谁|哪)|具体的?你问(?:银行|${CJK}{2,4})去`,
);
