import type { Facts } from '../../analysis/contract';
import { SHANGHAI, toLocal } from '../../domain/calendar';
import type { PastContact } from '../input';
import type { SeededRandom } from '../random';

/** The situations a trainee can practise (the follow-up call is the default flow inside each). */
export const PRACTICE_SITUATIONS = [
  'first_call',
  'broken_promise',
  'third_party',
  'angry',
  'dispute',
] as const;
export type PracticeSituation = (typeof PRACTICE_SITUATIONS)[number];

export const PRACTICE_SITUATION_NAMES_ZH: Record<PracticeSituation, string> = {
  first_call: '首次通话',
  broken_promise: '跳票后回访',
  third_party: '家属接听',
  angry: '客户愤怒、扬言投诉',
  dispute: '客户对账目有异议',
};

const NAMES = [
  '王建国',
  '李秀英',
  '张伟',
  '刘洋',
  '陈静',
  '杨帆',
  '赵磊',
  '黄敏',
  '周杰',
  '吴婷',
  '孙浩',
  '马丽',
];
const BANKS = [
  '招商银行',
  '建设银行',
  '交通银行',
  '中信银行',
  '平安银行',
  '浦发银行',
  '光大银行',
  '广发银行',
];

/** A made-up practice account, the same for the same seed. */
export function practiceFacts(rng: SeededRandom): Facts {
  const principal = 6000 + rng.int(45) * 1000;
  const interest = Math.round(principal * (0.08 + rng.next() * 0.12));
  const balance = principal + interest;
  return {
    product: 'credit_card',
    client: rng.pick(BANKS),
    debtor_name: rng.pick(NAMES),
    card_tail: String(1000 + rng.int(9000)),
    principal,
    interest,
    balance,
    minimum_payment: Math.max(300, Math.round((balance * 0.1) / 100) * 100),
    days_overdue: 35 + rng.int(200),
  };
}

/**
 * The case history a situation stands for, as the advisor reads history: after a broken promise, a
 * conversation a week before the call in which the debtor promised and did not pay; every other
 * situation starts from a case with no conversation yet (what happens on the line — a relative
 * answering, anger, a dispute — the advisor hears for itself).
 */
export function practiceHistory(situation: PracticeSituation, at: Date): PastContact[] {
  if (situation !== 'broken_promise') return [];
  return [
    {
      at: new Date(at.getTime() - 7 * 86_400_000).toISOString(),
      connected: true,
      strategies: [],
      outcome: { promise_made: true, promise_kept: false, paid: false, complaint: false },
    },
  ];
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1500 → 一千五, 2000 → 两千, 12000 → 一万二, 800 → 八百: how people say round sums. */
export function spokenChinese(n: number): string {
  const wan = Math.floor(n / 10000);
  const qian = Math.floor((n % 10000) / 1000);
  const bai = Math.floor((n % 1000) / 100);
  const lead = (d: number) => (d === 2 ? '两' : DIGITS[d]!);
  if (n % 100 !== 0 || n <= 0 || n >= 100000) return String(n);
  if (wan > 0) {
    if (n % 10000 === 0) return `${lead(wan)}万`;
    if (n % 1000 === 0) return `${lead(wan)}万${DIGITS[qian]}`;
    return `${lead(wan)}万${qian ? `${DIGITS[qian]}千` : '零'}${DIGITS[bai]}百`;
  }
  if (qian > 0) return bai ? `${lead(qian)}千${DIGITS[bai]}` : `${lead(qian)}千`;
  return `${lead(bai)}百`;
}

/** A sum as a debtor might say it: digits or words, with or without 块. */
export function sayAmount(n: number, rng: SeededRandom): string {
  const forms = [String(n), `${n}块`, spokenChinese(n), `${spokenChinese(n)}块钱`];
  return rng.pick(forms);
}

/** A near due day as a debtor might say it, 1–8 days after the call. */
export function sayDate(at: Date, rng: SeededRandom): string {
  const day = toLocal(at, SHANGHAI).day;
  const k = 3 + rng.int(5);
  const choices = ['明天', '后天', '这周五', '下周一', '下周三'];
  choices.push(day + k <= 28 ? `${day + k}号` : `下个月${k}号`);
  return rng.pick(choices);
}

export interface PracticeAmounts {
  small: number;
  mid: number;
  full: number;
}

export function practiceAmounts(facts: Facts): PracticeAmounts {
  const balance = facts.balance ?? 20000;
  const min = facts.minimum_payment ?? Math.round(balance * 0.1);
  const small = Math.max(300, Math.round((min * 0.5) / 100) * 100);
  return { small, mid: Math.max(small + 500, Math.round(min / 100) * 100), full: balance };
}
