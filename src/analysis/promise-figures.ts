import { formatInZone, SHANGHAI } from '../domain/calendar';
import { type AmountMention, findAmounts } from './amount';
import type { Facts } from './contract';
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
  amountSpan: Span | null;
  timeSpan: Span | null;
  /**
   * The turn tells of a payment already made (我还了一部分 三千 上个月25号还的, 三号那天我就转了
   * 两千五) and promises none: the figures are what was paid, not what will be.
   */
  paid: boolean;
}

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** 最低(还款/额度/的): the card's minimum payment. Not 最低也得 ("at least"). */
const MINIMUM = /最低(?!也|得|要|就|都|能|限度|价|消费)/g;
/** 全部/全额/一次性还清/结清: the whole balance. */
const FULL = /全部|全额|一次性(?:还清|结清|付清|还完|还|付|交)?|结清|全还|全结|全清|还清|清了|清掉/g;
/** A kind word right after a negation is not promised: 没法全部还, 不能一次性. */
const NEGATED_BEFORE = /(?:不|没|没有|无法|没法|不能|不可能|做不到)\s*$/;
/** …or right before one: 最低两千一百三我拿不出来, 全部的真还不了, 最低那个我就不还了. */
const REFUSED_AFTER =
  /^[^，,。！!？?；;\s]{0,10}?(?:拿不出|还不了|还不上|还不起|不还|不交|不付|做不到|没法|没有钱|凑不齐|不行)/;

/** Hedges that make any stated time loose (guide: 过两天, 尽快, 争取, 差不多, 看情况). */
const HEDGE = /争取|尽量|差不多|看情况|尽快|尽早|说不准|不一定|看看能不能/;

/** Verbs that tie a figure or a time to paying, as opposed to a balance read back. */
const PAY_BEFORE = /(?:還|转|轉|打|凑|付|交|存|给|給|先|再|补|充|缴|拿|把|挤|腾)[^，,。！!？?；;]{0,4}$/;
/** 还 is the verb of repaying itself; 还有 (still have) is not. */
const REPAY_BEFORE = /还(?!有|是|在|要|得|没)[^，,。！!？?；;]{0,4}$/;
const BALANCE_BEFORE =
  /(?:欠|欠款|总共|一共|总额|余额|账单|本金是|利息|滞纳金|违约金|全部是|才|都|说|是|一个月|一天|每天|一小时|月薪|日薪|时薪|工资|收入|赚|挣)[^，,。！!？?；;]{0,3}$/;
/** A payment already made: 刚还了三千, 上个月还过八千, 已经还了两千 (not 一早就转: first thing). */
const PAID_BEFORE =
  /(?:刚|已经|上次|昨天|前天|上个月|上礼拜|上周|(?<![一大清])早就)[^，,。！!？?；;]{0,4}(?:还|转|打|付|交)(?:了|过)?[^，,。！!？?；;]{0,2}$|(?:还|转|打|付|交)过(?!去|来)[^，,。！!？?；;]{0,2}$/;
const PAY_AFTER = /^[^，,。！!？?；;]{0,8}?(?:还|還|转|轉|打|凑|付|交|处理|给你|给您|存|补|结清|弄|办|搞定)/;
const REFUSAL_AFTER =
  /^[^，,。！!？?；;]{0,3}(?:没钱|没有钱|不行|不可能|还不了|还不上|不能|没法|没办法|够呛|困难|才到|才结|才发|才有|才能)/;
/** 不对 / 算了 / 那就: what follows replaces what was said before. */
const CORRECTION = /不对|算了|那就/g;
const PAST_AFTER = /^[^，,。！!？?；;]{0,4}(?:已经|刚刚?|(?:还|转|打|付)过(?!去|来)|还了一|不是还了)/;
const NOW_WORD = /(?:马上|立刻|立马|现在就|这就)$/;

/**
 * A pay verb marked as done: 还了, 转过, 存了, 已经还, 打过去了 (not 还了就 …, 转过去, 别再打了).
 * 打 counts only before a figure or 款/钱: 打了两千.
 */
const PAST_PAY =
  /(?:还|還|转|轉|付|交|存)(?:了|过)(?!去|来|就|再|以后|之后|后|给)|打(?:了|过)(?=\s*(?:[0-9０-９一二两三四五六七八九十]|款|钱))|(?:转|轉|打)过去了|已经[^，,。！!？?；;\s]{0,4}(?:还|還|转|轉|打|付|交|存)/g;
/** …or told with 的 after the when or how: 二十号还的, 手机银行转的 (not 会还的: a promise). */
const PAST_DE = /(?:还|還|转|轉|付|交|存)(?:款|账)?的(?!话|时候|钱)/g;
/** A modal before 的 makes it an assurance: 我会还的, 肯定还的. */
const MODAL_BEFORE = /(?:会|要|肯定|一定|保证|绝对|能|得|都)[^，,。！!？?；;\s]{0,4}$/;
/** A payment still to come: 再转两千, 我就去还, 先还, 会还, 先六百 (the verb not marked 了/过/的). */
const FUTURE_PAY =
  /(?:再|会|要|先|准备|打算|马上|立马|立刻|争取|尽量|去|就|能|可以|得|一定|肯定|保证)[^，,。！!？?；;\s]{0,6}?(?:还|還|转|轉|打|付|交|存|凑|补|结清|处理)(?![了过的]|有|是|在|没|不|欠|剩)|(?:先|再)[^，,。！!？?；;\s]{0,2}?(?:[0-9０-９]|[一二两三四五六七八九十][百千万])/;
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

function span(m: { start: number; end: number; text: string }): Span {
  return { start: m.start, end: m.end, text: m.text };
}

function clauseBefore(text: string, at: number, width: number): string {
  return text.slice(Math.max(0, at - width), at);
}

/** The figure to be paid: tied to a pay verb, not a balance read back or a payment already made. */
function pickAmount(text: string, amounts: AmountMention[], times: TimeMention[]): AmountMention | null {
  let best: AmountMention | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const a of amounts) {
    if (a.currency !== 'CNY') continue;
    const before = clauseBefore(text, a.start, 10);
    if (PAID_BEFORE.test(before)) continue;
    let score = 0;
    if (REPAY_BEFORE.test(before)) score += 3;
    else if (PAY_BEFORE.test(before)) score += 2;
    if (BALANCE_BEFORE.test(before)) score -= 2;
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

/** The time of paying: not a past date, not the day money arrives, near the amount if any. */
function pickTime(
  text: string,
  times: TimeMention[],
  ref: Date,
  amount: AmountMention | null,
  settledFrom: number,
): TimeMention | null {
  // 这个月够呛 …: a time refused is not the time of paying.
  const usable = times.filter((t) => !REFUSAL_AFTER.test(text.slice(t.end, t.end + 12)));
  const resolved = usable.filter((t) => t.to !== null);
  const pool = resolved.length > 0 ? resolved : usable;
  let best: TimeMention | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const t of pool) {
    const after = text.slice(t.end, t.end + 12);
    let score = 0;
    if (PAY_AFTER.test(after)) score += 2;
    if (REFUSAL_AFTER.test(after) || PAST_AFTER.test(after)) score -= 3;
    if (t.to !== null && t.to.getTime() < ref.getTime()) score -= 4;
    // 10号工资一到马上还: 马上 is counted from the payday, not from now.
    if (NOW_WORD.test(t.text) && pool.length > 1) score -= 5;
    if (t.start >= settledFrom) score += 3;
    if (amount && (Math.abs(amount.start - t.end) <= 3 || Math.abs(t.start - amount.end) <= 3)) score += 2;
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
function kindWords(text: string, re: RegExp): number[] {
  const hits: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 14);
    if (NEGATED_BEFORE.test(clauseBefore(text, m.index, 4))) continue;
    if (REFUSED_AFTER.test(after)) continue;
    hits.push(m.index);
  }
  return hits;
}

function kindOf(text: string, paid: AmountMention | null, facts: Facts | undefined): Kind | null {
  const full = kindWords(text, FULL);
  let minimum = kindWords(text, MINIMUM);
  // 最低六百六是吧 我8号直接还六千六: the minimum is read back, another figure is paid.
  // 最低六百六是吧 我8号直接还六千六 / 你说最低一千二我只能还八百: another figure is paid.
  minimum = minimum.filter((at) => {
    if (!paid || paid.min === facts?.minimum_payment) return true;
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
  const times = findTimes(text, ref);
  const amounts = findAmounts(text, { times });
  const picked = pickAmount(text, amounts, times);
  const kindWord = kindOf(text, picked, facts);
  if (amounts.length === 0 && times.length === 0 && !kindWord) return null;

  const kind: Kind = kindWord ?? 'amount';
  let amount: number | null = null;
  let amountMax: number | null = null;
  if (kind === 'minimum') amount = amountMax = facts?.minimum_payment ?? null;
  else if (kind === 'full') amount = amountMax = facts?.balance ?? null;
  else if (picked) {
    amount = picked.min;
    amountMax = picked.max;
  }

  let settledFrom = Number.POSITIVE_INFINITY;
  CORRECTION.lastIndex = 0;
  for (let m = CORRECTION.exec(text); m; m = CORRECTION.exec(text)) settledFrom = m.index;
  const t = pickTime(text, times, ref, picked, settledFrom);
  const due = t?.to ? formatInZone(t.to, SHANGHAI) : null;
  const dueFrom = t?.from ? formatInZone(t.from, SHANGHAI) : null;
  // A hedge taken back (三千五差不多，不对，就三千五) no longer counts.
  const hedged = HEDGE.test(Number.isFinite(settledFrom) ? text.slice(settledFrom) : text);
  const vague = (kind === 'amount' && amount === null) || due === null || (t?.vague ?? false) || hedged;

  return {
    amount,
    amount_max: amountMax,
    due,
    due_from: dueFrom,
    kind,
    vague,
    amountSpan: picked ? span(picked) : null,
    timeSpan: t ? span(t) : null,
    paid: tellsPaid(text, times, ref),
  };
}
