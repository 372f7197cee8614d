import type { Facts, InputTurn } from '../analysis/contract';
import { fenToYuan } from '../domain/money';
import { type Shape, shapesFor, THIRD_PARTY_SHAPE } from './dialogues';
import { surnameOf } from './people';
import type { GeneratedCase, RelationWord } from './placement';
import { DEFAULT_ACTIVITY_DAYS, shiftDay } from './placement';
import { Rng } from './random';

/** One line of `huikuan analyze --batch` input. */
export interface BatchCall {
  id: string;
  at: string;
  facts: Facts;
  turns: InputTurn[];
}

export interface CallOptions {
  seed: string;
  /** the placement day; calls fall in the activity days after it */
  asOf: string;
  activityDays?: number;
  client: string;
  /** expected calls per case (0–3); fractional rates give some cases none */
  callRate: number;
}

const COMPANIES = [
  '华信合众信息咨询有限公司',
  '安和信商务服务有限公司',
  '汇诚联信息技术有限公司',
  '恒远达资产管理有限公司',
];
const AGENTS = ['王磊', '李敏', '张婷', '刘洋', '陈晨', '杨帆', '赵雪', '周杰', '吴倩', '孙浩'];

/** How the contact would name the debtor, by the relation the bank recorded and the debtor's sex. */
function relationFromContact(relation: RelationWord, debtorSex: 'male' | 'female'): string {
  const male = debtorSex === 'male';
  switch (relation) {
    case '配偶':
      return male ? '老公' : '老婆';
    case '父亲':
    case '母亲':
      return male ? '儿子' : '女儿';
    case '兄弟':
    case '姐妹':
      return male ? '兄弟' : '姐妹';
    case '朋友':
    case '紧急联系人':
      return '朋友';
    case '同事':
      return '同事';
  }
}

function chineseDate(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}号`;
}

function roundHundreds(yuan: number): number {
  return Math.max(100, Math.round(yuan / 100) * 100);
}

function fill(text: string, slots: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? `{${k}}`);
}

// About a third of real ASR output comes without punctuation.
function asr(text: string): string {
  return text
    .replace(/[，。？！、“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function callTime(rng: Rng, asOf: string, activityDays: number): { at: string; offset: number; day: string } {
  const offset = rng.int(0, activityDays - 1);
  const day = shiftDay(asOf, offset);
  const hh = String(rng.int(9, 19)).padStart(2, '0');
  const mm = String(rng.int(0, 59)).padStart(2, '0');
  const ss = String(rng.int(0, 59)).padStart(2, '0');
  return { at: `${day}T${hh}:${mm}:${ss}+08:00`, offset, day };
}

function factsOf(c: GeneratedCase, client: string, at: string, offset: number): Facts {
  const a = c.account;
  const paid = c.payments.filter((p) => p.paidAt < at);
  const paidFen = paid.reduce((s, p) => s + p.amountFen, 0);
  const balanceFen = Math.max(0, a.principalFen + a.interestFen + a.feesFen - paidFen);
  const facts: Facts = {
    product: c.product,
    client,
    debtor_name: c.debtor.name,
    card_tail: a.cardTail,
    principal: fenToYuan(a.principalFen),
    interest: fenToYuan(a.interestFen),
    fees: fenToYuan(a.feesFen),
    balance: fenToYuan(balanceFen),
    days_overdue: a.daysOverdue + offset,
    lawsuit_filed: false,
    judgment: false,
  };
  const last = paid.at(-1);
  if (last) facts.last_payment_at = last.paidAt;
  return facts;
}

/** The synthetic calls of one case, in time order. Deterministic in (seed, asOf, case index). */
export function callsFor(c: GeneratedCase, opts: CallOptions): BatchCall[] {
  const rng = new Rng(`${opts.seed}#calls`, c.index + 1);
  const whole = Math.floor(opts.callRate);
  const count = Math.min(3, whole + (rng.chance(opts.callRate - whole) ? 1 : 0));
  const out: BatchCall[] = [];
  for (let k = 0; k < count; k++) {
    const { at, offset, day } = callTime(rng, opts.asOf, opts.activityDays ?? DEFAULT_ACTIVITY_DAYS);
    const facts = factsOf(c, opts.client, at, offset);
    const contact = c.contacts.length > 0 && rng.chance(0.15) ? rng.pick(c.contacts) : undefined;
    const shape: Shape = contact ? THIRD_PARTY_SHAPE : rng.pick(shapesFor(c.persona));
    const balance = facts.balance ?? 0;
    const amount = roundHundreds(balance * (0.05 + rng.next() * 0.15));
    const agent = rng.pick(AGENTS);
    const male = c.debtor.sex === 'male';
    const slots: Record<string, string> = {
      company: rng.pick(COMPANIES),
      agent,
      agentSurname: agent.slice(0, 1),
      emp: String(rng.int(1001, 9899)),
      bank: opts.client,
      name: c.debtor.name,
      title: surnameOf(c.debtor.name) + (male ? '先生' : '女士'),
      tail: c.account.cardTail,
      balance: String(Math.round(balance)),
      days: String(facts.days_overdue),
      amount: String(amount),
      small: String(roundHundreds(amount / 3)),
      date: chineseDate(shiftDay(day, rng.int(2, 10))),
      rel: contact ? relationFromContact(contact.relation, c.debtor.sex) : '朋友',
      callback: `400-${rng.int(100, 999)}-${rng.digits(4)}`,
      ta: male ? '他' : '她',
      spouse: male ? '老婆' : '老公',
      spouseTa: male ? '她' : '他',
    };
    const plain = rng.chance(0.33);
    const turns: InputTurn[] = [];
    for (const step of shape.steps) {
      if (step.p !== undefined && !rng.chance(step.p)) continue;
      const text = fill(rng.pick(step.say), slots);
      turns.push({ speaker: step.who, text: plain ? asr(text) : text });
    }
    out.push({ id: '', at, facts, turns });
  }
  out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  out.forEach((call, k) => {
    call.id = `${c.accountRef}#${k + 1}`;
  });
  return out;
}
