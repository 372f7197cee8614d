import { assertTimeZone, daysInMonth } from '../domain/calendar';
import { ID_NUMBER_PROBLEMS, parseIdNumber } from '../domain/id-number';
import { PHONE_PROBLEMS, parsePhone } from '../domain/phone';
import { bucketOf } from './bucket';
import {
  type ColumnPlan,
  FIELD_NAMES,
  type MappingFile,
  type PlacementField,
  relationOf,
} from './import-mapping';
import type { ImportContactRow, ImportDebtorRow, Product, Relation } from './ports';

/**
 * One row of a placement file, validated and converted: amounts into fen, dates into YYYY-MM-DD,
 * phones normalised, relation words into our relations. Every problem of the row is reported
 * (not only the first), each with the column header as the file spells it.
 */

export interface RowProblem {
  /** the row number as the user sees it in the sheet (the header row is usually 1) */
  row: number;
  /** the column header as written in the file; null for a problem of the whole row */
  column: string | null;
  code: string;
  zh: string;
  en: string;
}

export interface ValidRow {
  row: number;
  /** in the form the store writes, so it needs no second parse */
  debtor: ImportDebtorRow;
  /** identifies the account within the file: ID number + product + account ref */
  accountKey: string;
}

export type RowResult = { ok: true; value: ValidRow } | { ok: false; problems: RowProblem[] };

export interface RowContext {
  /** the day the file's days-overdue figures refer to, YYYY-MM-DD */
  asOf: string;
}

type Msg = { zh: string; en: string };

class Problems {
  readonly list: RowProblem[] = [];
  constructor(
    private readonly row: number,
    private readonly headers: readonly string[],
  ) {}
  add(col: number | null, code: string, m: Msg): void {
    this.list.push({ row: this.row, column: col === null ? null : (this.headers[col] ?? null), code, ...m });
  }
}

function cell(cells: readonly string[], i: number | undefined | null): string {
  if (i === undefined || i === null) return '';
  return (cells[i] ?? '').trim();
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Full-width digits and punctuation from Chinese input methods become ASCII. */
function ascii(s: string): string {
  // Most cells are plain ASCII already, and NFKC leaves those as they are.
  return NON_ASCII.test(s) ? s.normalize('NFKC') : s;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; msg: Msg };

/** Yuan ("12,345.60", "¥12345.6", "12345.60元") or fen (integers) into fen. */
export function parseAmount(raw: string, unit: MappingFile['formats']['amounts']): Parsed<number> {
  const s = ascii(raw)
    .replace(/[,\s¥$]/g, '')
    .replace(/(?:元|人民币|rmb|cny)$/i, '');
  if (/^-/.test(s) && /^-\d/.test(s))
    return {
      ok: false,
      code: 'amount.negative',
      msg: { zh: '金额不能为负数', en: 'an amount cannot be negative' },
    };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m)
    return {
      ok: false,
      code: 'amount.format',
      msg: { zh: `不是有效的金额："${raw}"`, en: `not an amount: "${raw}"` },
    };
  const whole = m[1]!;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (unit === 'fen') {
    if (frac !== '')
      return {
        ok: false,
        code: 'amount.fen_fraction',
        msg: { zh: '以分为单位的金额须为整数', en: 'an amount in fen is a whole number' },
      };
    const fen = Number(whole);
    return fen > 1e13 ? tooLarge() : { ok: true, value: fen };
  }
  if (frac.length > 2)
    return {
      ok: false,
      code: 'amount.decimals',
      msg: { zh: '金额最多两位小数（分）', en: 'an amount has at most two decimals (fen)' },
    };
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return fen > 1e13 ? tooLarge() : { ok: true, value: fen };
}

function tooLarge(): Parsed<number> {
  return {
    ok: false,
    code: 'amount.too_large',
    msg: { zh: '金额过大，请检查单位', en: 'the amount is implausibly large: check the unit' },
  };
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Dates as banks write them; `auto` takes year-first forms only (day/month order is never guessed). */
export function parseDate(raw: string, format: MappingFile['formats']['date']): Parsed<string> {
  const s = ascii(raw).trim();
  const bad: Parsed<string> = {
    ok: false,
    code: 'date.format',
    msg: {
      zh: `日期格式不对："${raw}"（应为 ${format === 'auto' ? 'YYYY-MM-DD' : format}）`,
      en: `not a date: "${raw}" (expected ${format === 'auto' ? 'YYYY-MM-DD' : format})`,
    },
  };
  const num = (re: RegExp, order: [number, number, number]): [number, number, number] | null => {
    const m = re.exec(s);
    return m ? [Number(m[order[0]]), Number(m[order[1]]), Number(m[order[2]])] : null;
  };
  let parts: [number, number, number] | null;
  switch (format) {
    case 'auto':
      parts =
        num(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ].*)?$/, [1, 2, 3]) ??
        num(/^(\d{4})(\d{2})(\d{2})$/, [1, 2, 3]);
      break;
    case 'YYYY-MM-DD':
      parts = num(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, [1, 2, 3]);
      break;
    case 'YYYY/MM/DD':
      parts = num(/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, [1, 2, 3]);
      break;
    case 'YYYYMMDD':
      parts = num(/^(\d{4})(\d{2})(\d{2})$/, [1, 2, 3]);
      break;
    case 'DD/MM/YYYY':
      parts = num(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, [3, 2, 1]);
      break;
    case 'MM/DD/YYYY':
      parts = num(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, [3, 1, 2]);
      break;
  }
  if (!parts) return bad;
  const [y, m, d] = parts;
  const v = validDate(y, m, d);
  if (!v)
    return {
      ok: false,
      code: 'date.invalid',
      msg: { zh: `不存在的日期："${raw}"`, en: `no such date: "${raw}"` },
    };
  return { ok: true, value: v };
}

function daysBetween(from: string, to: string): number {
  const t = (x: string) => Date.UTC(Number(x.slice(0, 4)), Number(x.slice(5, 7)) - 1, Number(x.slice(8, 10)));
  return Math.round((t(to) - t(from)) / 86_400_000);
}

const YES = new Set(['是', '有', '已', 'y', 'yes', 'true', '1', '已起诉', '已判决']);
const NO = new Set(['否', '无', '未', 'n', 'no', 'false', '0', '']);

function parseBool(raw: string): boolean | null {
  const s = ascii(raw).trim().toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return null;
}

const PRODUCT_WORDS: Record<string, Product> = {
  信用卡: 'credit_card',
  贷记卡: 'credit_card',
  准贷记卡: 'credit_card',
  credit_card: 'credit_card',
  creditcard: 'credit_card',
  消费贷: 'consumer_loan',
  消费贷款: 'consumer_loan',
  现金贷: 'consumer_loan',
  个人贷款: 'consumer_loan',
  贷款: 'consumer_loan',
  consumer_loan: 'consumer_loan',
  consumerloan: 'consumer_loan',
};

const NAME = /^[\p{Script=Han}\p{L}·•.\s'-]{1,50}$/u;

/**
 * One row being validated. The helpers below are plain functions over it rather than closures made
 * for every row: a million rows would make (and collect) millions of them.
 */
interface Scope {
  cells: readonly string[];
  fields: ColumnPlan['fields'];
  p: Problems;
}

function get(s: Scope, field: PlacementField): string {
  return cell(s.cells, s.fields[field]);
}

function col(s: Scope, field: PlacementField): number | null {
  return s.fields[field] ?? null;
}

function required(s: Scope, field: PlacementField): string | null {
  const v = get(s, field);
  if (v !== '') return v;
  s.p.add(col(s, field), 'required', {
    zh: `${FIELD_NAMES[field].zh}为空`,
    en: `the ${FIELD_NAMES[field].en} is empty`,
  });
  return null;
}

function amount(
  s: Scope,
  field: 'principal' | 'interest' | 'fees',
  need: boolean,
  unit: MappingFile['formats']['amounts'],
): number {
  const raw = need ? required(s, field) : get(s, field);
  if (raw === null || raw === '') return 0;
  const r = parseAmount(raw, unit);
  if (r.ok) return r.value;
  s.p.add(col(s, field), r.code, r.msg);
  return 0;
}

function flag(
  s: Scope,
  field: 'lawsuit_filed' | 'judgment' | 'enforcement_listed' | 'credit_reported',
): boolean {
  const v = parseBool(get(s, field));
  if (v !== null) return v;
  s.p.add(col(s, field), 'flag.format', {
    zh: `${FIELD_NAMES[field].zh}应填"是"或"否"："${get(s, field)}"`,
    en: `${FIELD_NAMES[field].en} is yes or no: "${get(s, field)}"`,
  });
  return false;
}

/** the columns a plan reads, worked out once per file */
const USED_COLUMNS = new WeakMap<ColumnPlan, number[]>();

function usedColumns(plan: ColumnPlan): number[] {
  let used = USED_COLUMNS.get(plan);
  if (!used) {
    used = [
      ...Object.values(plan.fields),
      ...plan.contacts.flatMap((c) => [c.name, c.relation, c.phone]),
    ].filter((i): i is number => i !== null && i !== undefined);
    USED_COLUMNS.set(plan, used);
  }
  return used;
}

export function validateRow(
  rowNumber: number,
  cells: readonly string[],
  plan: ColumnPlan,
  ctx: RowContext,
): RowResult {
  const p = new Problems(rowNumber, plan.headers);
  const m = plan.mapping;
  const sc: Scope = { cells, fields: plan.fields, p };

  // A byte the decoder could not read: the file is in neither UTF-8 nor GBK, or is damaged.
  for (const i of usedColumns(plan))
    if (cells[i]?.includes('\uFFFD'))
      p.add(i, 'encoding', {
        zh: '含有无法识别的字符（文件编码不是UTF-8或GBK，或文件已损坏）',
        en: 'unreadable characters (the file is neither UTF-8 nor GBK, or it is damaged)',
      });

  const name = required(sc, 'name');
  if (name !== null && !NAME.test(name))
    p.add(col(sc, 'name'), 'name.format', {
      zh: '姓名含有数字或符号，或超过50个字',
      en: 'the name contains digits or symbols, or is longer than 50 characters',
    });

  let idNumber = '';
  const idRaw = required(sc, 'id_number');
  if (idRaw !== null && /^\d(?:\.\d+)?E\+?\d+$/i.test(idRaw))
    p.add(col(sc, 'id_number'), 'id_number.scientific', {
      zh: '身份证号被Excel存成了数字（科学计数法），后几位已丢失：请把该列设为文本后重新导出',
      en: 'Excel stored the ID number as a number (scientific notation) and lost its last digits: format the column as text and export again',
    });
  else if (idRaw !== null) {
    const r = parseIdNumber(idRaw, ctx.asOf);
    if (r.ok) idNumber = r.info.value;
    else if (r.problem !== 'empty')
      p.add(col(sc, 'id_number'), `id_number.${r.problem}`, ID_NUMBER_PROBLEMS[r.problem]);
  }

  let phone = '';
  const phoneRaw = required(sc, 'phone');
  if (phoneRaw !== null) {
    const r = parsePhone(phoneRaw, 'mobile');
    if (r.ok) phone = r.value;
    else if (r.problem !== 'empty') p.add(col(sc, 'phone'), `phone.${r.problem}`, PHONE_PROBLEMS[r.problem]);
  }

  const principalFen = amount(sc, 'principal', true, m.formats.amounts);
  const interestFen = amount(sc, 'interest', false, m.formats.amounts);
  const feesFen = amount(sc, 'fees', false, m.formats.amounts);

  let product: Product = m.defaults.product ?? 'credit_card';
  const productRaw = get(sc, 'product');
  if (productRaw !== '') {
    const known = PRODUCT_WORDS[ascii(productRaw).replace(/\s+/g, '').toLowerCase()];
    if (known) product = known;
    else
      p.add(col(sc, 'product'), 'product.unknown', {
        zh: `无法识别的产品："${productRaw}"（信用卡或消费贷）`,
        en: `unknown product "${productRaw}" (credit card or consumer loan)`,
      });
  }

  let cardTail: string | null = null;
  const cardRaw = ascii(get(sc, 'card_tail')).replace(/[\s-]/g, '');
  if (cardRaw !== '') {
    // A full or masked card number keeps only its last four digits: we never store more.
    const mm = /^(?:\d{4}|[*xX]+\d{4}|[\d*xX]{9,15}\d{4})$/.test(cardRaw) ? cardRaw.slice(-4) : null;
    if (mm) cardTail = mm;
    else
      p.add(col(sc, 'card_tail'), 'card_tail.format', {
        zh: '卡号后四位须为4位数字（或完整、带*号的卡号）',
        en: 'the card tail is four digits (or a full or masked card number)',
      });
  }

  let accountRef = get(sc, 'account_ref');
  if (accountRef.length > 64)
    p.add(col(sc, 'account_ref'), 'account_ref.length', {
      zh: '案件编号超过64个字符',
      en: 'the account number is longer than 64 characters',
    });
  if (accountRef === '') {
    if (cardTail !== null) accountRef = cardTail;
    else if (cardRaw === '')
      p.add(col(sc, 'account_ref') ?? col(sc, 'card_tail'), 'account_ref.missing', {
        zh: '案件编号和卡号都为空，无法识别这笔账户',
        en: 'neither an account number nor a card number: the account cannot be identified',
      });
  }

  let overdueSince: string | null = null;
  const sinceRaw = get(sc, 'overdue_since');
  if (sinceRaw !== '') {
    const r = parseDate(sinceRaw, m.formats.date);
    if (!r.ok) p.add(col(sc, 'overdue_since'), r.code, r.msg);
    else if (r.value > ctx.asOf)
      p.add(col(sc, 'overdue_since'), 'date.future', {
        zh: `逾期起始日晚于导入基准日 ${ctx.asOf}`,
        en: `the overdue date is after the import's reference day ${ctx.asOf}`,
      });
    else overdueSince = r.value;
  }
  let daysOverdue = 0;
  const daysRaw = ascii(get(sc, 'days_overdue')).replace(/天$/, '');
  if (daysRaw !== '') {
    if (!/^\d+$/.test(daysRaw))
      p.add(col(sc, 'days_overdue'), 'days_overdue.format', {
        zh: `逾期天数须为不小于0的整数："${get(sc, 'days_overdue')}"`,
        en: `days overdue is a whole number of at least 0: "${get(sc, 'days_overdue')}"`,
      });
    else if (Number(daysRaw) > 36_500)
      p.add(col(sc, 'days_overdue'), 'days_overdue.range', {
        zh: '逾期天数超过100年',
        en: 'days overdue exceed 100 years',
      });
    else daysOverdue = Number(daysRaw);
  } else if (overdueSince !== null) daysOverdue = daysBetween(overdueSince, ctx.asOf);
  else if (sinceRaw === '')
    p.add(col(sc, 'days_overdue') ?? col(sc, 'overdue_since'), 'required', {
      zh: '逾期天数为空',
      en: 'days overdue is empty',
    });

  let billingDay: number | null = null;
  const billRaw = ascii(get(sc, 'billing_day'))
    .replace(/^每月/, '')
    .replace(/[日号]$/, '');
  if (billRaw !== '') {
    let day: number | null = /^\d{1,2}$/.test(billRaw) ? Number(billRaw) : null;
    if (day === null) {
      const d = parseDate(billRaw, m.formats.date);
      if (d.ok) day = Number(d.value.slice(8, 10));
    }
    if (day !== null && day >= 1 && day <= 31) billingDay = day;
    else
      p.add(col(sc, 'billing_day'), 'billing_day.range', {
        zh: `账单日须为1到31之间的日子："${get(sc, 'billing_day')}"`,
        en: `the billing day is a day of the month from 1 to 31: "${get(sc, 'billing_day')}"`,
      });
  }

  let timeZone = m.defaults.time_zone ?? 'Asia/Shanghai';
  const zoneRaw = get(sc, 'time_zone');
  if (zoneRaw !== '') {
    try {
      assertTimeZone(zoneRaw);
      timeZone = zoneRaw;
    } catch {
      p.add(col(sc, 'time_zone'), 'time_zone.unknown', {
        zh: `无法识别的时区："${zoneRaw}"（如 Asia/Shanghai）`,
        en: `unknown time zone "${zoneRaw}" (e.g. Asia/Shanghai)`,
      });
    }
  }

  const lawsuitFiled = flag(sc, 'lawsuit_filed');
  const judgment = flag(sc, 'judgment');
  const enforcementListed = flag(sc, 'enforcement_listed');
  const creditReported = flag(sc, 'credit_reported');

  const contacts: ImportContactRow[] = [];
  const phones = new Set<string>();
  if (phone !== '') {
    contacts.push({ name: name ?? null, relation: 'self', phone, consented: false });
    phones.add(phone);
  }
  for (const c of plan.contacts) {
    const cName = cell(cells, c.name);
    const cRel = cell(cells, c.relation);
    const cPhone = cell(cells, c.phone);
    if (cName === '' && cRel === '' && cPhone === '') continue;
    let relation: Relation | null = 'emergency';
    if (cRel !== '') {
      relation = relationOf(cRel, m.relations);
      if (relation === null)
        p.add(c.relation, 'relation.unknown', {
          zh: `无法识别的联系人关系："${cRel}"（可在映射文件的 relations 中补充）`,
          en: `unknown relation "${cRel}" (add it under "relations" in a mapping file)`,
        });
    }
    if (cPhone === '') {
      p.add(c.phone, 'contact.phone_missing', {
        zh: '联系人有姓名或关系，但电话为空',
        en: 'a contact has a name or relation but no phone number',
      });
      continue;
    }
    const r = parsePhone(cPhone, 'any');
    if (!r.ok) {
      p.add(c.phone, `contact_phone.${r.problem}`, PHONE_PROBLEMS[r.problem]);
      continue;
    }
    if (cName !== '' && cName.length > 50)
      p.add(c.name, 'name.format', {
        zh: '联系人姓名超过50个字',
        en: 'the contact name is longer than 50 characters',
      });
    if (relation !== null && !phones.has(r.value)) {
      phones.add(r.value);
      contacts.push({ name: cName === '' ? null : cName, relation, phone: r.value, consented: false });
    }
  }

  if (p.list.length > 0) return { ok: false, problems: p.list };
  return {
    ok: true,
    value: {
      row: rowNumber,
      accountKey: `${idNumber}\u0000${product}\u0000${accountRef}`,
      debtor: {
        name: name ?? '',
        idNumber,
        timeZone,
        quietHoursConsent: false,
        accounts: [
          {
            accountRef,
            product,
            cardTail,
            principalFen,
            interestFen,
            feesFen,
            daysOverdue,
            overdueAsOf: ctx.asOf,
            bucket: bucketOf(daysOverdue),
            billingDay,
            lawsuitFiled,
            judgment,
            enforcementListed,
            creditReported,
            guarantor: false,
            effectiveCollections: [],
          },
        ],
        contacts,
      },
    },
  };
}
