/**
 * Length-preserving normalisation: every output character stands at the same index as its
 * source character, so evidence spans found on the normalised text point at the original.
 * Full-width ASCII → half-width, upper → lower, common ASR homophone slips of collection
 * vocabulary → the intended word, and the function words of the dialects collectors and debtors
 * speak (Cantonese, Wu, Sichuan, Henan/Shandong) → their Mandarin equivalents (same length by
 * construction), so that what the model learns of Mandarin — a negation, a reassurance, a pronoun —
 * carries over to the same sentence said in dialect.
 */

/** Same-length ASR slips seen in collection calls. Each maps to the word the speaker meant. */
const SLIPS: ReadonlyArray<readonly [string, string]> = [
  ['正信', '征信'],
  ['争信', '征信'],
  ['证信', '征信'],
  ['征性', '征信'],
  ['整信', '征信'],
  ['预期还', '逾期还'],
  ['预期了', '逾期了'],
  ['预期的', '逾期的'],
  ['预期天', '逾期天'],
  ['已经预期', '已经逾期'],
  ['分机还', '分期还'],
  ['分机付', '分期付'],
  ['办分机', '办分期'],
  ['个分机', '个分期'],
  ['检免', '减免'],
  ['减勉', '减免'],
  ['简免', '减免'],
  ['利西', '利息'],
  ['公号', '工号'],
  ['功号', '工号'],
  ['迎行', '银行'],
  ['头诉', '投诉'],
  ['投素', '投诉'],
  ['环款', '还款'],
  ['还宽', '还款'],
  ['起素', '起诉'],
  ['起速', '起诉'],
  ['欠宽', '欠款'],
  ['催手', '催收'],
  ['失性', '失信'],
  ['法远', '法院'],
  ['坐劳', '坐牢'],
  ['老来', '老赖'],
  ['老癞', '老赖'],
  ['通迅录', '通讯录'],
  ['通信录', '通讯录'],
  ['信用咔', '信用卡'],
  ['信用看', '信用卡'],
  ['停息挂帐', '停息挂账'],
  ['停息挂张', '停息挂账'],
  ['停西挂', '停息挂'],
  ['最滴', '最低'],
  ['七诉', '起诉'],
  ['发院', '法院'],
  ['盼决', '判决'],
  ['线高', '限高'],
  ['动结', '冻结'],
  ['做牢', '坐牢'],
  ['警查', '警察'],
  ['工安', '公安'],
  ['鱼期', '逾期'],
  ['鞋商', '协商'],
];

/**
 * Dialect function words and their Mandarin equivalents, same length. Only words with no other common
 * Mandarin reading: 系 alone (关系, 系统) and 额 (金额, 额度) are left alone; 唔 becomes 不 only before a
 * Chinese character (唔，好的 is a Mandarin "hmm"), and 唔该 is thanks.
 */
const DIALECT: ReadonlyArray<readonly [string, string]> = [
  // Cantonese
  ['唔该', '谢谢'],
  ['唔系', '不是'],
  ['唔使', '不用'],
  ['唔驶', '不用'],
  ['唔好', '不要'],
  ['冇', '没'],
  ['嘅', '的'],
  ['咗', '了'],
  ['佢', '他'],
  ['哋', '们'],
  ['畀', '给'],
  ['喺', '在'],
  ['睇', '看'],
  ['揾', '找'],
  ['嚟', '来'],
  ['啲', '些'],
  ['㗎', '的'],
  ['乜嘢', '什么'],
  ['而家', '现在'],
  ['我系', '我是'],
  ['就系', '就是'],
  ['都系', '都是'],
  // Wu
  ['侬', '你'],
  ['阿拉', '我们'],
  ['勿', '不'],
  ['覅', '别'],
  ['搿', '这'],
  ['辰光', '时候'],
  // Sichuan and the south-west
  ['莫得', '没有'],
  ['啥子', '什么'],
  ['屋头', '家里'],
  ['娃儿', '孩子'],
  ['咋个', '怎么'],
  // Henan, Shandong and the north
  ['俺', '我'],
  ['恁', '你'],
  ['咋', '怎'],
  // several
  ['晓得', '知道'],
];

const FOLD_RE = new RegExp(
  `${[...SLIPS, ...DIALECT].map(([from]) => from).join('|')}|唔(?=[\\u4e00-\\u9fa5])`,
  'g',
);
const FOLD_MAP = new Map([...SLIPS, ...DIALECT, ['唔', '不']]);

function normChar(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e)
    code -= 0xfee0; // full-width ASCII
  else if (code === 0x3000) code = 0x20;
  if (code >= 65 && code <= 90) code += 32;
  return code;
}

export function normalize(text: string): string {
  // Most turns have nothing to fold: build a new string only from the first character that changes.
  let i = 0;
  while (i < text.length && normChar(text.charCodeAt(i)) === text.charCodeAt(i)) i++;
  let base = text;
  if (i < text.length) {
    let out = text.slice(0, i);
    for (; i < text.length; i++) out += String.fromCharCode(normChar(text.charCodeAt(i)));
    base = out;
  }
  return base.replace(FOLD_RE, (m) => FOLD_MAP.get(m) ?? m);
}

/**
 * The ASR slips put right and the dialect words above said in Mandarin (还咗三千 → 还了三千, 我还侬五百 →
 * 我还你五百, 唔得 → 不得), nothing else: every fold is of the same length, so a span found in the result
 * points into what was said. What the figures of a promise read (promise-figures.ts).
 */
export function foldSpeech(text: string): string {
  return text.replace(FOLD_RE, (m) => FOLD_MAP.get(m) ?? m);
}

/** Characters that carry no n-gram signal (punctuation, spaces, fillers' marks). */
export function isSeparator(code: number): boolean {
  return (
    code <= 0x2f ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7f) ||
    (code >= 0x2000 && code <= 0x206f) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xff0f) ||
    (code >= 0xff1a && code <= 0xff20) ||
    code === 0xff5e
  );
}
