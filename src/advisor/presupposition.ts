import type { IntentId, ReasonId } from '../domain/ids';

/**
 * Many playbook scripts speak of the debtor's own circumstances or quote the debtor back
 * ("家里有人住院…", "您刚才提到明年打算买房…"). Said to a debtor who never mentioned a hospital or a
 * house, that is a claim the call does not support. Such a script is offered only when the
 * debtor spoke of that topic in this call. Some topics are checked only when the script quotes
 * the debtor ("您说…"): "买房" in a story about someone else needs nothing from this debtor.
 */

/** "You said / you mentioned / you are right": the script puts words in the debtor's mouth. */
const QUOTES_DEBTOR =
  /(?:您|你)(?:刚才|上次|之前|一直|也|每次都|把[^，。]{0,8})?(?:自己)?(?:说|提到|想要|讲)(?!的我|的那种)/;

interface Topic {
  id: string;
  /** The topic as a script words it. */
  inScript: RegExp;
  /** What the debtor must have said for it. */
  heard: RegExp;
  reasons?: readonly ReasonId[];
  intents?: readonly IntentId[];
  /** Checked even when the script does not quote the debtor: it asserts the debtor's circumstances. */
  always?: boolean;
}

const TOPICS: readonly Topic[] = [
  { id: 'house', inScript: /买房|房贷|房子/, heard: /房/ },
  {
    id: 'illness',
    inScript: /住院|看病|治疗|病/,
    heard: /病|住院|医院|药|手术|治疗|看病/,
    reasons: ['illness'],
    always: true,
  },
  {
    id: 'business',
    inScript: /生意|货款|经营|进货|回款/,
    heard: /生意|货|店|厂|公司|周转|客户|项目|经营|回款/,
    reasons: ['business_failure'],
    always: true,
  },
  {
    id: 'job',
    inScript: /没了工作|找工作|找活|入职|岗位/,
    heard: /工作|失业|上班|裁员|辞职|找活|没活|厂/,
    reasons: ['income_loss'],
    always: true,
  },
  { id: 'crying', inScript: /别哭/, heard: /哭|呜/, intents: ['emotional'], always: true },
  { id: 'new_number', inScript: /换号/, heard: /换(?:了)?(?:个)?(?:号|手机号|电话)|新号/, always: true },
  { id: 'salary', inScript: /发了工资|发工资|发薪/, heard: /工资|发薪|薪水|开支/, always: true },
  { id: 'project', inScript: /项目款/, heard: /项目|款/, always: true },
  { id: 'agree_all', inScript: /好好好/, heard: /好好好|行行行|是是是|好的好的|嗯嗯嗯/ },
  { id: 'settle', inScript: /一次了断|一次处理|一次性处理|干脆/, heard: /一次性|结清|了断|一次还|一把/ },
  { id: 'family', inScript: /家里/, heard: /家|爸|妈|老婆|老公|孩子|爱人|媳妇|婆婆/ },
  {
    id: 'waiver',
    inScript: /减免/,
    heard: /减免|少还|免|优惠|打折|停息/,
    reasons: ['awaiting_waiver'],
    intents: ['request_plan'],
  },
  { id: 'civil', inScript: /民事纠纷/, heard: /民事|犯罪|违法|坐牢|刑事|抓|判刑/ },
  { id: 'income', inScript: /没收入|零工/, heard: /收入|零工|工资|打工/ },
  { id: 'own_plan', inScript: /每个月挤/, heard: /每个月|每月|一点一点|慢慢还|挤/ },
  { id: 'card_use', inScript: /刷卡周转/, heard: /刷卡|周转/ },
  { id: 'one_off', inScript: /一次性还不上/, heard: /一次|还不上|还不起/ },
  { id: 'small_money', inScript: /不算什么/, heard: /小钱|不算什么|不差|算啥|这点钱/ },
];

export interface HeardSoFar {
  /** Everything the debtor said in this call. */
  text: string;
  reasons: readonly ReasonId[];
  intents: readonly IntentId[];
}

/** The topics a script quotes the debtor on that were not heard, or [] when it may be said. */
export function unsupportedQuotes(script: string, heard: HeardSoFar): string[] {
  const quotes = QUOTES_DEBTOR.test(script);
  const missing: string[] = [];
  for (const t of TOPICS) {
    if (!(quotes || t.always) || !t.inScript.test(script)) continue;
    const said =
      t.heard.test(heard.text) ||
      (t.reasons ?? []).some((r) => heard.reasons.includes(r)) ||
      (t.intents ?? []).some((i) => heard.intents.includes(i));
    if (!said) missing.push(t.id);
  }
  return missing;
}

export const TOPIC_NAMES_ZH: Record<string, string> = {
  house: '买房/房贷',
  illness: '生病/住院',
  crying: '哭',
  new_number: '换号',
  agree_all: '“好好好”',
  business: '生意/货款',
  job: '工作',
  salary: '发工资',
  project: '项目款',
  settle: '一次结清',
  family: '家里人',
  waiver: '减免',
  civil: '民事/刑事',
  income: '收入',
  own_plan: '每月还一点',
  card_use: '刷卡周转',
  one_off: '一次还不上',
  small_money: '“这点钱不算什么”',
};
