import { addDays } from '../domain/calendar';
import type { PersonaId } from '../domain/ids';
import type { Fen } from '../domain/money';
import { IdNumberSpace, mobileNumber, personName, surnameOf } from './people';
import { hash53, Rng } from './random';

/**
 * Synthetic placements: the accounts a bank hands over, with debtors, contacts and the payments
 * that came in during the placement. Amounts follow the bucket: older debts are larger on
 * average and carry more interest (daily rate 0.05%, the common card rate) and late fees.
 */

/** Placed accounts are overdue: M1 is 1–30 days, each further 30 days one bucket, M6+ from day 151. */
export const BUCKETS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6+'] as const;
export type Bucket = (typeof BUCKETS)[number];

export type RelationWord = '配偶' | '父亲' | '母亲' | '兄弟' | '姐妹' | '朋友' | '同事' | '紧急联系人';

export interface GeneratedContact {
  name: string;
  /** as a bank writes it in the file */
  relation: RelationWord;
  phone: string;
}

export interface GeneratedPayment {
  /** ISO-8601 with +08:00 */
  paidAt: string;
  amountFen: Fen;
  channel: 'bank_transfer' | 'wechat_pay' | 'alipay' | 'counter';
  /** the bank's transaction reference: unique per client */
  reference: string;
}

export interface GeneratedCase {
  index: number;
  /** the bank's case number: unique per seed */
  accountRef: string;
  product: 'credit_card' | 'consumer_loan';
  /** hidden truth for demo transcripts; not part of the placement file */
  persona: PersonaId;
  debtor: {
    name: string;
    idNumber: string;
    phone: string;
    sex: 'male' | 'female';
    birthDate: string;
  };
  account: {
    cardTail: string;
    principalFen: Fen;
    interestFen: Fen;
    feesFen: Fen;
    daysOverdue: number;
    bucket: Bucket;
    /** 1–28 */
    statementDay: number;
    /** YYYY-MM-DD */
    overdueSince: string;
  };
  contacts: GeneratedContact[];
  payments: GeneratedPayment[];
}

export interface GenerateOptions {
  seed: string;
  /** the placement day (委案日) the file is cut, YYYY-MM-DD: balances and days overdue are as of it */
  asOf: string;
  /** payments and calls fall in the days after it (default 30) */
  activityDays?: number;
}

export const DEFAULT_ACTIVITY_DAYS = 30;

const BUCKET_WEIGHTS: readonly (readonly [Bucket, number])[] = [
  ['M1', 0.24],
  ['M2', 0.18],
  ['M3', 0.16],
  ['M4', 0.11],
  ['M5', 0.09],
  ['M6+', 0.22],
];

const PAY_CHANCE: Record<PersonaId, number> = {
  guilty: 0.5,
  lucky: 0.2,
  vain: 0.2,
  dominant: 0.15,
  timid: 0.3,
  jaded: 0.05,
};

function pickPersona(rng: Rng, birthYear: number, bucket: Bucket): PersonaId {
  const young = birthYear >= 1990;
  const old = bucket === 'M5' || bucket === 'M6+';
  return rng.weighted<PersonaId>([
    ['guilty', 0.22],
    ['lucky', 0.2],
    ['vain', young ? 0.3 : 0.06],
    ['dominant', 0.14],
    ['timid', 0.14],
    ['jaded', old ? 0.3 : 0.08],
  ]);
}

function parseDay(day: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`expected YYYY-MM-DD, got "${day}"`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function dayString(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function shiftDay(day: string, n: number): string {
  return dayString(addDays(parseDay(day), n));
}

function contactsFor(rng: Rng, debtor: GeneratedCase['debtor'], age: number): GeneratedContact[] {
  const surname = surnameOf(debtor.name);
  const n = rng.weighted([
    [1, 0.25],
    [2, 0.45],
    [3, 0.3],
  ] as const);
  // Older debtors' parents are less often reachable; younger ones rarely give a colleague.
  const pool: RelationWord[] =
    age >= 50
      ? ['配偶', '兄弟', '姐妹', '朋友', '同事', '紧急联系人']
      : ['配偶', '父亲', '母亲', '兄弟', '姐妹', '朋友', '同事', '紧急联系人'];
  const out: GeneratedContact[] = [];
  const used = new Set<RelationWord>();
  while (out.length < n) {
    const relation = rng.pick(pool);
    if (used.has(relation)) continue;
    used.add(relation);
    const sex: 'male' | 'female' =
      relation === '父亲' || relation === '兄弟'
        ? 'male'
        : relation === '母亲' || relation === '姐妹'
          ? 'female'
          : relation === '配偶'
            ? debtor.sex === 'male'
              ? 'female'
              : 'male'
            : rng.chance(0.5)
              ? 'male'
              : 'female';
    const kin = relation === '父亲' || relation === '兄弟' || relation === '姐妹';
    out.push({ name: personName(rng, sex, kin ? surname : undefined), relation, phone: mobileNumber(rng) });
  }
  return out;
}

function roundFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}

/** Generates one case. Pure: the same (seed, asOf, index) always gives the same case. */
export function generateCase(
  opts: GenerateOptions,
  ids: IdNumberSpace,
  refPrefix: string,
  index: number,
): GeneratedCase {
  const rng = new Rng(opts.seed, index + 1);
  const accountRef = `${refPrefix}${String(index + 1).padStart(8, '0')}`;
  const person = ids.numberFor(index);
  const debtor = {
    name: personName(rng, person.sex),
    idNumber: person.idNumber,
    phone: mobileNumber(rng),
    sex: person.sex,
    birthDate: person.birthDate,
  };
  const asOf = parseDay(opts.asOf);
  const age = asOf.year - Number(person.birthDate.slice(0, 4));
  const bucket = rng.weighted(BUCKET_WEIGHTS);
  const b = BUCKETS.indexOf(bucket);
  const daysOverdue = bucket === 'M6+' ? rng.int(151, 720) : rng.int(b * 30 + 1, b * 30 + 30);
  const product = rng.chance(0.85) ? 'credit_card' : 'consumer_loan';
  // Log-normal principal around ¥18k, growing with the bucket; clamped to what cards allow.
  const principalYuan = Math.min(
    480_000,
    Math.max(800, 18_000 * (1 + b * 0.15) * Math.exp(0.8 * rng.normal())),
  );
  const principalFen = roundFen(principalYuan);
  const interestFen = Math.round(principalFen * 0.0005 * daysOverdue);
  const feesFen = Math.round(principalFen * 0.1 * 0.05 * Math.ceil(daysOverdue / 30));
  const persona = pickPersona(rng, Number(person.birthDate.slice(0, 4)), bucket);
  const payments: GeneratedPayment[] = [];
  if (rng.chance(PAY_CHANCE[persona])) {
    const count = rng.int(1, 3);
    const balance = principalFen + interestFen + feesFen;
    for (let k = 0; k < count; k++) {
      const after = rng.int(1, opts.activityDays ?? DEFAULT_ACTIVITY_DAYS);
      const share = 0.02 + rng.next() * 0.1;
      const amountFen = rng.chance(0.7)
        ? Math.max(100_00, Math.round((balance * share) / 100_00) * 100_00)
        : Math.round(balance * share);
      payments.push({
        paidAt: `${shiftDay(opts.asOf, after)}T${String(rng.int(8, 21)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`,
        amountFen,
        channel: rng.weighted([
          ['bank_transfer', 0.45],
          ['wechat_pay', 0.25],
          ['alipay', 0.25],
          ['counter', 0.05],
        ] as const),
        reference: '',
      });
    }
    payments.sort((x, y) => (x.paidAt < y.paidAt ? -1 : x.paidAt > y.paidAt ? 1 : 0));
    payments.forEach((p, k) => {
      p.reference = `${accountRef}-P${k + 1}`;
    });
  }
  return {
    index,
    accountRef,
    product,
    persona,
    debtor,
    account: {
      cardTail: rng.digits(4),
      principalFen,
      interestFen,
      feesFen,
      daysOverdue,
      bucket,
      statementDay: rng.int(1, 28),
      overdueSince: shiftDay(opts.asOf, -daysOverdue),
    },
    contacts: contactsFor(rng, debtor, age),
    payments,
  };
}

/** A prefix for case numbers that differs between seeds, so two generated placements never collide. */
export function refPrefixFor(seed: string): string {
  return `GC${(hash53(seed) % 1_679_616).toString(36).toUpperCase().padStart(4, '0')}-`;
}

/** Cases `from` (inclusive) to `to` (exclusive), lazily: memory stays flat at any size. */
export function* generateCases(
  opts: GenerateOptions & { count: number; from?: number },
): Generator<GeneratedCase> {
  parseDay(opts.asOf);
  const ids = new IdNumberSpace(hash53(opts.seed, 0x1d));
  if (opts.count > ids.capacity) throw new RangeError(`at most ${ids.capacity} cases per seed`);
  const prefix = refPrefixFor(opts.seed);
  for (let i = opts.from ?? 0; i < opts.count; i++) yield generateCase(opts, ids, prefix, i);
}
