import { formatInZone, SHANGHAI } from '../domain/calendar';
import { type AmountMention, findAmounts } from './amount';
import type { Facts } from './contract';
import { foldSpeech } from './normalize';
import { findTimes, type TimeMention } from './when';

/**
 * The figures of a promise to pay in one debtor turn (docs/labelling-guide.md, "Promises"):
 * how much (a range's low and high end), by when (due = the deadline, due_from = the start of
 * the interval), what kind (a stated amount, the minimum payment, or the full balance) and
 * whether it is vague. Whether the turn *is* a promise is decided elsewhere.
 */
export interface PromiseFigures {
  amount: number | null;
  amount_max: number | null;
  due: string | null;
  due_from: string | null;
  kind: 'amount' | 'minimum' | 'full';
  vague: boolean;
  /** The time is loose (过两天) or the turn hedges (争取, 尽量): vague whatever else is said. */
  loose: boolean;
  amountSpan: Span | null;
  timeSpan: Span | null;
  /**
   * The turn tells of a payment already made (我还了一部分 三千 上个月25号还的, 三号那天我就转了
   * 两千五) and promises none: the figures are what was paid, not what will be.
   */
  paid: boolean;
  /**
   * The figures are said without promising them: every time is turned down or only echoed (明天？明天我
   * 哪有钱 后天也没有; 元旦前肯定不行 春节前也悬) with no figure to pay, the collector's figure is repeated to
   * decline it (让我月底还三千 那不可能的), or paying hangs on a waiver or plan (要是能把利息免了 我下周就能还五千).
   */
  refused: boolean;
  /**
   * Of `refused`, the turns that turn the figures down: every time turned down, the collector's figure
   * repeated and declined, or scorned back as a question (明天还两千？你咋不说明天还两万呢) — a refusal to
   * commit now, where the rest of `refused` (a denial, a condition, a call-back) need not be.
   */
  declined: boolean;
}

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** 最低(还款/额度/的): the card's minimum payment. Not 最低也得 ("at least"), but 三百五的最低能不能先还上. */
const MINIMUM = /(?<=[的把])最低|最低(?!也|得|要|就|都|能|限度|价|消费)/g;
/** 全部/全额/一次性还清/结清/全给你还了: the whole balance. */
const FULL =
  /全部|全额|一次性(?:还清|结清|付清|还完|还|付|交)?|结清|全(?:都)?(?:给你们?|给您)?(?:还(?![有是在没不])|打过去|转过去|结|清)|还清|清了|清掉/g;
/** A kind word right after a negation is not promised: 没法全部还, 不能一次性. */
const NEGATED_BEFORE =
  /(?:不|没|没有|无法|没法|没办法|不能|不可能|做不到|不说|不谈|不提|不管|别说)(?:一下子|一下|一次|马上|立马|立刻|都)?\s*$/;
/**
 * 一次性 alone says "in one go": with a figure said that is not the balance (本金九千八，下周一我
 * 一次性打过去) the figure is the amount; with no figure, or the balance itself, it is the whole
 * balance. 一次性还清/结清 are full.
 */
const ONE_GO = /^一次性(?:还|付|交)?$/;
/** 本金全打过去 / 我那部分全还了: 全 over a part of the debt. */
const PART_BEFORE = /(?:本金|利息|部分|那份|这份)[^，,。！!？?；;\s]{0,2}$/;
/** A full word after a later-instalment word: 先还四千 再下个月把尾巴清掉 promises the 四千. */
const LATER_BETWEEN = /再|然后|之后|以后|剩下|剩余|余下|尾巴|尾款/;
/** …or right before one: 最低两千一百三我拿不出来, 全部的真还不了, 最低那个我就不还了. */
const REFUSED_AFTER =
  /^[^，,。！!？?；;\s]{0,10}?(?:拿不出|还不了|还不上|还不起|不还|不交|不付|做不到|没法|没有钱|凑不齐|不行)/;

/** Hedges that make any stated time loose (guide: 过两天, 尽快, 争取, 差不多, 看情况). */
const HEDGE = /争取|尽量|差不多|看情况|尽快|尽早|说不准|不一定|看看能不能/;

/** Verbs that tie a figure or a time to paying, as opposed to a balance read back. */
const PAY_BEFORE =
  /(?:還|转|轉|打|凑|付|交|存|给(?![我他她家房孩老爸妈儿女朋])|給|先|再|补|充|缴|拿|把|挤|腾)(?:[^，,。！!？?；;\s]{0,4}|[^，,。！!？?；;\s]{0,3}\s)$/;
/**
 * 还 is the verb of repaying itself; 还有 (still have) is not. A pause after the verb ends its
 * clause (五百我现在就还 月底那一千): the verb reaches a figure only across one space before it.
 */
const REPAY_BEFORE = /还(?!有|是|在|要|得|没)(?:[^，,。！!？?；;\s]{0,4}|[^，,。！!？?；;\s]{0,3}\s)$/;
const BALANCE_BEFORE =
  /(?:欠|欠款|总共|一共|总额|余额|账单|本金是|利息|滞纳金|违约金|全部是|才|都|说|是|一个月|一天|每天|一小时|月薪|日薪|时薪|工资|收入|赚|挣)[^，,。！!？?；;]{0,3}$/;
/** A payment already made: 刚还了三千, 上个月还过八千, 已经还了两千 (not 一早就转: first thing). */
const PAID_BEFORE =
  /(?:刚|已经|上次|昨天|前天|上个月|上礼拜|上周|(?<![一大清])早就)[^，,。！!？?；;]{0,4}(?:还|转|打|付|交)(?:了|过)?[^，,。！!？?；;]{0,2}$|(?:还|转|打|付|交)过(?!去|来)[^，,。！!？?；;]{0,2}$/;
const PAY_AFTER =
  /^[^，,。！!？?；;]{0,8}?(?:还|還|转|轉|打|凑|付|交|处理|给你|给您|给[0-9０-９一二两三四五六七八九十]|存|补|结清|弄|办|搞定)/;
const REFUSAL_AFTER =
  /^[^，,。！!？?；;]{0,3}(?:没钱|没有钱|哪有钱|哪来的?钱|不行|不可能|还不了|还不上|(?<!能)不能|没法|没办法|够呛|困难|悬|也没有(?!问题))/;
/** 下礼拜三才发: the money comes only then; a later time of paying is likelier, but this one stands. */
const LATE_AFTER = /^[^，,。！!？?；;]{0,3}(?:才到|才结|才发|才有|才能)/;
/** 提成下个月初发, 这两天发钱: the day money comes in, when no pay verb follows it. */
const INCOME_AFTER =
  /^(?:我们?|俺|他们?)?(?:工资|钱|提成|奖金|货款|款)?(?:就|才)?(?:发|到账|下来|结算|回款|出粮)/;
/** 年中就关门了, 上个月住院: the time of a hardship told, not of a payment. */
const HARDSHIP_AFTER =
  /^[^，,。！!？?；;\s]{0,4}?(?:关门|倒闭|破产|停工|停产|裁员|失业|下岗|辞职|出事|住院|生病|病了|离婚|被骗|黄了|垮了|关了|在医院|躺(?:在|着)|做手术|动手术)/;
/** 不是今天: a time said only to be ruled out. */
const NEGATED_TIME = /(?:不是|并不是)\s*$/;
/** 月初也就是下礼拜: a restatement explains the time before it and does not replace it. */
const RESTATED_TIME = /(?:也就是|就是说|也即|即)\s*$/;
/** 国庆完了, 发工资以后: after a time is no deadline of its own. */
const AFTER_TIME = /^(?:完了|过了|过完|过后|以后|之后)/;
/** A clause that picks up the one before it: 到时候先还五百, 结了我先还五千, 发了先还一千五. */
const BACK_REFERENCE =
  /^(?:到时候?|那时候?|到那时候?|那天|当天|[^，,。！!？?；;\s]{0,4}?(?:发|结|到|有|拿到|回来|下来|出来|到账)了)/;
/** What may stand beside a time in a clause that says only the time: 今个礼拜六，… */
const TIME_FILLER = /^(?:吧|啊|呢|嘛|呀|哦|哈|嗯|的时候|那天|那会儿?|就|我|俺|是|了|也)*$/;
/** A later instalment: 下个月再还五百, 剩下的月底还. */
const LATER_BEFORE = /(?:再|然后|剩下|剩余|余下)[^，,。！!？?；;\s]{0,4}$/;
/** A first or immediate payment: 先还五百, 五百我现在就还. */
const FIRST_NEAR = /先[^，,。！!？?；;\s]{0,3}$/;
/** A hedge said right after a figure weakens that figure only: 月底那一千 我尽量吧. */
const HEDGE_AFTER = /^[^，,。！!？?；;]{0,8}?(?:争取|尽量|看看|说不准|不一定|不敢|试试)/;
/** 不对 / 算了 / 那就: what follows replaces what was said before. */
const CORRECTION = /不对|算了|那就/g;
/** 三千凑不齐的, 五千拿不出来, 一千五我真的整不出来: the figure is out of reach (not 三千没有问题). */
const FIGURE_REFUSED_AFTER =
  /^[^，,。！!？?；;\s]{0,4}?(?:凑不齐|凑不够|凑不出|拿不出|整不出|弄不出|搞不出|掏不出|还不了|还不上|还不起|付不起|给不了|不可能|不太可能|没有(?!问题)|没那么多)/;
const PAST_AFTER = /^[^，,。！!？?；;]{0,4}(?:已经|刚刚?|(?:还|转|打|付)过(?!去|来)|还了一|不是还了)/;
const NOW_WORD = /(?:马上|立刻|立马|现在就|这就)$/;

/**
 * A pay verb marked as done: 还了, 转过, 存了, 还清了, 已经还, 打过去了 (not 还了就 …, 转过去, 别再打了).
 * 打 counts only before a figure or 款/钱: 打了两千.
 */
const PAST_PAY =
  /(?:还|還|转|轉|付|交|存)(?:了|过)(?!去|来|就|再|以后|之后|后|给)|(?:还|還|结|結)清(?:了|过)(?!就|再|以后|之后|后)|打(?:了|过)(?=\s*(?:[0-9０-９一二两三四五六七八九十]|款|钱))|(?:转|轉|打)过去了|已经[^，,。！!？?；;\s]{0,4}(?:还|還|转|轉|打|付|交|存)/g;
/**
 * …or told with 的 after the when or how: 二十号还的, 手机银行转的 (not 会还的: a promise, nor 还款的事:
 * the repayment as a topic).
 */
const PAST_DE =
  /(?:还|還|转|轉|付|交|存)(?:款|账)?的(?!话|时候|钱|事|问题|情况|方案|计划|安排|日期|日子|时间|金额|能力|压力|途径|方式|办法)/g;
/** A modal before 的 makes it an assurance: 我会还的, 肯定还的. */
const MODAL_BEFORE = /(?:会|要|肯定|一定|保证|绝对|能|得|都)[^，,。！!？?；;\s]{0,4}$/;
/** A payment still to come: 再转两千, 我就去还, 先还, 会还, 先六百 (the verb not marked 了/过/的: 先还了三千 is done). */
const FUTURE_PAY =
  /(?:再|会|要|先|准备|打算|马上|立马|立刻|争取|尽量|去|就|能|可以|得|一定|肯定|保证)[^，,。！!？?；;\s]{0,6}?(?:还|還|转|轉|打|付|交|存|凑|补|结清|处理)(?![了过的]|清[了过]|有|是|在|没|不|欠|剩)|(?:先|再)[^，,。！!？?；;\s了过]{0,2}?(?:[0-9０-９]|[一二两三四五六七八九十][百千万])/;
/**
 * 了 that completes a payment to come, unless a past date is said: 把最低的还了, 去镇上顺路就还了
 * (but 上个月我把三千还了 is done).
 */
const PLANNED_DONE =
  /把[^，,。！!？?；;\s]{0,14}?(?:还|還|转|轉|付|交|存|补)|去[^，,。！!？?；;\s]{0,6}?(?:还|還|转|轉|付|交|存)/;
/** Paying after something else happens: 发了工资就还了, 等他回款再转. */
const CONDITION = /(?:发了|到了|有了|拿到|结了|等)[^，,。！!？?；;]{0,8}?(?:就|再)/;
/** Dates the forward rule reads ahead though they may be past (十号, 周五): no sign of a future. */
const BARE_DAY =
  /^(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[号號日]$|^(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]$/;

/** The turn tells of a payment made and of none to come. */
function tellsPaid(text: string, times: TimeMention[], ref: Date): boolean {
  const now = ref.getTime();
  const today = dayStart(ref);
  // 明天还了给你发短信 / 今晚十一点前转你八百: a time still ahead (not a bare 十号, which the forward
  // rule reads ahead anyway) makes 了 a completion to come.
  const ahead = times.some((t) => {
    if (t.from === null || t.to === null || BARE_DAY.test(t.text)) return false;
    if ((t.deadline ? t.to.getTime() : t.from.getTime()) > now) return true;
    return t.from.getTime() >= today && !/^[今这本]/.test(t.text);
  });
  if (ahead) return false;
  let past = false;
  PAST_PAY.lastIndex = 0;
  if (PAST_PAY.test(text)) past = true;
  PAST_DE.lastIndex = 0;
  for (let m = PAST_DE.exec(text); m && !past; m = PAST_DE.exec(text)) {
    if (!MODAL_BEFORE.test(clauseBefore(text, m.index, 8))) past = true;
  }
  if (!past || FUTURE_PAY.test(text) || CONDITION.test(text)) return false;
  const behind = times.some((t) => t.to !== null && t.to.getTime() < today);
  return behind || !PLANNED_DONE.test(text);
}

/** Start of the reference's day in Asia/Shanghai (UTC+8, no daylight saving), as epoch ms. */
function dayStart(ref: Date): number {
  const shift = 8 * 3_600_000;
  return Math.floor((ref.getTime() + shift) / 86_400_000) * 86_400_000 - shift;
}

function clauseBefore(text: string, at: number, width: number): string {
  return text.slice(Math.max(0, at - width), at);
}

/** Clauses of a turn: runs between punctuation or spaces (ASR text marks pauses with spaces). */
interface Clause {
  start: number;
  end: number;
}

function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  const re = /[^，,。！!？?；;\s…]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

function clauseAt(clauses: Clause[], at: number): number {
  return clauses.findIndex((c) => at >= c.start && at < c.end);
}

/** No clause punctuation between two spans (spaces are allowed: 这礼拜之内 三千). */
function sameSentence(text: string, a: number, b: number): boolean {
  return !/[，,。！!？?；;]/.test(text.slice(Math.min(a, b), Math.max(a, b)));
}

/**
 * The times that govern the clause of the figure: those in the same clause, else those of a
 * clause before it that says only the time (今个礼拜六，我去银行还一千) or that the figure's clause
 * picks up (下周五有个客户答应结账，结了我先还五千 / 我十五号发工资 到时候先还五百).
 */
function governingTimes(text: string, times: TimeMention[], amount: AmountMention | null): Set<TimeMention> {
  const out = new Set<TimeMention>();
  if (!amount) return out;
  const clauses = clausesOf(text);
  let ci = clauseAt(clauses, amount.start);
  for (let step = 0; ci >= 0 && step < 3; step++) {
    const c = clauses[ci]!;
    const inside = times.filter((t) => t.start < c.end && t.end > c.start);
    if (inside.length > 0) {
      for (const t of inside) out.add(t);
      return out;
    }
    const prev = clauses[ci - 1];
    if (!prev) return out;
    const prevTimes = times.filter((t) => t.start < prev.end && t.end > prev.start);
    let rest = text.slice(prev.start, prev.end);
    for (const t of [...prevTimes].reverse())
      rest = rest.slice(0, Math.max(0, t.start - prev.start)) + rest.slice(Math.max(0, t.end - prev.start));
    const timeOnly = prevTimes.length > 0 && TIME_FILLER.test(rest);
    if (!timeOnly && !BACK_REFERENCE.test(text.slice(c.start, c.end))) return out;
    ci -= 1;
  }
  return out;
}

function tiedToPaying(text: string, a: AmountMention): boolean {
  const before = clauseBefore(text, a.start, 10);
  return REPAY_BEFORE.test(before) || PAY_BEFORE.test(before);
}

/** The figure to be paid: tied to a pay verb, not a balance read back or a payment already made. */
function pickAmount(
  text: string,
  amounts: AmountMention[],
  times: TimeMention[],
  settledFrom = Number.POSITIVE_INFINITY,
): AmountMention | null {
  let best: AmountMention | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  const yuan = amounts.filter((a) => a.currency === 'CNY');
  // 三千 不对不对 两千五: the figures said after a correction replace those before it.
  const settled = yuan.filter((a) => a.start >= settledFrom);
  const candidates = settled.length > 0 ? settled : yuan;
  const firstSaid = candidates.some((a) => FIRST_NEAR.test(clauseBefore(text, a.start, 10)));
  for (const a of candidates) {
    const before = clauseBefore(text, a.start, 10);
    if (PAID_BEFORE.test(before)) continue;
    let score = 0;
    const repay = REPAY_BEFORE.exec(before);
    if (repay) score += 3;
    else if (PAY_BEFORE.test(before)) score += 2;
    // 一个月还个五六百: a balance word before the 还 does not outweigh the 还 right before the figure.
    const balance = BALANCE_BEFORE.exec(before);
    if (balance && !(repay && repay.index > balance.index)) score -= 2;
    if (candidates.length > 1) {
      // 到时候先还五百 … 下个月再还五百: the first payment is the promise, the later one a plan.
      if (FIRST_NEAR.test(before)) score += 1;
      else if (LATER_BEFORE.test(before) && firstSaid) score -= 1;
      // 五百我现在就还 月底那一千 我尽量吧: the firm figure over the hedged one.
      if (HEDGE_AFTER.test(text.slice(a.end, a.end + 12))) score -= 2;
    }
    // 两千五 三千凑不齐的: a figure said to be out of reach is not the one promised.
    if (FIGURE_REFUSED_AFTER.test(text.slice(a.end, a.end + 8))) score -= 3;
    // 一千我明天下午三点前转过去: a figure next to a time is the one being scheduled.
    for (const t of times) {
      if (t.to !== null && (Math.abs(a.start - t.end) <= 2 || Math.abs(t.start - a.end) <= 2)) {
        score += 1;
        break;
      }
    }
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

/** A week, month or year that only frames a finer time said after it. */
const COARSE: ReadonlySet<string> = new Set(['week', 'month', 'year']);

/**
 * 这个月工资十号发: 这个月 only says which month 十号 is in. A week, month or year followed in the
 * same clause, a few characters on, by a finer time that falls inside it is that time's frame, not a
 * time of its own.
 */
function withoutFrames(text: string, times: TimeMention[]): TimeMention[] {
  return times.filter(
    (t) =>
      !(
        t.grain !== null &&
        COARSE.has(t.grain) &&
        t.from !== null &&
        t.to !== null &&
        times.some(
          (u) =>
            u !== t &&
            u.start >= t.end &&
            u.start - t.end <= 4 &&
            u.grain !== null &&
            !COARSE.has(u.grain) &&
            u.from !== null &&
            u.to !== null &&
            u.from.getTime() >= t.from!.getTime() &&
            u.to.getTime() <= t.to!.getTime() &&
            sameSentence(text, t.end, u.start),
        )
      ),
  );
}

/**
 * 这个月够呛 … / 不是今天 / 明天？(the collector's time echoed) / 明天我还在医院: a time refused, ruled out
 * (by a hardship too) or only repeated as a question is not the time of paying.
 */
function turnedDown(text: string, t: TimeMention): boolean {
  return (
    REFUSAL_AFTER.test(text.slice(t.end, t.end + 12)) ||
    NEGATED_TIME.test(text.slice(0, t.start)) ||
    /^\s*[？?]/.test(text.slice(t.end, t.end + 2)) ||
    // 明天我还在医院躺着呢: a hardship at that time rules it out
    HARDSHIP_AFTER.test(text.slice(t.end, t.end + 12))
  );
}

/** The time of paying: not a past date, not the day money arrives, near the amount if any. */
function pickTime(
  text: string,
  times: TimeMention[],
  ref: Date,
  amount: AmountMention | null,
  settledFrom: number,
): TimeMention | null {
  const usable = times.filter(
    (t) => !turnedDown(text, t) && !HARDSHIP_AFTER.test(text.slice(t.end, t.end + 12)),
  );
  const resolved = usable.filter((t) => t.to !== null);
  const pool = withoutFrames(text, resolved.length > 0 ? resolved : usable);
  const governing = governingTimes(text, pool, amount);
  let best: TimeMention | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const t of pool) {
    const after = text.slice(t.end, t.end + 12);
    let score = 0;
    const payAfter = PAY_AFTER.test(after);
    if (payAfter) score += 2;
    if (REFUSAL_AFTER.test(after) || PAST_AFTER.test(after)) score -= 3;
    if (LATE_AFTER.test(after)) score -= 2;
    else if (!payAfter && INCOME_AFTER.test(after)) score -= 2;
    if (AFTER_TIME.test(after)) score -= 2;
    if (RESTATED_TIME.test(text.slice(Math.max(0, t.start - 4), t.start))) score -= 3;
    if (t.to !== null && t.to.getTime() < ref.getTime()) score -= 4;
    // 10号工资一到马上还: 马上 is counted from the payday, not from now.
    // 五百我现在就还 月底那一千: unless 现在 (not 马上, which may count from a payday) alone
    // governs the figure's clause.
    const nowGoverns = governing.has(t) && governing.size === 1 && /现在|这就/.test(t.text);
    if (NOW_WORD.test(t.text) && pool.length > 1 && !nowGoverns) score -= 5;
    if (t.start >= settledFrom) score += 3;
    if (governing.has(t) && (!NOW_WORD.test(t.text) || nowGoverns)) score += 3;
    if (
      amount &&
      (Math.abs(amount.start - t.end) <= 3 || Math.abs(t.start - amount.end) <= 3) &&
      sameSentence(text, amount.start, t.start)
    )
      score += 2;
    // A day (or finer) says more than a week, month or year: 月底 over 这个月.
    if (t.grain !== 'week' && t.grain !== 'month' && t.grain !== 'year') score += 1;
    // Ties go to the first mention: later ones are usually asides (你三点以后查).
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

type Kind = 'amount' | 'minimum' | 'full';

/** 最低 / 全部 said as what will be paid: not negated, refused or only read back. */
function kindWords(text: string, re: RegExp): { at: number; word: string }[] {
  const hits: { at: number; word: string }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 14);
    if (NEGATED_BEFORE.test(clauseBefore(text, m.index, 8))) continue;
    if (REFUSED_AFTER.test(after)) continue;
    hits.push({ at: m.index, word: m[0] });
  }
  return hits;
}

function kindOf(
  text: string,
  paid: AmountMention | null,
  facts: Facts | undefined,
  offer = false,
): Kind | null {
  // A collector proposes a kind only with a pay verb beside it (先把最低七百还上), not when reading
  // it back (三千九 最低三百九 你这个月能还多少).
  const offered = (h: { at: number; word: string }) => {
    if (!offer) return true;
    if (reported(text, h.at)) return false;
    const clause = clauseAround(text, h.at, h.at + h.word.length);
    return PAY_IN_CLAUSE.test(clause.replace(h.word, '')) || /结清|还清|付清|还完|全还/.test(h.word);
  };
  const full = kindWords(text, FULL)
    .filter(offered)
    .filter((h) => !(paid && ONE_GO.test(h.word) && paid.min !== facts?.balance))
    // 把本金全打过去: all of a part named before 全, not the whole balance.
    .filter((h) => !(/^全(?!部|额)/.test(h.word) && PART_BEFORE.test(clauseBefore(text, h.at, 6))))
    .filter((h) => !(paid && paid.end <= h.at && LATER_BETWEEN.test(text.slice(paid.end, h.at))))
    .map((h) => h.at);
  let minimum = kindWords(text, MINIMUM)
    .filter(offered)
    .map((h) => h.at);
  // 最低六百六是吧 我8号直接还六千六 / 你说最低一千二我只能还八百: another figure is paid.
  // 一千六 那我支付宝里就有 行吧 明天先还最低: a figure said before, and not paid, is no rival.
  minimum = minimum.filter((at) => {
    if (!paid || paid.min === facts?.minimum_payment) return true;
    if (paid.end <= at) return !tiedToPaying(text, paid);
    const gap = text.slice(at + 2, paid.start);
    return paid.start >= at && /^[的那个是\s]{0,3}$/.test(gap);
  });
  if (full.length > 0 && minimum.length > 0) return full[0]! < minimum[0]! ? 'full' : 'minimum';
  if (full.length > 0) return 'full';
  if (minimum.length > 0) return 'minimum';
  return null;
}

/**
 * Amount, due date, kind and vagueness of what the turn says, or null when it names neither an
 * amount, nor a time, nor a kind. `ref` is the turn's time (resolution is in Asia/Shanghai).
 */
export function promiseFigures(text: string, ref: Date, facts?: Facts): PromiseFigures | null {
  return figuresOf(text, ref, facts, false);
}

/**
 * What a collector's turn proposes the debtor pay (guide: "a collector's proposal the debtor only
 * agrees to"): a minimum, the full balance, or a figure tied to paying (先还一千三, 把最低七百还上,
 * 剩下那一千呢), with the time said with it. Balances read back (您一共欠一万二, 三千九 最低三百九),
 * payments made and questions of how much (你这个月能还多少) propose nothing: null.
 */
export function proposalFigures(text: string, ref: Date, facts?: Facts): PromiseFigures | null {
  const fig = figuresOf(text, ref, facts, true);
  if (!fig || fig.paid || (fig.kind === 'amount' && fig.amount === null && fig.due === null)) return null;
  return fig;
}

/** 多少 / 什么时候: the collector asks, and proposes nothing by it. */
const ASKS = /多少|哪天|几号|什么时候|啥时候|何时/;
/** A pay verb (还款 is the noun of 最低还款一千三, a read-back). */
const PAY_IN_CLAUSE = /还(?!有|是|在|没|欠|剩|款)|還|转|轉|打|付|交|存|凑|补|处理|结清|缴/;
/** 上礼拜你说这礼拜把最低一千九还上: the debtor's own words quoted back are no new proposal. */
const REPORTED = /(?:你|您)[^，,。！!？?；;\s]{0,6}?(?:说(?!了算)|讲|答应|保证)|说好/;
/** 最低还款一千三: the minimum's figure goes with the minimum, proposed or not. */
const MINIMUM_FIGURE_BEFORE = /最低(?:还款额?|额度)?(?:是|为|的)?\s*$/;
/** 剩下那一千呢: the remainder asked about is the figure to be paid next. */
const REMAINDER_BEFORE = /(?:剩下|剩余|余下)(?:的|那|这)?\s*$/;

/** The clause (between punctuation or pauses) around [start, end). */
function clauseAround(text: string, start: number, end: number): string {
  return text.slice(clauseStart(text, start), clauseEnd(text, end));
}

function offeredAmount(text: string, a: AmountMention): boolean {
  if (ASKS.test(clauseAround(text, a.start, a.end)) || reported(text, a.start)) return false;
  if (MINIMUM_FIGURE_BEFORE.test(clauseBefore(text, a.start, 6))) return false;
  return (
    tiedToPaying(text, a) ||
    PAY_AFTER.test(text.slice(a.end, clauseEnd(text, a.end))) ||
    REMAINDER_BEFORE.test(clauseBefore(text, a.start, 6))
  );
}

/**
 * 要是能把利息免了 我下周就能还五千 / 如果给我分期我就还: paying only if a waiver or a plan is granted is
 * asking for it (request_plan, the guide), not a promise — unless the condition is that it is refused
 * (如果减免不了 我月底也还三千).
 */
const HYPOTHETICAL =
  /(?:如果|要是|假如|假设|只要|若是)[^。！!？?；;]{0,10}?(?:减免|免了|免掉|免除|分期|停息|挂账|打折|少还|利息|违约金|罚息|延期)(?![^，,。！!？?；;\s]{0,4}(?:不了|不下来|不批|没批|不行|不成))/;

/**
 * 要是能借到钱 我就先还一部分 / 你要是能保证不上征信 我明天就还两千 / 减免下来我就月底全还了: paying that
 * hangs on the debtor's luck is 有钱就还 (stalling, the guide), on the collector's or the bank's say-so
 * asking for it (request_plan) — neither a promise.
 */
const CONDITIONAL =
  /(?:如果|要是|假如|假设|只要|若是|等)[^。！!？?；;]{0,8}?(?:借到|借得到|借着钱|凑到|凑得到|凑够|凑齐|有钱|手头宽裕)|(?:如果|要是|假如|假设|只要|若是)[^。！!？?；;]{0,10}?(?:保证|不上(?:征信|正信|争信)|不再打|别再打|同意|答应|批下来|批了)|(?:减免|分期|停息|挂账|方案)批?下来了?[^，,。！!？?；;\s]{0,3}就/;

/**
 * 我可没说过明天还两千 / 上回你们同事让我月底还两千，我可没答应 / 我啥时候答应过你月底还: the debtor denies
 * the promise the figures come from (not 我没说不还: denying a refusal).
 */
const DENIED =
  /(?:我|俺)(?:可|也|从来|根本|压根儿?|就|都)?(?:没有?|不曾)(?:说过?|讲过?|答应|同意|承诺|保证)过?(?![^，,。！!？?；;\s]{0,2}不)|(?:啥时候|什么时候|几时|哪天|谁)(?:跟你|跟您|和你)?(?:说过|答应过?|同意过?|承诺过?|保证过?)(?![^，,。！!？?；;\s]{0,2}不)|别(?:乱|瞎)(?:记|写)/;

/** 我说的是 / 我是说: the denial is followed by what was said. */
const SAID_INSTEAD = /我(?:说的是|是说|的意思是|只说)/;

/**
 * 三千？我三百都拿不出来 / 明天还？我拿什么还: the collector's demand said back as a question, and scorned
 * or ruled out after it.
 */
const SCORN =
  /拿什么|哪有|哪来|上哪|咋不|怎么不|做梦|开玩笑|不可能|没钱|没有钱|还不上|还不起|拿不出|凑不齐|别想|想得美|都没有|都拿不/;

/** 晚上八点我给你回个话: a call-back or a reply is what the time is for, not money. */
const CALL_BACK =
  /回(?:个|你|您)?(?:电话|话|信儿?|复)|答复|给(?:你|您)(?:个)?(?:准信儿?|信儿|回话|回复|答复)|再(?:联系|打给)(?:你|您)/g;
/** Paying, with no call-back in it: the words that make a time the time of paying. */
const PAYING = /还|转|存|交|凑|付|结清|清了|打(?:钱|款|过去|进去|到卡)/;

/** Whether a promise the figures would make is denied, hangs on a condition, or is a call-back. */
function promisesNothing(text: string, amount: AmountMention | null): boolean {
  const denied = DENIED.exec(text);
  // 我没说还了啊 我说的是后天还: what the debtor did say follows the denial
  if (denied && !SAID_INSTEAD.test(text.slice(denied.index))) return true;
  if (CONDITIONAL.test(text)) return true;
  return amount === null && text.search(CALL_BACK) >= 0 && !PAYING.test(text.replace(CALL_BACK, ''));
}

/** A figure's clause ends in a question and what follows scorns or rules it out (三千？我三百都拿不出来). */
function scorned(text: string, figures: readonly { end: number }[]): boolean {
  return figures.some((x) => {
    const end = clauseEnd(text, x.end);
    return /^[？?]/.test(text.slice(end, end + 1)) && SCORN.test(text.slice(end + 1));
  });
}

/** 让我月底还三千 / 你说下周三还五千: the clause repeats what the collector asks for. */
const ECHO_BEFORE = /(?:你|您)们?(?:说|讲|要|让|叫)|让我|要我|叫我/;
/** …and what follows declines it, or leaves it undecided. */
const DECLINE_AFTER =
  /不可能|不行|做不到|办不到|定不了|没办法|没法|哪来|哪有|商量|考虑考虑|再说|没答应|没同意|不答应/;

/**
 * 让我月底还三千 那不可能的 / 你说下周三还五千 我得回去跟我老婆商量商量: the figure and the time are the
 * collector's, repeated, and declined or left open after them — no promise of the debtor's.
 */
function declinedEcho(text: string, amount: AmountMention | null, time: TimeMention | null): boolean {
  const said = [amount, time].filter((x) => x !== null);
  if (said.length === 0) return false;
  const echoed = (x: { start: number }) => ECHO_BEFORE.test(text.slice(clauseStart(text, x.start), x.start));
  if (!said.every(echoed)) return false;
  const last = Math.max(...said.map((x) => x.end));
  return DECLINE_AFTER.test(text.slice(last));
}

/** The clause around `at` quotes what the debtor said before (你说…, 您二十号说的…, 说好的…). */
function reported(text: string, at: number): boolean {
  return REPORTED.test(clauseAround(text, at, at));
}

function clauseStart(text: string, at: number): number {
  let a = at;
  while (a > 0 && !/[，,。！!？?；;：:\s]/.test(text[a - 1]!)) a--;
  return a;
}

function clauseEnd(text: string, at: number): number {
  let b = at;
  while (b < text.length && !/[，,。！!？?；;：:\s]/.test(text[b]!)) b++;
  return b;
}

function figuresOf(said: string, ref: Date, facts: Facts | undefined, offer: boolean): PromiseFigures | null {
  // ASR slips put right (还最滴 → 还最低) and dialect in Mandarin (还咗 → 还了); the same length, so
  // spans point into what was said
  const text = foldSpeech(said);
  const span = (m: { start: number; end: number }): Span => ({
    start: m.start,
    end: m.end,
    text: said.slice(m.start, m.end),
  });
  let times = findTimes(text, ref);
  let amounts = findAmounts(text, { times });
  if (offer) {
    amounts = amounts.filter((a) => offeredAmount(text, a));
    times = times.filter((t) => !reported(text, t.start));
  }
  let settledFrom = Number.POSITIVE_INFINITY;
  CORRECTION.lastIndex = 0;
  for (let m = CORRECTION.exec(text); m; m = CORRECTION.exec(text)) settledFrom = m.index;
  const picked = pickAmount(text, amounts, times, settledFrom);
  let kindWord = kindOf(text, picked, facts, offer);
  if (amounts.length === 0 && times.length === 0 && !kindWord) return null;
  if (offer && !picked && !kindWord) {
    // A time alone is proposed only with a pay verb after it, outside a question (明天能还上吗).
    const tied = times.filter((t) => {
      const clause = clauseAround(text, t.start, t.end);
      return PAY_IN_CLAUSE.test(text.slice(t.end, clauseEnd(text, t.end))) && !ASKS.test(clause);
    });
    if (tied.length === 0) return null;
    kindWord = null;
  }

  const kind: Kind = kindWord ?? 'amount';
  let amount: number | null = null;
  let amountMax: number | null = null;
  if (kind === 'minimum' && facts?.minimum_payment !== undefined) amount = amountMax = facts.minimum_payment;
  else if (kind === 'full' && facts?.balance !== undefined) amount = amountMax = facts.balance;
  else if (picked && (kind === 'amount' || !offer)) {
    amount = picked.min;
    amountMax = picked.max;
  }

  const t = pickTime(text, times, ref, picked, settledFrom);
  const due = t?.to ? formatInZone(t.to, SHANGHAI) : null;
  const dueFrom = t?.from ? formatInZone(t.from, SHANGHAI) : null;
  // A hedge taken back (三千五差不多，不对，就三千五) no longer counts, nor one said of a later
  // figure than the one promised (五百我现在就还 月底那一千 我尽量吧).
  const nextFigure = picked ? amounts.find((a) => a.start >= picked.end) : undefined;
  const hedgeFrom = Number.isFinite(settledFrom) ? settledFrom : 0;
  const hedged = HEDGE.test(text.slice(hedgeFrom, nextFigure ? nextFigure.start : text.length));
  const loose = (t?.vague ?? false) || hedged;
  const vague = (kind === 'amount' && amount === null) || due === null || loose;

  const declined =
    (times.length > 0 && picked === null && kindWord === null && times.every((x) => turnedDown(text, x))) ||
    (!offer && (declinedEcho(text, picked, t) || scorned(text, [...times, ...amounts])));
  return {
    amount,
    amount_max: amountMax,
    due,
    due_from: dueFrom,
    kind,
    vague,
    loose,
    amountSpan: picked ? span(picked) : null,
    timeSpan: t ? span(t) : null,
    paid: tellsPaid(text, times, ref),
    refused: declined || (!offer && (HYPOTHETICAL.test(text) || promisesNothing(text, picked))),
    declined,
  };
}
